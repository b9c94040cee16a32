"""The release build's code layout: the functions a server runs, placed side by side in the binary.

A plain release link leaves the code in object-file order, so the few MiB a server runs are spread
over the whole 35 MiB text segment. The kernel maps file pages 64 KiB at a time around each fault
(fault-around), so touching one function maps its 15 neighbours too: measured at the start of a dev
server, 1.8 MiB of executed functions kept 18 MiB of text resident, more than half the server's RSS.

The fix is the usual profile-guided one: compile every function into its own section
(`-function-sections`), record which functions a server runs (valgrind's callgrind while the server
starts, takes the benchmark's setup and answers each workload's request, dev and durable), and have
the linker place those first, hottest first (lld's `--symbol-ordering-file`). Nothing in the code
changes, only where it sits. A profile from an older build still applies: names that no longer exist
are skipped, and new functions land after the listed ones.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile

from . import phases, servers, workloads
from .common import log

SECTIONS = ["-Xswiftc", "-Xfrontend", "-Xswiftc", "-function-sections", "-Xcc", "-ffunction-sections"]
"""Compiler flags that put each function in its own section, so the linker can move it."""

REQUESTS_PER_WORKLOAD = 20
"""How often each workload's request is sent while profiling (enough to leave first-call paths)."""


def ordering_flags(order_file: str) -> list[str]:
    """Linker flags that place the functions listed in `order_file` first, in that order."""
    return ["-Xlinker", f"--symbol-ordering-file={order_file}", "-Xlinker", "--no-warn-symbol-ordering"]


def _callgrind_wrapper(binary: str, workdir: str, setup: str) -> tuple[str, str]:
    """A script that runs a debug-info-free copy of `binary` under callgrind (valgrind 3.19 cannot
    read the DWARF 5 forms the Swift toolchain writes); returns (script, profile path)."""
    stripped = os.path.join(workdir, "arca")
    if not os.path.exists(stripped):
        subprocess.run(["objcopy", "--strip-debug", binary, stripped], check=True)
    out = os.path.join(workdir, f"callgrind-{setup}.out")
    script = os.path.join(workdir, f"arca-callgrind-{setup}")
    with open(script, "w") as f:
        f.write("#!/bin/sh\n"
                f"exec valgrind --tool=callgrind --demangle=no --dump-instr=no --compress-strings=no "
                f"--callgrind-out-file={out} {stripped} \"$@\"\n")
    os.chmod(script, 0o755)
    return script, out


def _exercise(setup: str, script: str, bao: str, seal) -> None:
    """Start a server of `setup` through `script`, prepare it as the benchmark does, send each
    workload's request a few times, and stop it (callgrind writes its profile at exit)."""
    server, fixture = phases.start_server("arca", setup, {"arca": script, "openbao": bao}, seal)
    try:
        for workload in workloads.WORKLOADS:
            if setup not in workload.setups:
                continue
            for _ in range(REQUESTS_PER_WORKLOAD):
                problem = workloads.probe(server, workload, fixture)
                if problem:
                    log(f"  layout profile: {workload.name} on {setup}: {problem}")
                    break
    finally:
        server.stop(timeout=120)
        servers.remove_store(server)


def self_costs(profile: str, object_name: str) -> dict[str, int]:
    """Instructions executed in each function of `object_name`, from a callgrind profile written
    with --compress-strings=no (every `ob=`/`fn=` line carries its name)."""
    costs: dict[str, int] = {}
    current_ob, current_fn, skip_next = "", None, False
    with open(profile, errors="replace") as f:
        for line in f:
            if skip_next:  # the line after `calls=` is the call's inclusive cost, not the caller's own
                skip_next = False
                continue
            if line.startswith("ob="):
                current_ob = line[3:].strip()
            elif line.startswith("fn="):
                name = line[3:].strip()
                current_fn = name if os.path.basename(current_ob) == object_name else None
                if current_fn is not None:
                    costs.setdefault(current_fn, 0)
            elif line.startswith("calls="):
                skip_next = True
            elif current_fn is not None and line and line[0] in "0123456789+-*":
                parts = line.split()
                if len(parts) >= 2 and parts[1].isdigit():
                    costs[current_fn] += int(parts[1])
    return costs


_CLONE = re.compile(r"'\d+$")


def write_order(costs: dict[str, int], path: str) -> int:
    """The executed functions, hottest first, one symbol per line; returns how many."""
    names = sorted(costs, key=lambda n: (-costs[n], n))
    seen, lines = set(), []
    for name in names:
        name = _CLONE.sub("", name)
        if name and name not in seen and not name.startswith("0x"):
            seen.add(name)
            lines.append(name)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return len(lines)


def profile_order(binary: str, bao: str, order_file: str) -> int:
    """Profile `binary` on the dev and durable setups and write the order file; returns how many
    functions it lists."""
    workdir = tempfile.mkdtemp(prefix="arca-layout-")
    provider = None
    try:
        total: dict[str, int] = {}
        provider, seal = servers.start_seal_provider(bao)
        for setup in ("dev", "durable"):
            log(f"layout profile: {setup} server under callgrind")
            script, out = _callgrind_wrapper(binary, workdir, setup)
            _exercise(setup, script, bao, seal)
            for name, cost in self_costs(out, "arca").items():
                total[name] = total.get(name, 0) + cost
        count = write_order(total, order_file)
        log(f"layout profile: {count} functions ran, listed in {order_file}")
        return count
    finally:
        if provider:
            provider.stop()
        shutil.rmtree(workdir, ignore_errors=True)
