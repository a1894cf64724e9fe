"""The translations' checks, for CI and the test suite (tool).

1. No user-visible string in `boundary_app/ui/` is left unmarked: string
   literals with letters that reach Qt's text calls (`setText`,
   `QLabel(...)`, `addAction`, ...) or the windows' own helpers
   (`heading`, `push_button`, ...), directly or through a variable or
   constant, and any literal anywhere in `ui/` that reads like words, must
   be inside `_()`, `N_()`, `ngettext()` or `pgettext()`.
2. Nothing is translated at import time (module level, class bodies,
   default arguments) anywhere in the package, and `_()` is never given an
   f-string or a sum of strings (the extractor could not see it).
3. boundary.pot holds exactly the messages the code marks.
4. Every catalogue translates every message, none fuzzy or empty, with the
   same placeholders (`{name}`, `%(name)s`, `%s`) and the same number of
   `&` mnemonics (0 or 1) as the English.
5. Every catalogue compiles, and the compiled file reads back.

    .venv/bin/python -m tools.i18n_check        # prints each problem; exit 1 if any
"""

from __future__ import annotations

import ast
import gettext
import io
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from boundary_app.storage.po_files import Entry, PoError, mo_bytes, parse_po
from tools.i18n_extract import (
    KEYWORDS,
    LOCALE,
    PACKAGE,
    POT,
    ROOT,
    brace_fields,
    extract,
    keyword_of,
)

UI = PACKAGE / "ui"

# Calls whose string arguments are shown to the user, and the argument positions
# that are not text (data, paths, field names). Keyword arguments are text except
# those named in KEYWORDS_NOT_TEXT.
TEXT_CALLS: dict[str, frozenset[int]] = {
    name: frozenset()
    for name in (
        # Qt
        "setText", "setWindowTitle", "setToolTip", "setStatusTip", "setWhatsThis",
        "setPlaceholderText", "setAccessibleName", "setAccessibleDescription", "setTitle",
        "setSuffix", "setPrefix", "setSpecialValueText", "setHeaderLabels", "setHeaderLabel",
        "setNameFilter", "setNameFilters", "addAction", "addMenu", "addItems", "addRow",
        "showMessage", "setLabelText", "setButtonText", "setInformativeText",
        "setDetailedText", "drawText", "showText", "QLabel", "QGroupBox", "QCheckBox",
        "QRadioButton", "QPushButton", "QToolButton", "QAction", "QMenu", "QListWidgetItem",
        "QTreeWidgetItem",
        # Boundary's own helpers that put their text on screen
        "heading", "push_button", "_quiet", "_note", "_menu_button", "_action", "show_notice",
        "quiet_notice", "NoteEntry", "TaskList", "SpanEdit", "time_edit", "_time_edit",
        "_day_box", "legend", "_numbered", "Problem", "show_problem", "_show_problem",
        "report", "setTextFor",
    )
}  # fmt: skip
TEXT_CALLS |= {
    "addItem": frozenset({1}),  # (text, data)
    "insertItem": frozenset({0, 2}),
    "setItemText": frozenset({0}),
    "addTab": frozenset({0}),
    "setTabText": frozenset({0}),
    "QMessageBox": frozenset({0}),  # (icon, title, text)
    "critical": frozenset({0}),  # (parent, title, text)
    "warning": frozenset({0}),
    "information": frozenset({0}),
    "question": frozenset({0}),
    "QFileDialog": frozenset({0, 2}),  # (parent, caption, folder)
    "minutes_box": frozenset({0, 1}),  # (low, high, zero_means)
    "_weeks_box": frozenset({0}),  # (most, name)
    "_text_box": frozenset({2}),  # (name, placeholder, rows)
    "add_field": frozenset({1, 2}),  # (label, path, widget, hint)
    "_row": frozenset({0, 2, 3}),  # (form, label, widget, field, hint)
    "_section": frozenset({0, 3, 4}),  # (column, title, intro, body, slot)
    "Notice": frozenset({0}),  # (key, title, body)
    "Action": frozenset({0}),  # (key, label)
    "show_popup": frozenset({0}),  # (key, title, body, actions)
}
KEYWORDS_NOT_TEXT = {"key", "path", "field", "parent", "objectName"}

