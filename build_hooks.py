"""Build step: compile the translations into the wheel (setuptools' `build_py`, extended).

The `.po` catalogues live in git; their compiled `.mo` files do not. This
runs setuptools' own `build_py`, then writes a `.mo` beside each `.po` in
the build folder, which is what the wheel holds. pyproject.toml names it:
``[tool.setuptools.cmdclass] build_py = "build_hooks.BuildPy"``.

The compiler is `boundary_app/storage/po_files.py`, loaded by its path: a
build does not import the package it is building.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
LOCALE = Path("boundary_app", "resources", "locale")


def _po_files() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "_boundary_po_files", ROOT / "boundary_app" / "storage" / "po_files.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def compile_translations(build_lib: Path) -> list[Path]:
    """Write the `.mo` of every catalogue under `build_lib`; returns the files written."""
    written: list[Path] = _po_files().compile_all(ROOT / LOCALE, Path(build_lib) / LOCALE)
    return written


class BuildPy(build_py):
    """setuptools' `build_py`, then the compiled translations."""

    def run(self) -> None:
        super().run()
        self._translations = [str(p) for p in compile_translations(Path(self.build_lib))]

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs: list[str] = super().get_outputs(include_bytecode)
        return outputs + [p for p in getattr(self, "_translations", []) if p not in outputs]
