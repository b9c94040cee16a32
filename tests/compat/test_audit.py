"""Audit devices (sys/audit): the file and socket devices, hashing, sys/audit-hash, fail-closed
behaviour, restarts and SIGHUP log rotation, driven by the bao CLI and plain HTTP.

Runs against OpenBao too (COMPAT_TARGET=openbao). Both follow OpenBao 2.x: audit devices come from
`audit` stanzas in the server config, and API-created devices are refused unless the config says
`unsafe_allow_api_audit_creation = true`, and `prefix` needs `allow_audit_log_prefixing = true`, so
the servers here get both lines. Arca also refuses a `file_path` that is one of the
server's own files or an existing file that is not an audit log. Arca-only checks are marked
`arca_only`.
"""
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time

import pytest

import harness
from harness import IS_OPENBAO, Server

arca_only = pytest.mark.skipif(IS_OPENBAO, reason="Arca only")

API_AUDIT_CONFIG = "\nunsafe_allow_api_audit_creation = true\n"
PREFIX_CONFIG = "allow_audit_log_prefixing = true\n"
API_REFUSAL = "cannot enable audit device via API; use declarative, config-based audit device management instead"


class AuditServer(Server):
    """A server whose config allows API-created audit devices and log prefixes."""

    def _write_config(self) -> str:
        path = super()._write_config()
        with open(path, "a") as f:
            f.write(API_AUDIT_CONFIG + PREFIX_CONFIG)
        return path


@pytest.fixture
def srv(tmp_path):
    s = AuditServer(str(tmp_path / "server"), name="audit")
    s.start()
    s.init_unsealed(1, 1)
    r = s.bao("secrets", "enable", "-path=secret", "kv-v2", token=s.root_token)
    assert r.returncode == 0, r.stderr
    yield s
    s.kill()


def enable_file(s: Server, log: str, *options: str, path: str = "file") -> None:
    r = s.bao("audit", "enable", f"-path={path}", "file", f"file_path={log}", *options, token=s.root_token)
    assert r.returncode == 0, r.stderr
    assert f"Success! Enabled the file audit device at: {path}/" in r.stdout


def entries(log: str, prefix: str = "") -> list[dict]:
    with open(log) as f:
        text = f.read()
    assert text == "" or text.endswith("\n"), "every entry is a complete line"
    out = []
    for line in text.splitlines():
        assert line.startswith(prefix), line[:80]
        out.append(json.loads(line[len(prefix):]))
    return out


def for_path(log: str, path: str, prefix: str = "") -> list[dict]:
    return [e for e in entries(log, prefix) if e["request"].get("path") == path]


def audit_hash(s: Server, device: str, value: str) -> str:
    r = s.put(f"sys/audit-hash/{device}", {"input": value}, token=s.root_token)
    assert r.status_code == 200, r.text
    return r.json()["data"]["hash"]


