"""Saving a settings document into the user's own file, keeping its comments (storage).

The settings window hands over the whole intended settings as a plain
document of the file's shape. `merge_document` changes only what differs in
the user's TOML text, so comments, blank lines, key order and spelling stay
where they were; `save_document` does that to the file, atomically.
Arrays of tables (``[[breaks]]``) are matched entry by entry, so an unchanged
entry keeps its text.
"""

from __future__ import annotations

import difflib
import logging
import tomllib
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import tomli_w
import tomlkit
from tomlkit.container import Container, OutOfOrderTableProxy
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Array, Comment, InlineTable, Item, Null, Table, Whitespace

from boundary_app.core.settings import weekday_number
from boundary_app.storage.atomic import WriteFailedError, write_atomic

log = logging.getLogger(__name__)

_BOM = b"\xef\xbb\xbf"
_Alias = Callable[[str], object]


def merge_document(original_text: str, wanted: Mapping[str, Any]) -> str:
    """`original_text` changed so that it reads (with `tomllib`) as exactly `wanted`.

    Only values that differ are rewritten, each on its own line, keeping the
    comment after it; keys not wanted are removed (with the comment lines
    directly above them), new keys go after the last key of their table and
    new tables at the end. A weekday spelt otherwise in ``[week]`` (``mon``)
    is respelt in place. A key whose wanted value is None is not written;
    dates are written as TOML dates.

    Limits: in ``[[breaks]]``/``[[exceptions]]`` the comments between entries
    may move or be lost when entries around them change; a changed table
    written with dotted keys (``sessions.cues = ...``) is rewritten as a
    ``[sessions]`` section; if tomlkit ever produced text that does not read
    back as `wanted`, the file is written afresh without comments (logged).
    Raises `ValueError` when `original_text` is not TOML.
    """
    target = _plain(wanted)
    try:
        tomllib.loads(original_text)  # judged as the reader judges it
        doc = tomlkit.parse(original_text)
    except RecursionError:
        raise ValueError("it is nested too deeply") from None
    except TOMLKitError as exc:  # its parse errors are ValueErrors already
        raise ValueError(str(exc)) from exc
    _merge_root(doc, target)
    merged = doc.as_string()
    if "\r\n" in original_text and original_text.count("\n") == original_text.count("\r\n"):
        merged = merged.replace("\r\n", "\n").replace("\n", "\r\n")  # a Windows editor's file
    try:
        if _same(tomllib.loads(merged), target):
            return merged
    except tomllib.TOMLDecodeError:
        pass
    # A layout tomlkit cannot edit safely: correct settings matter more than comments.
    log.warning("Could not keep the layout of the settings file; writing it afresh")
    return tomli_w.dumps(target)


def save_document(path: Path, wanted: Mapping[str, Any]) -> None:
    """Merge `wanted` into the file at `path` and replace it atomically.

    A missing file is created with mode 0600; an existing one keeps its mode
    and its byte-order mark. Raises `WriteFailedError` naming the file when
    the file cannot be read or is not TOML (it is left alone), or the write fails.
    """
    try:
        raw = path.read_bytes()
        existed = True
    except FileNotFoundError:
        raw, existed = b"", False
    except OSError as exc:
        raise WriteFailedError(f"could not read {path} to save it: {exc.strerror or exc}") from exc
    bom = _BOM if raw.startswith(_BOM) else b""
    try:
        text = raw[len(bom) :].decode("utf-8")
        merged = merge_document(text, wanted)
    except UnicodeDecodeError:
        raise WriteFailedError(f"could not save {path}: it is not UTF-8 text") from None
    except ValueError as exc:
        raise WriteFailedError(f"could not save {path}: it is not valid TOML ({exc})") from None
    write_atomic(path, bom + merged.encode("utf-8"), mode=None if existed else 0o600)


# --- comparing values ---------------------------------------------------------------


