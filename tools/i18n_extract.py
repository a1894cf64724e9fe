"""Extract every marked message from the code into the template, boundary.pot (tool).

Reads the Python source with `ast` (no gettext tools needed) and finds the
calls of `_`, `N_`, `ngettext`, `pgettext` and `npgettext` (also as
`i18n._` and so on) whose message arguments are literal strings. A comment
starting "Translators:" on the lines just above a call goes into the
template for the translator. Messages with `{name}` placeholders get the
`python-brace-format` flag, so gettext tools check them too.

    .venv/bin/python -m tools.i18n_extract      # rewrite boundary.pot
"""

from __future__ import annotations

import ast
import io
import string
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from boundary_app.storage.po_files import Entry, format_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "boundary_app"
LOCALE = PACKAGE / "resources" / "locale"
POT = LOCALE / "boundary.pot"

# The parts of each marking call's arguments: context, message, plural.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "_": ("msgid",),
    "N_": ("msgid",),
    "ngettext": ("msgid", "msgid_plural"),
    "pgettext": ("msgctxt", "msgid"),
    "npgettext": ("msgctxt", "msgid", "msgid_plural"),
}

HEADER = (
    "Project-Id-Version: Boundary\n"
    "Report-Msgid-Bugs-To: \n"
    "Language: \n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\n"
)
HEADER_COMMENTS = [
    "Boundary's messages: the template every translation starts from.",
    "Made by `python -m tools.i18n_extract`; do not edit by hand.",
]


@dataclass
class Message:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    references: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        return self.msgctxt, self.msgid


def keyword_of(call: ast.Call) -> str | None:
    """The marking function a call names (`_`, `i18n.pgettext`, ...), or None."""
    func = call.func
    if isinstance(func, ast.Name) and func.id in KEYWORDS:
        return func.id
    if (
        isinstance(func, ast.Attribute)
        and func.attr in KEYWORDS
        and isinstance(func.value, ast.Name)
        and func.value.id == "i18n"
    ):
        return func.attr
    return None


def _comments_by_line(source: str) -> dict[int, str]:
    found: dict[int, str] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            found[token.start[0]] = token.string.lstrip("#").strip()
    return found


def _translator_comment(comments: dict[int, str], lines: list[str], line: int) -> list[str]:
    """The "Translators:" comment on the comment lines right above `line`, if any."""
    block: list[str] = []
    number = line - 1
    while number in comments and lines[number - 1].lstrip().startswith("#"):
        block.insert(0, comments[number])
        number -= 1
    for index, text in enumerate(block):
        if text.startswith("Translators:"):
            return [" ".join(block[index:])]
    return []


def extract_source(source: str, reference: str) -> list[Message]:
    """The marked messages of one module, in the order they appear."""
    tree = ast.parse(source)
    comments = _comments_by_line(source)
    lines = source.splitlines()
    found: list[tuple[int, int, Message]] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        keyword = keyword_of(node)
        if keyword is None:
            continue
        parts = KEYWORDS[keyword]
        values = node.args[: len(parts)]
        if len(values) < len(parts) or not all(
            isinstance(v, ast.Constant) and isinstance(v.value, str) for v in values
        ):
            continue  # translating a variable: its text was marked where it was written
        texts = {part: str(getattr(v, "value", "")) for part, v in zip(parts, values, strict=True)}
        message = Message(
            msgid=texts["msgid"],
            msgctxt=texts.get("msgctxt"),
            msgid_plural=texts.get("msgid_plural"),
            references=[reference],
            comments=_translator_comment(comments, lines, node.lineno),
        )
        found.append((node.lineno, node.col_offset, message))
    found.sort(key=lambda f: f[:2])
    for (line, _col, message), before in zip(found[1:], found, strict=False):
        if before[0] == line:
            message.comments = []  # a comment speaks of the first message on its line
    return [message for _line, _col, message in found]


def extract(package: Path = PACKAGE) -> list[Message]:
    """Every marked message of the package, merged by (context, message)."""
    merged: dict[tuple[str | None, str], Message] = {}
    for path in sorted(package.rglob("*.py")):
        reference = path.relative_to(package.parent).as_posix()
        for message in extract_source(path.read_text(encoding="utf-8"), reference):
            kept = merged.setdefault(message.key, message)
            if kept is message:
                continue
            if message.msgid_plural and not kept.msgid_plural:
                kept.msgid_plural = message.msgid_plural
            for ref in message.references:
                if ref not in kept.references:
                    kept.references.append(ref)
            for comment in message.comments:
                if comment not in kept.comments:
                    kept.comments.append(comment)
    return sorted(merged.values(), key=lambda m: (m.references[0], m.msgctxt or "", m.msgid))


def brace_fields(text: str) -> set[str] | None:
    """The `{name}` fields of a message; None if it is not valid `str.format` text."""
    try:
        return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}
    except ValueError:
        return None


def pot_entries(messages: list[Message]) -> list[Entry]:
    entries = [Entry("", [HEADER], comments=list(HEADER_COMMENTS))]
    for message in messages:
        flags = set()
        if any(brace_fields(t) for t in (message.msgid, message.msgid_plural or "")):
            flags.add("python-brace-format")
        plural = message.msgid_plural is not None
        entries.append(
            Entry(
                message.msgid,
                ["", ""] if plural else [""],
                msgid_plural=message.msgid_plural,
                msgctxt=message.msgctxt,
                flags=flags,
                comments=list(message.comments),
                references=list(message.references),
            )
        )
    return entries


def pot_text(package: Path = PACKAGE) -> str:
    return format_po(pot_entries(extract(package)))


def main() -> None:
    POT.write_text(pot_text(), encoding="utf-8")
    print(f"wrote {POT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
