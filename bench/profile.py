#!/usr/bin/env python3
"""Profile one workload on one server with `perf record`, under the benchmark's conditions.

Starts a fresh server (dev or durable, pinned to the server core, with the seal provider for a
durable one), prepares it as the benchmark does, runs the workload with wrk on the load core for
a warm-up and then `--seconds` while `perf record -g` samples the server, and prints the top of
`perf report` (self and children). The perf data stays in the run folder for a closer look.

    python3 bench/profile.py --workload approle_login --setup durable --seconds 15

With `--keys N` it profiles a scale point instead: N KV entries are loaded first, and the
workload reads (or with `--scale-op write` writes) random keys among them, as the scale phase does.

    python3 bench/profile.py --keys 100000 --setup durable --seconds 15
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import api, install, load, phases, servers, workloads, wrk  # noqa: E402
from lib.common import log, pin_self_to_load_core  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workload", default="approle_login", choices=sorted(workloads.BY_NAME))
    parser.add_argument("--setup", default="durable", choices=["dev", "durable"])
    parser.add_argument("--server", default="arca", choices=["arca", "openbao"])
    parser.add_argument("--arca", default=".build-layout/release/arca")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--top", type=int, default=45, help="lines of perf report to print")
    parser.add_argument("--keys", type=int, help="load this many KV entries and profile the scale workload on them")
    parser.add_argument("--scale-op", default="read", choices=["read", "write"], help="the scale workload's operation")
    args = parser.parse_args()

    install.ensure_wrk()
    pin_self_to_load_core()
    binaries = {"arca": os.path.abspath(args.arca), "openbao": install.ensure_openbao()}
    seal_provider, seal = (None, None)
    if args.setup == "durable":
        seal_provider, seal = servers.start_seal_provider(binaries["openbao"])
    server, fixture = phases.start_server(args.server, args.setup, binaries, seal)
    workload = workloads.BY_NAME[args.workload]
    script, label, params = workload.script, workload.label, workload.params(fixture)
    data = os.path.join(server.workdir, "perf.data")
    try:
        if args.keys:
            info = load.load_kv(server, fixture.root, "scale/k", 0, args.keys)
            log(f"loaded {info['loaded']} keys in {info['seconds']} s")
            script, label = "scale", f"scale {args.scale_op} among {args.keys:,} keys"
            params = {"mount": "secret", "prefix": "scale/k", "count": args.keys, "op": args.scale_op,
                      "token": fixture.token, "value": api.VALUE}
        log(f"warm-up {args.warmup:.0f} s")
        wrk.run(server.addr, script, params, args.connections, args.warmup)
        perf = subprocess.Popen(["perf", "record", "-g", "-F", "999", "-o", data, "-p", str(server.pid),
                                 "--", "sleep", str(args.seconds)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        result: dict = {}
        runner = threading.Thread(target=lambda: result.update(
            r=wrk.run(server.addr, script, params, args.connections, args.seconds)))
        runner.start()
        perf.wait()
        runner.join()
        r = result["r"]
        log(f"{label}, {args.connections} connections: {r.rps:,.0f} req/s, p99 {r.p99_ms:.2f} ms, "
            f"{r.bad} bad answers")
    finally:
        server.stop()
        if seal_provider:
            seal_provider.stop()
    for mode in (["--no-children"], ["--children"]):
        report = subprocess.run(["perf", "report", "-i", data, "--stdio", "--no-demangle", *mode, "-g", "none",
                                 "--percent-limit", "0.7"], capture_output=True, text=True)
        lines = [l for l in report.stdout.splitlines() if l.strip() and not l.startswith("#")]
        print(f"--- perf report {' '.join(mode)} ---")
        print("\n".join(lines[:args.top]))
    log(f"perf data: {data}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