def wait_for(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_file_device_records_kv_write_and_read_hashed(srv, tmp_path):
    log = str(tmp_path / "audit.log")
    enable_file(srv, log)
    assert oct(os.stat(log).st_mode & 0o777) == "0o600"
    secret = "pw-" + secrets.token_hex(12)
    r = srv.bao("kv", "put", "secret/app", f"password={secret}", "count=3", token=srv.root_token)
    assert r.returncode == 0, r.stderr
    r = srv.bao("kv", "get", "-format=json", "secret/app", token=srv.root_token)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["data"]["data"]["password"] == secret

    with open(log) as f:
        raw = f.read()
    assert secret not in raw, "no plaintext secret value in the audit log"
    assert srv.root_token not in raw, "no plaintext token in the audit log"

    app = for_path(log, "secret/data/app")
    ops = [(e["type"], e["request"]["operation"]) for e in app]
    write_op = ops[0][1]
    assert write_op in ("create", "update"), ops
    assert ops == [("request", write_op), ("response", write_op), ("request", "read"), ("response", "read")], ops

    hashed_secret = audit_hash(srv, "file", secret)
    hashed_token = audit_hash(srv, "file", srv.root_token)
    assert hashed_secret.startswith("hmac-sha256:") and len(hashed_secret) == len("hmac-sha256:") + 64
    write_req, write_resp, read_req, read_resp = app
    assert write_req["request"]["data"]["data"]["password"] == hashed_secret
    # The CLI sends key=value pairs as strings, so the count is hashed too.
    assert write_req["request"]["data"]["data"]["count"] == audit_hash(srv, "file", "3")
    assert read_resp["response"]["data"]["data"]["password"] == hashed_secret
    assert read_resp["response"]["data"]["metadata"]["version"] == 1, "numbers are not hashed"
    assert read_resp["response"]["data"]["metadata"]["destroyed"] is False, "booleans are not hashed"
    for e in app:
        assert set(e) >= {"time", "type", "auth", "request"}
        assert e["auth"]["client_token"] == hashed_token
        assert e["request"]["client_token"] == hashed_token
        assert e["auth"]["accessor"].startswith("hmac-sha256:")
        assert e["request"]["client_token_accessor"] == e["auth"]["accessor"]
        assert e["auth"]["policies"] == ["root"] and e["auth"]["token_type"] == "service"
        assert e["request"]["namespace"] == {"id": "root"}
        assert (e["request"]["mount_point"], e["request"]["mount_type"]) == ("secret/", "kv")
        assert e["request"]["remote_address"] == "127.0.0.1"
        assert "error" not in e
    assert "data" not in read_req["request"], "empty request data is left out"
    assert write_resp["response"]["data"]["version"] == 1
    assert read_resp["request"]["id"] == read_req["request"]["id"]


def test_token_creation_and_denial_are_recorded(srv, tmp_path):
    log = str(tmp_path / "audit.log")
    enable_file(srv, log)
    r = srv.bao("policy", "write", "other-only", "-", token=srv.root_token,
                stdin='path "secret/data/other" { capabilities = ["read"] }')
    assert r.returncode == 0, r.stderr
    r = srv.put("auth/token/create", {"policies": ["other-only"], "ttl": "1h", "meta": {"team": "blue"}},
                token=srv.root_token)
    assert r.status_code == 200, r.text
    token, accessor = r.json()["auth"]["client_token"], r.json()["auth"]["accessor"]
    r = srv.get("secret/data/app", token=token)
    assert r.status_code == 403

    create = for_path(log, "auth/token/create")
    assert [e["type"] for e in create] == ["request", "response"]
    auth = create[1]["response"]["auth"]
    assert auth["client_token"] == audit_hash(srv, "file", token)
    assert auth["accessor"] == audit_hash(srv, "file", accessor)
    assert auth["policies"] == ["default", "other-only"] and auth["token_type"] == "service"
    assert auth["metadata"] == {"team": "blue"} and auth["token_ttl"] == 3600
    assert create[0]["request"]["data"]["meta"]["team"] == audit_hash(srv, "file", "blue")

    denied = for_path(log, "secret/data/app")
    assert [e["type"] for e in denied] == ["request", "response"]
    for e in denied:
        assert "permission denied" in e["error"]
        assert e["auth"]["policies"] == ["default", "other-only"]
        assert e["auth"]["client_token"] == audit_hash(srv, "file", token)
    assert denied[1]["response"]["data"]["error"].startswith("hmac-sha256:")
    with open(log) as f:
        assert token not in f.read()

    # A request with an unknown token is recorded too, with the token hashed.
    bogus = "s." + secrets.token_hex(12)
    assert srv.get("secret/data/app", token=bogus).status_code == 403
    unknown = [e for e in for_path(log, "secret/data/app") if e["request"].get("client_token") == audit_hash(srv, "file", bogus)]
    assert [e["type"] for e in unknown] == ["request", "response"]
    assert unknown[0]["auth"] == {"token_type": "default"} and unknown[0]["error"] == "permission denied"
    assert unknown[0]["request"]["mount_point"] == "secret/"


def test_list_options_and_refusals(srv, tmp_path):
    log = str(tmp_path / "a.log")
    enable_file(srv, log, "log_raw=false", "mode=0640")
    r = srv.get("sys/audit", token=srv.root_token)
    assert r.status_code == 200, r.text
    assert r.json()["data"] == {"file/": {"type": "file", "description": "", "local": False, "path": "file/",
                                          "options": {"file_path": log, "log_raw": "false", "mode": "0640"}}}
    assert oct(os.stat(log).st_mode & 0o777) == "0o640"
    r = srv.bao("audit", "list", "-detailed", token=srv.root_token)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0].split() == ["Path", "Type", "Description", "Replication", "Options"]
    assert any(line.split()[:4] == ["file/", "file", "n/a", "replicated"] and f"file_path={log}" in line
               for line in r.stdout.splitlines())

    def refused(path, body, fragment):
        r = srv.put(path, body, token=srv.root_token)
        assert r.status_code == 400, f"{path}: {r.status_code} {r.text}"
        assert fragment in r.json()["errors"][0], r.text

    refused("sys/audit/x", {"type": "nope"}, 'unknown backend type: "nope"')
    refused("sys/audit/x", {"type": "file"}, "file_path is required")
    refused("sys/audit/file", {"type": "file", "options": {"file_path": str(tmp_path / "b.log")}}, "path already in use")
    refused("sys/audit/x", {"type": "file", "options": {"file_path": str(tmp_path / "c.log"), "format": "yaml"}},
            'unknown format type "yaml"')
    # A path that cannot be opened for writing (a directory) is refused, and nothing is enabled.
    os.mkdir(tmp_path / "adir")
    r = srv.put("sys/audit/dir", {"type": "file", "options": {"file_path": str(tmp_path / "adir")}}, token=srv.root_token)
    assert r.status_code == 400, r.text
    refused("sys/audit-hash/nope", {"input": "x"}, 'unknown audit backend "nope/"')
    refused("sys/audit-hash/file", {}, 'the "input" parameter is empty')
    assert list(srv.get("sys/audit", token=srv.root_token).json()["data"]) == ["file/"]
    # Disabling a path with no device succeeds.
    assert srv.request("DELETE", "sys/audit/none", token=srv.root_token).status_code == 204
    # sys/audit and sys/audit/* need sudo: a token with every other capability on sys/* is refused.
    r = srv.bao("policy", "write", "sys-all", "-", token=srv.root_token,
                stdin='path "sys/*" { capabilities = ["create", "read", "update", "delete", "list"] }')
    assert r.returncode == 0, r.stderr
    t = srv.put("auth/token/create", {"policies": ["sys-all"]}, token=srv.root_token).json()["auth"]["client_token"]
    assert srv.get("sys/audit", token=t).status_code == 403
    assert srv.put("sys/audit/y", {"type": "file", "options": {"file_path": str(tmp_path / "y.log")}}, token=t).status_code == 403
    # sys/audit-hash needs only the capability, not sudo (OpenBao 2.7.2 does not root-protect it).
    assert srv.put("sys/audit-hash/file", {"input": "x"}, token=t).status_code == 200
    r = srv.bao("audit", "disable", "file", token=srv.root_token)
    assert r.returncode == 0 and "Success! Disabled audit device (if it was enabled) at: file/" in r.stdout, r.stderr
    assert srv.get("sys/audit", token=srv.root_token).json()["data"] == {}


