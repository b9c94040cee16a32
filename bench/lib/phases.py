"""The benchmark's phases, each run for Arca and then for OpenBao under the same conditions.

- `matrix`: every workload at every concurrency on a fresh server of one storage setup (dev or
  durable), with idle RSS before and RSS after the token-making workloads once their tokens expired;
  in the dev setup also the bare HTTP ceiling, measured in alternation with each server's KV reads.
- `restarts`: a durable store with N KV entries and M leases (tokens with a 24 h TTL); each restart
  measures process start → `sys/health` 200 (auto-unseal) and → lease restore complete (log line).
- `scale`: a durable store filled to 10^4, 10^5, 10^6 keys; KV read and write of random keys at
  each point, and LIST of the folder up to a size limit (plain and with OpenBao's `limit`/`after`).
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from . import api, load, servers, workloads
from .api import Client
from .common import log, median
from .workloads import Settings


@dataclass
class Plan:
    """Everything the command line decides."""

    settings: Settings
    scale_settings: Settings
    kinds: list
    setups: list
    workloads: list
    connections: list
    scale_connections: list
    scale_keys: list
    max_keys: dict
    lease_counts: list
    max_leases: dict
    cold_entries: int
    list_max: int
    list_reps: int
    settle: float
    expiry_wait_max: float
    load_connections: int
    load_time_limit: float
    phases: list
    problems: list = field(default_factory=list)


def _problem(plan: Plan, server, what: str, detail: str) -> None:
    """Record something a server did wrong, with the end of its log."""
    plan.problems.append({"server": server.name, "what": what, "detail": detail[:2000],
                          "log_tail": server.log_tail(25), "log": server.log_path})


def _check_errors(plan: Plan, server, label: str, result: dict) -> None:
    if result.get("status") == "ok" and result["errors"]:
        sample = next((r["bad_sample"] for r in result["reps"] if r["bad_sample"]), "")
        _problem(plan, server, label, f"{result['errors']} errors of {result['requests']} requests: "
                                      f"{workloads.merged_statuses(result)}; first bad answer: {sample}")


def start_server(kind: str, storage: str, binaries: dict, seal) -> tuple:
    """Start a fresh server and prepare it; returns (server, fixture)."""
    server = servers.dev_server(kind, binaries) if storage == "dev" else servers.durable_server(kind, binaries, seal)
    server.start()
    try:
        client = Client(server.addr)
        if storage == "dev":
            server.wait_http("/v1/sys/health")
            root, recovery = "root", ""
        else:
            server.wait_http("/v1/sys/seal-status")
            root, recovery = api.init_auto_unseal(client)
        server.root_token = root
        fixture = api.prepare(client, root, durable=storage == "durable")
        fixture.recovery_key = recovery
    except Exception as error:
        tail = server.log_tail(15)
        server.stop()
        raise RuntimeError(f"{server.name}: {error}\n--- end of its log ---\n{tail}") from error
    return server, fixture


def _check_executor(plan: Plan, server) -> None:
    """Arca logs at start whether Swift tasks run on its event loops; note it if they do not."""
    if server.kind == "arca" and "swift tasks run on the event loops" not in server.log_text():
        _problem(plan, server, "executor", "the log does not say that Swift tasks run on the event loops "
                                           "(GlobalExecutor not installed): figures include thread switches")


def _guarded(plan: Plan, label: str, kind: str, binaries: dict, seal, body) -> dict:
    """Start a durable server, run `body(server, fixture)`, stop it; a failure becomes a problem note."""
    try:
        server, fixture = start_server(kind, "durable", binaries, seal)
    except Exception as error:  # noqa: BLE001 — one server's failure must not end the run
        log(f"  {kind} did not start: {error}")
        plan.problems.append({"server": f"{kind}-durable", "what": f"{label}: start and setup", "detail": str(error)[:3000]})
        return {"error": str(error)[:500]}
    _check_executor(plan, server)
    try:
        return body(server, fixture)
    except Exception as error:  # noqa: BLE001
        log(f"  {kind} {label} failed: {error!r}")
        _problem(plan, server, label, repr(error))
        return {"error": repr(error)[:500]}
    finally:
        server.stop()
        servers.remove_store(server)


def matrix(plan: Plan, storage: str, binaries: dict, seal, ceiling_binary: str | None) -> dict:
    """All workloads × concurrencies for each server in one storage setup. In the dev setup the
    bare HTTP ceiling runs beside the servers (idle but for its own runs) and is measured in
    alternation with each server's KV read workloads."""
    out: dict = {"servers": {}, "ceiling": None}
    ceiling = None
    try:
        for kind in plan.kinds:
            log(f"{storage}: {kind}")
            try:
                server, fixture = start_server(kind, storage, binaries, seal)
            except Exception as error:  # noqa: BLE001 — one server's failure must not end the run
                log(f"  {kind} {storage} did not start: {error}")
                plan.problems.append({"server": f"{kind}-{storage}", "what": "start and setup", "detail": repr(error)[:2000]})
                out["servers"][kind] = {"error": repr(error)}
                continue
            _check_executor(plan, server)
            if ceiling is None and ceiling_binary and storage == "dev" and "kv_read" in plan.workloads:
                # The first server's KV read body (Arca's, as Arca runs first) is what the ceiling returns.
                ceiling = _start_ceiling(ceiling_binary, fixture.kv_read_body)
            try:
                out["servers"][kind] = _matrix_one(plan, server, fixture, ceiling)
            except Exception as error:  # noqa: BLE001 — e.g. ServerGone; the other server still runs
                log(f"  {kind} {storage} matrix stopped: {error!r}")
                _problem(plan, server, f"{storage} matrix", repr(error))
                out["servers"][kind] = {"error": repr(error)[:500]}
            finally:
                server.stop()
                servers.remove_store(server)
    finally:
        if ceiling is not None:
            ceiling.stop()
    if ceiling is not None:
        out["ceiling"] = _ceiling_figures(out)
    return out


