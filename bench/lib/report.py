"""The run's Markdown report and raw JSON, written to bench/results/<date>-<commit>[-label].{md,json}.

Ratios are always Arca divided by OpenBao ("arca/openbao"): for throughput above 1 is better for
Arca, for latency, CPU and memory below 1 is better for Arca. A cell whose run saw errors carries
the error count; "n/a" means the workload could not run there (the reason is in the notes).
"""
from __future__ import annotations

import json
import os
import platform
import subprocess
import time

from . import targets
from .common import RESULTS, ROOT
from .workloads import BY_NAME, CEILING_WORKLOADS, merged_statuses

SETUP_TITLES = {
    "dev": "Dev mode (in memory)",
    "durable": "Durable single node (Arca on SQLite, OpenBao on integrated raft; both fsync; auto-unseal via transit)",
}


def machine() -> dict:
    """nproc, CPU model, kernel, memory, date, commit."""
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    mem_gib = None
    try:
        with open("/proc/meminfo") as f:
            mem_gib = round(int(next(l for l in f if l.startswith("MemTotal")).split()[1]) / 1024 / 1024, 1)
    except (OSError, StopIteration):
        pass
    git = lambda *a: subprocess.run(["git", "-C", ROOT, *a], capture_output=True, text=True).stdout.strip()  # noqa: E731
    return {
        "nproc": os.cpu_count(), "cpu_model": model, "kernel": platform.release(), "memory_gib": mem_gib,
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"), "commit": git("rev-parse", "--short", "HEAD"),
        "dirty": bool(git("status", "--porcelain", "--", "Sources", "Package.swift")),
    }


def _ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def _f(value, digits=3):
    if value is None:
        return "–"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.{digits}g}"


def _r(value):
    return "–" if value is None else f"{value:.2f}"


def _get(result, key):
    if not isinstance(result, dict) or result.get("status") != "ok":
        return None
    return result.get(key)


def _cell(result, key, digits=3):
    """A figure, 'n/a' for a workload that could not run, with '(N err)' when errors were seen."""
    if not isinstance(result, dict) or "status" not in result:
        return "–"
    if result["status"] != "ok":
        return "n/a"
    text = _f(result.get(key), digits)
    if result.get("errors"):
        text += f" ({result['errors']} err)"
    return text


def _ceiling_share(result, ceiling) -> float | None:
    """A server's share of the ceiling: the median of its paired runs' ratios when it was measured
    in alternation with the ceiling, else its req/s over the ceiling's."""
    if result and result.get("ceiling_share") is not None:
        return result["ceiling_share"]
    return _ratio(_get(result, "rps"), _get(ceiling, "rps"))


