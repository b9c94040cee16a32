#!/usr/bin/env python3
"""Lease restore at unseal: how long unseal takes, and how long until every lease is scheduled again.

For each server (Arca on SQLite, OpenBao 2.7.2 on raft), one after the other on this machine:
  1. start a fresh server, init (1 share), unseal;
  2. create N tokens with a 24 h TTL (each one is a lease) with C concurrent clients;
  3. stop it (SIGTERM), start it again, unseal, and measure
       - unseal: the POST sys/unseal round trip (Arca restores in the background, so this stays flat),
       - restored: from the unseal answer until the server logs that the lease restore finished
         (Arca: "leases restored count=N"; OpenBao: "expiration: lease restore complete").

Usage: bench/lease_restore.py [--counts 10000,100000] [--servers arca,openbao] [--arca BIN] [--concurrency 32]
Arca's binary defaults to .build/release/arca, else .build/debug/arca (the report says which).
Writes a Markdown table to bench/results/lease-restore-<date>.md and prints it.
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import datetime as dt
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, kind: str, binary: str, workdir: str):
        self.kind, self.binary, self.workdir = kind, binary, workdir
        self.port = free_port()
        self.addr = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(workdir, "server.log")
        self.config = os.path.join(workdir, "server.hcl")
        with open(self.config, "w") as f:
            if kind == "openbao":
                os.makedirs(os.path.join(workdir, "raft"), exist_ok=True)
                f.write(f'storage "raft" {{\n  path = "{workdir}/raft"\n  node_id = "n1"\n  performance_multiplier = 1\n}}\n'
                        f'listener "tcp" {{\n  address = "127.0.0.1:{self.port}"\n  tls_disable = true\n}}\n'
                        f'api_addr = "{self.addr}"\ncluster_addr = "http://127.0.0.1:{free_port()}"\n')
            else:
                f.write(f'storage "sqlite" {{\n  path = "{workdir}/arca.db"\n}}\n'
                        f'listener "tcp" {{\n  address = "127.0.0.1:{self.port}"\n  tls_disable = true\n}}\n'
                        f'disable_mlock = true\napi_addr = "{self.addr}"\n')
        self.proc = None

    def start(self):
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([self.binary, "server", f"-config={self.config}"], stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.addr + "/v1/sys/seal-status", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"{self.kind} did not start; see {self.log_path}")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def log(self) -> str:
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def wait_active(self, token: str):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            r = requests.get(self.addr + "/v1/sys/health", timeout=5)
            if r.status_code == 200:
                return
            time.sleep(0.05)
        raise RuntimeError("not active")


RESTORED = {"arca": re.compile(r"leases restored"), "openbao": re.compile(r"lease restore complete")}


def create_tokens(server: Server, token: str, count: int, concurrency: int) -> float:
    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=concurrency, pool_maxsize=concurrency)
    session.mount("http://", adapter)

    def one(_):
        r = session.post(server.addr + "/v1/auth/token/create", headers={"X-Vault-Token": token},
                         json={"policies": ["default"], "ttl": "24h"}, timeout=60)
        r.raise_for_status()

    started = time.monotonic()
    with cf.ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, range(count)))
    return time.monotonic() - started


def measure(kind: str, binary: str, count: int, concurrency: int) -> dict:
    workdir = tempfile.mkdtemp(prefix=f"lease-bench-{kind}-")
    server = Server(kind, binary, workdir)
    try:
        server.start()
        init = requests.put(server.addr + "/v1/sys/init", json={"secret_shares": 1, "secret_threshold": 1}, timeout=60).json()
        key, token = init["keys_base64"][0], init["root_token"]
        requests.put(server.addr + "/v1/sys/unseal", json={"key": key}, timeout=60).raise_for_status()
        server.wait_active(token)
        create_seconds = create_tokens(server, token, count, concurrency)
        server.stop()
        before = len(RESTORED[kind].findall(server.log()))
        server.start()
        t0 = time.monotonic()
        r = requests.put(server.addr + "/v1/sys/unseal", json={"key": key}, timeout=600)
        unseal_seconds = time.monotonic() - t0
        r.raise_for_status()
        deadline = time.monotonic() + 1800
        while len(RESTORED[kind].findall(server.log())) <= before:
            if time.monotonic() > deadline:
                raise RuntimeError("restore did not finish in 30 min")
            time.sleep(0.02)
        restored_seconds = time.monotonic() - t0
        return {"create": create_seconds, "unseal": unseal_seconds, "restored": restored_seconds}
    finally:
        server.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--counts", default="10000,100000")
    p.add_argument("--servers", default="arca,openbao")
    p.add_argument("--arca", default=None)
    p.add_argument("--concurrency", type=int, default=32)
    p.add_argument("--openbao-max", type=int, default=10000, help="largest count run on OpenBao (its token create is slow)")
    args = p.parse_args()
    arca = args.arca or next((b for b in (f"{ROOT}/.build/release/arca", f"{ROOT}/.build/debug/arca") if os.access(b, os.X_OK)), None)
    bao = shutil.which("bao")
    rows = []
    for count in [int(c) for c in args.counts.split(",")]:
        for kind in args.servers.split(","):
            if kind == "openbao" and (not bao or count > args.openbao_max):
                continue
            binary = arca if kind == "arca" else bao
            result = measure(kind, binary, count, args.concurrency)
            rows.append((kind, count, result))
            print(f"{kind} {count}: {result}", flush=True)
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    lines = [
        f"# Lease restore at unseal — {dt.date.today()}",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.platform()}; commit {commit}.",
        f"Arca binary: {arca}. OpenBao: {bao} (2.7.2, raft). Tokens created with a 24 h TTL, {args.concurrency} clients.",
        "`unseal` is the sys/unseal round trip; `restored` runs from the unseal answer until the server logs that",
        "every lease is scheduled again (both servers answer unseal at once and restore in the background).",
        "",
        "| server | leases | create (s) | unseal (s) | all leases restored (s) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for kind, count, r in rows:
        lines.append(f"| {kind} | {count} | {r['create']:.1f} | {r['unseal']:.3f} | {r['restored']:.2f} |")
    report = "\n".join(lines) + "\n"
    os.makedirs(f"{ROOT}/bench/results", exist_ok=True)
    out = f"{ROOT}/bench/results/lease-restore-{dt.date.today()}.md"
    with open(out, "w") as f:
        f.write(report)
    print(report)
    print(f"written to {out}")


if __name__ == "__main__":
    sys.exit(main())