def _matrix_one(plan: Plan, server, fixture, ceiling=None) -> dict:
    result = {"workloads": {}, "version": _version(server)}
    result["idle"] = workloads.settle(server, plan.settle, plan.settle + 30)
    result["idle_rss_mib"] = result["idle"]["rss_mib"]
    log(f"  idle RSS {result['idle_rss_mib']:.1f} MiB")
    ttl = float(api.TOKEN_TTL.rstrip("s"))
    for name in plan.workloads:
        workload = workloads.BY_NAME[name]
        if server.storage not in workload.setups:
            continue
        if workload.makes_tokens and "before_tokens" not in result:
            # What the KV and transit workloads left (stored versions, caches), so the tokens'
            # own share of the RSS after the run can be told apart from it.
            result["before_tokens"] = workloads.settle(server, plan.settle, plan.settle + 30)
            log(f"  before the token-making workloads: RSS {result['before_tokens']['rss_mib']:.1f} MiB")
        paired = ceiling if name in workloads.CEILING_WORKLOADS else None
        per_conn = {}
        for connections in plan.connections:
            r = workloads.measure(server, workload, fixture, connections, plan.settings, ceiling=paired)
            _check_errors(plan, server, f"{server.storage} {name} c{connections}", r)
            per_conn[str(connections)] = r
        if workload.makes_tokens and any(r.get("status") == "ok" for r in per_conn.values()):
            # The TTL outlasts this workload's measurements, so no token expires while they run;
            # wait here until every one has and the server is idle again before the next workload.
            # The last token was made when the measurements ended, so none is idle-tested before
            # it is due (a pause in the expiries before then would look like the end of them).
            after = workloads.settle(server, ttl + 2, ttl + plan.expiry_wait_max)
            per_conn["after_expiry"] = after
            log(f"  after {name} tokens expired: RSS {after['rss_mib']:.1f} MiB "
                f"(waited {after['waited_s']} s, {'idle' if after['idle'] else 'still busy'})")
        result["workloads"][name] = per_conn
    last = next((result["workloads"][n]["after_expiry"] for n in reversed(plan.workloads)
                 if "after_expiry" in result["workloads"].get(n, {})), None)
    result["rss_after_load_mib"] = last["rss_mib"] if last else None
    return result


def _start_ceiling(binary: str, body: bytes):
    """The bare HTTP ceiling, started and answering, returning `body` to every request."""
    log(f"ceiling: Hummingbird returning the captured KV read body ({len(body)} bytes), "
        f"measured in alternation with each server's KV reads")
    body_file = os.path.join(servers.run_root(), "kv-read-body.json")
    with open(body_file, "wb") as f:
        f.write(body)
    ceiling = servers.ceiling_server(binary, body_file)
    ceiling.start()
    try:
        ceiling.wait_http("/v1/secret/data/k")
    except Exception:
        ceiling.stop()
        raise
    return ceiling


def _ceiling_figures(out: dict) -> dict:
    """The ceiling's column: its figures from the pairs with Arca's KV reads (the first server's
    when Arca did not run), per concurrency."""
    figures: dict = {}
    for kind in ("arca", "openbao"):
        reads = out["servers"].get(kind, {}).get("workloads", {}).get("kv_read", {})
        for conns, result in reads.items():
            if isinstance(result, dict) and "ceiling" in result and conns not in figures:
                figures[conns] = result["ceiling"]
    return figures


def _version(server) -> str:
    try:
        return Client(server.addr).data("GET", "sys/seal-status").get("version", "")
    except Exception:  # noqa: BLE001 — informational only
        return ""


def restarts(plan: Plan, binaries: dict, seal) -> dict:
    """Cold start and lease restore on a durable store, for each server."""
    out = {}
    for kind in plan.kinds:
        log(f"restarts: {kind}")
        out[kind] = _guarded(plan, "restarts", kind, binaries, seal, lambda s, f: _restarts_one(plan, s, f))
    return out


