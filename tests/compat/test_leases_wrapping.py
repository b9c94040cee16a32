"""Leases, response wrapping and cubbyhole through the bao CLI and hvac: same answers on Arca and OpenBao."""
import json
import time

import hvac
import pytest


def run(s, *args, token=None):
    r = s.bao(*args, token=token or s.root_token)
    assert r.returncode == 0, f"bao {' '.join(args)}: {r.stderr}"
    return r.stdout


def token(s, *args, parent=None):
    return json.loads(run(s, "token", "create", "-format=json", *args, token=parent))["auth"]["client_token"]


def ensure_kv(s):
    if "secret/" not in run(s, "secrets", "list"):
        run(s, "secrets", "enable", "-path=secret", "kv-v2")


def test_wrap_and_unwrap_with_the_cli(unsealed_server):
    s = unsealed_server
    ensure_kv(s)
    run(s, "kv", "put", "secret/wrapped", "password=hunter2")
    wrapped = json.loads(run(s, "kv", "get", "-wrap-ttl=60", "-format=json", "secret/wrapped"))
    info = wrapped["wrap_info"]
    assert wrapped["data"] is None and wrapped["request_id"] == ""
    assert info["ttl"] == 60 and info["creation_path"] == "secret/data/wrapped"
    assert set(info) >= {"token", "accessor", "ttl", "creation_time", "creation_path"}

    look = json.loads(run(s, "write", "-format=json", "sys/wrapping/lookup", f"token={info['token']}"))["data"]
    assert look["creation_ttl"] == 60 and look["creation_path"] == "secret/data/wrapped"

    out = json.loads(run(s, "unwrap", "-format=json", info["token"]))
    assert out["data"]["data"] == {"password": "hunter2"}
    again = s.bao("unwrap", info["token"], token=s.root_token)
    assert again.returncode == 2 and "wrapping token is not valid or does not exist" in again.stderr
    # Without a token of its own the CLI sends the wrapping token as the request's token.
    alone = s.bao("unwrap", info["token"])
    assert alone.returncode == 2 and "wrapping token is not valid or does not exist" in alone.stderr


def test_wrapped_token_creation_and_wrap_endpoint(unsealed_server):
    s = unsealed_server
    out = json.loads(run(s, "token", "create", "-wrap-ttl=5m", "-policy=default", "-format=json"))
    info = out["wrap_info"]
    assert info["ttl"] == 300 and info["creation_path"] == "auth/token/create" and info["wrapped_accessor"]
    unwrapped = json.loads(run(s, "unwrap", "-format=json", info["token"]))
    assert unwrapped["auth"]["accessor"] == info["wrapped_accessor"]
    new_token = unwrapped["auth"]["client_token"]
    assert json.loads(run(s, "token", "lookup", "-format=json", token=new_token))["data"]["policies"] == ["default"]

    # The CLI wraps sys/wrapping/wrap by itself (5m); a raw request without the header is refused.
    r = s.request("POST", "sys/wrapping/wrap", token=s.root_token, json_body={"a": "b"})
    assert r.status_code == 400 and r.json()["errors"] == ["endpoint requires response wrapping to be used"]
    assert json.loads(run(s, "write", "-format=json", "sys/wrapping/wrap", "a=b"))["wrap_info"]["ttl"] == 300
    info = json.loads(run(s, "write", "-wrap-ttl=2m", "-format=json", "sys/wrapping/wrap", "a=b"))["wrap_info"]
    assert info["creation_path"] == "sys/wrapping/wrap"
    assert json.loads(run(s, "unwrap", "-format=json", info["token"]))["data"] == {"a": "b"}


def test_hvac_wrapping(unsealed_server):
    s = unsealed_server
    client = hvac.Client(url=s.addr, token=s.root_token, timeout=30)
    wrapped = client.sys.wrap(payload={"k": "v"}, ttl=120)
    wrap_token = wrapped["wrap_info"]["token"]
    rewrapped = client.adapter.post("/v1/sys/wrapping/rewrap", json={"token": wrap_token})
    new_token = rewrapped["wrap_info"]["token"]
    assert new_token != wrap_token and rewrapped["wrap_info"]["ttl"] == 120
    with pytest.raises(hvac.exceptions.InvalidRequest):
        client.sys.unwrap(token=wrap_token)
    assert client.sys.unwrap(token=new_token)["data"] == {"k": "v"}
    with pytest.raises(hvac.exceptions.InvalidRequest):
        client.sys.unwrap(token=new_token)
    # A bad X-Vault-Wrap-TTL is refused with Go's duration message.
    r = s.request("GET", "auth/token/lookup-self", token=s.root_token, headers={"X-Vault-Wrap-TTL": "abc"})
    assert r.status_code == 400 and "error parsing X-Vault-Wrap-TTL header" in r.text


