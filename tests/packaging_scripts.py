"""The scripts in packaging/, loaded by path for the tests (packaging/ is not a package).

A package named `packaging` would stand in for the well-known library of that name, which
pip and pytest import; so the folder stays a plain folder and its scripts load like this.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"


def load(name: str) -> ModuleType:
    """packaging/`name`.py as a module (loaded once per test run)."""
    module_name = f"boundary_packaging_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, PACKAGING / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # dataclasses and typing look modules up by name
    spec.loader.exec_module(module)
    return module
