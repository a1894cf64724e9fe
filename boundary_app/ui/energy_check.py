"""The quick question after a session: did it leave you energised, neutral or drained (ui).

Three large answers (keys 1, 2, 3 or their mnemonics), the user's own tags
as toggles, and "Skip" (Esc). It takes no free text, so no client detail
can end up in it. One click answers and puts the window away. For a moment after it
appears it takes no answer, so keys typed for another window are not
mistaken for one.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from boundary_app.core.i18n import N_, _
from boundary_app.core.wellbeing import Energy
from boundary_app.ui.flow_layout import FlowLayout
from boundary_app.ui.labels import bring_forward, fit_on_screen, heading, make_quiet, push_button

WIDTH = 440
SETTLE_MS = 600  # answers are taken from this long after the window appears
NO_TAGS_HINT = N_("Add tags in Settings \u203a Well-being to note what kind of work it was.")

# Button text (with its mnemonic) and the number key that answers the same.
_ANSWERS = (
    (Energy.ENERGISED, N_("&Energised"), Qt.Key.Key_1),
    (Energy.NEUTRAL, N_("&Neutral"), Qt.Key.Key_2),
    (Energy.DRAINED, N_("&Drained"), Qt.Key.Key_3),
)


def _chip_text(tag: str, checked: bool) -> str:
    # A tick as well as the pressed look: a chosen tag must not rely on shading alone.
    shown = tag.replace("&", "&&")  # a tag's "&" is text, not a mnemonic
    return f"\u2713 {shown}" if checked else shown


class EnergyCheckWindow(QWidget):
    rated = Signal(Energy, tuple)  # the rating and the chosen tags (tuple[str, ...])
    skipped = Signal()

    def __init__(self, tags: Sequence[str]) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle(_("After the session \u2013 Boundary"))
        self.setObjectName("energy-check")
        self._answered = False
        # Keys and clicks in the first moment are not taken as an answer: the window
        # may appear while the user is typing elsewhere (a "2" is not a rating).
        self._settling = QTimer(self)
        self._settling.setSingleShot(True)
        self.question = heading(_("How did that session leave you?"))

        self.answer_buttons: dict[Energy, QPushButton] = {}
        answers = QHBoxLayout()
        for energy, text, key in _ANSWERS:
            button = push_button(_(text), partial(self.answer, energy))
            number = key - Qt.Key.Key_0
            button.setToolTip(_("Key {number}").format(number=number))
            button.setAccessibleDescription(_("Answer with key {number}").format(number=number))
            font = button.font()
            font.setPointSizeF(font.pointSizeF() * 1.2)
            button.setFont(font)
            button.setMinimumHeight(button.fontMetrics().height() * 3)
            answers.addWidget(button)
            self.answer_buttons[energy] = button
        self.keys_hint = make_quiet(QLabel(_("Or press 1, 2 or 3.")))

        self.tags_label = QLabel(_("What kind of work was it? (optional)"))
        self.tags_label.setWordWrap(True)
        self.chips_box = QWidget()
        self.chips = FlowLayout(self.chips_box)
        self.chip_buttons: list[QPushButton] = []
        self.no_tags = make_quiet(QLabel(_(NO_TAGS_HINT)))
        self.no_tags.setWordWrap(True)

        self.skip_button = push_button(_("Skip"), self.skip)
        self.skip_button.setToolTip(_("Esc"))
        footer = QHBoxLayout()
        footer.addStretch(1)
        footer.addWidget(self.skip_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addSpacing(4)
        layout.addLayout(answers)
        layout.addWidget(self.keys_hint)
        layout.addSpacing(8)
        layout.addWidget(self.tags_label)
        layout.addWidget(self.chips_box)
        layout.addWidget(self.no_tags)
        layout.addStretch(1)
        layout.addLayout(footer)
        self.reset(tags)

    def reset(self, tags: Sequence[str]) -> None:
        """Ready for a new answer: the current tags, none chosen."""
        self._answered = False
        self.chips.clear()
        self.chip_buttons = []
        for tag in tags:
            chip = push_button(_chip_text(tag, False))
            chip.setCheckable(True)
            chip.setProperty("tag", tag)
            chip.setAccessibleName(tag)
            chip.toggled.connect(lambda checked, chip=chip: self._on_chip_toggled(chip, checked))
            self.chips.addWidget(chip)
            self.chip_buttons.append(chip)
        self.tags_label.setVisible(bool(tags))
        self.chips_box.setVisible(bool(tags))
        self.no_tags.setVisible(not tags)
        self.chips.invalidate()
        if not self.isVisible():
            self.resize(WIDTH, self._height())

    def open(self) -> None:
        """Show the window in front, ready for one keystroke."""
        bring_forward(self)

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        if not event.spontaneous():  # shown by the app, not restored from a minimise
            fit_on_screen(self, WIDTH, self._height())
            self.answer_buttons[Energy.NEUTRAL].setFocus()
            self._settling.start(SETTLE_MS)
        super().showEvent(event)

    def _height(self) -> int:
        """As tall as the wrapped rows of tags need at the window's width."""
        layout = self.layout()
        needed = layout.totalHeightForWidth(WIDTH) if layout is not None else -1
        return needed if needed > 0 else self.sizeHint().height()

    def chosen_tags(self) -> tuple[str, ...]:
        return tuple(str(c.property("tag")) for c in self.chip_buttons if c.isChecked())

    def _on_chip_toggled(self, chip: QPushButton, checked: bool) -> None:
        chip.setText(_chip_text(str(chip.property("tag")), checked))

    def answer(self, energy: Energy) -> None:
        if self._answered or self._settling.isActive():
            return
        self._answered = True
        tags = self.chosen_tags()
        self.hide()
        self.rated.emit(energy, tags)

    def skip(self) -> None:
        if self._answered or self._settling.isActive():
            return
        self._answered = True
        self.hide()
        self.skipped.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        """1, 2, 3 answer and Esc skips, from wherever the focus is in the window."""
        if not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            for energy, _text, key in _ANSWERS:
                if event.key() == key:
                    self.answer(energy)
                    return
            if event.key() == Qt.Key.Key_Escape:
                self.skip()
                return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        # Closed with the title bar's button: the same as "Skip".
        self._settling.stop()
        self.skip()
        super().closeEvent(event)
