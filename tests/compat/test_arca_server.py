"""Arca's own server and CLI: dev mode, the arca CLI, config errors, TLS and SIGHUP reload.
These have no OpenBao counterpart in this suite, so they run only against Arca."""
import json
import os
import signal
import subprocess
import time

import pytest
import requests

from harness import IS_OPENBAO, Server, bao_binary
from harness import _free_port as free_port

pytestmark = pytest.mark.skipif(IS_OPENBAO, reason="Arca-specific")


def arca(*args, env=None, stdin=None):
    e = {k: v for k, v in os.environ.items() if not k.startswith(("VAULT_", "BAO_", "ARCA_ADDR", "ARCA_TOKEN"))}
    e.update(env or {})
    return subprocess.run([os.environ["ARCA_BIN"], *args], capture_output=True, text=True, env=e,
                          input=stdin, timeout=60)


def wait_up(addr, proc, log_path, verify=True):
    for _ in range(200):
        if proc.poll() is not None:
            raise AssertionError(open(log_path).read())
        try:
            requests.get(addr + "/v1/sys/seal-status", timeout=1, verify=verify)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise AssertionError("server did not start")


def test_dev_mode(tmp_path):
    port = free_port()
    log = tmp_path / "dev.log"
    proc = subprocess.Popen([os.environ["ARCA_BIN"], "server", "-dev", "-dev-root-token-id=root",
                             f"-dev-listen-address=127.0.0.1:{port}"], stdout=open(log, "w"), stderr=subprocess.STDOUT)
    try:
        addr = f"http://127.0.0.1:{port}"
        wait_up(addr, proc, log)
        status = requests.get(addr + "/v1/sys/seal-status").json()
        assert status["initialized"] and not status["sealed"] and status["t"] == 1 and status["n"] == 1
        assert status["storage_type"] == "inmem"
        r = requests.get(addr + "/v1/sys/key-status", headers={"X-Vault-Token": "root"})
        assert r.status_code == 200
        out = open(log).read()
        assert "Root Token: root" in out and "Unseal Key: " in out
        # Tasks run on the event loops (GlobalExecutor); the log says so at start.
        assert "swift tasks run on the event loops" in out
    finally:
        proc.terminate()
        assert proc.wait(timeout=20) == 0, "SIGTERM shuts down gracefully with exit 0"


def test_default_executor_opt_out(tmp_path):
    """ARCA_NIO_GLOBAL_EXECUTOR=0 keeps Swift's default executor; the server works the same."""
    port = free_port()
    log = tmp_path / "dev.log"
    env = {**os.environ, "ARCA_NIO_GLOBAL_EXECUTOR": "0"}
    proc = subprocess.Popen([os.environ["ARCA_BIN"], "server", "-dev", "-dev-root-token-id=root",
                             f"-dev-listen-address=127.0.0.1:{port}"], stdout=open(log, "w"),
                            stderr=subprocess.STDOUT, env=env)
    try:
        addr = f"http://127.0.0.1:{port}"
        wait_up(addr, proc, log)
        headers = {"X-Vault-Token": "root"}
        assert requests.post(addr + "/v1/secret/data/x", json={"data": {"a": "b"}}, headers=headers).status_code == 200
        assert requests.get(addr + "/v1/secret/data/x", headers=headers).json()["data"]["data"] == {"a": "b"}
        out = open(log).read()
        assert "swift tasks run on the default executor" in out
        assert "swift tasks run on the event loops" not in out
    finally:
        proc.terminate()
        assert proc.wait(timeout=20) == 0


def test_arca_cli_lifecycle(server):
    env = {"ARCA_ADDR": server.addr}
    r = arca("status", env=env)
    assert r.returncode == 2 and "Initialized        false" in r.stdout
    r = arca("operator", "init", "-key-shares=3", "-key-threshold=2", "-format=json", env=env)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert len(doc["unseal_keys_b64"]) == 3 and doc["root_token"].startswith("s.")
    assert arca("operator", "init", "-status", env=env).returncode == 0
    r = arca("operator", "unseal", doc["unseal_keys_b64"][0], env=env)
    assert r.returncode == 0 and "Unseal Progress    1/2" in r.stdout
    r = arca("operator", "unseal", "-", env=env, stdin=doc["unseal_keys_hex"][1] + "\n")
    assert r.returncode == 0 and "Sealed          false" in r.stdout
    assert arca("status", env=env).returncode == 0
    env["VAULT_TOKEN"] = doc["root_token"]
    r = arca("operator", "rotate", env=env)
    assert r.returncode == 0 and "Key Term            2" in r.stdout
    r = arca("operator", "key-status", "-format=json", env=env)
    assert json.loads(r.stdout)["term"] == 2
    r = arca("operator", "seal", env={"ARCA_ADDR": server.addr, "ARCA_TOKEN": "s.wrong"})
    assert r.returncode == 2 and "Code: 403" in r.stderr and "permission denied" in r.stderr
    assert arca("operator", "seal", env=env).returncode == 0
    assert arca("status", env=env).returncode == 2


