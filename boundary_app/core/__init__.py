"""The rules of Boundary: pure Python, no Qt, no I/O, no global clock.

Everything here takes the current instant as an argument (or a `Clock`), so
tests can pass fixed instants in real time zones.
"""
