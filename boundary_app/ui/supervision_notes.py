"""Notes for supervision: the list of thoughts to bring, and a quick way to add one (ui).

The window only shows and asks. A note typed here is emitted with
`note_added` and stays in the box until the app confirms with `note_saved`,
so a note that could not be saved is never lost. A note ticked off stays
in view, struck through, until the window is put away or the list is
shown afresh. These notes are private: the app shows them only outside
sessions.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from boundary_app.core.i18n import _, ngettext
from boundary_app.core.wellbeing import NOTE_MAX, SupervisionNote, clean_note
from boundary_app.ui.labels import (
    bring_forward,
    fit_on_screen,
    heading,
    make_quiet,
    problem_label,
    push_button,
)
from boundary_app.ui.task_list import _VisibleChecks

WIDTH = 460
HEIGHT = 420
COUNTER_FROM = NOTE_MAX - 100  # the count of characters appears this close to the limit

_ID = Qt.ItemDataRole.UserRole


class NoteEntry(QWidget):
    """A line to type a note in, with a count of characters once it nears `NOTE_MAX`."""

    submitted = Signal(str)  # the cleaned text; the line keeps it until `clear`

    def __init__(self, placeholder: str) -> None:
        super().__init__()
        self.line = QLineEdit()
        self.line.setPlaceholderText(placeholder)
        self.line.setAccessibleName(placeholder.rstrip("\u2026"))
        self.line.setMaxLength(NOTE_MAX)
        self.line.setClearButtonEnabled(True)
        self.line.textChanged.connect(self._update_counter)
        self.line.returnPressed.connect(self.submit)
        self.counter = make_quiet(QLabel())
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.counter.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.line)
        layout.addWidget(self.counter)

    def submit(self) -> None:
        text = clean_note(self.line.text())
        if text is not None:
            self.submitted.emit(text)

    def clear(self) -> None:
        self.line.clear()

    def _update_counter(self, text: str) -> None:
        near = len(text) >= COUNTER_FROM
        self.counter.setVisible(near)
        if near:
            left = NOTE_MAX - len(text)
            self.counter.setText(
                _("That is as long as a note can be.")
                if left == 0
                else ngettext("{count} character left", "{count} characters left", left).format(
                    count=left
                )
            )


class SupervisionNotesWindow(QWidget):
    note_added = Signal(str)
    note_checked = Signal(int, bool)  # the note's id, and whether it is now talked through
    note_dropped = Signal(int)
    held = Signal()
    checked_in = Signal(str)  # the initials of a supervisee the user checked in with today

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Window)
        self.setWindowTitle(_("Notes for supervision \u2013 Boundary"))
        self.setObjectName("supervision-notes")
        self._ticked: dict[int, tuple[int, str]] = {}  # ticked while shown: id -> (row, text)
        self.heading = heading(_("Notes for supervision"))
        self.next_line = QLabel()
        self.next_line.setWordWrap(True)
        self.next_line.hide()
        self.intro = make_quiet(
            QLabel(
                _(
                    "What you want to bring to your next supervision or consultation."
                    " Tick a note once you have talked it through."
                )
            )
        )
        self.intro.setWordWrap(True)

        self.entry = NoteEntry(_("Add a note\u2026"))
        self.entry.submitted.connect(self.note_added)
        self.add_button = push_button(_("&Add"), self.entry.submit)
        entry_row = QHBoxLayout()
        entry_row.addWidget(self.entry, 1)
        entry_row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)

        self.list = QListWidget()
        self.list.setAccessibleName(_("Notes for supervision"))
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setItemDelegate(_VisibleChecks(self.list))  # boxes that show in any palette
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.list.itemChanged.connect(self._on_item_changed)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.list.installEventFilter(self)
        self.empty = make_quiet(QLabel(_("No notes yet. Anything you add stays on this computer.")))
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.remove_button = push_button(_("&Remove"), self.drop_current)
        # Translators: the key that removes a note, as printed on keyboards.
        self.remove_button.setToolTip(_("Delete"))

        self.problem = problem_label()
        self.held_button = push_button(_("Supervision &held today"), self.held.emit)
        self.held_button.setToolTip(_("Records that supervision took place today"))
        self.check_in_menu = QMenu(self)
        self.check_in_button = push_button(_("Checked &in with"))
        self.check_in_button.setToolTip(
            _("Records a check-in about caseload and breaks with someone you supervise")
        )
        self.check_in_button.setMenu(self.check_in_menu)
        self.check_in_button.hide()
        self.close_button = push_button(_("&Close"), self.close)
        self.close_button.setToolTip(_("Esc"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.held_button)
        buttons.addWidget(self.check_in_button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.next_line)
        layout.addWidget(self.intro)
        layout.addLayout(entry_row)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self.set_notes(())
        self.resize(WIDTH, HEIGHT)

    # -- what the app tells it ---------------------------------------------------

    def set_notes(self, notes: Sequence[SupervisionNote]) -> None:
        """Show the open notes (those talked through are left out).

        A note ticked off since the window was shown stays in its place,
        struck through, until the window is put away: it can still be
        unticked, and the list does not jump under the pointer.
        """
        current = self.current_id()
        rows = [(n.id, n.text, False) for n in notes if not n.done]
        listed = {note_id for note_id, _text, _done in rows}
        self._ticked = {k: v for k, v in self._ticked.items() if k not in listed}
        for note_id, (row, text) in sorted(self._ticked.items(), key=lambda kv: kv[1][0]):
            rows.insert(min(row, len(rows)), (note_id, text, True))
        self.list.blockSignals(True)
        self.list.clear()
        for note_id, text, done in rows:
            item = self._item(note_id, text, done)
            self.list.addItem(item)
            if note_id == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._update_buttons()

    def _item(self, note_id: int, text: str, done: bool) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setData(_ID, note_id)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        item.setCheckState(Qt.CheckState.Checked if done else Qt.CheckState.Unchecked)
        self._strike(item, done)
        return item

    def _strike(self, item: QListWidgetItem, done: bool) -> None:
        font = item.font()
        font.setStrikeOut(done)
        item.setFont(font)
        item.setForeground(self.palette().placeholderText() if done else self.palette().text())

    def set_supervisees(self, initials: Sequence[str]) -> None:
        """The people the user supervises, by initials, for "Checked in with"; none hides it."""
        self.check_in_menu.clear()
        for person in initials:
            action = self.check_in_menu.addAction(person.replace("&", "&&"))
            action.triggered.connect(lambda _checked=False, who=person: self.checked_in.emit(who))
        self.check_in_button.setVisible(bool(initials))

    def set_next(self, text: str) -> None:
        """When the next supervision is ("Thursday 14:00"); "" hides the line."""
        self.next_line.setText(_("Next supervision: {when}").format(when=text) if text else "")
        self.next_line.setVisible(bool(text))

    def note_saved(self) -> None:
        """The note typed last was kept: clear the box for the next one."""
        self.entry.clear()
        self.show_problem("")

    def show_problem(self, text: str) -> None:
        """Say what could not be saved ("" hides the message)."""
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def open(self) -> None:
        """Show the window in front with the cursor in the note box."""
        bring_forward(self)

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        if not event.spontaneous():  # shown by the app, not restored from a minimise
            fit_on_screen(self, max(self.width(), WIDTH), max(self.height(), HEIGHT))
            self.entry.line.setFocus()
        super().showEvent(event)

    # -- what the user does ------------------------------------------------------

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(_ID))

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        done = item.checkState() is Qt.CheckState.Checked
        if item.font().strikeOut() == done:
            return
        note_id = int(item.data(_ID))
        self.list.blockSignals(True)
        self._strike(item, done)
        self.list.blockSignals(False)
        if done:
            self._ticked[note_id] = (self.list.row(item), item.text())
        else:
            self._ticked.pop(note_id, None)
        self.note_checked.emit(note_id, done)

    def drop_current(self) -> None:
        """Take the current note off the list and tell the app."""
        row = self.list.currentRow()
        if row < 0:
            return
        item = self.list.takeItem(row)
        note_id = int(item.data(_ID))
        self._ticked.pop(note_id, None)
        if self.list.count():
            self.list.setCurrentRow(min(row, self.list.count() - 1))
        self._update_buttons()
        self.note_dropped.emit(note_id)

    def _update_buttons(self) -> None:
        shown = self.list.count() > 0
        self.list.setVisible(shown)
        self.empty.setVisible(not shown)
        self.remove_button.setVisible(shown)
        self.remove_button.setEnabled(self.list.currentRow() >= 0)

    def _forget_ticked(self) -> None:
        """Notes ticked while the window was open leave the list once it is put away."""
        self._ticked.clear()
        for row in reversed(range(self.list.count())):
            if self.list.item(row).checkState() is Qt.CheckState.Checked:
                self.list.takeItem(row)
        self._update_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        """Delete in the list drops the current note."""
        if (
            watched is self.list
            and isinstance(event, QKeyEvent)
            and event.type() is QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Delete
        ):
            self.drop_current()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # Qt override
        if not event.spontaneous():  # put away, not minimised
            self._forget_ticked()
        super().hideEvent(event)


class QuickNoteDialog(QDialog):
    """One line for a thought to keep for supervision, from the tray.

    Enter emits `note_added`; the dialog closes when the app calls
    `note_saved`, and keeps the text and says why when it calls
    `show_problem`. Esc cancels.
    """

    note_added = Signal(str)

    def __init__(self) -> None:
        super().__init__(None)
        self.setWindowTitle(_("Note for supervision \u2013 Boundary"))
        self.setObjectName("quick-note")
        self.entry = NoteEntry(_("A thought for your next supervision\u2026"))
        self.entry.submitted.connect(self.note_added)
        hint = make_quiet(
            QLabel(_("Kept on this computer, with your other notes for supervision."))
        )
        hint.setWordWrap(True)
        self.problem = problem_label()
        self.keep_button = push_button(_("&Keep for supervision"), self.entry.submit)
        # Translators: the key, as printed on keyboards.
        self.keep_button.setToolTip(_("Enter"))
        self.cancel_button = push_button(_("Cancel"), self.reject)
        self.cancel_button.setToolTip(_("Esc"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.keep_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.entry)
        layout.addWidget(hint)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self.resize(WIDTH, self.sizeHint().height())

    def open(self) -> None:  # QDialog.open: not modal to anything, returns at once
        super().open()
        self.raise_()
        self.activateWindow()

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        if not event.spontaneous():
            self.show_problem("")  # an old message would be about an earlier note
            self.entry.line.setFocus()
        super().showEvent(event)

    def note_saved(self) -> None:
        """The note was kept: clear the line and close."""
        self.entry.clear()
        self.show_problem("")
        self.accept()

    def show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        layout = self.layout()
        needed = layout.totalHeightForWidth(self.width()) if layout is not None else -1
        # room for the message (or none), at the same width
        self.resize(self.width(), needed if needed > 0 else self.sizeHint().height())
