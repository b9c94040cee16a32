"""Small helpers shared by the benchmark modules: paths, logging, ports, medians, timing."""
from __future__ import annotations

import os
import socket
import statistics
import sys
import time

BENCH = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(BENCH)
LUA = os.path.join(BENCH, "lua")
RESULTS = os.path.join(BENCH, "results")

SERVER_CORE = 0
"""The core every measured server is pinned to (`taskset -c 0`)."""
LOAD_CORE = 1
"""The core the load generator, the seal provider and this script run on."""

_started = time.monotonic()


def log(message: str) -> None:
    """Print a progress line with the time since the run started (to stderr, unbuffered)."""
    elapsed = time.monotonic() - _started
    print(f"[{int(elapsed) // 60:3d}:{int(elapsed) % 60:02d}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def median(values):
    """The median of the numbers in `values` that are not None, or None when there are none."""
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def pin_self_to_load_core() -> None:
    """Keep this orchestrating process off the server's core (its children inherit it unless pinned)."""
    try:
        os.sched_setaffinity(0, {LOAD_CORE})
    except (AttributeError, OSError):
        pass


def wait_until(predicate, timeout: float, interval: float = 0.05, what: str = "condition"):
    """Call `predicate` until it returns a truthy value (returned) or `timeout` seconds pass (raises)."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except Exception as error:  # noqa: BLE001 — the predicate's failure is retried, then reported
            last_error = error
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}" + (f": {last_error}" if last_error else ""))
