"""Translations: the gettext pipeline (extract, check, compile, load), languages, the clock.

The CI checks of the catalogues run here too, so the suite fails on an
unmarked string in `ui/`, a stale template, an incomplete Spanish
catalogue, mismatched placeholders or a catalogue that does not compile.
"""

from __future__ import annotations

import gettext
import io
import logging
import os
import shutil
import subprocess
import sys
import tomllib
from datetime import date, datetime, time
from pathlib import Path

import pytest
from setuptools import find_packages
from setuptools.dist import Distribution

from boundary_app.core import i18n
from boundary_app.core.i18n import TimeStyle
from boundary_app.storage import po_files
from boundary_app.storage.po_files import Entry, format_po, mo_bytes, parse_po
from boundary_app.storage.resources import load_reframes
from boundary_app.storage.translations import (
    choose_language,
    install_from_environment,
    load_translations,
    time_style_of_locale,
    wanted_languages,
)
from tools import i18n_check, i18n_update
from tools.i18n_extract import LOCALE, POT, extract_source

ROOT = Path(__file__).resolve().parents[1]
SPANISH_PO = LOCALE / "es" / "LC_MESSAGES" / "boundary.po"

# -- the CI checks --------------------------------------------------------------------


def test_no_user_visible_string_in_ui_is_left_unmarked() -> None:
    assert i18n_check.unmarked_strings(i18n_check.UI.rglob("*.py")) == []


def test_nothing_is_translated_at_import_time() -> None:
    assert i18n_check.import_time_lookups(i18n_check.PACKAGE.rglob("*.py")) == []


def test_the_template_holds_exactly_the_messages_the_code_marks() -> None:
    assert i18n_check.pot_drift() == []


def test_the_spanish_catalogue_is_complete_with_matching_placeholders_and_compiles() -> None:
    assert i18n_check.catalogue_problems(SPANISH_PO) == []


def test_the_template_and_catalogues_are_as_the_update_tool_writes_them() -> None:
    for path, text in i18n_update.updates([]).items():
        assert path.read_text(encoding="utf-8") == text, f"run python -m tools.i18n_update: {path}"


PLANTED = """
from PySide6.QtWidgets import QLabel
from boundary_app.core.i18n import N_, _

TITLE = "A planted title"
NAME = N_("A marked constant")
HINTS = {"key": "A hint in a dict"}


def build(label: QLabel, key: str, count: int) -> None:
    label.setText("Planted text")
    label.setToolTip(f"Press {key} now")
    label.setText(TITLE)
    label.setText(HINTS[key])
    label.setText(_("Marked text"))
    label.setText(_(NAME))
    label.setObjectName("planted-name")
    label.setStyleSheet("color: white; background: red")
    words = "Planted words in a variable"
    label.setAccessibleName(words)
    label.setText("\\u2026")
    label.setText(str(count))
    message = "A sentence that goes somewhere unknown."
    print(message)
"""


