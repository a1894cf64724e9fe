"""A searchable choice of time zone: the system's, or any IANA zone (ui).

Part of the "Hours" settings page. Typing any part of a name ("berl",
"york") offers the zones that contain it.
"""

from __future__ import annotations

import zoneinfo
from functools import cache

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter

from boundary_app.core.i18n import _


@cache
def zone_names() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


class ZonePicker(QComboBox):
    """An editable combo box: "System (<zone>)" first, then every zone by name."""

    edited = Signal()  # the user picked or typed a zone

    def __init__(self, system_zone_name: str) -> None:
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setAccessibleName(_("Time zone"))
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        # Translators: the first choice of time zone, like "System (Europe/Berlin)".
        self.system_text = _("System ({zone})").format(zone=system_zone_name)
        self.addItem(self.system_text)
        self.addItems(list(zone_names()))
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        assert line is not None  # editable
        line.setPlaceholderText(_("Type part of a name, e.g. Berlin"))
        line.textEdited.connect(lambda _text: self.edited.emit())
        self.activated.connect(lambda _index: self.edited.emit())
        completer.activated.connect(lambda _text: self.edited.emit())

    def set_zone(self, name: str | None) -> None:
        """Show `name` (None: the system's zone); a name not in the list is shown as it is."""
        self.blockSignals(True)
        if name is None:
            self.setCurrentIndex(0)
        else:
            index = self.findText(name, Qt.MatchFlag.MatchExactly)
            if index < 0:
                self.setEditText(name)
            else:
                self.setCurrentIndex(index)
        self.blockSignals(False)

    def zone(self) -> str | None:
        """The zone chosen, None for the system's; typed text is matched ignoring case.

        Text that names no zone is given back as typed, so the settings check
        reports it at this field instead of the choice being silently dropped.
        """
        text = self.currentText().strip()
        system_words = {"system", _("System").casefold()}
        if not text or text == self.system_text or text.casefold() in system_words:
            return None
        folded = text.casefold()
        for name in zone_names():
            if name.casefold() == folded:
                return name
        return text
