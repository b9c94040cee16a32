"""The workloads and how one is measured on one server at one concurrency.

A measurement: a probe request from Python (a workload the server cannot serve is recorded as
"n/a" with the answer, and the run goes on), peak-RSS reset, a warm-up run, then `reps` timed wrk
runs; for each, the server's CPU seconds are read before and after. Figures are medians over the
repetitions; peak RSS is the highest VmHWM over the whole measurement.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Callable

import requests

from . import wrk
from . import api
from .api import MIXED_KEYS, VALUE, Fixture, transit_plaintext
from .common import log, median


@dataclass
class Workload:
    """One request pattern. `params(fixture)` gives the Lua script's parameters; `probe(fixture)`
    gives one representative request (method, path, json body or None, token or None)."""

    name: str
    label: str
    script: str
    params: Callable[[Fixture], dict]
    probe: Callable[[Fixture], tuple]
    makes_tokens: bool = False
    unavailable: Callable[[Fixture], str | None] = lambda f: None
    setups: tuple = ("dev", "durable")


def _fixed(method, path, token="", body=""):
    return {"method": method, "path": path, "token": token, "body": body}


_PLAINTEXT = transit_plaintext()

WORKLOADS = [
    Workload("kv_read", "KV v2 read", "fixed",
             lambda f: _fixed("GET", "/v1/secret/data/k", f.token),
             lambda f: ("GET", "secret/data/k", None, f.token)),
    # The same read with the root token, which skips policy evaluation on both servers: shows what
    # the ACL and token checks cost. Dev setup only (the path is the same with durable storage).
    Workload("kv_read_root", "KV v2 read, root token", "fixed",
             lambda f: _fixed("GET", "/v1/secret/data/k", f.root),
             lambda f: ("GET", "secret/data/k", None, f.root), setups=("dev",)),
    Workload("kv_write", "KV v2 write", "kv_write",
             lambda f: {"mount": "secret", "prefix": "w/t", "keys": 1000, "token": f.token, "value": VALUE},
             lambda f: ("POST", "secret/data/w/probe", {"data": {"value": VALUE}}, f.token)),
    Workload("mixed", "mixed 90 % read / 10 % write", "mixed",
             lambda f: {"mount": "secret", "prefix": "mixed/m", "keys": MIXED_KEYS, "token": f.token, "value": VALUE},
             lambda f: ("GET", "secret/data/mixed/m0", None, f.token)),
    Workload("transit_encrypt", "transit encrypt (64 B, aes256-gcm96)", "fixed",
             lambda f: _fixed("POST", "/v1/transit/encrypt/k", f.token, json.dumps({"plaintext": _PLAINTEXT})),
             lambda f: ("POST", "transit/encrypt/k", {"plaintext": _PLAINTEXT}, f.token),
             unavailable=lambda f: f.transit_error),
    Workload("lookup_self", "token lookup-self", "fixed",
             lambda f: _fixed("GET", "/v1/auth/token/lookup-self", f.token),
             lambda f: ("GET", "auth/token/lookup-self", None, f.token)),
    Workload("approle_login", "AppRole login", "fixed",
             lambda f: _fixed("POST", "/v1/auth/approle/login", "",
                              json.dumps({"role_id": f.role_id, "secret_id": f.secret_id})),
             lambda f: ("POST", "auth/approle/login", {"role_id": f.role_id, "secret_id": f.secret_id}, None),
             makes_tokens=True, unavailable=lambda f: f.approle_error),
    Workload("token_create", "token create (short TTL)", "fixed",
             lambda f: _fixed("POST", "/v1/auth/token/create", f.token,
                              json.dumps({"ttl": api.TOKEN_TTL, "policies": ["default"]})),
             lambda f: ("POST", "auth/token/create", {"ttl": api.TOKEN_TTL, "policies": ["default"]}, f.token),
             makes_tokens=True),
]

BY_NAME = {w.name: w for w in WORKLOADS}


@dataclass
class Settings:
    """How long and how often to measure."""

    duration: float = 10.0
    warmup: float = 3.0
    reps: int = 3
    wrk_threads: int = 1


class ServerGone(RuntimeError):
    """The server under test exited during a measurement."""


# The workloads measured in alternation with the bare HTTP ceiling (dev setup).
CEILING_WORKLOADS = ("kv_read", "kv_read_root")


def probe(server, workload: Workload, fixture: Fixture) -> str | None:
    """Send the workload's representative request once; the reason it cannot be measured, or None."""
    reason = workload.unavailable(fixture)
    if reason:
        return f"setup failed: {reason}"
    method, path, body, token = workload.probe(fixture)
    headers = {"X-Vault-Token": token} if token else {}
    try:
        r = requests.request(method, f"{server.addr}/v1/{path}", json=body, headers=headers, timeout=30)
    except requests.RequestException as error:
        return f"{method} /v1/{path}: {error}"
    if r.status_code >= 300:
        return f"{method} /v1/{path} -> {r.status_code} {r.text[:300]}"
    return None


def _one_rep(server, script: str, params: dict, connections: int, settings: Settings) -> dict:
    """One measured wrk run, with the server's CPU seconds over it."""
    cpu0 = server.cpu_seconds()
    result = wrk.run(server.addr, script, params, connections, settings.duration, settings.wrk_threads)
    if not server.alive():
        raise ServerGone(f"{server.name} exited (status {server.proc.returncode}) during {script}")
    cpu = server.cpu_seconds() - cpu0
    return {
        "requests": result.requests, "seconds": round(result.seconds, 3), "rps": result.rps,
        "p50_ms": result.p50_ms, "p90_ms": result.p90_ms, "p99_ms": result.p99_ms, "max_ms": result.max_ms,
        "cpu_s": cpu, "cpu_s_per_1k": cpu / result.requests * 1000 if result.requests else None,
        "errors": result.errors, "statuses": result.statuses, "socket_errors": result.socket_errors,
        "bad_sample": result.bad_sample,
    }


