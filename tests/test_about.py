"""The About box says which Boundary this is, where the data lives, and the licence."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from boundary_app import __version__
from boundary_app.ui.about import about_text, show_about


def test_the_about_box_names_the_version_the_data_folder_and_the_licence(qtbot: QtBot) -> None:
    box = show_about("/home/ana/.local/share/boundary-app")
    qtbot.addWidget(box)
    assert box.isVisible()
    assert not box.isModal()  # the tray keeps working while it is open
    text = box.text()
    assert text == about_text("/home/ana/.local/share/boundary-app")
    assert f"Boundary {__version__}" in text
    assert "/home/ana/.local/share/boundary-app" in text
    assert "GNU General Public License" in text
