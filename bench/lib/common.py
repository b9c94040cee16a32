"""Small helpers shared by the benchmark modules: paths, logging, ports, medians, timing."""
from __future__ import annotations

import contextlib
import os
import socket
import statistics
import subprocess
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

LOAD_CORE_SPIN = os.environ.get("BENCH_LOAD_CORE_SPIN", "1") != "0"
"""Whether `load_core_awake` keeps the load core busy (`BENCH_LOAD_CORE_SPIN=0` turns it off)."""


@contextlib.contextmanager
def load_core_awake():
    """Keep the load core from going idle while wrk runs: a busy loop at the lowest priority
    (SCHED_IDLE), which takes only cycles nothing else wants and gives way at once to wrk.

    On this VM an idle vCPU now and then misses the wakeup for wrk's response and sleeps until its
    next tick, about 100 ms later (seen with ftrace: the server wrote the answer within 0.2 ms, the
    client's `sched_wakeup` came 100 ms after its `sched_waking`). At one connection the load core
    idles between every request, so one such miss in a run set max and p99 for whichever server
    happened to be measured. A busy core takes the wakeup as an interrupt while running instead.
    The same loop runs for every server and the ceiling.
    """
    if not LOAD_CORE_SPIN:
        yield
        return
    spinner = subprocess.Popen(["chrt", "--idle", "0", "taskset", "-c", str(LOAD_CORE), "sh", "-c", "while :; do :; done"],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        yield
    finally:
        spinner.kill()
        spinner.wait()


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
