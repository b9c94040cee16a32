"""Issue 8's targets, checked against one run's results: each target with the figures that decide it
and whether it is met. A target whose figures the run lacks (a phase or server left out) is
"not measured". The report prints this as its "Targets" section; `bench/targets.py FILE.json`
prints it for an existing run.
"""
from __future__ import annotations

CEILING_SHARE = 0.70
"""KV v2 read at this share of the bare HTTP ceiling or more (dev setup)."""
TRANSIT_RATIO = 2.0
DURABLE_RATIO = 5.0
DURABLE_WORKLOADS = ("kv_write", "token_create", "approle_login")
P99_RATIO = 0.5
IDLE_RSS_RATIO = 1 / 3
AFTER_LOAD_GROWTH = 0.20
COLD_START_S = 1.0
SCALE_CHANGE = 0.20


def _ok(result):
    return result if isinstance(result, dict) and result.get("status") == "ok" else None


def _figure(results, setup, kind, workload, conns, key):
    server = results.get("matrix", {}).get(setup, {}).get("servers", {}).get(kind, {})
    r = _ok(server.get("workloads", {}).get(workload, {}).get(str(conns)))
    return r.get(key) if r else None


def _row(target, figures, met):
    return {"target": target, "figures": figures, "met": met}


def _all(values):
    """True when every value is True, None when any is unknown (and none False), else False."""
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) or not values else True