def test_the_check_finds_planted_unmarked_strings(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text(PLANTED, encoding="utf-8")
    found = i18n_check.unmarked_strings([planted])
    texts = sorted(line.rsplit(": ", 1)[1] for line in found)
    assert texts == sorted(
        repr(text)
        for text in (
            "A planted title",
            "A hint in a dict",
            "Planted text",
            "Press  now",
            "Planted words in a variable",
            "A sentence that goes somewhere unknown.",
        )
    )


def test_the_check_finds_translations_made_at_import_time(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text(
        "from boundary_app.core.i18n import N_, _\n"
        'TITLE = _("Translated at import")\n'
        'FINE = N_("Only marked")\n'
        "class Page:\n"
        '    title = _("In a class body")\n'
        'def f(text: str = _("A default")) -> str:\n'
        '    return _(f"An f-string {text}") + _("Fine") + _("A " + "sum")\n',
        encoding="utf-8",
    )
    found = i18n_check.import_time_lookups([planted])
    assert [line.split(":")[1] for line in found] == ["2", "5", "6", "7", "7"]


@pytest.mark.parametrize(
    ("english", "translated", "problem"),
    [
        ("Closing {day}", "Cierre del {dia}", "{placeholders} differ"),
        ("Snooze {minutes} min", "Posponer min", "{placeholders} differ"),
        ("%(count)s left", "quedan %(cuenta)s", "% conversions differ"),
        ("&Close", "Cerrar", "& mnemonics differ"),
        ("Close", "&Cerrar", "& mnemonics differ"),
        ("Not yet", "", "not translated"),
    ],
)
def test_the_check_finds_a_translation_that_does_not_match(
    english: str, translated: str, problem: str
) -> None:
    entry = Entry(english, [translated])
    assert any(problem in p for p in i18n_check.entry_problems(entry, 2))


def test_ampersands_and_fuzzy_translations() -> None:
    doubled = Entry("Tom && Jerry &x", ["Tom && Jerry &x"])
    assert i18n_check.entry_problems(doubled, 2) == []
    fuzzy = Entry("Close", ["Cerrar"], flags={"fuzzy"})
    assert i18n_check.entry_problems(fuzzy, 2) == [
        "marked fuzzy: check the translation and remove the flag"
    ]
    plural = Entry("{n} day", ["{n} día"], msgid_plural="{n} days")
    assert "plural forms" in i18n_check.entry_problems(plural, 2)[0]


def test_the_extractor_reads_contexts_plurals_and_translator_comments() -> None:
    source = (
        "from boundary_app.core.i18n import _, ngettext, pgettext\n"
        "def f(n: int, value: str) -> None:\n"
        "    # Translators: the month, not the verb.\n"
        '    pgettext("month", "May")\n'
        '    ngettext("{n} day", "{n} days", n)\n'
        "    _(value)  # a variable: marked where it was written\n"
        '    _("Plain") + _("Second on the line")\n'
    )
    found = extract_source(source, "x.py")
    assert [(m.msgctxt, m.msgid, m.msgid_plural, m.comments) for m in found] == [
        ("month", "May", None, ["Translators: the month, not the verb."]),
        (None, "{n} day", "{n} days", []),
        (None, "Plain", None, []),
        (None, "Second on the line", None, []),
    ]


def test_merging_keeps_translations_adds_new_messages_and_sets_old_ones_aside() -> None:
    header = Entry("", ["Language: es\nPlural-Forms: nplurals=2; plural=(n != 1);\n"])
    old = [header, Entry("Close", ["Cerrar"]), Entry("Gone", ["Ido"])]
    template = [Entry("", [""]), Entry("Close", [""]), Entry("{n} new", ["", ""], "{n} news")]
    merged = i18n_update.merged(template, old)
    assert [(e.msgid, e.msgstr, e.obsolete) for e in merged] == [
        ("", header.msgstr, False),
        ("Close", ["Cerrar"], False),
        ("{n} new", ["", ""], False),
        ("Gone", ["Ido"], True),
    ]
    assert '#~ msgid "Gone"' in format_po(merged)


# -- .po files and their compiled form -------------------------------------------------


def test_po_text_reads_back_as_written() -> None:
    for path in (POT, SPANISH_PO):
        text = path.read_text(encoding="utf-8")
        assert format_po(parse_po(text, str(path))) == text


def test_the_compiled_catalogue_translates_contexts_plurals_and_escapes() -> None:
    text = (
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        'msgctxt "month"\nmsgid "May"\nmsgstr "mayo"\n\n'
        'msgid "{n} day"\nmsgid_plural "{n} days"\nmsgstr[0] "{n} día"\nmsgstr[1] "{n} días"\n\n'
        'msgid "Line\\none \\"quoted\\""\nmsgstr ""\n"Línea\\nuna «citada»"\n\n'
        '#, fuzzy\nmsgid "Unsure"\nmsgstr "Inseguro"\n\n'
        'msgid "Untranslated"\nmsgstr ""\n\n'
        '#~ msgid "Old"\n#~ msgstr "Viejo"\n'
    )
    catalogue = gettext.GNUTranslations(io.BytesIO(mo_bytes(parse_po(text))))
    assert catalogue.pgettext("month", "May") == "mayo"
    assert catalogue.gettext("May") == "May"
    assert catalogue.ngettext("{n} day", "{n} days", 1) == "{n} día"
    assert catalogue.ngettext("{n} day", "{n} days", 3) == "{n} días"
    assert catalogue.gettext('Line\none "quoted"') == "Línea\nuna «citada»"
    assert catalogue.gettext("Unsure") == "Unsure"  # fuzzy: left out, as msgfmt does
    assert catalogue.gettext("Untranslated") == "Untranslated"
    assert catalogue.gettext("Old") == "Old"


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_the_compiled_catalogue_reads_as_gnu_msgfmt_s(tmp_path: Path) -> None:
    subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "gnu.mo"), str(SPANISH_PO)], check=True
    )
    gnu = gettext.GNUTranslations(io.BytesIO((tmp_path / "gnu.mo").read_bytes()))
    ours = gettext.GNUTranslations(
        io.BytesIO(mo_bytes(parse_po(SPANISH_PO.read_text(encoding="utf-8"))))
    )
    assert ours._catalog == gnu._catalog  # type: ignore[attr-defined]


