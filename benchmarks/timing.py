"""Timing shared by the benchmarks: CPU time of repeated runs, best and median in ms."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def best_ms(run: Callable[[], object], repeats: int) -> tuple[float, float]:
    """The best and the median CPU time of `repeats` runs of `run`, in milliseconds."""
    times = []
    for _ in range(repeats):
        began = time.process_time()
        run()
        times.append((time.process_time() - began) * 1000)
    return min(times), statistics.median(times)