def _restarts_one(plan: Plan, server, fixture) -> dict:
    cap = plan.max_leases.get(server.kind)
    targets = sorted({plan.cold_entries, *plan.lease_counts})
    targets = [t for t in targets if cap is None or t <= cap or t == plan.cold_entries]
    result = {"kv_entries": plan.cold_entries, "points": [], "capped_at": cap}
    loaded = load.load_kv(server, fixture.root, "cold/k", 0, plan.cold_entries, plan.load_connections,
                          plan.load_time_limit)
    result["kv_load"] = loaded
    log(f"  {plan.cold_entries} KV entries in {loaded['seconds']} s")
    leases = 0
    for target in targets:
        made = load.load_tokens(server, fixture.root, target - leases, plan.load_connections, plan.load_time_limit)
        leases += made["created"]
        log(f"  {leases} leases ({made['created']} tokens in {made['seconds']} s)")
        if not made["complete"]:
            _problem(plan, server, f"creating {target} tokens", f"{made}")
            break
        point = _restart(server)
        point.update({"leases": leases, "token_load": made})
        result["points"].append(point)
        log(f"  restart with {leases} leases: health 200 after {point['health_s']:.3f} s, "
            f"leases restored after {_s(point['restored_s'])} s, idle RSS {point['rss_mib']:.1f} MiB")
    return result


def _s(value) -> str:
    return "-" if value is None else f"{value:.3f}"


def _restart(server, restore_timeout: float = 1800) -> dict:
    """Stop, start again, and time health 200 and the lease-restore log line from the exec."""
    server.stop()
    before = server.restores_logged()
    started = server.start()
    health_s = server.wait_http("/v1/sys/health", timeout=300)
    restored_s = None
    deadline = time.monotonic() + restore_timeout
    while time.monotonic() < deadline and server.alive():
        if server.restores_logged() > before:
            restored_s = time.monotonic() - started
            break
        time.sleep(0.01)
    time.sleep(1.0)
    return {"health_s": health_s, "restored_s": restored_s, "rss_mib": server.rss_mib()}


def scale(plan: Plan, binaries: dict, seal) -> dict:
    """KV read/write and LIST at growing key counts on a durable store, for each server."""
    out = {}
    for kind in plan.kinds:
        log(f"scale: {kind}")
        out[kind] = _guarded(plan, "scale", kind, binaries, seal, lambda s, f: _scale_one(plan, s, f))
    return out


def _scale_one(plan: Plan, server, fixture) -> dict:
    cap = plan.max_keys.get(server.kind)
    result = {"points": [], "capped_at": cap}
    loaded = 0
    for keys in sorted(plan.scale_keys):
        if cap is not None and keys > cap:
            result["points"].append({"keys": keys, "skipped": f"capped at {cap} keys for {server.kind}"})
            continue
        info = load.load_kv(server, fixture.root, "scale/k", loaded, keys, plan.load_connections,
                            plan.load_time_limit)
        log(f"  loaded {info['loaded']} keys in {info['seconds']} s ({info.get('rate')} /s) -> {keys}")
        if not info["complete"]:
            result["points"].append({"keys": keys, "skipped": f"loading stopped: {info}"})
            _problem(plan, server, f"loading {keys} keys", str(info))
            break
        loaded = keys
        point = {"keys": keys, "load": info}
        time.sleep(plan.settle)
        for op in ("read", "write"):
            for connections in plan.scale_connections:
                params = {"mount": "secret", "prefix": "scale/k", "count": keys, "op": op,
                          "token": fixture.token, "value": api.VALUE}
                r = workloads.run_wrk_measured(server, "scale", params, connections, plan.scale_settings)
                _check_errors(plan, server, f"scale {keys} {op} c{connections}", r)
                point[f"{op}_c{connections}"] = r
                log(f"  {keys} keys {op} c{connections}: {r['rps']:.0f} req/s, p99 {r['p99_ms']:.2f} ms")
        if keys <= plan.list_max:
            point["list"] = _list(plan, server, fixture, keys)
        result["points"].append(point)
    return result


def _list(plan: Plan, server, fixture, keys: int) -> dict:
    """LIST secret/metadata/scale/ plainly and as one page (`limit=100`, then `after=` a key)."""
    client = Client(server.addr, fixture.token)
    out = {}
    for name, params in (("plain", {}), ("page_first", {"limit": "100"}), ("page_after", {"after": "k5", "limit": "100"})):
        timings, returned, size = [], 0, 0
        try:
            for _ in range(plan.list_reps):
                seconds, returned, size = api.list_keys(client, "scale/", params)
                timings.append(seconds)
        except Exception as error:  # noqa: BLE001
            out[name] = {"error": str(error)[:300]}
            continue
        out[name] = {"ms": median(timings) * 1000, "keys_returned": returned, "bytes": size,
                     "paginated": returned < keys}
        log(f"  LIST {name} of {keys}: {out[name]['ms']:.1f} ms, {returned} keys, {size} bytes")
    return out