def test_raw_prefix_and_clear_accessors(srv, tmp_path):
    raw_log, plain_log = str(tmp_path / "raw.log"), str(tmp_path / "plain.log")
    enable_file(srv, raw_log, "log_raw=true", "prefix=ARCA-AUDIT ", path="raw")
    enable_file(srv, plain_log, "hmac_accessor=false", path="plain")
    secret = "raw-" + secrets.token_hex(8)
    assert srv.bao("kv", "put", "secret/raw", f"v={secret}", token=srv.root_token).returncode == 0
    raw = for_path(raw_log, "secret/data/raw", prefix="ARCA-AUDIT ")
    assert raw and raw[0]["request"]["data"]["data"]["v"] == secret
    assert raw[0]["request"]["client_token"] == srv.root_token
    plain = for_path(plain_log, "secret/data/raw")
    assert plain[0]["request"]["data"]["data"]["v"] == audit_hash(srv, "plain", secret)
    accessor = srv.get("auth/token/lookup-self", token=srv.root_token).json()["data"]["accessor"]
    assert plain[0]["auth"]["accessor"] == accessor, "hmac_accessor=false leaves accessors in clear"
    assert plain[0]["auth"]["client_token"] == audit_hash(srv, "plain", srv.root_token)
    # Each device has its own salt.
    assert audit_hash(srv, "raw", secret) != audit_hash(srv, "plain", secret)


