"""Writing a file so that a crash leaves the old one or the new one, never half (storage)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import datetime
from pathlib import Path


class WriteFailedError(OSError):
    """A file could not be written; the message names the file and the reason."""


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace `path` with `data`: temp file in the same folder, fsync, rename, fsync folder.

    The existing file keeps its permission bits unless `mode` is given. On any
    failure the old file is untouched and the temp file is removed.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if mode is None:
            with contextlib.suppress(FileNotFoundError):
                mode = path.stat().st_mode & 0o777
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteFailedError(f"could not write {path}: {exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            tmp.chmod(mode)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise WriteFailedError(f"could not write {path}: {exc.strerror or exc}") from exc
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable, where the system allows opening a folder."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def stamped_name(path: Path, label: str, now: datetime) -> Path:
    """A free name beside `path` for keeping a copy: `<name>.<label>-<local date and time>`.

    The time is the computer's own (what the user's clock said); a second
    copy in the same second gets `-2`, `-3` and so on.
    """
    stamp = now.astimezone().strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{counter}")
    return target
