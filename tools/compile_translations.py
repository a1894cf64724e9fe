"""Compile the translations: each ``<lang>/LC_MESSAGES/boundary.po`` to its ``.mo`` (tool).

The build step for bundles (PyInstaller; wheels do it in `build_hooks.py`).
Without arguments it writes the `.mo` files beside the `.po` files in
``boundary_app/resources/locale/`` (not in git), where the running app and
a bundler find them; ``--target DIR`` writes them under DIR instead, in the
same ``<lang>/LC_MESSAGES/`` layout. Runs as ``python tools/compile_translations.py``
or ``python -m tools.compile_translations``; it needs nothing but Python.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "boundary_app" / "resources" / "locale"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compile Boundary's .po catalogues to .mo.")
    parser.add_argument("--source", type=Path, default=LOCALE, help="default: %(default)s")
    parser.add_argument("--target", type=Path, help="default: beside each .po")
    args = parser.parse_args(argv)
    # Loaded by its path: this runs before (or without) an install of the package.
    spec = importlib.util.spec_from_file_location(
        "_boundary_po_files", ROOT / "boundary_app" / "storage" / "po_files.py"
    )
    assert spec is not None
    assert spec.loader is not None
    po_files = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = po_files  # dataclasses look their module up while it loads
    spec.loader.exec_module(po_files)
    written = po_files.compile_all(args.source, args.target or args.source)
    for path in written:
        print(path)
    return 0 if written else 1


if __name__ == "__main__":
    sys.exit(main())
