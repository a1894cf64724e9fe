"""What the user sees: the tray, notifications and windows (Qt)."""
