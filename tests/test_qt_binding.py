"""The Qt binding delivers signals without corrupting Python's reference counts.

PySide6-Essentials 6.12.0 dropped a reference on each signal delivered to a
Python method slot: a running app aborted after a few hundred emits. The
dependency range leaves it out; this guards against a release like it.
"""

from __future__ import annotations

import subprocess
import sys

EMITS = """
from PySide6.QtCore import QCoreApplication, QObject, Signal

app = QCoreApplication([])


class Source(QObject):
    changed = Signal()
    counted = Signal(int)


class Listener(QObject):
    def on_changed(self) -> None:
        return None

    def on_counted(self, n: int) -> bool:
        return n >= 0


source, listener = Source(), Listener()
source.changed.connect(listener.on_changed)
source.counted.connect(listener.on_counted)
for n in range(20_000):
    source.changed.emit()
    source.counted.emit(n)
print("delivered")
"""


def test_many_signals_reach_method_slots_without_crashing_the_interpreter() -> None:
    run = subprocess.run(
        [sys.executable, "-c", EMITS],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert (run.returncode, run.stdout.strip()) == (0, "delivered"), run.stderr[-2000:]