def _plain(value: Any) -> Any:
    """`value` without None anywhere, tuples as lists: what TOML can say."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value if v is not None]
    return value


def _canon(value: Any) -> object:
    """A hashable form in which values are equal only when TOML reads them the same."""
    if isinstance(value, Mapping):
        return ("table", frozenset((k, _canon(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("array", tuple(_canon(v) for v in value))
    if isinstance(value, float):
        return ("float", repr(value))  # nan equals itself; -0.0 is written apart from 0.0
    if isinstance(value, datetime):
        return ("datetime", value.isoformat())  # the offset as written, not only the instant
    for kind in (bool, int, str, date, time):  # bool before int
        if isinstance(value, kind):
            return (kind.__name__, value)
    return (type(value).__name__, repr(value))


def _same(a: Any, b: Any) -> bool:
    return _canon(a) == _canon(b)


def _is_tables(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


# --- building new items --------------------------------------------------------------


def _inline(value: Any) -> Item:
    """A value that fits on a key's line: nested tables become inline tables."""
    if isinstance(value, dict):
        table = tomlkit.inline_table()
        for key, inner in value.items():
            table.append(key, _inline(inner))
        return table
    if isinstance(value, list):
        array = tomlkit.array()
        for inner in value:
            array.append(_inline(inner))
        return array
    scalar: Item = tomlkit.item(value)
    return scalar


def _table(value: dict[str, Any]) -> Table:
    table = tomlkit.table()
    for key, inner in value.items():
        table.append(key, _inline(inner))
    return table


# --- the layout: trailing comments, insertion points ------------------------------------


def _is_trivia(item: Item) -> bool:
    return isinstance(item, Whitespace | Comment | Null)


def _tail_start(container: Container) -> int:
    """Where the trailing comments and blank lines begin: they belong to what follows."""
    body = container.body
    end = len(body)
    while end > 0 and _is_trivia(body[end - 1][1]):
        end -= 1
    return end


def _pop_tail(container: Container) -> list[Item]:
    body = container.body
    start = _tail_start(container)
    tail = [item for _, item in body[start:] if not isinstance(item, Null)]
    del body[start:]  # keyless items only: no key's index moves
    return tail


def _insert_trivia(container: Container, at: int, items: list[Item]) -> None:
    """Put comments or blank lines at body index `at`, moving the keys' indices past them."""
    if not items:
        return
    shift = len(items)
    index = container._map
    for key, where in index.items():
        if isinstance(where, tuple):
            index[key] = tuple(i + shift if i >= at else i for i in where)
        elif where >= at:
            index[key] = where + shift
    container.body[at:at] = [(None, item) for item in items]


def _neighbour(container: Container, at: int, step: int) -> int | None:
    """The index of the nearest item that is not a removed one, from `at` in direction `step`."""
    body = container.body
    while 0 <= at < len(body):
        if not isinstance(body[at][1], Null):
            return at
        at += step
    return None


def _drop_comments_above(container: Container, at: int) -> int:
    """Remove the comment lines directly above body index `at`; returns where they began."""
    body = container.body
    start = at
    while (before := _neighbour(container, start - 1, -1)) is not None and isinstance(
        body[before][1], Comment
    ):
        start = before
    if _neighbour(container, start - 1, -1) is None:
        return at  # the file's or the table's own heading, not this key's
    for i in range(start, at):
        body[i] = (None, Null())
    return start


def _squeeze_blank(container: Container, at: int) -> None:
    """Two blank-line runs meeting at `at` (after a removal) become one."""
    body = container.body
    before, after = _neighbour(container, at - 1, -1), _neighbour(container, at, 1)
    if before is None or after is None:
        return
    if isinstance(body[before][1], Whitespace) and isinstance(body[after][1], Whitespace):
        body[after] = (None, Null())


def _key_index(container: Container, key: str) -> int:
    where = container._map[tomlkit.key(key)]
    return where[0] if isinstance(where, tuple) else where


def _insert_key(container: Container, key: str, item: Item, at: int) -> None:
    body = container.body
    previous = _neighbour(container, at - 1, -1)
    if previous is not None and body[previous][0] is not None:
        indent = body[previous][1].trivia.indent
        if indent.strip(" \t") == "":
            item.trivia.indent = indent  # line up with the key above
    if at >= len(body):
        container.append(key, item)
    else:
        container._insert_at(at, key, item)


# --- merging ---------------------------------------------------------------------------


