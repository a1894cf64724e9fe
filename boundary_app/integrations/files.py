"""Writing a small file so that a crash leaves the old one or the new one (integrations).

The integrations' own copy of `storage.atomic.write_atomic`: the import
contract keeps the integrations and storage layers independent of each
other, so the feed cache, the quiet-evenings state and the login items
share this one instead.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def replace_file(path: Path, data: bytes, mode: int) -> None:
    """Replace `path` with `data`: temp file in the same folder, fsync, rename, fsync folder.

    The new file gets `mode`. On any failure the old file is untouched, the
    temp file is removed and the `OSError` is raised.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    with contextlib.suppress(OSError):
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
