"""Developer tools run from the checkout: the translations' extract, update, compile and check.

The pipeline (every step is plain Python; GNU gettext is not needed):

1. Mark text in the code: ``_("Closing {weekday}, {date}")`` with named
   placeholders filled by ``.format()``, ``ngettext`` for counts,
   ``pgettext`` where one English word has two meanings, ``N_`` for a
   constant translated later with ``_(CONSTANT)`` (`boundary_app.core.i18n`).
2. ``python -m tools.i18n_update`` extracts the marked messages into
   ``boundary_app/resources/locale/boundary.pot`` (`tools.i18n_extract`)
   and merges them into each ``<lang>/LC_MESSAGES/boundary.po``: new
   messages come in empty, gone ones stay as obsolete ``#~`` entries.
   ``--new de`` starts a catalogue for another language.
3. Translate the empty ``msgstr`` of the ``.po`` (any PO editor: Poedit,
   Lokalize, GNOME Translation Editor; or by hand), keeping every
   ``{placeholder}`` and one ``&`` mnemonic where the English has one.
4. ``python -m tools.i18n_check`` (also part of the test suite) says what
   is unmarked, stale, untranslated or mismatched.
5. The ``.mo`` files are compiled when a wheel is built (`build_hooks.py`)
   or a bundle (``python tools/compile_translations.py``); a source
   checkout compiles the ``.po`` in memory when the app starts.
"""