def test_a_broken_po_file_names_its_line() -> None:
    with pytest.raises(po_files.PoError, match=r"x\.po:2"):
        parse_po('msgid "a"\nmsgstr "\\q"\n', "x.po")


# -- the three ways to a compiled catalogue ---------------------------------------------


def _spanish(translations: gettext.NullTranslations) -> str:
    return translations.gettext("I'm done for the day")


def test_the_wheel_build_compiles_the_catalogues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pyproject names `build_hooks.BuildPy`; driven as a wheel build drives it, it writes
    each `.mo` into the build folder, which the package data rule takes into the wheel."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    tool = config["tool"]["setuptools"]
    assert tool["cmdclass"]["build_py"] == "build_hooks.BuildPy"
    assert "resources/locale/*/LC_MESSAGES/*.mo" in tool["package-data"]["boundary_app"]
    assert "include build_hooks.py" in (ROOT / "MANIFEST.in").read_text(encoding="utf-8")
    source = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    shutil.copytree(ROOT / "boundary_app", source / "boundary_app", ignore=ignore)
    shutil.copy(ROOT / "build_hooks.py", source)
    monkeypatch.chdir(source)
    monkeypatch.syspath_prepend(str(source))
    from build_hooks import BuildPy  # the copy's, as a build imports it

    dist = Distribution(
        {
            "name": config["project"]["name"],
            "script_name": "setup.py",
            "packages": find_packages(".", **tool["packages"]["find"]),
            "package_data": tool["package-data"],
            "include_package_data": False,
            "cmdclass": {"build_py": BuildPy},
        }
    )
    build = dist.get_command_obj("build_py")
    build.build_lib = str(tmp_path / "build")
    build.ensure_finalized()
    build.run()
    built = tmp_path / "build" / "boundary_app" / "resources" / "locale" / "es" / "LC_MESSAGES"
    mo = built / "boundary.mo"
    assert str(mo) in build.get_outputs()
    assert _spanish(gettext.GNUTranslations(io.BytesIO(mo.read_bytes()))) == "Terminé por hoy"
    assert not list((source / "boundary_app").rglob("*.mo"))  # the sources stay clean