def _matrix_tables(setup: str, data: dict, kinds: list, connections: list, workloads: list) -> list[str]:
    arca = data["servers"].get("arca", {})
    bao = data["servers"].get("openbao", {})
    ceiling = data.get("ceiling") or {}
    lines = [f"## {SETUP_TITLES[setup]}", ""]
    for name, srv in (("arca", arca), ("openbao", bao)):
        if "error" in srv:
            lines += [f"**{name} failed in this setup:** `{srv['error'][:300]}`", ""]

    def rows():
        for w in workloads:
            if setup not in BY_NAME[w].setups:
                continue
            for c in connections:
                a = arca.get("workloads", {}).get(w, {}).get(str(c))
                b = bao.get("workloads", {}).get(w, {}).get(str(c))
                yield w, c, a, b

    head = "| workload | conns | Arca req/s | OpenBao req/s | arca/openbao (>1 better) |"
    sep = "| --- | ---: | ---: | ---: | ---: |"
    if setup == "dev" and ceiling:
        head += " bare HTTP ceiling req/s | Arca % of ceiling | OpenBao % of ceiling |"
        sep += " ---: | ---: | ---: |"
    lines += ["### Throughput", "", head, sep]
    for w, c, a, b in rows():
        row = f"| {BY_NAME[w].label} | {c} | {_cell(a, 'rps')} | {_cell(b, 'rps')} | {_r(_ratio(_get(a, 'rps'), _get(b, 'rps')))} |"
        if setup == "dev" and ceiling:
            if w in CEILING_WORKLOADS:
                paired = (a or {}).get("ceiling") or (b or {}).get("ceiling") or ceiling.get(str(c))
                pa, pb = (_ceiling_share(x, paired) for x in (a, b))
                row += (f" {_cell(paired, 'rps')} | {'–' if pa is None else f'{pa * 100:.0f} %'} |"
                        f" {'–' if pb is None else f'{pb * 100:.0f} %'} |")
            else:
                row += " | | |"
        lines.append(row)
    if setup == "dev" and ceiling:
        lines += ["", "The ceiling runs beside the servers and is measured in alternation with each server's KV reads: "
                  "every repetition is a ceiling run and a server run back to back. The ceiling column is from the pairs "
                  "with Arca; a server's % of ceiling is the median of its pairs' ratios."]
    lines += ["", "### Latency (ms; arca/openbao < 1 is better for Arca)", "",
              "| workload | conns | Arca p50 | OpenBao p50 | arca/openbao | Arca p99 | OpenBao p99 | arca/openbao |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for w, c, a, b in rows():
        lines.append(f"| {BY_NAME[w].label} | {c} | {_cell(a, 'p50_ms')} | {_cell(b, 'p50_ms')} | "
                     f"{_r(_ratio(_get(a, 'p50_ms'), _get(b, 'p50_ms')))} | {_cell(a, 'p99_ms')} | {_cell(b, 'p99_ms')} | "
                     f"{_r(_ratio(_get(a, 'p99_ms'), _get(b, 'p99_ms')))} |")
    lines += ["", "### Server cost (CPU seconds per 1,000 requests; peak RSS MiB during the workload; < 1 is better for Arca)", "",
              "| workload | conns | Arca CPU s/1k | OpenBao CPU s/1k | arca/openbao | Arca peak RSS | OpenBao peak RSS | arca/openbao |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for w, c, a, b in rows():
        lines.append(f"| {BY_NAME[w].label} | {c} | {_cell(a, 'cpu_s_per_1k')} | {_cell(b, 'cpu_s_per_1k')} | "
                     f"{_r(_ratio(_get(a, 'cpu_s_per_1k'), _get(b, 'cpu_s_per_1k')))} | {_cell(a, 'peak_rss_mib')} | "
                     f"{_cell(b, 'peak_rss_mib')} | {_r(_ratio(_get(a, 'peak_rss_mib'), _get(b, 'peak_rss_mib')))} |")
    ia, ib = arca.get("idle_rss_mib"), bao.get("idle_rss_mib")
    la, lb = arca.get("rss_after_load_mib"), bao.get("rss_after_load_mib")
    lines += ["", "### Memory (MiB; < 1 is better for Arca)", "",
              "| figure | Arca | OpenBao | arca/openbao |", "| --- | ---: | ---: | ---: |",
              f"| idle RSS (after start, setup, settle) | {_f(ia)} | {_f(ib)} | {_r(_ratio(ia, ib))} |",
              f"| RSS after the load run, created tokens expired | {_f(la)} | {_f(lb)} | {_r(_ratio(la, lb))} |",
              f"| that as % of idle | {_pct(la, ia)} | {_pct(lb, ib)} | |"]
    ta, tb = (arca.get("before_tokens") or {}).get("rss_mib"), (bao.get("before_tokens") or {}).get("rss_mib")
    if ta is not None or tb is not None:
        lines += [f"| RSS before the token-making workloads (after the KV, transit and lookup ones) | {_f(ta)} | {_f(tb)} | {_r(_ratio(ta, tb))} |",
                  f"| after the load run as % of that (the tokens' share) | {_pct(la, ta)} | {_pct(lb, tb)} | |"]
    last_a, last_b = _last_after(arca, workloads), _last_after(bao, workloads)
    for label, key, sa, sb in (("idle", "anon", arca.get("idle"), bao.get("idle")),
                               ("idle", "file", arca.get("idle"), bao.get("idle")),
                               ("after the load run", "anon", last_a, last_b),
                               ("after the load run", "file", last_a, last_b)):
        pa, pb = _part(sa, key), _part(sb, key)
        if pa is not None or pb is not None:
            what = "anonymous (heap, stacks)" if key == "anon" else "file pages (mapped binary, libraries)"
            lines.append(f"| {label}: of which {what} | {_f(pa)} | {_f(pb)} | {_r(_ratio(pa, pb))} |")
    lines.append("")
    waits = []
    for name, srv in (("Arca", arca), ("OpenBao", bao)):
        for w in workloads:
            after = srv.get("workloads", {}).get(w, {}).get("after_expiry")
            if after:
                waits.append(f"{name} after {BY_NAME[w].label}: {after['waited_s']} s, "
                             f"{'idle' if after['idle'] else 'still busy at the time limit'}, RSS {_f(after['rss_mib'])} MiB")
    if waits:
        lines += ["Waits for the created tokens to expire (TTL, then until the server idles), and RSS then: "
                  + "; ".join(waits) + ".", ""]
    return lines


def _last_after(server_result: dict, workloads: list):
    """The after-expiry reading of the last token-making workload that has one."""
    for w in reversed(workloads):
        after = server_result.get("workloads", {}).get(w, {}).get("after_expiry")
        if after:
            return after
    return None


def _part(reading, key):
    parts = (reading or {}).get("rss_parts_mib")
    return parts.get(key) if parts else None


def _pct(a, b):
    r = _ratio(a, b)
    return "–" if r is None else f"{r * 100:.0f} %"


def _restart_table(data: dict) -> list[str]:
    lines = ["## Cold start and lease restore (durable store, auto-unseal)", "",
             "From the process exec to `sys/health` 200 (auto-unsealed through the transit seal, active), and to the "
             "log line saying every lease is scheduled again (Arca `leases restored`, OpenBao `lease restore complete`). "
             "The log is watched from health 200 on, so a restore that finished before the server answered "
             "(OpenBao restores during unseal) shows about the health time.", "",
             "| KV entries | leases | Arca to health 200 (s) | OpenBao (s) | arca/openbao | Arca to leases restored (s) | OpenBao (s) | arca/openbao | Arca RSS after (MiB) | OpenBao RSS after (MiB) |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    arca, bao = data.get("arca", {}), data.get("openbao", {})
    points = sorted({p["leases"] for s in (arca, bao) for p in s.get("points", [])})
    for leases in points:
        a = next((p for p in arca.get("points", []) if p["leases"] == leases), {})
        b = next((p for p in bao.get("points", []) if p["leases"] == leases), {})
        kv = arca.get("kv_entries") or bao.get("kv_entries")
        lines.append(f"| {kv} | {leases} | {_f(a.get('health_s'))} | {_f(b.get('health_s'))} | "
                     f"{_r(_ratio(a.get('health_s'), b.get('health_s')))} | {_f(a.get('restored_s'))} | {_f(b.get('restored_s'))} | "
                     f"{_r(_ratio(a.get('restored_s'), b.get('restored_s')))} | {_f(a.get('rss_mib'))} | {_f(b.get('rss_mib'))} |")
    notes = []
    for name, s in (("Arca", arca), ("OpenBao", bao)):
        if "error" in s:
            notes.append(f"{name} failed: `{s['error'][:300]}`")
        if s.get("capped_at") is not None:
            notes.append(f"{name}'s lease count was capped at {s['capped_at']} (its token creation is the slow part of the setup)")
        if s.get("kv_load"):
            notes.append(f"{name} loaded the KV entries at {s['kv_load'].get('rate')} writes/s")
        for p in s.get("points", []):
            tl = p.get("token_load", {})
            if tl.get("created"):
                notes.append(f"{name} created {tl['created']} tokens at {tl.get('rate')} /s")
    return lines + [""] + ([". ".join(notes) + ".", ""] if notes else [])


def _scale_tables(data: dict, connections: list) -> list[str]:
    arca, bao = data.get("arca", {}), data.get("openbao", {})
    lines = ["## Scale points (durable store; random keys among those stored)", ""]
    keys = sorted({p["keys"] for s in (arca, bao) for p in s.get("points", [])})

    def point(s, k):
        return next((p for p in s.get("points", []) if p["keys"] == k), {})

    for c in connections:
        lines += [f"### {c} connections", "",
                  "| keys stored | Arca read req/s | OpenBao read req/s | arca/openbao | Arca read p99 ms | OpenBao read p99 ms | arca/openbao | "
                  "Arca write req/s | OpenBao write req/s | arca/openbao | Arca write p99 ms | OpenBao write p99 ms | arca/openbao |",
                  "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
        for k in keys:
            a, b = point(arca, k), point(bao, k)
            row = f"| {k:,} |"
            for op in ("read", "write"):
                ra, rb = a.get(f"{op}_c{c}"), b.get(f"{op}_c{c}")
                row += (f" {_cell(ra, 'rps') if ra else _skip(a)} | {_cell(rb, 'rps') if rb else _skip(b)} | "
                        f"{_r(_ratio(_get(ra, 'rps'), _get(rb, 'rps')))} | {_cell(ra, 'p99_ms') if ra else _skip(a)} | "
                        f"{_cell(rb, 'p99_ms') if rb else _skip(b)} | {_r(_ratio(_get(ra, 'p99_ms'), _get(rb, 'p99_ms')))} |")
            lines.append(row)
        lines.append("")
        for name, s in (("Arca", arca), ("OpenBao", bao)):
            done = [p for p in s.get("points", []) if f"read_c{c}" in p]
            if len(done) >= 2:
                first, last = done[0], done[-1]
                change = []
                for op in ("read", "write"):
                    r0, r1 = _get(first[f"{op}_c{c}"], "rps"), _get(last[f"{op}_c{c}"], "rps")
                    p0, p1 = _get(first[f"{op}_c{c}"], "p99_ms"), _get(last[f"{op}_c{c}"], "p99_ms")
                    if r0 and r1 and p0 and p1:
                        change.append(f"{op} throughput {(r1 / r0 - 1) * 100:+.0f} %, p99 {(p1 / p0 - 1) * 100:+.0f} %")
                lines.append(f"{name} from {first['keys']:,} to {last['keys']:,} keys: " + "; ".join(change) + ".")
        lines.append("")
    loads = []
    for name, s in (("Arca", arca), ("OpenBao", bao)):
        if "error" in s:
            loads.append(f"{name} failed: `{s['error'][:300]}`")
        for p in s.get("points", []):
            if p.get("load"):
                loads.append(f"{name} loaded up to {p['keys']:,} keys at {p['load'].get('rate')} writes/s")
            if p.get("skipped"):
                loads.append(f"{name} at {p['keys']:,} keys: {p['skipped']}")
    if loads:
        lines += ["Loading (32-connection wrk writer of distinct keys): " + "; ".join(loads) + ".", ""]
    lines += ["### LIST of the folder (`secret/metadata/scale/`, one request at a time, median)", "",
              "| keys in folder | server | plain LIST ms | keys returned | bytes | `limit=100` ms | keys returned | `after=k5&limit=100` ms | keys returned |",
              "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for k in keys:
        for name, s in (("Arca", arca), ("OpenBao", bao)):
            lst = point(s, k).get("list")
            if not lst:
                continue
            cells = []
            for variant in ("plain", "page_first", "page_after"):
                v = lst.get(variant, {})
                if "error" in v:
                    cells.append(f"error | {v['error'][:60]}")
                else:
                    cells.append(f"{_f(v.get('ms'))} | {v.get('keys_returned', '–')}" + (f" | {v.get('bytes', '–'):,}" if variant == "plain" else ""))
            lines.append(f"| {k:,} | {name} | " + " | ".join(cells) + " |")
    lines += ["", "A page whose `keys returned` equals the folder size means the server ignored `limit`/`after` "
              "(no pagination); OpenBao 2.x pages KV v2 lists with them.", ""]
    return lines


def _skip(p):
    return "skipped" if p.get("skipped") else "–"


def write(results: dict, label: str | None = None) -> tuple[str, str]:
    """Write the Markdown and JSON reports; returns their paths."""
    meta = results["meta"]
    name = f"{time.strftime('%Y-%m-%d')}-{meta['machine']['commit'] or 'nocommit'}" + (f"-{label}" if label else "")
    os.makedirs(RESULTS, exist_ok=True)
    md_path, json_path = os.path.join(RESULTS, name + ".md"), os.path.join(RESULTS, name + ".json")
    with open(json_path, "w") as f:
        json.dump(results, f, indent=1, default=str)
    with open(md_path, "w") as f:
        f.write(markdown(results, os.path.basename(json_path)))
    return md_path, json_path


def markdown(results: dict, json_name: str) -> str:
    meta = results["meta"]
    m = meta["machine"]
    s = meta["settings"]
    lines = [f"# Arca vs OpenBao — side-by-side benchmark, {m['date'][:10]}", ""]
    if meta.get("quick") or meta["arca_build"] != "release":
        lines += [f"> **Not the real figures.** This is a {'quick smoke run (`--quick`)' if meta.get('quick') else 'run'} "
                  f"with Arca's **{meta['arca_build']}** build: it checks that the benchmark runs end to end. "
                  "Compare servers only with a full run of a release build.", ""]
    lines += [
        f"- Machine: {m['nproc']} cores, {m['cpu_model']}, Linux {m['kernel']}, {m['memory_gib']} GiB",
        f"- Commit: {m['commit']}{' (with uncommitted changes in Sources/)' if m.get('dirty') else ''}; date {m['date']}",
        f"- Arca: `{meta['arca_binary']}` (**{meta['arca_build']}** build, code layout: {meta.get('arca_layout', 'not recorded')}), "
        f"{meta.get('arca_version', '')}",
        f"- OpenBao: `{meta['openbao_binary']}` ({meta.get('openbao_version', '')})",
        f"- Load generator: {meta.get('wrk_version', 'wrk')}, `taskset -c 1`, {s['wrk_threads']} thread; "
        f"servers `taskset -c 0` with `NIO_SINGLETON_GROUP_LOOP_COUNT=1` (Arca, ceiling) and `GOMAXPROCS=1` (OpenBao)",
        f"- Each measurement: {s['warmup']} s warm-up, then {s['reps']} × {s['duration']} s; figures are medians of the "
        f"repetitions (scale points: {meta['scale_settings']['reps']} × {meta['scale_settings']['duration']} s). "
        "Latencies are wrk's exact percentiles.",
        "- Workloads use a non-root token with a `bench` policy (KV, transit encrypt, token create); "
        f"the token-create and AppRole workloads make tokens with a {s.get('token_ttl', '?')} TTL, longer than the "
        "workload's measurements at all concurrencies, so none expires while they run; the run then waits until they have.",
        f"- Whole run: {meta.get('elapsed_min', 0):.1f} min. Raw numbers: `{json_name}`.",
        "",
    ]
    for setup in meta["setups"]:
        if setup in results.get("matrix", {}):
            lines += _matrix_tables(setup, results["matrix"][setup], meta["kinds"], s["connections"], meta["workloads"])
    if results.get("restarts"):
        lines += _restart_table(results["restarts"])
    if results.get("scale"):
        lines += _scale_tables(results["scale"], meta["scale_connections"])
    lines += targets.markdown(results)
    lines += _notes(results)
    return "\n".join(lines) + "\n"


def _notes(results: dict) -> list[str]:
    lines = ["## Notes", ""]
    for setup, data in results.get("matrix", {}).items():
        for kind, srv in data.get("servers", {}).items():
            for w, per in srv.get("workloads", {}).items():
                for c, r in per.items():
                    if isinstance(r, dict) and r.get("status") == "n/a":
                        lines.append(f"- {setup} {kind} {BY_NAME[w].label} c{c}: n/a — {r['reason'][:300]}")
    reset = [r.get("peak_rss_reset") for d in results.get("matrix", {}).values() for srv in d.get("servers", {}).values()
             for per in srv.get("workloads", {}).values() for r in per.values() if isinstance(r, dict) and "peak_rss_reset" in r]
    if reset and not all(reset):
        lines.append("- Peak RSS could not be reset between workloads here (`/proc/PID/clear_refs` refused): "
                     "it is the peak since the server started.")
    for p in results.get("problems", []):
        lines.append(f"- **Problem** ({p['server']}, {p['what']}): {p['detail'][:600]}")
        if p.get("log_tail"):
            lines += ["", "  ```", *["  " + l for l in p["log_tail"].splitlines()[-12:]], "  ```"]
    for n in results["meta"].get("notes", []):
        lines.append(f"- {n}")
    if len(lines) == 2:
        lines.append("- Nothing to note: every workload ran without errors on both servers.")
    return lines + [""]


def error_summary(result: dict) -> str:
    return str(merged_statuses(result))