# Calls whose string arguments are never shown: names, styles, formats, keys, logs.
NOT_TEXT_CALLS = {
    "setObjectName", "setStyleSheet", "QKeySequence", "setDisplayFormat", "setProperty",
    "property", "QColor", "getattr", "hasattr", "setattr", "Signal", "QSettings",
    "setDefaultSuffix", "debug", "getLogger",
    "findChildren", "findChild", "compile", "fullmatch", "match", "search", "sub", "split",
    "rpartition", "partition", "startswith", "endswith", "get", "setdefault", "pop",
    "isinstance", "TypeVar", "cast", "removesuffix", "removeprefix", "strip", "rstrip",
    "lstrip", "replace", "format_hhmm", "parse_hhmm", "fromisoformat",
    "strftime", "findText", "findData", "setEditText",
}  # fmt: skip
LOG_OBJECTS = {"log", "logging", "logger"}

# Literals that read like words but are names or formats, not text to translate.
ALLOWED = {
    "Boundary",  # the app's name
    "STARTTLS",  # a protocol's name
    "mail.example.org",  # an example address
    "HH:mm",  # Qt's time formats
    "h:mm AP",
}
_KEYS = re.compile(r"(?:(?:Ctrl|Alt|Shift|Meta)\+)+\w+")  # QKeySequence("Ctrl+Return")

_WORD = re.compile(r"[^\W\d_]{2,}")
_IDENTIFIER_LIKE = re.compile(r"[a-z0-9_.\-/:\[\]|*?#]*")
_PRINTF = re.compile(r"%(?:\((\w+)\))?[#0\- +]*\d*(?:\.\d+)?[sdifrxXeEgGc]")
_MNEMONIC = re.compile(r"(?<!&)&(?!&)")


# -- 1 and 2: the code -------------------------------------------------------------


def _is_translation(node: ast.AST) -> bool:
    return isinstance(node, ast.Call) and keyword_of(node) is not None


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        if isinstance(func.value, ast.Name) and func.value.id in LOG_OBJECTS:
            return "debug"  # any logging call
        return func.attr
    return ""


def _has_letters(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def reads_like_words(text: str) -> bool:
    """Text a person would read: words with a space, a capital or an ellipsis."""
    stripped = text.strip()
    if stripped in ALLOWED or not _WORD.search(stripped) or _KEYS.fullmatch(stripped):
        return False
    return not _IDENTIFIER_LIKE.fullmatch(stripped)  # else a key, a path, an object name


def _literal_text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
        )
    return None


