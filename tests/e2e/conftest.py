"""Fixtures that run a real server (Arca by default, or OpenBao with COMPAT_TARGET=openbao) on
127.0.0.1 in a temporary directory, so every test here can be checked against the reference."""
import json
import re
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import pytest
import requests

TARGET = os.environ.get("COMPAT_TARGET", "arca")

# Fields that legitimately differ between Arca and OpenBao, and why.
KNOWN_DIFFERENCES = {
    "version": "each server reports its own version",
    "storage_type": "Arca: sqlite; OpenBao: raft",
    "cluster_name": "generated per cluster",
    "cluster_id": "generated per cluster",
    "commit_date": "build metadata",
    "build_date": "build metadata",
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """One server process and its data directory."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.port = free_port()
        self.addr = f"http://127.0.0.1:{self.port}"
        self.proc = None
        self.log_path = os.path.join(workdir, "server.log")
        self.config = self._write_config()

    def _write_config(self):
        if TARGET == "openbao":
            path = os.path.join(self.workdir, "bao.hcl")
            os.makedirs(os.path.join(self.workdir, "data"), exist_ok=True)
            cluster = free_port()
            text = f'''
storage "raft" {{
  path = "{self.workdir}/data"
  node_id = "n1"
}}
listener "tcp" {{
  address = "127.0.0.1:{self.port}"
  tls_disable = true
  disable_unauthed_rekey_endpoints = false
}}
api_addr = "{self.addr}"
cluster_addr = "http://127.0.0.1:{cluster}"
'''
        else:
            path = os.path.join(self.workdir, "arca.hcl")
            text = f'''
storage "sqlite" {{
  path = "{self.workdir}/data/arca.db"
}}
listener "tcp" {{
  address     = "127.0.0.1:{self.port}"
  tls_disable = true
}}
disable_mlock = true
api_addr = "{self.addr}"
'''
        with open(path, "w") as f:
            f.write(text)
        return path

    def command(self):
        if TARGET == "openbao":
            return [shutil.which("bao"), "server", f"-config={self.config}"]
        binary = os.environ.get("ARCA_BIN")
        if not binary:
            raise RuntimeError("ARCA_BIN must point at the arca binary (scripts/test sets it)")
        return [binary, "server", f"-config={self.config}"]

    def start(self):
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log()}")
            try:
                requests.get(self.addr + "/v1/sys/seal-status", timeout=1)
                return self
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError(f"server did not answer within 30 s:\n{self.log()}")

    def stop(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def restart(self, sig=signal.SIGTERM):
        self.stop(sig)
        return self.start()

    def log(self):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read()[-4000:]
        except OSError:
            return ""

    # HTTP helpers
    def get(self, path, token=None, **kw):
        return requests.get(self.addr + "/v1/" + path, headers=self._headers(token), timeout=10, **kw)

    def put(self, path, body=None, token=None, data=None):
        payload = data if data is not None else (json.dumps(body) if body is not None else None)
        return requests.put(self.addr + "/v1/" + path, data=payload, headers=self._headers(token), timeout=30)

    @staticmethod
    def _headers(token):
        return {"X-Vault-Token": token} if token else {}

    def init(self, shares=5, threshold=3):
        r = self.put("sys/init", {"secret_shares": shares, "secret_threshold": threshold})
        assert r.status_code == 200, r.text
        return r.json()

    def unseal(self, keys):
        body = None
        for k in keys:
            body = self.put("sys/unseal", {"key": k}).json()
        if body and body.get("sealed") is False:
            self.wait_active()
        return body

    def wait_active(self):
        """OpenBao on raft stays standby (429) for a moment after unseal; Arca is active at once."""
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.get("sys/health").status_code == 200:
                return
            time.sleep(0.2)


@pytest.fixture
def server(tmp_path):
    s = Server(str(tmp_path)).start()
    yield s
    s.stop(signal.SIGKILL)


@pytest.fixture
def other_server(tmp_path_factory):
    s = Server(str(tmp_path_factory.mktemp("other"))).start()
    yield s
    s.stop(signal.SIGKILL)


@pytest.fixture
def cli_env(server, tmp_path):
    """Environment for the bao CLI pointed at the server, with a private HOME."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VAULT_", "BAO_"))}
    env.update({"BAO_ADDR": server.addr, "VAULT_ADDR": server.addr, "HOME": str(home)})
    return env


def bao(env, *args, token=None, stdin=None):
    e = dict(env)
    if token:
        e["BAO_TOKEN"] = token
    return subprocess.run([shutil.which("bao"), *args], env=e, capture_output=True, text=True,
                          input=stdin, timeout=60)


def table(output):
    """Parses the CLI's key/value table into an ordered list of (key, value)."""
    rows = []
    for line in output.splitlines():
        if not line.strip() or re.match(r"^Key\s+Value$", line) or line.startswith("---"):
            continue
        parts = line.split(None, 1) if "  " not in line else [p for p in line.split("  ") if p]
        key = parts[0].strip()
        value = parts[-1].strip() if len(parts) > 1 else ""
        rows.append((key, value))
    return rows