def _summary(server, connections: int, reps: list, hwm_reset: bool) -> dict:
    return {
        "status": "ok",
        "connections": connections,
        "rps": median(r["rps"] for r in reps),
        "p50_ms": median(r["p50_ms"] for r in reps),
        "p99_ms": median(r["p99_ms"] for r in reps),
        "cpu_s_per_1k": median(r["cpu_s_per_1k"] for r in reps),
        "peak_rss_mib": server.peak_rss_mib(),
        "peak_rss_reset": hwm_reset,
        "errors": sum(r["errors"] for r in reps),
        "requests": sum(r["requests"] for r in reps),
        "reps": reps,
    }


def run_wrk_measured(server, script: str, params: dict, connections: int, settings: Settings) -> dict:
    """Warm-up plus `settings.reps` measured wrk runs of one script; medians and per-rep figures."""
    hwm_reset = server.reset_peak_rss() if hasattr(server, "reset_peak_rss") else False
    wrk.run(server.addr, script, params, connections, settings.warmup, settings.wrk_threads)
    reps = [_one_rep(server, script, params, connections, settings) for _ in range(settings.reps)]
    return _summary(server, connections, reps, hwm_reset)


def run_paired_with_ceiling(server, ceiling, script: str, params: dict, connections: int, settings: Settings) -> dict:
    """`run_wrk_measured`, with the bare HTTP ceiling measured in alternation: each repetition is a
    pair of runs back to back, one on the ceiling and one on the server (which goes first
    alternates), so both see the host in the same state. The result is the server's, plus the
    ceiling's figures from the same pairs and the server's share of the ceiling: the median of the
    pairs' ratios."""
    hwm_reset = server.reset_peak_rss() if hasattr(server, "reset_peak_rss") else False
    wrk.run(ceiling.addr, script, params, connections, settings.warmup, settings.wrk_threads)
    wrk.run(server.addr, script, params, connections, settings.warmup, settings.wrk_threads)
    reps, ceiling_reps = [], []
    for i in range(settings.reps):
        order = (ceiling, server) if i % 2 == 0 else (server, ceiling)
        for who in order:
            rep = _one_rep(who, script, params, connections, settings)
            (ceiling_reps if who is ceiling else reps).append(rep)
    result = _summary(server, connections, reps, hwm_reset)
    result["ceiling"] = _summary(ceiling, connections, ceiling_reps, False)
    result["ceiling_share"] = median(r["rps"] / c["rps"] for r, c in zip(reps, ceiling_reps) if c["rps"])
    return result


def measure(server, workload: Workload, fixture: Fixture, connections: int, settings: Settings, ceiling=None) -> dict:
    """Measure `workload` on `server` at `connections`; "n/a" with the reason when it cannot run.
    With `ceiling` (a running bare HTTP ceiling), the ceiling is measured in alternation with the
    server (`run_paired_with_ceiling`)."""
    reason = probe(server, workload, fixture)
    if reason:
        log(f"  {workload.name} c{connections}: n/a ({reason[:160]})")
        return {"status": "n/a", "reason": reason, "connections": connections}
    params = workload.params(fixture)
    if ceiling is None:
        result = run_wrk_measured(server, workload.script, params, connections, settings)
    else:
        result = run_paired_with_ceiling(server, ceiling, workload.script, params, connections, settings)
    line = (f"  {workload.name} c{connections}: {result['rps']:.0f} req/s, p50 {result['p50_ms']:.2f} ms, "
            f"p99 {result['p99_ms']:.2f} ms, cpu {fmt(result['cpu_s_per_1k'])} s/1k, peak {fmt(result['peak_rss_mib'])} MiB")
    if "ceiling" in result:
        line += f"; ceiling in the same pairs {result['ceiling']['rps']:.0f} req/s, share {result['ceiling_share'] * 100:.0f} %"
    if result["errors"]:
        line += f", {result['errors']} errors {merged_statuses(result)}"
    log(line)
    return result


def merged_statuses(result: dict) -> dict:
    merged: dict = {}
    for rep in result.get("reps", []):
        for status, count in rep["statuses"].items():
            merged[status] = merged.get(status, 0) + count
        for kind, count in rep["socket_errors"].items():
            if kind != "status" and count:
                merged[kind] = merged.get(kind, 0) + count
    return merged


def fmt(value, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}g}"


def settle(server, min_wait: float, max_wait: float, idle_cpu_fraction: float = 0.05) -> dict:
    """Wait `min_wait` seconds, then until the server uses under `idle_cpu_fraction` of a core over
    one second (at most `max_wait` seconds in all); returns the wait and the RSS then (in all, and
    split into anonymous and file pages)."""
    started = time.monotonic()
    time.sleep(min_wait)
    idle = False
    while time.monotonic() - started < max_wait:
        cpu0 = server.cpu_seconds()
        time.sleep(1.0)
        if server.cpu_seconds() - cpu0 < idle_cpu_fraction:
            idle = True
            break
    return {"waited_s": round(time.monotonic() - started, 1), "idle": idle, "rss_mib": server.rss_mib(),
            "rss_parts_mib": server.rss_parts_mib()}
