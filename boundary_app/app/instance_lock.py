"""One Boundary per user: an advisory lock on a file in the runtime folder (app).

The system drops a `flock` when its process dies, however it dies, so a
crashed instance never blocks the next start. Qt-free, so a second start can
find out cheaply that it should only ask the first to come forward.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO


class InstanceLock:
    """Held by the running instance for as long as it lives."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: IO[str] | None = None

    def acquire(self) -> bool:
        """Take the lock; False if another live instance holds it."""
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115  # kept open while held
        try:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # no flock (Windows): the socket alone decides
            pass
        except OSError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._file = handle
        return True

    def release(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
