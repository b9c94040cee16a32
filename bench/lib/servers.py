"""Starting and stopping the measured servers: Arca, OpenBao, the bare HTTP ceiling, the seal provider.

Every measured server is pinned to the server core with `taskset` (taskset execs, so the child's
pid is the server's pid), listens on 127.0.0.1 only, and gets one event loop / one Go thread for
running code: `NIO_SINGLETON_GROUP_LOOP_COUNT=1` for Swift (SwiftNIO sizes its group from the
cgroup's CPU count, not from the affinity mask), `GOMAXPROCS=1` for OpenBao.

Durable servers (Arca on SQLite, OpenBao on integrated raft) auto-unseal through a `seal "transit"`
stanza pointing at a separate dev OpenBao (the seal provider, on the load core), so a restart
reaches `sys/health` 200 by itself, the same way for both.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass

import requests

from . import procstats
from .common import LOAD_CORE, SERVER_CORE, free_port, log, wait_until

KINDS = ("arca", "openbao")


@dataclass
class TransitSealTarget:
    """Where the durable servers' `seal "transit"` stanzas point."""

    address: str
    token: str
    mount: str = "seal"
    key: str = "autounseal"


class Process:
    """One server process: its command, working folder, log file, address and pid."""

    def __init__(self, name: str, argv: list[str], env: dict, workdir: str, port: int, core: int):
        self.name, self.argv, self.workdir, self.port, self.core = name, argv, workdir, port, core
        self.env = {**os.environ, **env}
        self.addr = f"http://127.0.0.1:{port}"
        self.log_path = os.path.join(workdir, f"{name}.log")
        self.proc: subprocess.Popen | None = None
        self.started_at = 0.0

    @property
    def pid(self) -> int:
        assert self.proc is not None, f"{self.name} is not running"
        return self.proc.pid

    def start(self) -> float:
        """Start the process (pinned to its core); returns the monotonic time just before the exec."""
        log_file = open(self.log_path, "ab")
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen(["taskset", "-c", str(self.core), *self.argv], stdout=log_file,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=self.env,
                                     cwd=self.workdir, start_new_session=True)
        log_file.close()
        return self.started_at

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def wait_http(self, path: str, statuses=(200,), timeout: float = 120) -> float:
        """Poll GET `path` until it answers one of `statuses`; returns seconds since start()."""
        def ready():
            if not self.alive():
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; see {self.log_path}")
            try:
                return requests.get(self.addr + path, timeout=2).status_code in statuses
            except requests.RequestException:
                return False
        try:
            wait_until(ready, timeout, interval=0.01, what=f"{self.name} {path}")
        except RuntimeError:
            raise
        return time.monotonic() - self.started_at

    def stop(self, timeout: float = 60) -> None:
        """SIGTERM, then SIGKILL after `timeout` seconds; only this process (by its pid)."""
        if self.alive():
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                log(f"{self.name} did not stop in {timeout:.0f}s after SIGTERM; killing it")
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def log_text(self) -> str:
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    # Resource readings (None when the process has gone).
    def cpu_seconds(self) -> float:
        return procstats.cpu_seconds(self.pid)

    def rss_mib(self):
        return procstats.rss_mib(self.pid)

    def rss_parts_mib(self):
        return procstats.rss_parts_mib(self.pid)

    def peak_rss_mib(self):
        return procstats.peak_rss_mib(self.pid)

    def reset_peak_rss(self) -> bool:
        return procstats.reset_peak_rss(self.pid)


class Server(Process):
    """A Vault-API server under test (Arca or OpenBao) in one storage setup."""

    def __init__(self, kind: str, storage: str, argv, env, workdir, port, restore_marker: str):
        super().__init__(f"{kind}-{storage}", argv, env, workdir, port, SERVER_CORE)
        self.kind, self.storage = kind, storage
        self.restore_marker = restore_marker
        self.root_token = "root" if storage == "dev" else None

    def restores_logged(self) -> int:
        """How many times the log says the lease restore finished."""
        return self.log_text().count(self.restore_marker)


RESTORE_MARKERS = {"arca": "leases restored", "openbao": "lease restore complete"}


RUN_ROOT = None
"""The folder every process's working folder goes in (made on first use, kept for the logs)."""


def run_root() -> str:
    global RUN_ROOT
    if RUN_ROOT is None:
        RUN_ROOT = tempfile.mkdtemp(prefix=f"arca-bench-{time.strftime('%Y%m%d-%H%M%S')}-")
    return RUN_ROOT


