"""Policies and tokens through the real bao CLI: the same answers on Arca and OpenBao."""
import json
import os

POLICY = """
path "secret/data/database/*" {
  capabilities = ["read"]
}
path "secret/data/+/config" {
  capabilities = ["create", "update"]
  allowed_parameters = {
    "data" = []
  }
}
path "*" {
  capabilities = ["deny"]
}
"""


def run(s, *args, token=None):
    r = s.bao(*args, token=token or s.root_token)
    assert r.returncode == 0, f"bao {' '.join(args)}: {r.stderr}"
    return r.stdout


def token(s, *args, parent=None):
    out = run(s, "token", "create", "-format=json", *args, token=parent)
    return json.loads(out)["auth"]["client_token"]


def test_least_privilege_session(unsealed_server, tmp_path):
    s = unsealed_server
    if "secret/" not in run(s, "secrets", "list"):
        run(s, "secrets", "enable", "-path=secret", "kv-v2")
    run(s, "kv", "put", "secret/database/prod", "user=app")
    path = tmp_path / "app.hcl"
    path.write_text(POLICY)
    assert "Success! Uploaded policy: app-read" in run(s, "policy", "write", "app-read", str(path))
    assert "app-read" in run(s, "policy", "list").split()
    assert 'path "secret/data/database/*"' in run(s, "policy", "read", "app-read")

    t = token(s, "-policy=app-read", "-ttl=1h")
    assert run(s, "token", "capabilities", t, "secret/data/database/prod").strip() == "read"
    assert run(s, "token", "capabilities", t, "secret/data/other").strip() == "deny"
    assert run(s, "token", "capabilities", t, "secret/data/x/config").strip() == "create, update"

    assert run(s, "kv", "get", "-field=user", "secret/database/prod", token=t) == "app"
    r = s.bao("kv", "get", "secret/other", token=t)
    assert "permission denied" in r.stderr
    r = s.bao("kv", "put", "secret/x/config", "a=b", token=t)
    assert r.returncode == 2 and "permission denied" in r.stderr, "options is not an allowed parameter"
    r = s.request("PUT", "secret/data/x/config", token=t, json_body={"data": {"a": "b"}})
    assert r.status_code == 200, r.text

    look = json.loads(run(s, "token", "lookup", "-format=json", token=t))["data"]
    assert sorted(look["policies"]) == ["app-read", "default"] and 3500 < look["ttl"] <= 3600
    assert look["renewable"] is True and look["orphan"] is False
    run(s, "token", "renew", token=t)

    r = s.bao("policy", "write", "x", str(path), token=t)
    assert r.returncode == 2 and "permission denied" in r.stderr


def test_use_limit_and_revocation(unsealed_server):
    s = unsealed_server
    limited = token(s, "-policy=default", "-use-limit=2")
    for _ in range(2):
        assert s.bao("token", "lookup", token=limited).returncode == 0
    assert s.bao("token", "lookup", token=limited).returncode == 2, "out of uses"

    creator_policy = 'path "auth/token/create" { capabilities = ["update"] }'
    s.request("PUT", "sys/policy/creator", token=s.root_token, json_body={"policy": creator_policy})
    parent = token(s, "-policy=creator")
    child = token(s, parent=parent)
    r = s.bao("token", "create", "-policy=root", token=parent)
    assert r.returncode == 2, "a child cannot get policies its parent lacks"
    run(s, "token", "revoke", parent)
    assert s.bao("token", "lookup", token=parent).returncode == 2
    assert s.bao("token", "lookup", token=child).returncode == 2, "revoking a parent revokes its children"

    accessor_token = json.loads(run(s, "token", "create", "-policy=default", "-format=json"))["auth"]
    run(s, "token", "revoke", "-accessor", accessor_token["accessor"])
    assert s.bao("token", "lookup", token=accessor_token["client_token"]).returncode == 2


def test_capabilities_and_policy_errors(unsealed_server):
    s = unsealed_server
    r = s.request("PUT", "sys/policy/bad", token=s.root_token, json_body={"policy": 'path "a" { capabilities = ["fly"] }'})
    assert r.status_code == 400 and r.json()["errors"]
    r = s.request("DELETE", "sys/policy/root", token=s.root_token)
    assert r.status_code == 400
    r = s.request("DELETE", "sys/policy/default", token=s.root_token)
    assert r.status_code == 400
    r = s.request("PUT", "sys/capabilities-self", token=s.root_token, json_body={"paths": ["secret/x"]})
    assert r.json()["data"]["secret/x"] == ["root"]


