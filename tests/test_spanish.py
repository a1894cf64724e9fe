"""Boundary in Spanish, and on a 12-hour clock: windows, nudges, the tray and the command line.

The rest of the suite runs in English on the 24-hour clock (the root
conftest resets both around every test), so these install the language
the way the app does and look at what a user would read.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from boundary_app.app.language import install_language, time_style_of
from boundary_app.app.settings_editor import SettingsEditor
from boundary_app.cli import main
from boundary_app.core import i18n
from boundary_app.core.clock import FixedClock
from boundary_app.core.day_state import day_status
from boundary_app.core.delivery import SNOOZE, action_label
from boundary_app.core.i18n import TimeStyle
from boundary_app.core.nudge import NudgeKind
from boundary_app.core.status_text import describe
from boundary_app.storage import paths
from boundary_app.storage.journal import Journal
from boundary_app.storage.resources import load_reframes
from boundary_app.storage.translations import load_translations
from boundary_app.ui.actions import AppActions
from boundary_app.ui.settings.window import SettingsWindow
from tests.helpers import at, plan_days, settings_from
from tests.test_end_of_day_window import FRI, Parts, type_task
from tests.test_settings_window import ORIGINAL, FakeAutostart

FRIDAY_EVENING = "2026-11-27T16:58:00-05:00"


def use(language: str, style: TimeStyle = TimeStyle.H24) -> None:
    loaded = load_translations({"LANGUAGE": language})
    i18n.install(loaded.translations, style, loaded.language)


@pytest.fixture
def spanish() -> None:
    use("es")


@pytest.fixture
def parts(spanish: None, journal: Journal) -> Parts:
    return Parts(FixedClock(at(FRIDAY_EVENING)), journal, {})


def test_the_end_of_day_window_in_spanish(parts: Parts, qtbot: QtBot) -> None:
    parts.clock.advance(timedelta(minutes=2))
    window = parts.window(qtbot)
    parts.fire(NudgeKind.DAY_END)
    assert window.windowTitle() == "Fin del día \u2013 Boundary"
    assert window.heading.text() == "Cierre del viernes 27 de noviembre"
    assert window.worked.text() == "Hoy trabajaste 7 h."
    assert window.tomorrow_box.title() == "Para el lunes"
    assert "pasa solo al lunes" in window.today_hint.text()
    assert window.done_button.text() == "Terminé por hoy"
    assert window.done_button.toolTip() == "Ctrl+Intro"
    assert window.not_yet_button.text() == "Todavía no (10 min)"
    assert window.not_yet_button.toolTip() == "Esc: volver a preguntar en 10 minutos (quedan 2 hoy)"
    assert window.card_title.text() in {card.title for card in load_reframes("es")}

    assert window.isVisible()
    type_task(qtbot, window, "Llamar al centro de salud")
    window.done_button.click()
    assert window.thanks.text() == "Listo, el día está cerrado."
    assert window.thanks_detail.text() == "1 tarea te espera el lunes. El resto del día es tuyo."
    assert parts.journal.day(FRI) is not None


def test_nudges_speak_spanish(spanish: None) -> None:
    settings = settings_from({"day": {"wrapup_lead_min": 30}})
    nudges = {n.kind: n for n in plan_days(settings, FRI, FRI)}
    assert nudges[NudgeKind.DAY_START].title == "Empieza tu día de trabajo"
    wrapup = nudges[NudgeKind.DAY_WRAPUP]
    assert (wrapup.title, wrapup.body) == (
        "Empieza a cerrar el día",
        "A las 17:00 termina tu día. Usa los últimos 30 minutos para terminar y anotar las"
        " tareas de mañana.",
    )
    assert nudges[NudgeKind.BREAK_START].title == "Lunch \u2013 tiempo protegido"
    assert action_label(SNOOZE) == "Posponer 5 min"
    assert nudges[NudgeKind.DAY_WRAPUP].kind.value == "day.wrapup"  # kinds stay as they are


def test_a_12_hour_clock_in_nudges_and_the_status_line() -> None:
    i18n.install(None, TimeStyle.H12)
    settings = settings_from({})
    nudges = {n.kind: n for n in plan_days(settings, FRI, FRI)}
    assert nudges[NudgeKind.DAY_START].body == "Today's hours: 9:00 AM\u20135:00 PM."
    assert nudges[NudgeKind.DAY_WRAPUP].body.startswith("Your day ends at 5:00 PM.")
    now = at("2026-11-27T16:40:00-05:00")
    status = day_status(settings, [], {}, now)
    line = describe(status, now, settings.zone)
    assert "until 5:00 PM (20 min left)" in line


def test_the_tray_menu_in_spanish(spanish: None, journal: Journal, qtbot: QtBot) -> None:
    from boundary_app.app.controller import Controller

    controller = Controller(settings_from({}), FixedClock(at(FRIDAY_EVENING)), journal)
    controller.replan("test")
    actions = AppActions(controller)
    assert [a.text() for a in actions.pauses] == [
        "15 minutos",
        "30 minutos",
        "1 hora",
        "Hasta mañana",
    ]
    assert actions.done.text() == "Terminar el día\u2026"
    assert actions.sessions[0].text().endswith(" min")
    assert controller.describe().startswith("Cerrando")


@pytest.fixture
def settings_window(qtbot: QtBot, journal: Journal) -> SettingsWindow:
    from zoneinfo import ZoneInfo

    from boundary_app.app.controller import Controller
    from boundary_app.storage.settings_file import read_settings

    config = paths.settings_path()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(ORIGINAL, encoding="utf-8")
    settings = read_settings(config, system_zone=ZoneInfo("America/New_York"))
    controller = Controller(settings, FixedClock(at("2026-12-03T10:00:00-05:00")), journal)
    editor = SettingsEditor(controller, config, paths.data_dir(), FakeAutostart())
    window = SettingsWindow(editor, date(2026, 12, 3), paths.config_dir() / "window-state.ini")
    qtbot.addWidget(window)
    window.open()
    return window


def test_the_settings_window_in_spanish_says_what_is_wrong_in_spanish(
    spanish: None, settings_window: SettingsWindow
) -> None:
    window = settings_window
    titles = [window.index.item(i).text() for i in range(window.index.count())]
    assert titles == [
        "Horario",
        "Sesiones",
        "Correo",
        "Fin del día",
        "Bienestar",
        "Calendario",
        "Buzón",
        "General",
    ]
    assert window.hours.week.summary(0) == "09:00\u201317:00"
    assert window.hours.week.days.rows[0].text(0) == "Lunes"
    wrapup = next(f for f in window.sessions.fields if f.path == "sessions.wrapup_lead_min")
    wrapup.widget.setValue(60)
    window.ok_button.click()
    assert "60 no es más corto que sessions.length_min (50)" in wrapup.slot.label.text()
    assert "No se guardó: hay 1 problema que corregir (ver Sesiones)." in window.problem.text()


def test_settings_times_show_on_a_12_hour_clock_and_are_saved_as_hh_mm(
    settings_window: SettingsWindow,
) -> None:
    i18n.install(None, TimeStyle.H12)
    page = settings_window.email
    page._show(["09:15", "16:30"])
    shown = [page.times.item(i).text() for i in range(page.times.count())]
    assert shown == ["9:15 AM", "4:30 PM"]
    assert page.values() == ["09:15", "16:30"]


def test_the_app_takes_its_clock_from_the_locale_and_qt_speaks_spanish(
    qapp: QApplication, qtbot: QtBot
) -> None:
    assert time_style_of(QLocale("en_US")) is TimeStyle.H12
    assert time_style_of(QLocale("de_DE")) is TimeStyle.H24
    assert time_style_of(QLocale("es_ES")) is TimeStyle.H24
    loaded = install_language(qapp, {"LANGUAGE": "es"}, QLocale("en_US"))
    try:
        assert (loaded.language, i18n.language(), i18n.time_style()) == ("es", "es", TimeStyle.H12)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        qtbot.addWidget(buttons)
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert cancel.text().replace("&", "") == "Cancelar"
    finally:
        for translator in qapp.findChildren(QTranslator):
            qapp.removeTranslator(translator)
            translator.deleteLater()


def test_the_command_line_speaks_spanish_but_json_stays_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "es")
    bad = tmp_path / "bad.toml"
    bad.write_text('[week]\nfriday = ["22:00-6:00"]\n', encoding="utf-8")
    assert main(["check-config", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "«22:00-6:00» no tiene la forma HH:MM-HH:MM" in err
    assert err.endswith("Se encontró 1 problema.\n")
    clock = FixedClock(at(FRIDAY_EVENING))
    good = tmp_path / "good.toml"
    good.write_text("", encoding="utf-8")
    assert main(["plan", "--date", "2026-11-27", "--config", str(good), "--json"], clock) == 0
    assert '"title": "Time to stop for today"' in capsys.readouterr().out
    assert main(["plan", "--date", "2026-11-27", "--config", str(good)], clock) == 0
    out = capsys.readouterr().out
    assert out.startswith("Viernes 2026-11-27")
    assert "day.end            Hora de parar por hoy" in out


def test_the_status_line_in_spanish(spanish: None) -> None:
    settings = settings_from({})
    friday_night = at("2026-11-27T19:00:00-05:00")
    status = day_status(settings, [], {}, friday_night)
    following = plan_days(settings, date(2026, 11, 30), date(2026, 11, 30))[0]
    line = describe(
        status,
        friday_night,
        settings.zone,
        next_nudge=following,
        paused_until=at("2026-11-27T19:30:00-05:00"),
    )
    assert line == (
        "Fuera de horario \u00b7 hasta mañana a las 00:00"
        " \u00b7 siguiente: Empieza tu día de trabajo el lunes a las 09:00"
        " \u00b7 avisos en pausa hasta las 19:30"
    )


def test_tasks_notes_and_help_on_the_command_line_in_spanish(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "es")

    def run(argv: list[str], now: str = "2026-12-03T10:00:00-05:00") -> tuple[int, str, str]:
        code = main(argv, FixedClock(at(now)))
        out, err = capsys.readouterr()
        return code, out, err

    assert run(["tasks", "add", "Firmar", "la", "derivación"], "2026-12-02T10:00:00-05:00") == (
        0,
        "Agregada a la lista de hoy: 1. Firmar la derivación\n",
        "",
    )
    assert run(["tasks", "add", "Pedir guantes", "--tomorrow"])[1] == (
        "Agregada a la lista del viernes 2026-12-04: 2. Pedir guantes\n"
    )
    assert run(["tasks"])[1].splitlines() == [
        "Hoy, jueves 2026-12-03",
        "   1. [ ] Firmar la derivación  (del mié 02 dic)",
        "Para el viernes 2026-12-04",
        "   2. [ ] Pedir guantes",
    ]
    assert run(["tasks", "done", "9"])[2] == (
        "No existe la tarea 9 (mira `boundary-app tasks`; números: del 1 al 2).\n"
    )
    assert run(["done", "--now"], "2026-12-03T17:20:00-05:00")[1] == (
        "La jornada del jueves está cerrada (17:20)."
        " Boundary se queda en silencio hasta mañana 09:00."
        " 2 tareas te esperan el viernes.\n"
    )
    assert run(["note", "preguntar", "por", "los", "correos"]) == (
        0,
        "Guardada para supervisión: 1. preguntar por los correos\n",
        "",
    )
    assert run(["notes"])[1].startswith("Notas para supervisión\n")
    assert run(["energy", "drained"])[1] == "Energía guardada: sin energía.\n"
    assert run(["tasks", "--json"])[1].startswith('{\n  "today"')  # JSON keys stay as they are

    with pytest.raises(SystemExit):
        main(["tasks", "--help"])
    assert "archivo de ajustes que se usa (predeterminado: " in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["plan", "--days", "0"])
    assert "«0» no es un número de días de 1 a 3660" in capsys.readouterr().err