def _merge_root(doc: Container, target: dict[str, Any]) -> None:
    for key in [k for k in doc if k not in target]:
        _remove_root(doc, key)
    for key, value in target.items():
        if key not in doc:
            _add_root(doc, key, value)
            continue
        current = doc.item(key)
        if _same(current.unwrap(), value):
            continue
        alias = weekday_number if key == "week" else None
        if isinstance(value, dict) and isinstance(current, Table | InlineTable):
            _merge_table(current, value, alias)
        elif _is_tables(value) and isinstance(current, AoT):
            _merge_aot(current, value)
        elif isinstance(current, Table | AoT | OutOfOrderTableProxy) or (
            _is_tables(value) and isinstance(current, Array) and not current
        ):
            _remove_root(doc, key)  # a table becomes a value, or "none" becomes [[entries]]
            _add_root(doc, key, value)
        else:
            _set(doc, key, value, current)


def _first_table(doc: Container) -> int:
    for i, (key, item) in enumerate(doc.body):
        if isinstance(item, Table | AoT) and key is not None and not key.is_dotted():
            return i
    return len(doc.body)


def _add_root(doc: Container, key: str, value: Any) -> None:
    if isinstance(value, dict) or _is_tables(value):
        section: Table | AoT = tomlkit.aot() if _is_tables(value) else _table(value)
        if isinstance(section, AoT):
            for entry in value:
                section.append(_table(entry))
        first = section.body[0] if isinstance(section, AoT) else section
        text = doc.as_string().replace("\r\n", "\n")  # a Windows editor's file too
        if text.strip() and not text.endswith("\n\n"):
            # a blank line above the new section, after ending the last line if need be
            first.trivia.indent = "\n" if text.endswith("\n") else "\n\n"
        doc.append(key, section)
        return
    # A plain value must come before the first table, or that table would own it.
    body = doc.body
    limit = _first_table(doc)
    keys = [i for i in range(limit) if not _is_trivia(body[i][1])]
    if keys:
        _insert_key(doc, key, _inline(value), keys[-1] + 1)
        return
    at = limit
    if limit < len(body):  # stay below the file's header, above the first section's comment
        while (before := _neighbour(doc, at - 1, -1)) is not None and isinstance(
            body[before][1], Comment
        ):
            at = before
        if _neighbour(doc, at - 1, -1) is None:
            at = limit
    _insert_key(doc, key, _inline(value), at)
    following = _neighbour(doc, at + 1, 1)
    if following is not None and not _starts_blank(body[following][1]):
        _insert_trivia(doc, at + 1, [Whitespace("\n")])
    before = _neighbour(doc, at - 1, -1)
    if before is not None and isinstance(body[before][1], Comment):
        _insert_trivia(doc, at, [Whitespace("\n")])  # apart from the file's header comment


def _starts_blank(item: Item) -> bool:
    """Whether `item` is, or opens with, a blank line."""
    if isinstance(item, AoT):
        return bool(item.body) and _starts_blank(item.body[0])
    return isinstance(item, Whitespace) or "\n" in item.trivia.indent


def _remove_root(doc: Container, key: str) -> None:
    current = doc.item(key)
    if isinstance(current, OutOfOrderTableProxy):
        doc.remove(key)
        return
    at = _key_index(doc, key)
    tail: list[Item] = []
    if isinstance(current, Table):
        tail = _pop_tail(current.value)
    elif isinstance(current, AoT) and current.body:
        tail = _pop_tail(current.body[-1].value)
    # The comments right above a section sit at the end of the section before it.
    before = _neighbour(doc, at - 1, -1)
    above = doc.body[before][1] if before is not None else None
    holder = above.body[-1] if isinstance(above, AoT) and above.body else above
    if isinstance(holder, Table) and isinstance(current, Table | AoT):
        end = len(holder.value.body)
        start = _drop_comments_above(holder.value, end)
        doc.remove(key)
        for item in tail:
            holder.value.append(None, item)
        _squeeze_blank(holder.value, start)
        return
    start = _drop_comments_above(doc, at)
    doc.remove(key)
    _insert_trivia(doc, at + 1, tail)
    _squeeze_blank(doc, start)