class _Module:
    """One module's tree, with the assignments of each scope for following names."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tree = ast.parse(path.read_text(encoding="utf-8"))
        self.parents: dict[ast.AST, ast.AST] = {}
        for parent in ast.walk(self.tree):
            for child in ast.iter_child_nodes(parent):
                self.parents[child] = parent
        self.assigned: dict[tuple[ast.AST, str], list[ast.AST]] = {}
        for node in ast.walk(self.tree):
            targets: list[ast.expr] = []
            value: ast.AST | None = None
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign | ast.AugAssign) and node.value is not None:
                targets, value = [node.target], node.value
            for target in targets:
                name = (
                    target.id
                    if isinstance(target, ast.Name)
                    else target.attr
                    if isinstance(target, ast.Attribute)
                    else None
                )
                if name is not None and value is not None:
                    scope = self.scope(node) if isinstance(target, ast.Name) else self.tree
                    self.assigned.setdefault((scope, name), []).append(value)

    def scope(self, node: ast.AST) -> ast.AST:
        current = self.parents.get(node)
        while current is not None and not isinstance(
            current, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda
        ):
            current = self.parents.get(current)
        return current or self.tree

    def values_of(self, node: ast.Name | ast.Attribute) -> list[ast.AST]:
        """What a name (in its scope, then the module's and classes') or `x.attr` was given."""
        if isinstance(node, ast.Attribute):
            found = self.assigned.get((self.tree, node.attr), [])
            return found + [
                v
                for (scope, name), values in self.assigned.items()
                if isinstance(scope, ast.ClassDef) and name == node.attr
                for v in values
            ]
        scope: ast.AST | None = self.scope(node)
        while scope is not None:
            found = self.assigned.get((scope, node.id))
            if found:
                return found
            scope = None if scope is self.tree else self.scope(scope)
        return []

    def where(self, node: ast.AST) -> str:
        path = self.path.resolve()
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        return f"{shown}:{getattr(node, 'lineno', 0)}"


def _unmarked_in(module: _Module, node: ast.AST, seen: set[int]) -> Iterator[ast.AST]:
    """The unmarked literals with letters that `node` (a value shown to the user) contains."""
    if id(node) in seen:
        return
    seen.add(id(node))
    if _is_translation(node):
        return
    text = _literal_text(node)
    if text is not None:
        if _has_letters(text) and text.strip() not in ALLOWED:
            yield node
        if isinstance(node, ast.JoinedStr):
            for value in node.values:
                if isinstance(value, ast.FormattedValue):
                    yield from _unmarked_in(module, value.value, seen)
        return
    children: list[ast.AST] = []
    if isinstance(node, ast.IfExp):
        children = [node.body, node.orelse]
    elif isinstance(node, ast.BoolOp):
        children = list(node.values)
    elif isinstance(node, ast.BinOp):
        children = [node.left, node.right]
    elif isinstance(node, ast.Tuple | ast.List | ast.Set):
        children = list(node.elts)
    elif isinstance(node, ast.Dict):
        children = [v for v in node.values if v is not None]
    elif isinstance(node, ast.Subscript | ast.Starred):
        children = [node.value]
    elif isinstance(node, ast.Name | ast.Attribute):
        children = module.values_of(node)
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        children = [node.func.value]
        if node.func.attr in ("format", "join"):
            children += list(node.args)
    for child in children:
        yield from _unmarked_in(module, child, seen)


def _text_arguments(call: ast.Call) -> Iterator[ast.AST]:
    name = _call_name(call)
    if name not in TEXT_CALLS:
        return
    skip = TEXT_CALLS[name]
    for index, arg in enumerate(call.args):
        if index not in skip:
            yield arg
    for keyword in call.keywords:
        if keyword.arg not in KEYWORDS_NOT_TEXT:
            yield keyword.value


def _exempt(module: _Module, node: ast.AST) -> bool:
    """Whether a literal sits where it is never shown (or is marked already)."""
    child, parent = node, module.parents.get(node)
    while parent is not None:
        if _is_translation(parent):
            return True
        if isinstance(parent, ast.Expr) and child is parent.value:
            return True  # a docstring, or a string on its own
        if isinstance(parent, ast.Compare | ast.Raise | ast.Assert | ast.Match):
            return True
        if isinstance(parent, ast.Subscript) and child is parent.slice:
            return True
        if isinstance(parent, ast.Dict) and child in parent.keys:
            return True
        if isinstance(parent, ast.Call) and child is not parent.func:
            name = _call_name(parent)
            if name in NOT_TEXT_CALLS:
                return True
            if name in TEXT_CALLS:
                return False  # judged as a text argument
        if isinstance(parent, ast.stmt):
            return False
        child, parent = parent, module.parents.get(parent)
    return False


def unmarked_strings(paths: Iterable[Path]) -> list[str]:
    """Each unmarked user-visible string in `paths`, as "file:line: text"."""
    problems: dict[tuple[str, int, str], str] = {}

    def report(module: _Module, node: ast.AST) -> None:
        text = _literal_text(node) or ""
        problems[(str(module.path), getattr(node, "lineno", 0), text)] = (
            f"{module.where(node)}: not marked for translation: {text!r}"
        )

    for path in sorted(paths):
        module = _Module(path)
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call):
                for arg in _text_arguments(node):
                    for found in _unmarked_in(module, arg, set()):
                        if not _exempt_as_shown(module, found):
                            report(module, found)
            text = _literal_text(node)
            if (
                text is not None
                and not isinstance(module.parents.get(node), ast.JoinedStr)
                and reads_like_words(text)
                and not _exempt(module, node)
            ):
                report(module, node)
    return [problems[key] for key in sorted(problems)]


def _exempt_as_shown(module: _Module, node: ast.AST) -> bool:
    """A literal reached from a text call but used as data where it stands (a dict key...)."""
    parent = module.parents.get(node)
    if isinstance(parent, ast.Dict) and node in parent.keys:
        return True
    return isinstance(parent, ast.Compare | ast.Subscript) or _inside_translation(module, node)


def _inside_translation(module: _Module, node: ast.AST) -> bool:
    parent = module.parents.get(node)
    while parent is not None and not isinstance(parent, ast.stmt):
        if _is_translation(parent):
            return True
        parent = module.parents.get(parent)
    return False


def import_time_lookups(paths: Iterable[Path]) -> list[str]:
    """Translations made at import time, and `_()` given text the extractor cannot read."""
    problems: list[str] = []
    for path in sorted(paths):
        module = _Module(path)
        for node in ast.walk(module.tree):
            if not (isinstance(node, ast.Call) and _is_translation(node)):
                continue
            keyword = keyword_of(node)
            if keyword != "N_" and _runs_at_import(module, node):
                problems.append(f"{module.where(node)}: {keyword}() runs at import time; use N_()")
            parts = KEYWORDS[keyword or "_"]
            for arg in node.args[: len(parts)]:
                if isinstance(arg, ast.JoinedStr | ast.BinOp):
                    problems.append(
                        f"{module.where(node)}: {keyword}() needs one literal string"
                        " with named {placeholders}, not an f-string or a sum"
                    )
    return problems


def _runs_at_import(module: _Module, node: ast.AST) -> bool:
    child, parent = node, module.parents.get(node)
    while parent is not None:
        if isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            # Default values (in `args`), annotations and decorators run when the
            # function is defined; only its body runs when it is called.
            in_body = child is parent.body or (
                isinstance(parent.body, list) and any(child is b for b in parent.body)
            )
            if in_body:
                return False
        child, parent = parent, module.parents.get(parent)
    return True


# -- 3 to 5: the catalogues ---------------------------------------------------------


def catalogues() -> list[Path]:
    return sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))


def pot_drift() -> list[str]:
    """Messages the code marks that boundary.pot lacks, and the other way round."""
    marked = {(m.msgctxt, m.msgid, m.msgid_plural) for m in extract()}
    template = {
        (e.msgctxt, e.msgid, e.msgid_plural)
        for e in parse_po(POT.read_text(encoding="utf-8"), str(POT))
        if e.msgid
    }
    where = POT.relative_to(PACKAGE.parent)
    fix = "run `python -m tools.i18n_update`"
    return [f"{where}: lacks {m[1]!r} ({fix})" for m in sorted(marked - template, key=str)] + [
        f"{where}: has {m[1]!r}, which the code no longer marks ({fix})"
        for m in sorted(template - marked, key=str)
    ]


def placeholders(text: str) -> tuple[frozenset[str], tuple[str, ...], int]:
    """A message's `{fields}`, its printf conversions and its count of `&` mnemonics."""
    braces = brace_fields(text)
    printf = tuple(sorted(m.group(0) for m in _PRINTF.finditer(text.replace("%%", ""))))
    return (
        frozenset(braces if braces is not None else {"<not valid str.format text>"}),
        printf,
        len(_MNEMONIC.findall(text)),
    )