def test_only_device_failing_fails_requests_closed(srv, tmp_path):
    log = str(tmp_path / "audit.log")
    enable_file(srv, log)
    assert srv.bao("kv", "put", "secret/app", "v=before", token=srv.root_token).returncode == 0
    # Root ignores file permissions, so make the log unwritable another way: put a directory
    # where the file was and have the server reopen its log (SIGHUP).
    os.rename(log, log + ".1")
    os.mkdir(log)
    srv.proc.send_signal(signal.SIGHUP)
    assert wait_for(lambda: srv.get("sys/mounts", token=srv.root_token).status_code == 500)
    r = srv.put("secret/data/app", {"data": {"v": "after"}}, token=srv.root_token)
    assert r.status_code == 500, r.text
    assert r.json()["errors"] == ["internal error"]
    r = srv.get("secret/data/app", token=srv.root_token)
    assert r.status_code == 500 and "before" not in r.text, "no response leaves without its audit entry"
    assert srv.get("secret/data/app", token="s.bogus").status_code == 500
    # Once the log can be written again, the earlier write turns out never to have run.
    os.rmdir(log)
    srv.proc.send_signal(signal.SIGHUP)
    assert wait_for(lambda: srv.get("secret/data/app", token=srv.root_token).status_code == 200)
    r = srv.get("secret/data/app", token=srv.root_token)
    assert r.json()["data"]["data"] == {"v": "before"}
    assert r.json()["data"]["metadata"]["version"] == 1


class Collector:
    """A TCP listener standing in for a SIEM: it keeps every newline-delimited entry it receives."""

    def __init__(self, port: int = 0):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.lines: list[str] = []
        self.conns: list[socket.socket] = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)
            threading.Thread(target=self._read, args=(conn,), daemon=True).start()

    def _read(self, conn):
        buf = b""
        while True:
            try:
                chunk = conn.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                with self.lock:
                    self.lines.append(line.decode())

    def entries(self) -> list[dict]:
        with self.lock:
            return [json.loads(line) for line in self.lines]

    def close(self):
        # shutdown() first: a bare close() leaves the socket listening while accept() blocks on it.
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()
        self.thread.join(timeout=5)
        for c in self.conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            c.close()


def test_socket_device_streams_to_a_collector_and_fails_closed_without_it(srv):
    collector = Collector()
    try:
        r = srv.bao("audit", "enable", "socket", f"address=127.0.0.1:{collector.port}", "socket_type=tcp",
                    token=srv.root_token)
        assert r.returncode == 0, r.stderr
        secret = "sock-" + secrets.token_hex(8)
        assert srv.bao("kv", "put", "secret/s", f"v={secret}", token=srv.root_token).returncode == 0
        assert wait_for(lambda: len([e for e in collector.entries()
                                     if e["request"].get("path") == "secret/data/s"]) == 2)
        got = [e for e in collector.entries() if e["request"].get("path") == "secret/data/s"]
        assert [e["type"] for e in got] == ["request", "response"]
        assert got[0]["request"]["data"]["data"]["v"] == audit_hash(srv, "socket", secret)
        assert all(secret not in line for line in collector.lines)
    finally:
        collector.close()
    port = collector.port

    # The collector is gone: the device cannot record, so requests fail. (A TCP write into a
    # connection the peer has just closed can still succeed once; OpenBao may let one through.)
    first = srv.get("sys/mounts", token=srv.root_token).status_code
    if not IS_OPENBAO:
        assert first == 500, "Arca notices the closed connection before writing"
    r = srv.put("secret/data/s", {"data": {"v": "lost"}}, token=srv.root_token)
    assert r.status_code == 500, r.text

    # A collector back on the same port: the device reconnects, and the write above never ran.
    again = Collector(port)
    try:
        assert wait_for(lambda: srv.get("secret/data/s", token=srv.root_token).status_code == 200)
        assert srv.get("secret/data/s", token=srv.root_token).json()["data"]["data"] == {"v": secret}
        assert wait_for(lambda: any(e["request"].get("path") == "secret/data/s" for e in again.entries()))
    finally:
        again.close()


def test_devices_survive_restart(srv, tmp_path):
    log = str(tmp_path / "audit.log")
    enable_file(srv, log, "log_raw=false")
    before = audit_hash(srv, "file", "stable")
    srv.restart()
    srv.unseal(srv.keys[:1])
    srv.wait_active()
    r = srv.bao("audit", "list", "-format=json", token=srv.root_token)
    assert r.returncode == 0, r.stderr
    listed = json.loads(r.stdout)
    assert listed["file/"]["options"] == {"file_path": log, "log_raw": "false"}
    assert audit_hash(srv, "file", "stable") == before, "the device's salt survived"
    assert srv.bao("kv", "put", "secret/after", "v=1", token=srv.root_token).returncode == 0
    assert len(for_path(log, "secret/data/after")) == 2


