"""What every page of the settings window does (ui).

A page edits part of the settings *document*: the dict the settings file
holds (`core.settings_schema.settings_to_data` shape). It is given the
document in force (`load`), writes its part back (`store`), and shows the
problems the same checks as `check-config` find in the fields it owns, each
next to its widget (`show_problems`). Pages never read or write files.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from boundary_app.core.fields import Problem
from boundary_app.ui.labels import problem_label

Document = dict[str, Any]


class SettingsPage(QWidget):
    """One page of the settings window; subclasses fill in the four methods."""

    title = ""  # marked with N_(); shown translated
    # The top-level keys of the document this page edits (problems are routed by them).
    keys: tuple[str, ...] = ()
    edited = Signal()  # the user changed something on this page

    def load(self, document: Document) -> None:
        raise NotImplementedError

    def store(self, document: Document) -> None:
        raise NotImplementedError

    def show_problems(self, problems: list[Problem]) -> None:
        """Show each problem next to its field; an empty list clears them all."""
        raise NotImplementedError

    def owns(self, problem: Problem) -> bool:
        return any(
            problem.field == k or problem.field.startswith((f"{k}.", f"{k}[")) for k in self.keys
        )


class ProblemSlot:
    """A red label under a widget that shows the problems of some fields."""

    def __init__(self, *prefixes: str) -> None:
        self.prefixes = prefixes
        self.label: QLabel = problem_label()

    def matches(self, problem: Problem) -> bool:
        return any(
            problem.field == p or problem.field.startswith((f"{p}.", f"{p}["))
            for p in self.prefixes
        )

    def show(self, problems: list[Problem], describe: Any = None) -> list[Problem]:
        """Show the problems this slot owns; return the rest."""
        mine = [p for p in problems if self.matches(p)]
        text = "\n".join(describe(p) if describe else str(p) for p in mine)
        self.label.setText(text)
        self.label.setVisible(bool(mine))
        return [p for p in problems if p not in mine]
