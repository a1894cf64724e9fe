"""Bring the template and every translation up to date with the code (tool).

Extracts the marked messages into boundary.pot, then merges it into each
``<lang>/LC_MESSAGES/boundary.po``: translations of messages still in the
code are kept, new messages come in empty (for the translator), and those
the code no longer has are kept at the end as obsolete (``#~``) entries,
which a translator can reuse and the compiled catalogue leaves out.

    .venv/bin/python -m tools.i18n_update            # rewrite boundary.pot and the .po files
    .venv/bin/python -m tools.i18n_update --new de   # start a German translation
    .venv/bin/python -m tools.i18n_update --check    # exit 1 if anything is out of date
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from boundary_app.storage.po_files import DOMAIN, Entry, format_po, parse_po
from tools.i18n_extract import LOCALE, POT, ROOT, extract, pot_entries

NEW_HEADER = (
    "Project-Id-Version: Boundary\n"
    "Language: {language}\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=2; plural=(n != 1);\n"
)


def merged(template: list[Entry], old: list[Entry]) -> list[Entry]:
    """`template`'s messages with the translations `old` has for them; the rest obsolete."""
    header = next((e for e in old if not e.msgid and e.msgctxt is None), None)
    forms = 2
    if header is not None:
        match = re.search(r"nplurals\s*=\s*(\d+)", header.msgstr[0])
        forms = int(match[1]) if match else 2
    known = {e.key: e for e in old if e.msgid}
    result = [header] if header is not None else []
    for entry in template:
        if not entry.msgid:
            continue
        before = known.pop(entry.key, None)
        plural = entry.msgid_plural is not None
        msgstr = [""] * forms if plural else [""]
        flags = set(entry.flags)
        if before is not None and (before.msgid_plural is not None) == plural:
            msgstr = list(before.msgstr)
            flags |= before.flags & {"fuzzy"}
            if before.msgid_plural != entry.msgid_plural:
                flags.add("fuzzy")  # the English plural changed: check the translation
        result.append(
            Entry(
                entry.msgid,
                msgstr,
                msgid_plural=entry.msgid_plural,
                msgctxt=entry.msgctxt,
                flags=flags,
                comments=list(entry.comments),
                references=list(entry.references),
            )
        )
    for gone in known.values():
        gone.obsolete = True
        gone.references = []
        result.append(gone)
    return result


def catalogue(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def updates(new: list[str]) -> dict[Path, str]:
    """The text each file should have: boundary.pot and every catalogue (and new ones)."""
    template = pot_entries(extract())
    wanted = {POT: format_po(template)}
    paths = sorted(LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po")) + [catalogue(n) for n in new]
    for path in dict.fromkeys(paths):
        if path.is_file():
            old = parse_po(path.read_text(encoding="utf-8"), str(path))
        else:
            language = path.parent.parent.name
            old = [Entry("", [NEW_HEADER.format(language=language)])]
        wanted[path] = format_po(merged(template, old))
    return wanted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    parser.add_argument("--new", action="append", default=[], metavar="LANG")
    args = parser.parse_args(argv)
    stale = []
    for path, text in updates(args.new).items():
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        print(("out of date: " if args.check else "wrote ") + str(path.relative_to(ROOT)))
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
