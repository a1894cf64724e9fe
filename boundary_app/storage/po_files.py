"""Gettext catalogues: reading `.po` text, writing `.po` text and compiled `.mo` files (storage).

A small msgfmt in the standard library alone, so the `.mo` files need no
tool outside Python: the wheel's build step, the PyInstaller build and a
source checkout (which compiles in memory) all use it. It knows what the
catalogues here use: `msgctxt`, plurals, flags (`fuzzy` entries are left
out of the `.mo`), translator comments and C escapes. This module imports
nothing of the project, so a build can load it by its path
(`build_hooks.py`); `tools/compile_translations.py` is its command line.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

DOMAIN = "boundary"
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_QUOTES = {v: "\\" + k for k, v in _ESCAPES.items()}


class PoError(ValueError):
    """A `.po` file that cannot be read; the message names the line."""


@dataclass
class Entry:
    """One message: its id (and plural and context), its translations, flags and comments."""

    msgid: str
    msgstr: list[str] = field(default_factory=lambda: [""])
    msgid_plural: str | None = None
    msgctxt: str | None = None
    flags: set[str] = field(default_factory=set)
    comments: list[str] = field(default_factory=list)  # "#." for translators
    references: list[str] = field(default_factory=list)  # "#:" file:line
    obsolete: bool = False

    @property
    def key(self) -> tuple[str | None, str]:
        return self.msgctxt, self.msgid

    @property
    def translated(self) -> bool:
        return all(self.msgstr) and "fuzzy" not in self.flags


def _unquote(text: str, where: str) -> str:
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise PoError(f"{where}: expected a quoted string")
    out, chars = [], iter(text[1:-1])
    for ch in chars:
        if ch == "\\":
            nxt = next(chars, "")
            if nxt not in _ESCAPES:
                raise PoError(f"{where}: unknown escape \\{nxt}")
            out.append(_ESCAPES[nxt])
        else:
            out.append(ch)
    return "".join(out)


def parse_po(text: str, source: str = "<po>") -> list[Entry]:
    """The entries of a `.po` file in file order (the header is the entry with msgid "")."""
    entries: list[Entry] = []
    pending = Entry("")  # comments and flags seen before the next message
    last = ""  # the keyword a bare string line continues
    for number, raw in enumerate(text.splitlines(), 1):
        where = f"{source}:{number}"
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            continue
        if line.startswith("#"):
            kind, rest = line[1:2], line[2:].strip()
            if kind == ",":
                pending.flags.update(f.strip() for f in rest.split(",") if f.strip())
            elif kind == ".":
                pending.comments.append(rest)
            elif kind == ":":
                pending.references.extend(rest.split())
            continue
        if line.startswith('"'):
            if not entries or not last:
                raise PoError(f"{where}: a string that continues nothing")
            _append(entries[-1], last, _unquote(line, where))
            continue
        keyword, _space, value = line.partition(" ")
        if keyword == "msgctxt" or (keyword == "msgid" and last != "msgctxt"):
            pending.obsolete = obsolete
            entries.append(pending)
            pending = Entry("")
            entries[-1].msgstr = []
        if not entries:
            raise PoError(f"{where}: {keyword} before any msgid")
        entry = entries[-1]
        if keyword in ("msgctxt", "msgid", "msgid_plural"):
            setattr(entry, keyword, _unquote(value, where))
        elif keyword == "msgstr" or keyword.startswith("msgstr["):
            index = int(keyword[7:-1]) if keyword != "msgstr" else 0
            if index != len(entry.msgstr):
                raise PoError(f"{where}: {keyword} out of order")
            entry.msgstr.append(_unquote(value, where))
            keyword = f"msgstr[{index}]"
        else:
            raise PoError(f"{where}: unknown keyword {keyword!r}")
        last = keyword
    for entry in entries:
        if not entry.msgstr:
            raise PoError(f"{source}: msgid {entry.msgid!r} has no msgstr")
    return entries


def _append(entry: Entry, keyword: str, piece: str) -> None:
    if keyword.startswith("msgstr["):
        entry.msgstr[int(keyword[7:-1])] += piece
    else:
        setattr(entry, keyword, (getattr(entry, keyword) or "") + piece)


def _quote(text: str) -> str:
    return '"' + "".join(_QUOTES.get(ch, ch) for ch in text) + '"'


def _field(name: str, text: str) -> list[str]:
    """A field as gettext writes it: long or multi-line text split after each newline."""
    if "\n" not in text[:-1] and len(text) < 70:
        return [f"{name} {_quote(text)}"]
    parts = text.splitlines(keepends=True)
    return [f'{name} ""', *(_quote(part) for part in parts)]


def format_po(entries: list[Entry]) -> str:
    """`.po` text for `entries` (the inverse of `parse_po`)."""
    blocks = []
    for entry in entries:
        lines = [f"#. {c}" if c else "#." for c in entry.comments]
        lines += [f"#: {ref}" for ref in entry.references]
        if entry.flags:
            lines.append("#, " + ", ".join(sorted(entry.flags)))
        body = []
        if entry.msgctxt is not None:
            body += _field("msgctxt", entry.msgctxt)
        body += _field("msgid", entry.msgid)
        if entry.msgid_plural is not None:
            body += _field("msgid_plural", entry.msgid_plural)
            for index, text in enumerate(entry.msgstr):
                body += _field(f"msgstr[{index}]", text)
        else:
            body += _field("msgstr", entry.msgstr[0])
        lines += [f"#~ {line}" for line in body] if entry.obsolete else body
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def mo_bytes(entries: list[Entry]) -> bytes:
    """A GNU `.mo` file of the translated entries (fuzzy, empty and obsolete ones left out)."""
    pairs: dict[bytes, bytes] = {}
    for entry in entries:
        if entry.obsolete or (entry.msgid and not entry.translated):
            continue
        key = entry.msgid
        if entry.msgid_plural is not None:
            key += "\0" + entry.msgid_plural
        if entry.msgctxt is not None:
            key = entry.msgctxt + "\x04" + key
        pairs[key.encode()] = "\0".join(entry.msgstr).encode()
    keys = sorted(pairs)
    count = len(keys)
    start = 7 * 4 + 16 * count  # the header, then two tables of (length, offset)
    ids = b"".join(k + b"\0" for k in keys)
    strs = b"".join(pairs[k] + b"\0" for k in keys)
    table: list[int] = []
    offset = start
    for k in keys:
        table += [len(k), offset]
        offset += len(k) + 1
    for k in keys:
        table += [len(pairs[k]), offset]
        offset += len(pairs[k]) + 1
    header = struct.pack("<7I", 0x950412DE, 0, count, 7 * 4, 7 * 4 + 8 * count, 0, start)
    return header + struct.pack(f"<{len(table)}I", *table) + ids + strs


def compile_file(po_path: Path, mo_path: Path) -> None:
    """Compile one `.po` file to `mo_path` (its folder is made if need be)."""
    entries = parse_po(po_path.read_text(encoding="utf-8"), str(po_path))
    mo_path.parent.mkdir(parents=True, exist_ok=True)
    mo_path.write_bytes(mo_bytes(entries))


def compile_all(source_dir: Path, target_dir: Path) -> list[Path]:
    """Compile every `<lang>/LC_MESSAGES/*.po` under `source_dir` to the same place in
    `target_dir` (which may be the same folder); returns the `.mo` files written."""
    written = []
    for po_path in sorted(Path(source_dir).glob("*/LC_MESSAGES/*.po")):
        mo_path = Path(target_dir) / po_path.relative_to(source_dir).with_suffix(".mo")
        compile_file(po_path, mo_path)
        written.append(mo_path)
    return written