@pytest.mark.parametrize("text,fragment", [
    ('storage "sqlite" { path = "/tmp/x.db" }\nlistener "tcp" { address = "127.0.0.1:1" tls_disable = true }\nadress = 1\n',
     ":3:1: unknown configuration key 'adress'"),
    ('storage "sqlite" {\n  path = 5\n}\n', ":2:10: 'path' must be a string"),
    ('listener "tcp" {\n', "expected '}' to close the '{' at 1:16"),
])
def test_config_errors_exit_nonzero(tmp_path, text, fragment):
    cfg = tmp_path / "bad.hcl"
    cfg.write_text(text)
    r = arca("server", f"-config={cfg}")
    assert r.returncode == 1
    assert fragment in r.stderr and str(cfg) in r.stderr


def test_missing_config_file():
    r = arca("server", "-config=/nonexistent/arca.hcl")
    assert r.returncode == 1 and "no such file" in r.stderr


def make_cert(cert, key, cn):
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                    "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", f"/CN={cn}",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True)


def test_tls_listener(tmp_path):
    cert, key = tmp_path / "tls.crt", tmp_path / "tls.key"
    make_cert(cert, key, "first")
    port = free_port()
    cfg = tmp_path / "tls.hcl"
    cfg.write_text(f'''
storage "inmem" {{}}
listener "tcp" {{
  address = "127.0.0.1:{port}"
  tls_cert_file = "{cert}"
  tls_key_file = "{key}"
  tls_min_version = "tls12"
}}
disable_mlock = true
''')
    log = tmp_path / "tls.log"
    proc = subprocess.Popen([os.environ["ARCA_BIN"], "server", f"-config={cfg}"], stdout=open(log, "w"),
                            stderr=subprocess.STDOUT)
    try:
        addr = f"https://127.0.0.1:{port}"
        wait_up(addr, proc, log, verify=str(cert))
        r = requests.get(addr + "/v1/sys/seal-status", verify=str(cert))
        assert r.status_code == 200 and r.json()["initialized"] is False
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(addr + "/v1/sys/seal-status", verify=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("VAULT_", "BAO_"))}
        env.update({"BAO_ADDR": addr, "BAO_CACERT": str(cert), "HOME": str(tmp_path)})
        status = subprocess.run([bao_binary(), "status"], env=env, capture_output=True, text=True, timeout=60)
        assert status.returncode == 2, f"bao talks TLS to Arca (exit 2: sealed): {status.stderr}"

        # SIGHUP reloads the certificate: new connections are served the new one.
        second_cert, second_key = tmp_path / "second.crt", tmp_path / "second.key"
        make_cert(second_cert, second_key, "second")
        os.replace(second_cert, cert)
        os.replace(second_key, key)
        proc.send_signal(signal.SIGHUP)
        for _ in range(100):
            if "reloaded TLS certificate" in open(log).read():
                break
            time.sleep(0.1)
        r = requests.get(addr + "/v1/sys/seal-status", verify=str(cert))
        assert r.status_code == 200, "the reloaded certificate is the one served"
        assert proc.poll() is None
    finally:
        proc.kill()
        proc.wait()


def test_sighup_reloads_log_level(tmp_path):
    s = Server(str(tmp_path)).start()
    try:
        with open(s.config_path, "a") as f:
            f.write('\nlog_level = "debug"\n')
        s.proc.send_signal(signal.SIGHUP)
        for _ in range(100):
            if "reloaded configuration" in s.log_tail():
                break
            time.sleep(0.1)
        assert "reloaded configuration" in s.log_tail() and "debug" in s.log_tail()
        assert s.proc.poll() is None, "SIGHUP does not stop the server"
    finally:
        s.kill()


def test_list_and_scan_methods_reach_arca(server):
    """SwiftNIO rejects unknown methods; Arca's connection handler lets LIST and SCAN through,
    including pipelined on one keep-alive connection."""
    init = server.init(1, 1)
    server.unseal(init["keys"])
    root = init["root_token"]
    for method in ("LIST", "SCAN"):
        r = requests.request(method, server.addr + "/v1/secret/", headers={"X-Vault-Token": root}, timeout=10)
        assert r.status_code == 404, f"{method}: {r.status_code} {r.text}"
    r = requests.request("LIST", server.addr + "/v1/sys/seal-status", timeout=10)
    assert r.status_code == 405, "LIST on an endpoint that does not list is 405, not 400"
    import socket
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(b"LIST /v1/secret/ HTTP/1.1\r\nHost: a\r\nX-Vault-Token: " + root.encode() + b"\r\n\r\n"
                     b"GET /v1/sys/health HTTP/1.1\r\nHost: a\r\n\r\n")
        data = b""
        deadline = time.time() + 10
        while data.count(b"HTTP/1.1 ") < 2 and time.time() < deadline:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    import re
    statuses = re.findall(rb"HTTP/1\.1 (\d{3}) ", data)
    assert statuses == [b"404", b"200"], data[:500]


