"""Today's plan: every nudge of the day, past ones dimmed (ui)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from boundary_app.core.i18n import _, time_text
from boundary_app.core.nudge import Nudge
from boundary_app.ui.labels import bring_forward


class PlanWindow(QDialog):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(_("Today's plan \u2013 Boundary"))
        self.heading = QLabel()
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([_("Time"), _("Nudge")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.empty = QLabel(_("Nothing is planned for today."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(self.tree)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.resize(460, 380)

    def show_plan(self, heading: str, status: str, nudges: list[Nudge], now: datetime) -> None:
        self.heading.setText(heading)
        self.status.setText(status)
        self.tree.clear()
        for nudge in nudges:
            item = QTreeWidgetItem([time_text(nudge.at), nudge.title])
            item.setToolTip(1, nudge.body)
            if nudge.at <= now:
                for column in (0, 1):
                    item.setForeground(column, self.palette().placeholderText())
            self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(0)
        self.tree.setVisible(bool(nudges))
        self.empty.setVisible(not nudges)
        bring_forward(self)
