"""Where Boundary keeps things: the settings file, the journal, secrets, paths."""