def test_hvac_token_and_policy_api(unsealed_server):
    import hvac
    s = unsealed_server
    client = hvac.Client(url=s.addr, token=s.root_token)
    client.sys.create_or_update_policy(name="hv", policy='path "secret/*" { capabilities = ["read"] }')
    assert "hv" in client.sys.list_policies()["data"]["policies"]
    assert 'path "secret/*"' in client.sys.read_policy(name="hv")["data"]["rules"]
    created = client.auth.token.create(policies=["hv"], ttl="30m", meta={"team": "a"})["auth"]
    token, accessor = created["client_token"], created["accessor"]
    assert sorted(created["policies"]) == ["default", "hv"] and created["renewable"] is True
    looked = client.auth.token.lookup(token)["data"]
    assert looked["meta"] == {"team": "a"} and looked["accessor"] == accessor
    assert client.auth.token.lookup_accessor(accessor)["data"]["id"] == ""
    other = hvac.Client(url=s.addr, token=token)
    assert other.auth.token.lookup_self()["data"]["display_name"] == "token-token", "hvac sends display_name token"
    assert other.auth.token.renew_self(increment="20m")["auth"]["lease_duration"] > 0
    orphan = client.auth.token.create_orphan(policies=["hv"])["auth"]
    assert orphan["orphan"] is True
    client.auth.token.revoke_accessor(accessor)
    assert other.is_authenticated() is False
    client.sys.delete_policy(name="hv")
    assert "hv" not in client.sys.list_policies()["data"]["policies"]


def test_token_roles(unsealed_server):
    s = unsealed_server
    root = s.root_token
    r = s.request("POST", "auth/token/roles/ci", token=root,
                  json_body={"allowed_policies": ["a", "b"], "orphan": True, "token_period": "1h", "path_suffix": "build"})
    assert r.status_code == 204, r.text
    role = s.get("auth/token/roles/ci", token=root).json()["data"]
    assert role["allowed_policies"] == ["a", "b"] and role["orphan"] is True and role["token_period"] == 3600
    assert s.request("LIST", "auth/token/roles", token=root).json()["data"]["keys"] == ["ci"]
    auth = s.request("POST", "auth/token/create/ci", token=root, json_body={"policies": ["a"]}).json()["auth"]
    assert auth["policies"] == ["a", "default"] and auth["orphan"] is True and auth["lease_duration"] == 3600
    assert s.request("POST", "auth/token/create/ci", token=root, json_body={}).json()["auth"]["policies"] == ["a", "b", "default"]
    r = s.request("POST", "auth/token/create/ci", token=root, json_body={"policies": ["c"]})
    assert r.status_code == 400 and "must be subset of the role's allowed policies" in r.json()["errors"][0]
    r = s.request("POST", "auth/token/create/nope", token=root, json_body={})
    assert r.status_code == 400
    assert s.request("DELETE", "auth/token/roles/ci", token=root).status_code == 204
    assert s.get("auth/token/roles/ci", token=root).status_code == 404


def test_accessor_list_and_tidy(unsealed_server):
    s = unsealed_server
    auth = json.loads(run(s, "token", "create", "-policy=default", "-format=json"))["auth"]
    assert auth["accessor"] in run(s, "list", "auth/token/accessors").split()
    r = s.bao("write", "-f", "auth/token/tidy", token=s.root_token)
    assert r.returncode == 0, r.stderr
    limited = token(s, "-policy=default")
    assert s.bao("list", "auth/token/accessors", token=limited).returncode == 2, "listing accessors needs sudo"


def test_batch_tokens(unsealed_server):
    s = unsealed_server
    b = token(s, "-type=batch", "-policy=default", "-ttl=10m")
    assert b.startswith("b.")
    look = json.loads(run(s, "token", "lookup", "-format=json", token=b))["data"]
    assert look["type"] == "batch" and look["accessor"] == "" and look["renewable"] is False
    assert look["policies"] == ["default"] and 590 < look["ttl"] <= 600 and "period" not in look
    r = s.bao("token", "renew", token=b)
    assert r.returncode == 2 and "batch tokens cannot be renewed" in r.stderr
    r = s.bao("token", "revoke", b, token=s.root_token)
    assert r.returncode == 2 and "batch tokens cannot be revoked" in r.stderr
    r = s.bao("token", "create", "-type=batch", token=s.root_token)
    assert r.returncode == 2 and "batch tokens cannot be root tokens" in r.stderr
    r = s.bao("write", "cubbyhole/x", "a=b", token=b)
    assert r.returncode == 2 and "cubbyhole operations are only supported by 'service' type tokens" in r.stderr


def test_token_store_tune_applies_to_new_tokens(server):
    s = server
    s.init_unsealed(1, 1)
    run(s, "auth", "tune", "-default-lease-ttl=1h", "-max-lease-ttl=2h", "token/")
    plain = json.loads(run(s, "token", "create", "-policy=default", "-format=json"))["auth"]
    assert plain["lease_duration"] == 3600
    capped = json.loads(run(s, "token", "create", "-policy=default", "-ttl=5h", "-format=json"))["auth"]
    assert capped["lease_duration"] == 7200