def test_policy_wrapping_bounds(unsealed_server, tmp_path):
    s = unsealed_server
    ensure_kv(s)
    run(s, "kv", "put", "secret/bounded", "a=1")
    policy = tmp_path / "w.hcl"
    policy.write_text('path "secret/data/bounded" {\n  capabilities = ["read"]\n  min_wrapping_ttl = "1m"\n'
                      '  max_wrapping_ttl = "10m"\n}\n')
    run(s, "policy", "write", "bounded", str(policy))
    t = token(s, "-policy=bounded")
    for ttl in (None, "30s", "1h"):
        args = ["kv", "get"] + ([f"-wrap-ttl={ttl}"] if ttl else []) + ["secret/bounded"]
        r = s.bao(*args, token=t)
        assert r.returncode == 2 and "permission denied" in r.stderr, (ttl, r.stderr)
    ok = json.loads(run(s, "kv", "get", "-wrap-ttl=5m", "-format=json", "secret/bounded", token=t))
    assert ok["wrap_info"]["ttl"] == 300


def test_cubbyhole_is_private_to_its_token(unsealed_server):
    s = unsealed_server
    a = token(s, "-policy=default")
    b = token(s, "-policy=default")
    assert "Success! Data written to: cubbyhole/app" in run(s, "write", "cubbyhole/app", "pw=only-a", token=a)
    assert run(s, "read", "-field=pw", "cubbyhole/app", token=a) == "only-a"
    r = s.bao("read", "cubbyhole/app", token=b)
    assert r.returncode == 2 and "No value found at cubbyhole/app" in r.stderr
    assert run(s, "list", "-format=json", "cubbyhole/", token=a).strip().startswith("[")
    listing = json.loads(run(s, "secrets", "list", "-format=json"))
    assert listing["cubbyhole/"]["type"] == "cubbyhole" and listing["cubbyhole/"]["local"] is True
    r = s.bao("secrets", "disable", "cubbyhole/", token=s.root_token)
    assert r.returncode == 2


def test_token_leases(unsealed_server):
    s = unsealed_server
    client = hvac.Client(url=s.addr, token=s.root_token, timeout=30)
    t = token(s, "-policy=default", "-ttl=1h")
    accessor = json.loads(run(s, "token", "lookup", "-format=json", token=t))["data"]["accessor"]
    keys = client.sys.list_leases("auth/token/create/")["data"]["keys"]
    assert keys
    found = None
    for key in keys:
        lease = client.sys.read_lease(f"auth/token/create/{key}")["data"]
        if 3500 < lease["ttl"] <= 3600:
            found = lease
    assert found and found["path"] == "auth/token/create" and found["renewable"] is True
    assert set(found) == {"id", "issue_time", "expire_time", "last_renewal", "renewable", "ttl", "path"}
    r = s.bao("lease", "renew", found["id"], token=s.root_token)
    assert r.returncode == 2 and "tokens cannot be renewed through this endpoint" in r.stderr
    r = s.bao("lease", "lookup", "nope/x", token=s.root_token)
    assert r.returncode == 2 and "invalid lease" in r.stderr
    assert "All revocation operations queued successfully!" in run(s, "lease", "revoke", "nope/x")
    # Revoking the token's lease revokes the token.
    run(s, "lease", "revoke", found["id"])
    r = s.bao("token", "lookup", "-accessor", accessor, token=s.root_token)
    assert r.returncode == 2


def test_token_expiry_revokes_children_on_time(unsealed_server, tmp_path):
    s = unsealed_server
    policy = tmp_path / "creator.hcl"
    policy.write_text('path "auth/token/create" {\n  capabilities = ["update"]\n}\n')
    run(s, "policy", "write", "creator", str(policy))
    parent = token(s, "-policy=creator", "-ttl=2s")
    child = token(s, "-policy=creator", "-ttl=1h", parent=parent)
    run(s, "write", "cubbyhole/x", "v=1", token=child)
    # The child keeps its own TTL (not capped to the parent's) but dies with its parent.
    assert json.loads(run(s, "token", "lookup", "-format=json", child))["data"]["ttl"] > 3000
    deadline = time.time() + 10
    while time.time() < deadline:
        gone = [s.bao("token", "lookup", t, token=s.root_token).returncode != 0 for t in (parent, child)]
        if all(gone):
            break
        time.sleep(0.25)
    for t in (parent, child):
        r = s.bao("token", "lookup", t, token=s.root_token)
        assert r.returncode == 2 and "bad token" in r.stderr