def _plural_count(header: str) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", header)
    return int(match[1]) if match else 2


def catalogue_problems(path: Path) -> list[str]:
    """What is missing, untranslated, fuzzy or mismatched in one catalogue, or why it fails."""
    where = path.relative_to(PACKAGE.parent)
    try:
        entries = parse_po(path.read_text(encoding="utf-8"), str(where))
    except (OSError, PoError, UnicodeError) as exc:
        return [f"{where}: cannot be read: {exc}"]
    header = next((e.msgstr[0] for e in entries if not e.msgid and not e.msgctxt), "")
    problems = [
        f"{where}: the header lacks {name}"
        for name in ("Language:", "Plural-Forms:", "charset=UTF-8")
        if name not in header
    ]
    forms = _plural_count(header)
    current = {e.key: e for e in entries if e.msgid and not e.obsolete}
    for message in extract():
        entry = current.get(message.key)
        label = f"{where}: {message.msgid!r}"
        if entry is None:
            problems.append(f"{label}: missing (run `python -m tools.i18n_update`)")
            continue
        problems.extend(f"{label}: {p}" for p in entry_problems(entry, forms))
    marked = {m.key for m in extract()}
    problems += [
        f"{where}: {key[1]!r} is no longer in the code (run `python -m tools.i18n_update`)"
        for key in current
        if key not in marked
    ]
    problems += compile_problems(entries, str(where))
    return problems