def test_arca_cli_secrets_policies_tokens(server, tmp_path):
    """The arca CLI's everyday commands against an Arca server."""
    init = server.init(1, 1)
    server.unseal(init["keys"])
    root = init["root_token"]
    env = {"ARCA_ADDR": server.addr, "ARCA_TOKEN": root, "HOME": str(tmp_path)}

    def ok(*args, **kw):
        r = arca(*args, env=kw.get("env", env), stdin=kw.get("stdin"))
        assert r.returncode == 0, f"arca {' '.join(args)}: {r.stderr}"
        return r.stdout

    assert "Success! Enabled the kv secrets engine at: secret/" in ok("secrets", "enable", "-path=secret", "-version=2", "kv")
    assert "secret/" in ok("secrets", "list")
    (tmp_path / "pw").write_text("s3cret")
    ok("kv", "put", "secret/app/db", "user=svc", "pass=@" + str(tmp_path / "pw"))
    assert ok("kv", "get", "-field=pass", "secret/app/db") == "s3cret"
    assert "db" in ok("kv", "list", "secret/app")
    ok("write", "secret/data/raw", "-", stdin='{"data": {"k": "v"}}')
    assert '"k":"v"' in ok("read", "-field=data", "secret/data/raw").replace(" ", "")
    policy = tmp_path / "p.hcl"
    policy.write_text('path "secret/data/app/*" { capabilities = ["read"] }\n')
    assert "Success! Uploaded policy: app" in ok("policy", "write", "app", str(policy))
    assert "app" in ok("policy", "list").split()
    token = ok("token", "create", "-policy=app", "-ttl=10m", "-field=token")
    assert token.startswith("s.")
    assert ok("token", "capabilities", token, "secret/data/app/db").strip() == "read"
    limited = dict(env, ARCA_TOKEN=token)
    assert ok("kv", "get", "-field=user", "secret/app/db", env=limited) == "svc"
    denied = arca("kv", "put", "secret/app/db", "user=x", env=limited)
    assert denied.returncode == 2 and "permission denied" in denied.stderr
    assert arca("token", "revoke", env=env).returncode != 0, "revoking oneself needs -self"
    ok("token", "revoke", token)
    assert arca("token", "lookup", env=limited).returncode == 2
    login_env = {"ARCA_ADDR": server.addr, "HOME": str(tmp_path)}
    assert "Success!" in ok("login", root, env=login_env)
    assert (tmp_path / ".arca-token").read_text() == root
    assert "root" in ok("token", "lookup", env=login_env)


def test_arca_cli_kv_versions_and_engines(server, tmp_path):
    init = server.init(1, 1)
    server.unseal(init["keys"])
    env = {"ARCA_ADDR": server.addr, "ARCA_TOKEN": init["root_token"], "HOME": str(tmp_path)}

    def ok(*args):
        r = arca(*args, env=env)
        assert r.returncode == 0, f"arca {' '.join(args)}: {r.stderr}"
        return r.stdout

    ok("secrets", "enable", "-path=kv", "-version=2", "kv")
    ok("kv", "put", "kv/app", "a=1")
    ok("kv", "put", "kv/app", "a=2")
    ok("kv", "patch", "kv/app", "b=3")
    assert ok("kv", "get", "-field=b", "kv/app") == "3"
    ok("kv", "rollback", "-version=1", "kv/app")
    assert ok("kv", "get", "-field=a", "kv/app") == "1"
    ok("kv", "delete", "kv/app")
    assert arca("kv", "get", "kv/app", env=env).returncode == 2
    ok("kv", "undelete", "-versions=4", "kv/app")
    assert ok("kv", "get", "-field=a", "kv/app") == "1"
    ok("kv", "destroy", "-versions=1", "kv/app")
    ok("kv", "metadata", "put", "-max-versions=3", "-custom-metadata=owner=ops", "kv/app")
    meta = json.loads(ok("kv", "metadata", "get", "-format=json", "kv/app"))["data"]
    assert meta["max_versions"] == 3 and meta["custom_metadata"] == {"owner": "ops"} and meta["versions"]["1"]["destroyed"]
    ok("secrets", "tune", "-default-lease-ttl=1h", "kv")
    assert server.get("sys/mounts/kv/tune", token=init["root_token"]).json()["data"]["default_lease_ttl"] == 3600
    ok("secrets", "move", "kv", "kv2")
    assert ok("kv", "get", "-field=a", "kv2/app") == "1"
    ok("kv", "metadata", "delete", "kv2/app")
    assert arca("kv", "get", "kv2/app", env=env).returncode == 2
    token = ok("token", "create", "-policy=default", "-ttl=10m", "-field=token")
    assert "token_duration" in arca("token", "renew", "-increment=5m", env=dict(env, ARCA_TOKEN=token)).stdout