def test_sighup_reopens_a_rotated_log(srv, tmp_path):
    log = str(tmp_path / "audit.log")
    enable_file(srv, log)
    assert srv.bao("kv", "put", "secret/one", "v=1", token=srv.root_token).returncode == 0
    os.rename(log, log + ".1")
    srv.proc.send_signal(signal.SIGHUP)
    assert wait_for(lambda: os.path.exists(log)), "the device reopened its path"
    assert srv.bao("kv", "put", "secret/two", "v=2", token=srv.root_token).returncode == 0
    assert for_path(log + ".1", "secret/data/one") and not for_path(log + ".1", "secret/data/two")
    assert len(for_path(log, "secret/data/two")) == 2
    assert not for_path(log, "secret/data/one")


@arca_only
def test_jsonx_format(srv, tmp_path):
    # OpenBao 2.x removed format=jsonx; Arca keeps Vault's JSONx rendering.
    log = str(tmp_path / "x.log")
    enable_file(srv, log, "format=jsonx")
    assert srv.bao("kv", "put", "secret/x", "v=1", token=srv.root_token).returncode == 0
    import xml.etree.ElementTree as ET
    with open(log) as f:
        lines = f.read().splitlines()
    ns = "{http://www.ibm.com/xmlns/prod/2009/jsonx}"
    docs = [ET.fromstring(line) for line in lines]
    assert all(d.tag == ns + "object" for d in docs)
    paths = [d.find(f"{ns}object[@name='request']/{ns}string[@name='path']") for d in docs]
    assert [p.text for p in paths if p is not None].count("secret/data/x") == 2


@arca_only
def test_arca_cli_audit_commands(srv, tmp_path):
    binary = os.environ["ARCA_BIN"]
    env = srv.cli_env(srv.root_token)
    env["ARCA_ADDR"], env["ARCA_TOKEN"] = srv.addr, srv.root_token

    def arca(*args):
        return subprocess.run([binary, *args], env=env, capture_output=True, text=True, timeout=60)

    log = str(tmp_path / "cli.log")
    r = arca("audit", "list")
    assert r.returncode == 0 and "No audit devices are enabled." in r.stdout, r.stderr
    r = arca("audit", "enable", "-path=mine", "-description=for the SIEM", "file", f"file_path={log}")
    assert r.returncode == 0 and "Success! Enabled the file audit device at: mine/" in r.stdout, r.stderr
    r = arca("audit", "list", "-detailed")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0].split() == ["Path", "Type", "Description", "Replication", "Options"]
    assert "mine/" in r.stdout and "for the SIEM" in r.stdout and f"file_path={log}" in r.stdout
    r = arca("audit", "list", "-format=json")
    assert json.loads(r.stdout)["mine/"]["type"] == "file"
    r = arca("audit", "disable", "mine")
    assert r.returncode == 0 and "Success! Disabled audit device (if it was enabled) at: mine/" in r.stdout
    assert srv.get("sys/audit", token=srv.root_token).json()["data"] == {}


def declared_file(path: str, log: str, description: str = "from config") -> str:
    return f'''
audit "file" "{path}" {{
  description = "{description}"
  options {{
    file_path = "{log}"
    log_raw   = "false"
  }}
}}
'''


def test_api_creation_is_refused_without_the_unsafe_setting(tmp_path):
    s = Server(str(tmp_path / "server"), name="audit-default")
    s.start()
    try:
        s.init_unsealed(1, 1)
        log = str(tmp_path / "api.log")
        r = s.bao("audit", "enable", "file", f"file_path={log}", token=s.root_token)
        assert r.returncode == 2, r.stdout
        assert "Code: 400" in r.stderr and API_REFUSAL in r.stderr, r.stderr
        r = s.put("sys/audit/file", {"type": "file", "options": {"file_path": log}}, token=s.root_token)
        assert r.status_code == 400 and r.json() == {"errors": [API_REFUSAL]}, r.text
        assert not os.path.exists(log)
        assert s.get("sys/audit", token=s.root_token).json()["data"] == {}

        # With API creation allowed, a prefix still needs its own setting.
        s.stop()
        s.reconfigure(API_AUDIT_CONFIG)
        s.start()
        s.unseal(s.keys[:1])
        s.wait_active()
        r = s.put("sys/audit/file", {"type": "file", "options": {"file_path": log, "prefix": "X "}}, token=s.root_token)
        assert r.status_code == 400 and r.json() == {"errors": ["audit log prefixing is not allowed"]}, r.text
        assert s.put("sys/audit/file", {"type": "file", "options": {"file_path": log}}, token=s.root_token).status_code == 204
    finally:
        s.kill()