def _set(owner: Container | Table | InlineTable, key: str, value: Any, current: Item) -> None:
    """Replace one value in place: its key, its line and the comment after it stay."""
    new = _inline(value)
    if isinstance(new, Array) and isinstance(current, Array) and "\n" in current.as_string():
        new.multiline(True)
    owner[key] = new


def _merge_table(table: Table | InlineTable, wanted: dict[str, Any], alias: _Alias | None) -> None:
    if alias is not None:
        _rename_aliases(table, wanted, alias)
    container = table.value
    for key in [k for k in table if k not in wanted]:
        current = table.value.item(key)
        if isinstance(table, InlineTable) or isinstance(current, OutOfOrderTableProxy):
            table.remove(key)
            continue
        at = _key_index(container, key)
        start = _drop_comments_above(container, at)
        table.remove(key)
        _squeeze_blank(container, start)
    for key, value in wanted.items():
        if key not in table:
            _add_to_table(table, key, value)
            continue
        current = table.value.item(key)
        if _same(current.unwrap(), value):
            continue
        if isinstance(value, dict) and isinstance(current, Table | InlineTable):
            _merge_table(current, value, None)
        elif isinstance(current, Table | AoT | OutOfOrderTableProxy):
            table.remove(key)
            _add_to_table(table, key, value)
        else:
            _set(table, key, value, current)


def _rename_aliases(table: Table | InlineTable, wanted: dict[str, Any], alias: _Alias) -> None:
    """Respell a key in place (``mon`` to ``monday``) where the wanted key means the same."""
    for key in wanted:
        meaning = alias(key)
        if key in table or meaning is None:
            continue
        for old in list(table):
            if old not in wanted and alias(old) == meaning:
                item = table.value.item(old)
                assert isinstance(item, Item)
                table.value._replace(old, key, item)
                dict.__delitem__(table, old)
                dict.__setitem__(table, key, item)
                break


def _add_to_table(table: Table | InlineTable, key: str, value: Any) -> None:
    """A new key after the table's last key, above the comments that lead to the next section."""
    item = _inline(value)
    if isinstance(table, InlineTable):
        table.append(key, item)
        return
    container = table.value
    at = _tail_start(container)
    if at == 0:  # no keys yet: below the comment lines under the header
        while at < len(container.body) and isinstance(container.body[at][1], Comment | Null):
            at += 1
    _insert_key(container, key, item, at)
    dict.__setitem__(table, key, item)


def _merge_aot(aot: AoT, wanted: list[dict[str, Any]]) -> None:
    """Entry by entry: equal entries untouched, changed ones updated, others added or removed."""
    tables = aot.body
    tail = _pop_tail(tables[-1].value)  # the blank line and comments before the next section
    between = _separator(tables)
    header_indent = tables[0].trivia.indent.lstrip("\r\n")
    old = [_canon(t.unwrap()) for t in tables]
    new = [_canon(entry) for entry in wanted]
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        shared = min(i2 - i1, j2 - j1)
        for k in range(shared):
            _merge_table(tables[i1 + k], wanted[j1 + k], None)
        for k in reversed(range(i1 + shared, i2)):
            del aot[k]
        for k in range(j1 + shared, j2):
            at = i1 + k - j1
            following = tables[at] if at < len(tables) else None
            kept = following.trivia.indent if following is not None else ""
            table = _table(wanted[k])
            aot.insert(at, table)
            table.trivia.indent = header_indent  # AoT.insert adds blank lines of its own
            if following is not None:
                following.trivia.indent = kept
    for table in tables[:-1]:
        if _tail_start(table.value) == len(table.value.body):
            for blank in between:
                table.value.append(None, Whitespace(blank))
    last = tables[-1]
    _pop_tail(last.value)
    for item in tail:
        last.value.append(None, item)


def _separator(tables: list[Table]) -> list[str]:
    """The blank lines the file puts between entries (one by default)."""
    if len(tables) > 1:
        first = tables[0].value
        return [i.s for _, i in first.body[_tail_start(first) :] if isinstance(i, Whitespace)]
    return ["\n"]