def _workdir(prefix: str) -> str:
    return tempfile.mkdtemp(prefix=f"{prefix}-", dir=run_root())


def dev_server(kind: str, binaries: dict) -> Server:
    """An in-memory dev server (root token `root`, KV v2 at secret/)."""
    port = free_port()
    workdir = _workdir(f"{kind}-dev")
    argv = [binaries[kind], "server", "-dev", "-dev-root-token-id=root", f"-dev-listen-address=127.0.0.1:{port}"]
    if kind == "openbao":
        argv.append("-dev-no-store-token")
    return Server(kind, "dev", argv, _env(kind, workdir), workdir, port, RESTORE_MARKERS[kind])


def durable_server(kind: str, binaries: dict, seal: TransitSealTarget) -> Server:
    """A single-node durable server, fsync'ing: Arca on SQLite, OpenBao on integrated raft."""
    port = free_port()
    workdir = _workdir(f"{kind}-durable")
    addr = f"http://127.0.0.1:{port}"
    seal_stanza = (f'seal "transit" {{\n  address = "{seal.address}"\n  token = "{seal.token}"\n'
                   f'  key_name = "{seal.key}"\n  mount_path = "{seal.mount}/"\n'
                   + ('  disable_renewal = "true"\n' if kind == "openbao" else "") + "}\n")
    listener = f'listener "tcp" {{\n  address = "127.0.0.1:{port}"\n  tls_disable = true\n}}\n'
    if kind == "openbao":
        os.makedirs(os.path.join(workdir, "raft"))
        # performance_multiplier = 1: production raft timings (the default 5 is for slow dev boxes).
        storage = (f'storage "raft" {{\n  path = "{workdir}/raft"\n  node_id = "n1"\n  performance_multiplier = 1\n}}\n'
                   f'cluster_addr = "http://127.0.0.1:{free_port()}"\n')
    else:
        storage = f'storage "sqlite" {{\n  path = "{workdir}/arca.db"\n}}\n'
    config = os.path.join(workdir, "server.hcl")
    with open(config, "w") as f:
        # OpenBao 2.7 no longer knows disable_mlock (it warns); Arca needs it without CAP_IPC_LOCK.
        mlock = "disable_mlock = true\n" if kind == "arca" else ""
        f.write(storage + listener + seal_stanza + mlock + f'api_addr = "{addr}"\n')
    argv = [binaries[kind], "server", f"-config={config}"]
    return Server(kind, "durable", argv, _env(kind, workdir), workdir, port, RESTORE_MARKERS[kind])


def _env(kind: str, workdir: str) -> dict:
    if kind == "openbao":
        # HOME keeps any token helper file out of the user's home.
        return {"GOMAXPROCS": "1", "HOME": workdir}
    return {"NIO_SINGLETON_GROUP_LOOP_COUNT": "1"}


def ceiling_server(binary: str, body_file: str) -> Process:
    """The bare HTTP ceiling: Hummingbird answering every GET/POST with the captured KV body."""
    port = free_port()
    workdir = _workdir("ceiling")
    return Process("ceiling", [binary, str(port), body_file], {"NIO_SINGLETON_GROUP_LOOP_COUNT": "1"},
                   workdir, port, SERVER_CORE)


def start_seal_provider(bao: str) -> tuple[Process, TransitSealTarget]:
    """A dev OpenBao on the load core with a transit key for the durable servers' auto-unseal."""
    port = free_port()
    workdir = _workdir("seal-provider")
    proc = Process("seal-provider", [bao, "server", "-dev", "-dev-root-token-id=root",
                                     f"-dev-listen-address=127.0.0.1:{port}", "-dev-no-store-token"],
                   {"GOMAXPROCS": "1", "HOME": workdir}, workdir, port, LOAD_CORE)
    proc.start()
    proc.wait_http("/v1/sys/health")
    target = TransitSealTarget(address=proc.addr, token="root")
    headers = {"X-Vault-Token": "root"}
    r = requests.post(f"{proc.addr}/v1/sys/mounts/{target.mount}", json={"type": "transit"}, headers=headers, timeout=10)
    r.raise_for_status()
    r = requests.post(f"{proc.addr}/v1/{target.mount}/keys/{target.key}", json={}, headers=headers, timeout=10)
    r.raise_for_status()
    return proc, target


def remove_store(process: Process) -> None:
    """Delete a stopped process's store and config; its log stays for the report's problem notes."""
    for name in os.listdir(process.workdir):
        if not name.endswith(".log"):
            path = os.path.join(process.workdir, name)
            if os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.unlink(path)