def evaluate(results: dict) -> list[dict]:
    """The targets in the issue's order, each as {target, figures, met (True/False/None)}."""
    rows = []
    conns = results.get("meta", {}).get("settings", {}).get("connections", [1, 32])
    ceiling = results.get("matrix", {}).get("dev", {}).get("ceiling", {})

    shares, parts = [], []
    for c in conns:
        arca, top = _figure(results, "dev", "arca", "kv_read", c, "rps"), _ok(ceiling.get(str(c)))
        paired = _figure(results, "dev", "arca", "kv_read", c, "ceiling_share")
        share = paired if paired is not None else (arca / top["rps"] if arca and top and top.get("rps") else None)
        shares.append(None if share is None else share >= CEILING_SHARE)
        parts.append(f"c{c} {'–' if share is None else f'{share * 100:.0f} %'}")
    rows.append(_row(f"KV v2 read ≥ {CEILING_SHARE * 100:.0f} % of the bare HTTP ceiling (dev)", ", ".join(parts), _all(shares)))

    checks, parts = [], []
    for setup in ("dev", "durable"):
        for c in conns:
            a, b = (_figure(results, setup, k, "transit_encrypt", c, "rps") for k in ("arca", "openbao"))
            ratio = a / b if a and b else None
            checks.append(None if ratio is None else ratio >= TRANSIT_RATIO)
            parts.append(f"{setup} c{c} {'–' if ratio is None else f'{ratio:.2f}×'}")
    rows.append(_row(f"transit encrypt ≥ {TRANSIT_RATIO:g}× OpenBao", ", ".join(parts), _all(checks)))

    for w in DURABLE_WORKLOADS:
        checks, parts = [], []
        for c in conns:
            a, b = (_figure(results, "durable", k, w, c, "rps") for k in ("arca", "openbao"))
            ratio = a / b if a and b else None
            checks.append(None if ratio is None else ratio >= DURABLE_RATIO)
            parts.append(f"c{c} {'–' if ratio is None else f'{ratio:.2f}× ({a:,.0f} vs {b:,.0f} req/s)'}")
        rows.append(_row(f"durable {w} ≥ {DURABLE_RATIO:g}× OpenBao on raft", ", ".join(parts), _all(checks)))

    checks, misses, counted = [], [], 0
    for setup, data in results.get("matrix", {}).items():
        for w in data.get("servers", {}).get("arca", {}).get("workloads", {}):
            for c in conns:
                a, b = (_figure(results, setup, k, w, c, "p99_ms") for k in ("arca", "openbao"))
                if a is None or b is None:
                    continue
                counted += 1
                checks.append(a <= P99_RATIO * b)
                if a > P99_RATIO * b:
                    misses.append(f"{setup} {w} c{c} {a:.3g} vs {b:.3g} ms")
    figure = f"{counted - len(misses)} of {counted} met" + (f"; missed: {'; '.join(misses)}" if misses else "")
    rows.append(_row(f"p99 ≤ {P99_RATIO:g} × OpenBao's on every workload", figure, _all(checks) if counted else None))

    checks, parts = [], []
    for setup in ("dev", "durable"):
        servers = results.get("matrix", {}).get(setup, {}).get("servers", {})
        a, b = (servers.get(k, {}).get("idle_rss_mib") for k in ("arca", "openbao"))
        ratio = a / b if a and b else None
        checks.append(None if ratio is None else ratio <= IDLE_RSS_RATIO + 1e-9)
        parts.append(f"{setup} {'–' if ratio is None else f'{ratio:.2f} ({a:.1f} vs {b:.1f} MiB)'}")
    rows.append(_row("idle RSS ≤ ⅓ of OpenBao's", ", ".join(parts), _all(checks)))

    checks, parts = [], []
    for setup in ("dev", "durable"):
        arca = results.get("matrix", {}).get(setup, {}).get("servers", {}).get("arca", {})
        idle, after = arca.get("idle_rss_mib"), arca.get("rss_after_load_mib")
        before = (arca.get("before_tokens") or {}).get("rss_mib")
        growth = after / idle - 1 if idle and after else None
        checks.append(None if growth is None else growth <= AFTER_LOAD_GROWTH)
        share = f" (the tokens' share: {after / before * 100:.0f} % of the RSS before them)" if after and before else ""
        parts.append(f"{setup} {'–' if growth is None else f'{after / idle * 100:.0f} % of idle'}{share}")
    rows.append(_row(f"RSS after load within {AFTER_LOAD_GROWTH * 100:.0f} % of idle once the tokens expired",
                     "; ".join(parts), _all(checks)))

    points = results.get("restarts", {}).get("arca", {}).get("points", [])
    first = next((p for p in points if p.get("leases") == 10_000), None)
    health = first.get("health_s") if first else None
    rows.append(_row(f"cold start to health 200 ≤ {COLD_START_S:g} s (10⁴ keys, 10⁴ leases)",
                     "–" if health is None else f"{health:.3f} s", None if health is None else health <= COLD_START_S))

    scale = [p for p in results.get("scale", {}).get("arca", {}).get("points", []) if "read_c32" in p]
    checks, parts = [], []
    if len(scale) >= 2:
        lo, hi = scale[0], scale[-1]
        for op in ("read", "write"):
            r0, r1 = (_ok(p.get(f"{op}_c32")) for p in (lo, hi))
            if not (r0 and r1):
                checks.append(None)
                continue
            thr, p99 = r1["rps"] / r0["rps"] - 1, r1["p99_ms"] / r0["p99_ms"] - 1
            checks.append(thr >= -SCALE_CHANGE and p99 <= SCALE_CHANGE)
            parts.append(f"{op} throughput {thr * 100:+.0f} %, p99 {p99 * 100:+.0f} %")
        label = f"{lo['keys']:,} → {hi['keys']:,} keys: "
    else:
        label = ""
    rows.append(_row(f"no figure degrades > {SCALE_CHANGE * 100:.0f} % from 10⁴ to 10⁶ keys",
                     label + ("; ".join(parts) or "–"), _all(checks) if checks else None))
    return rows


def markdown(results: dict) -> list[str]:
    """The "Targets" section of the report."""
    lines = ["## Targets (issue 8)", "", "| target | this run | met |", "| --- | --- | --- |"]
    for row in evaluate(results):
        met = {True: "met", False: "**not met**", None: "not measured"}[row["met"]]
        lines.append(f"| {row['target']} | {row['figures']} | {met} |")
    return lines + [""]