def test_declared_device_is_created_at_unseal_and_stays(tmp_path):
    log = str(tmp_path / "declared.log")
    s = Server(str(tmp_path / "server"), name="audit-declared")
    s.reconfigure(declared_file("cfg", log))
    s.start()
    try:
        s.init_unsealed(1, 1)
        r = s.get("sys/audit", token=s.root_token)
        assert r.status_code == 200, r.text
        assert r.json()["data"] == {"cfg/": {"type": "file", "description": "from config", "local": False, "path": "cfg/",
                                             "options": {"file_path": log, "log_raw": "false"}}}
        first = entries(log)[0]
        assert first["request"]["path"] == "sys/audit/test", "a new device starts its log with the test entry"
        assert for_path(log, "sys/audit"), "the listing was recorded"
        r = s.request("DELETE", "sys/audit/cfg", token=s.root_token)
        assert r.status_code == 400 and r.json() == {"errors": ["cannot disable configuration-managed audit device"]}, r.text
        before = audit_hash(s, "cfg", "stable")
        s.restart()
        s.unseal(s.keys[:1])
        s.wait_active()
        assert audit_hash(s, "cfg", "stable") == before, "the declared device keeps its salt across restarts"
        assert [e["request"]["path"] for e in entries(log)].count("sys/audit/test") == 1
    finally:
        s.kill()


@arca_only
def test_short_audit_stanza_from_the_guides(tmp_path):
    # audit { file { path = ..., log_raw = true } }: a device at file/ whose settings are its options.
    log = str(tmp_path / "short.log")
    s = Server(str(tmp_path / "server"), name="audit-short")
    s.reconfigure(f'''
audit {{
  file {{
    path    = "{log}"
    log_raw = true
  }}
}}
''')
    s.start()
    try:
        s.init_unsealed(1, 1)
        data = s.get("sys/audit", token=s.root_token).json()["data"]
        assert data["file/"]["options"] == {"path": log, "log_raw": "true"}
        assert s.bao("secrets", "enable", "-path=kv", "kv", token=s.root_token).returncode == 0
        raw = [e for e in entries(log) if e["request"].get("path") == "sys/mounts/kv"]
        assert raw and raw[0]["request"]["client_token"] == s.root_token, "log_raw = true"
    finally:
        s.kill()


@arca_only
def test_file_device_refuses_the_servers_files_and_other_files(srv, tmp_path):
    # OpenBao 2.7.2 (with the unsafe setting) appends to whatever it is given, its own raft
    # database included, and chmods it; Arca refuses these paths either way.
    db = os.path.join(srv.workdir, "arca.db")
    notes = str(tmp_path / "notes.txt")
    with open(notes, "w") as f:
        f.write("operator notes\n")
    os.chmod(notes, 0o644)
    for target, fragment in [(db, "a file the server itself uses"), (db + "-wal", "a file the server itself uses"),
                             (srv.config_path, "is not an audit log"), (notes, "is not an audit log")]:
        r = srv.put("sys/audit/x", {"type": "file", "options": {"file_path": target, "mode": "0666"}}, token=srv.root_token)
        assert r.status_code == 400 and fragment in r.json()["errors"][0], f"{target}: {r.text}"
    r = srv.put("sys/audit/x", {"type": "file", "options": {"path": notes}}, token=srv.root_token)
    assert r.status_code == 400, "the legacy path option is checked the same way"
    with open(notes) as f:
        assert f.read() == "operator notes\n"
    assert oct(os.stat(notes).st_mode & 0o777) == "0o644", "never chmod a file the device did not create"
    assert srv.get("sys/audit", token=srv.root_token).json()["data"] == {}
    assert srv.get("sys/health").status_code == 200