def entry_problems(entry: Entry, forms: int) -> list[str]:
    if "fuzzy" in entry.flags:
        return ["marked fuzzy: check the translation and remove the flag"]
    if entry.msgid_plural is not None and len(entry.msgstr) != forms:
        return [f"has {len(entry.msgstr)} plural forms, the header says {forms}"]
    if not all(s.strip() for s in entry.msgstr):
        return ["not translated"]
    problems = []
    for index, text in enumerate(entry.msgstr):
        english = entry.msgid if entry.msgid_plural is None or index == 0 else entry.msgid_plural
        if entry.msgid_plural is not None and forms != 2:
            english = entry.msgid_plural
        want, got = placeholders(english), placeholders(text)
        names = ("{placeholders}", "% conversions", "& mnemonics")
        for name, a, b in zip(names, want, got, strict=True):
            if a != b:
                shown = [sorted(v) if isinstance(v, frozenset | tuple) else v for v in (a, b)]
                problems.append(
                    f"{name} differ: English {shown[0]}, translation {shown[1]} in {text!r}"
                )
    return problems


def compile_problems(entries: list[Entry], where: str) -> list[str]:
    """Whether the catalogue compiles and reads back as every message translated."""
    try:
        translations = gettext.GNUTranslations(io.BytesIO(mo_bytes(entries)))
    except (OSError, ValueError, UnicodeError) as exc:
        return [f"{where}: does not compile: {exc}"]
    problems = []
    for entry in entries:
        if not entry.msgid or entry.obsolete or not entry.translated:
            continue
        if entry.msgid_plural is None:
            got = (
                translations.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt is not None
                else translations.gettext(entry.msgid)
            )
        else:
            got = (
                translations.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1)
                if entry.msgctxt is not None
                else translations.ngettext(entry.msgid, entry.msgid_plural, 1)
            )
        if got not in entry.msgstr:
            problems.append(f"{where}: {entry.msgid!r} reads back as {got!r}")
    return problems


def all_problems() -> list[str]:
    problems = unmarked_strings(UI.rglob("*.py"))
    problems += import_time_lookups(PACKAGE.rglob("*.py"))
    problems += pot_drift()
    for path in catalogues():
        problems += catalogue_problems(path)
    return problems


def main() -> int:
    problems = all_problems()
    for problem in problems:
        print(problem)
    print(f"translations: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