def test_arca_cli_policy_fmt_and_auth_list(server, tmp_path):
    init = server.init(1, 1)
    server.unseal(init["keys"])
    env = {"ARCA_ADDR": server.addr, "ARCA_TOKEN": init["root_token"], "HOME": str(tmp_path)}
    messy = tmp_path / "p.hcl"
    messy.write_text('path   "a/*"{capabilities=["read"]}\n')
    r = arca("policy", "fmt", str(messy), env=env)
    assert r.returncode == 0 and messy.read_text() == 'path "a/*" {\n  capabilities = ["read"]\n}\n'
    (tmp_path / "bad.hcl").write_text("path {")
    assert arca("policy", "fmt", str(tmp_path / "bad.hcl"), env=env).returncode == 1
    r = arca("auth", "list", env=env)
    assert r.returncode == 0 and "token/" in r.stdout
    r = arca("auth", "enable", "nosuchmethod", env=env)
    assert r.returncode == 2 and "plugin not found" in r.stderr


def test_arca_cli_auth_tune(server, tmp_path):
    init = server.init(1, 1)
    server.unseal(init["keys"])
    env = {"ARCA_ADDR": server.addr, "ARCA_TOKEN": init["root_token"], "HOME": str(tmp_path)}
    r = arca("auth", "tune", "-default-lease-ttl=1h", "-max-lease-ttl=2h", "-description=tuned",
             "-listing-visibility=unauth", "-passthrough-request-header=X-A", "token", env=env)
    assert (r.returncode, r.stdout) == (0, "Success! Tuned the auth method at: token/\n"), r.stderr
    tune = server.get("sys/auth/token/tune", token=init["root_token"]).json()["data"]
    assert (tune["default_lease_ttl"], tune["max_lease_ttl"], tune["description"]) == (3600, 7200, "tuned")
    assert tune["listing_visibility"] == "unauth" and tune["passthrough_request_headers"] == ["X-A"]
    r = arca("auth", "list", "-detailed", env=env)
    lines = r.stdout.splitlines()
    assert r.returncode == 0 and lines[0].split()[:4] == ["Path", "Plugin", "Accessor", "Default"]
    row = lines[2].split()
    assert row[:2] == ["token/", "token"] and row[2].startswith("auth_token_")
    assert row[3:7] == ["3600", "7200", "default-service", "replicated"]
    r = arca("auth", "tune", "-token-type=batch", "token", env=env)
    assert r.returncode == 2 and "'token_type' cannot be set for 'token'" in r.stderr
    r = arca("auth", "tune", "-default-lease-ttl=abc", "token", env=env)
    assert r.returncode == 2 and 'time: invalid duration "abc"' in r.stderr


def test_arca_login_with_auth_methods(server, tmp_path):
    init = server.init(1, 1)
    server.unseal(init["keys"])
    env = {"ARCA_ADDR": server.addr, "ARCA_TOKEN": init["root_token"], "HOME": str(tmp_path)}

    def ok(*args, env=env):
        r = arca(*args, env=env)
        assert r.returncode == 0, f"arca {' '.join(args)}: {r.stderr}"
        return r.stdout

    ok("auth", "enable", "userpass")
    ok("write", "auth/userpass/users/carol", "password=pw-carol", "token_policies=app")
    login_env = {"ARCA_ADDR": server.addr, "HOME": str(tmp_path)}
    out = ok("login", "-method=userpass", "username=carol", "password=pw-carol", env=login_env)
    assert "Success! You are now authenticated" in out and "token_meta_username    carol" in out
    stored = (tmp_path / ".arca-token").read_text()
    assert stored.startswith("s.")
    assert "app" in ok("token", "lookup", "-format=json", env=login_env)
    bad = arca("login", "-method=userpass", "username=carol", "password=nope", env=login_env)
    assert bad.returncode == 2 and "invalid username or password" in bad.stderr

    ok("auth", "enable", "approle")
    ok("write", "auth/approle/role/ci", "token_policies=app")
    role_id = ok("read", "-field=role_id", "auth/approle/role/ci/role-id")
    secret_id = ok("write", "-f", "-field=secret_id", "auth/approle/role/ci/secret-id")
    token = ok("login", "-method=approle", "-token-only", f"role_id={role_id}", f"secret_id={secret_id}", env=login_env)
    assert token.startswith("s.") and token != stored
    unknown = arca("login", "-method=ldap", "username=x", env=login_env)
    assert unknown.returncode != 0 and "Unknown auth method" in unknown.stderr
