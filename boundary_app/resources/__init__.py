"""Files that ship inside the package: reframe cards (and later icons, translations)."""