def test_the_bundle_build_step_compiles_into_a_folder(tmp_path: Path) -> None:
    """What packaging/build.py runs: a script that needs only Python."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "compile_translations.py"), "--target", tmp_path],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    mo = tmp_path / "es" / "LC_MESSAGES" / "boundary.mo"
    assert done.stdout.strip() == str(mo)
    assert _spanish(gettext.GNUTranslations(io.BytesIO(mo.read_bytes()))) == "Terminé por hoy"
    assert po_files.compile_all(LOCALE, tmp_path / "again") == [
        tmp_path / "again" / "es" / "LC_MESSAGES" / "boundary.mo"
    ]


def _locale_root(tmp_path: Path, *, po: bool = True, mo: bool = False) -> Path:
    folder = tmp_path / "locale" / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    if po:
        shutil.copy(SPANISH_PO, folder / "boundary.po")
    if mo:
        po_files.compile_file(SPANISH_PO, folder / "boundary.mo")
    return tmp_path / "locale"


def test_a_source_checkout_compiles_the_catalogue_in_memory(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = _locale_root(tmp_path)
    with caplog.at_level(logging.DEBUG, logger="boundary_app.storage.translations"):
        loaded = load_translations({"LANGUAGE": "es"}, root)
    assert (loaded.language, loaded.source) == ("es", "po")
    assert _spanish(loaded.translations) == "Terminé por hoy"
    assert "language es from its po catalogue" in caplog.text
    assert not list(root.rglob("*.mo"))  # nothing written


def test_an_installed_package_reads_the_compiled_catalogue(tmp_path: Path) -> None:
    root = _locale_root(tmp_path, po=False, mo=True)
    loaded = load_translations({"LANG": "es_MX.UTF-8"}, root)
    assert (loaded.language, loaded.source) == ("es", "mo")
    assert _spanish(loaded.translations) == "Terminé por hoy"


def test_a_po_edited_after_the_last_compile_wins_over_its_stale_mo(tmp_path: Path) -> None:
    root = _locale_root(tmp_path, mo=True)
    po = root / "es" / "LC_MESSAGES" / "boundary.po"
    mo = root / "es" / "LC_MESSAGES" / "boundary.mo"
    os.utime(mo, (1_000_000, 1_000_000))
    loaded = load_translations({"LANGUAGE": "es"}, root)
    assert loaded.source == "po"
    os.utime(po, (1_000, 1_000))
    assert load_translations({"LANGUAGE": "es"}, root).source == "mo"


def test_the_shipped_package_has_spanish() -> None:
    loaded = load_translations({"LANGUAGE": "es"})
    assert loaded.language == "es"
    assert loaded.source in ("mo", "po")
    assert _spanish(loaded.translations) == "Terminé por hoy"


def test_a_broken_catalogue_means_english_and_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = _locale_root(tmp_path, po=False)
    (root / "es" / "LC_MESSAGES" / "boundary.po").write_text('msgid "x"\n', encoding="utf-8")
    loaded = load_translations({"LANGUAGE": "es"}, root)
    assert (loaded.language, loaded.source) == ("en", "english")
    assert _spanish(loaded.translations) == "I'm done for the day"
    assert "the es translation could not be read" in caplog.text


# -- choosing the language ------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "wanted"),
    [
        ({}, []),
        ({"LANG": "C.UTF-8"}, []),
        ({"LC_ALL": "POSIX", "LANG": "es_ES.UTF-8"}, []),
        ({"LANG": "es_AR.UTF-8"}, ["es_AR", "es"]),
        ({"LANGUAGE": "es_MX:fr", "LANG": "de_DE.UTF-8"}, ["es_MX", "es", "fr"]),
        ({"LANGUAGE": "", "LC_MESSAGES": "pt_BR.UTF-8@x", "LANG": "es"}, ["pt_BR", "pt"]),
        ({"LANGUAGE": "de:C:es"}, ["de"]),
    ],
)
def test_the_languages_the_environment_asks_for(env: dict[str, str], wanted: list[str]) -> None:
    assert wanted_languages(env) == wanted


@pytest.mark.parametrize(
    ("env", "language"),
    [
        ({"LANGUAGE": "es_MX:en"}, "es"),
        ({"LANGUAGE": "de:es"}, "es"),  # no German yet: the next one asked for
        ({"LANGUAGE": "en_GB:es"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),  # unknown: English
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_language_shown(env: dict[str, str], language: str) -> None:
    assert choose_language(env) == language


# -- the clock and dates ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "style"),
    [
        ({"LANG": "en_US.UTF-8"}, TimeStyle.H12),
        ({"LC_TIME": "en_US.UTF-8", "LANG": "de_DE.UTF-8"}, TimeStyle.H12),
        ({"LC_ALL": "de_DE.UTF-8", "LC_TIME": "en_US.UTF-8"}, TimeStyle.H24),
        ({"LANG": "es_ES.UTF-8"}, TimeStyle.H24),
        ({"LANG": "en_GB.UTF-8"}, TimeStyle.H24),
        ({"LANG": "C.UTF-8"}, TimeStyle.H24),
        ({}, TimeStyle.H24),
    ],
)
def test_the_clock_of_the_locale(env: dict[str, str], style: TimeStyle) -> None:
    assert time_style_of_locale(env) is style


@pytest.mark.parametrize(
    ("at", "h24", "h12"),
    [
        (time(0, 0), "00:00", "12:00 AM"),
        (time(9, 5), "09:05", "9:05 AM"),
        (time(12, 30), "12:30", "12:30 PM"),
        (time(17, 0), "17:00", "5:00 PM"),
        (time(23, 59), "23:59", "11:59 PM"),
    ],
)
def test_times_follow_the_clock_style(at: time, h24: str, h12: str) -> None:
    assert i18n.time_text(at) == h24
    i18n.install(None, TimeStyle.H12)
    assert i18n.time_text(at) == h12
    assert i18n.time_text(datetime(2026, 11, 27, at.hour, at.minute)) == h12  # noqa: DTZ001


def test_english_is_the_default_and_reset_returns_to_it() -> None:
    assert (i18n.language(), i18n.time_style()) == ("en", TimeStyle.H24)
    assert i18n._("Close") == "Close"
    assert i18n.ngettext("{n} day", "{n} days", 1) == "{n} day"
    assert i18n.date_text(date(2026, 11, 27)) == "Friday 27 November"
    assert i18n.date_text(date(2026, 11, 27), year=True) == "Friday 27 November 2026"
    assert i18n.short_date_text(date(2026, 12, 4)) == "Fri 4 Dec"
    install_from_environment({"LANGUAGE": "es", "LC_TIME": "en_US.UTF-8"})
    assert (i18n.language(), i18n.time_style()) == ("es", TimeStyle.H12)
    i18n.reset()
    assert (i18n.language(), i18n.time_style(), i18n._("Close")) == ("en", TimeStyle.H24, "Close")


def test_dates_and_times_in_spanish() -> None:
    install_from_environment({"LANGUAGE": "es"})
    assert i18n._("Close") == "Cerrar"
    assert i18n.date_text(date(2026, 11, 27)) == "viernes 27 de noviembre"
    assert i18n.capitalized(i18n.date_text(date(2026, 11, 27))) == "Viernes 27 de noviembre"
    assert i18n.date_text(date(2026, 5, 1), year=True) == "viernes 1 de mayo de 2026"
    assert i18n.short_date_text(date(2026, 12, 4)) == "vie 4 dic"
    assert i18n.span_text(time(9, 0), time(17, 0)) == "09:00\u201317:00"
    i18n.install(load_translations({"LANGUAGE": "es"}).translations, TimeStyle.H12, "es")
    assert i18n.time_text(time(17, 0)) == "5:00 p. m."


# -- reframe cards -----------------------------------------------------------------------


def test_the_spanish_cards_are_the_english_ones_in_order() -> None:
    english, spanish = load_reframes("en"), load_reframes("es")
    assert [(c.id, c.theme) for c in spanish] == [(c.id, c.theme) for c in english]
    assert all(s.title != e.title for s, e in zip(spanish, english, strict=True))


def test_the_cards_follow_the_installed_language() -> None:
    assert load_reframes() is load_reframes("en")
    install_from_environment({"LANGUAGE": "es"})
    assert load_reframes() is load_reframes("es")
    assert load_reframes()[0].title == "Una lista abierta es lo normal"
    assert load_reframes("fr") is load_reframes("en")  # no French cards: English
