"""Filling a server with many KV entries or tokens (leases) quickly, bounded in count and time.

The fast path is wrk with bench/lua/loader.lua: distinct keys (or token creations) over many
connections, each thread stopping once every write it sent is answered. The count of acknowledged
writes is checked afterwards; KV keys that wrk lost (a connection it had to reopen) are found with
a LIST and written from Python.
"""
from __future__ import annotations

import os
import tempfile
import time

from . import wrk
from .api import VALUE, Client, kv_put
from .common import log


def _loader(server, params: dict, count: int, connections: int, time_limit: float) -> wrk.WrkResult:
    threads = 2 if count >= 1000 else 1
    with tempfile.NamedTemporaryFile(prefix="bench-loader-", suffix=".done", delete=False) as f:
        done_file = f.name
    os.unlink(done_file)
    try:
        return wrk.run(server.addr, "loader", {**params, "done_file": done_file, "value": VALUE, "ttl": "24h"},
                       connections=connections, duration=time_limit, threads=threads, timeout_s=30)
    finally:
        if os.path.exists(done_file):
            os.unlink(done_file)


def load_kv(server, token: str, prefix: str, first: int, last: int, connections: int = 32,
            time_limit: float = 3600) -> dict:
    """Write `secret/<prefix><n>` for first <= n < last. Returns counts, seconds and whether it completed."""
    count = last - first
    if count <= 0:
        return {"loaded": 0, "seconds": 0.0, "complete": True}
    started = time.monotonic()
    result = _loader(server, {"kind": "kv", "mount": "secret", "prefix": prefix, "first": first, "last": last,
                              "token": token}, count, connections, time_limit)
    seconds = time.monotonic() - started
    acked = result.raw.get("answered", 0) - result.bad
    complete = acked >= count and result.bad == 0
    info = {"loaded": acked, "seconds": round(seconds, 1), "rate": round(acked / seconds, 1) if seconds else None,
            "complete": complete, "errors": result.errors, "statuses": result.statuses,
            "bad_sample": result.bad_sample}
    if not complete and seconds < time_limit and count - acked <= 20000:
        info["filled"] = _fill_missing_kv(server, token, prefix, first, last)
        info["complete"] = True
    return info


def _fill_missing_kv(server, token: str, prefix: str, first: int, last: int) -> int:
    """Write from Python the keys in [first, last) that a LIST of their folder does not show."""
    folder, stem = prefix.rsplit("/", 1) if "/" in prefix else ("", prefix)
    client = Client(server.addr, token)
    r = client.call("GET", f"secret/metadata/{folder}/" if folder else "secret/metadata/",
                    params={"list": "true"}, timeout=600)
    present = set(r.json()["data"]["keys"])
    missing = [n for n in range(first, last) if f"{stem}{n}" not in present]
    log(f"  loader: {len(missing)} keys missing after wrk; writing them from Python")
    for n in missing:
        kv_put(client, f"{prefix}{n}")
    return len(missing)


def load_tokens(server, root: str, count: int, connections: int = 32, time_limit: float = 3600) -> dict:
    """Create `count` orphan tokens with a 24 h TTL (each one a lease) with the root token."""
    if count <= 0:
        return {"created": 0, "seconds": 0.0, "complete": True}
    started = time.monotonic()
    created, rounds, result = 0, 0, None
    while created < count and rounds < 3 and time.monotonic() - started < time_limit:
        rounds += 1
        result = _loader(server, {"kind": "token", "mount": "secret", "prefix": "", "first": 0,
                                  "last": count - created, "token": root},
                         count - created, connections, time_limit - (time.monotonic() - started))
        created += result.raw.get("answered", 0) - result.bad
        if result.bad:
            break
    seconds = time.monotonic() - started
    return {"created": created, "seconds": round(seconds, 1), "rate": round(created / seconds, 1) if seconds else None,
            "complete": created >= count, "errors": result.errors if result else 0,
            "statuses": result.statuses if result else {}, "bad_sample": result.bad_sample if result else ""}
