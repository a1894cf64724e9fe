"""The architecture holds: the core imports only the standard library and itself."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import boundary_app

PACKAGE = Path(boundary_app.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


def test_core_imports_only_the_standard_library_and_itself() -> None:
    offenders = []
    for path in sorted((PACKAGE / "core").rglob("*.py")):
        for module in imported_modules(path):
            top = module.split(".")[0]
            if module.startswith("boundary_app.core") or top in sys.stdlib_module_names:
                continue
            if top == "__future__":
                continue
            offenders.append(f"{path.name}: {module}")
    assert offenders == []


def test_only_app_and_ui_import_qt() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        layer = path.relative_to(PACKAGE).parts[0]
        if layer in ("app", "ui"):
            continue
        qt = {m for m in imported_modules(path) if m.split(".")[0] in ("PySide6", "shiboken6")}
        if qt:
            offenders.append(f"{path.relative_to(PACKAGE)}: {sorted(qt)}")
    assert offenders == []


def test_the_clock_is_read_in_one_file_only() -> None:
    readers = []
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if any(call in text for call in ("datetime.now(", "date.today(", "time.time(")):
            readers.append(str(path.relative_to(PACKAGE)))
    assert readers == ["core/clock.py"]
