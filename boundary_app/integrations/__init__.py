"""Boundary's reach outside itself: calendar feeds, mail servers, desktop hooks."""
