"""A writer killed at random moments never loses an acknowledged task or damages the journal.

The writer prints ``ack N`` only after `add_task` returned, so every
acknowledged task must be in the journal whatever instant the kill came at.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from boundary_app.storage.journal import open_journal

NOW = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
DAY = date(2026, 5, 4)
ACKS_WANTED = 200
TIME_LIMIT_S = 25.0

WRITER = """
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from boundary_app.storage.journal import open_journal

path, first = Path(sys.argv[1]), int(sys.argv[2])
opened_at = datetime(2026, 5, 4, 12, 0, tzinfo=UTC)
opened = open_journal(path, now=opened_at)
if opened.notice is not None:
    print("notice", opened.notice.replace("\\n", " "), flush=True)
    sys.exit(3)
print("ready", flush=True)
for n in range(first, first + 100_000):
    opened.journal.add_task(f"task {n}", date(2026, 5, 4), opened_at)
    print(f"ack {n}", flush=True)
"""


def run_and_kill(path: Path, first: int, rng: random.Random) -> list[int]:
    """Start a writer, SIGKILL it at a random moment, and return the tasks it acknowledged."""
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), str(first)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        if rng.random() < 0.2:
            # Now and then, while it starts up and opens (or creates) the journal.
            time.sleep(rng.uniform(0.0, 0.25))
        else:
            line = writer.stdout.readline()
            assert line == "ready\n", f"writer said {line!r}; stderr: {writer.stderr}"
            time.sleep(rng.uniform(0.0, 0.005))
        writer.kill()  # SIGKILL
        out, err = writer.communicate(timeout=30)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait()
    assert writer.returncode == -9, f"writer ended by itself ({writer.returncode}): {out}{err}"
    complete_lines = out.split("\n")[:-1]  # a line cut off by the kill does not count
    return [int(line.split()[1]) for line in complete_lines if line.startswith("ack ")]


def test_acknowledged_tasks_survive_sigkill(tmp_path: Path) -> None:
    path = tmp_path / "boundary-app" / "journal.sqlite3"
    rng = random.Random(20260504)
    acknowledged: set[int] = set()
    rounds = 0
    started = time.monotonic()
    while len(acknowledged) < ACKS_WANTED:
        assert time.monotonic() - started < TIME_LIMIT_S, (
            f"only {len(acknowledged)} acknowledged after {rounds} kills"
        )
        acknowledged.update(run_and_kill(path, rounds * 100_000, rng))
        rounds += 1
        opened = open_journal(path, now=NOW)
        journal = opened.journal
        try:
            assert (opened.notice, opened.moved_to) == (None, None)
            assert journal.available
            db = journal._db
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            stored = {t.text for t in journal.tasks_for(DAY)}
            lost = sorted(n for n in acknowledged if f"task {n}" not in stored)
            assert not lost, f"acknowledged but lost after kill {rounds}: {lost[:10]}"
        finally:
            journal.close()
    assert rounds >= 5, "the writer should have been killed several times"
    assert not [p for p in path.parent.iterdir() if ".broken-" in p.name]
