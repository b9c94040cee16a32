"""Running wrk on the load core with one of bench/lua's scripts, and reading its result line.

A script is assembled from three parts: a prelude that defines the table `P` with the workload's
parameters, the workload script (bench/lua/<name>.lua), and bench/lua/report.lua, whose `done`
prints a `BENCH_RESULT {json}` line with exact percentiles and the non-2xx answers seen.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field

from .common import LOAD_CORE, LUA, load_core_awake


@dataclass
class WrkResult:
    """One wrk run: totals and latency percentiles (ms) as wrk measured them."""

    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    p999_ms: float
    max_ms: float
    socket_errors: dict
    bad: int
    statuses: dict
    bad_sample: str
    raw: dict = field(repr=False, default_factory=dict)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds > 0 else 0.0

    @property
    def errors(self) -> int:
        """Non-2xx answers plus connect/read/write/timeout errors."""
        return self.bad + sum(v for k, v in self.socket_errors.items() if k != "status")


def _lua_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def build_script(name: str, params: dict) -> str:
    """The full Lua text for workload script `name` with parameters `params` (strings and numbers)."""
    prelude = "P = {" + ", ".join(f"{k} = {_lua_value(v)}" for k, v in params.items()) + "}\n"
    with open(os.path.join(LUA, f"{name}.lua")) as f:
        body = f.read()
    with open(os.path.join(LUA, "report.lua")) as f:
        report = f.read()
    return prelude + body + "\n" + report


def _end_when_threads_done(proc: subprocess.Popen, done_file: str, threads: int, limit: float) -> None:
    """Send wrk SIGINT (it then prints its summary) once `threads` lines are in `done_file`."""
    deadline = time.monotonic() + limit
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            with open(done_file) as f:
                if len(f.read().splitlines()) >= threads:
                    proc.send_signal(signal.SIGINT)
                    return
        except FileNotFoundError:
            pass
        time.sleep(0.05)


def run(url: str, script: str, params: dict, connections: int, duration: float, threads: int = 1,
        timeout_s: float = 10.0, slack_s: float = 60.0) -> WrkResult:
    """Run wrk against `url` (scheme://host:port) pinned to the load core and return its result.

    `duration` bounds the run (wrk -d); wrk itself is killed `slack_s` after that at the latest.
    With `params["done_file"]` (the bounded loader) wrk is ended as soon as every thread has
    written its line there.
    """
    params = dict(params)
    params.setdefault("threads", threads)
    text = build_script(script, params)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix=f"bench-{script}-", delete=False) as f:
        f.write(text)
        path = f.name
    seconds = max(1, int(round(duration)))
    command = ["taskset", "-c", str(LOAD_CORE), "wrk", "-t", str(threads), "-c", str(connections),
               "-d", f"{seconds}s", "--timeout", f"{int(timeout_s)}s", "--latency", "-s", path, url]
    done_file = params.get("done_file")
    try:
        with load_core_awake():
            proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            if done_file:
                _end_when_threads_done(proc, done_file, threads, seconds + slack_s)
            try:
                stdout, stderr = proc.communicate(timeout=seconds + slack_s)
            except subprocess.TimeoutExpired:
                proc.kill()
                stdout, stderr = proc.communicate()
    finally:
        os.unlink(path)
    done = subprocess.CompletedProcess(command, proc.returncode, stdout, stderr)
    for line in done.stdout.splitlines():
        if line.startswith("BENCH_RESULT "):
            data = json.loads(line[len("BENCH_RESULT "):])
            return WrkResult(
                requests=data["requests"], seconds=data["duration_us"] / 1e6,
                p50_ms=data["p50_us"] / 1000, p90_ms=data["p90_us"] / 1000, p99_ms=data["p99_us"] / 1000,
                p999_ms=data["p999_us"] / 1000, max_ms=data["max_us"] / 1000,
                socket_errors=data["errors"], bad=data["bad"], statuses=data["statuses"],
                bad_sample=data["bad_sample"], raw=data)
    raise RuntimeError(f"wrk gave no result (exit {done.returncode}): {done.stdout[-2000:]} {done.stderr[-2000:]}")
