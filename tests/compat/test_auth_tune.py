"""Tuning the token auth method (and the extra mount tune fields) through the bao CLI, hvac and
raw HTTP: the same answers on Arca and OpenBao, and the settings survive a restart."""
import json

import hvac

from harness import rows

TUNED = {
    "default_lease_ttl": 3600, "max_lease_ttl": 7200, "description": "tuned tokens", "force_no_cache": False,
    "token_type": "default-service", "listing_visibility": "unauth", "passthrough_request_headers": ["X-A", "X-B"],
    "allowed_response_headers": ["X-R"], "audit_non_hmac_request_keys": ["k1"], "audit_non_hmac_response_keys": ["k2"],
}


def run(s, *args):
    r = s.bao(*args, token=s.root_token)
    assert r.returncode == 0, f"bao {' '.join(args)}: {r.stderr}"
    return r.stdout


def test_token_tune_survives_restart(server):
    body = server.init_unsealed(3, 2)
    s = server
    before = s.get("sys/auth", token=s.root_token).json()["data"]["token/"]
    assert before["config"] == {"default_lease_ttl": 0, "max_lease_ttl": 0, "force_no_cache": False,
                                "token_type": "default-service"}
    assert run(s, "auth", "tune", "-default-lease-ttl=1h", "-max-lease-ttl=2h", "-description=tuned tokens",
               "-listing-visibility=unauth", "-passthrough-request-headers=X-A", "-passthrough-request-headers=X-B",
               "-allowed-response-headers=X-R", "-audit-non-hmac-request-keys=k1",
               "-audit-non-hmac-response-keys=k2", "token/").strip() == "Success! Tuned the auth method at: token/"
    assert s.get("sys/auth/token/tune", token=s.root_token).json()["data"] == TUNED

    s.restart(hard=True)
    s.unseal(body["keys_base64"][:2])
    s.wait_active()
    assert s.get("sys/auth/token/tune", token=s.root_token).json()["data"] == TUNED
    assert s.get("sys/mounts/auth/token/tune", token=s.root_token).json()["data"] == TUNED
    after = json.loads(run(s, "auth", "list", "-detailed", "-format=json"))["token/"]
    assert after["accessor"] == before["accessor"] and after["uuid"] == before["uuid"]
    assert after["description"] == "tuned tokens"
    assert after["config"] == {k: v for k, v in TUNED.items() if k != "description"}
    detailed = run(s, "auth", "list", "-detailed")
    assert "3600" in detailed and "7200" in detailed and "default-service" in detailed

    # "system" resets a TTL; an empty list clears a setting.
    run(s, "write", "sys/auth/token/tune", "default_lease_ttl=system", "max_lease_ttl=system")
    s.request("POST", "sys/auth/token/tune", token=s.root_token, json_body={"passthrough_request_headers": []})
    got = rows(run(s, "read", "sys/auth/token/tune"))
    assert got["default_lease_ttl"] == "768h" and got["max_lease_ttl"] == "768h"
    assert "passthrough_request_headers" not in got


def test_auth_tune_errors(unsealed_server):
    s = unsealed_server
    cases = [
        ("GET", "sys/auth/nope/tune", None, 'cannot fetch sysview for path "auth/nope/"'),
        ("POST", "sys/auth/nope/tune", {"description": "x"}, 'tune of path "auth/nope/" failed: no mount entry found'),
        ("POST", "sys/mounts/auth/nope/tune", {}, 'tune of path "auth/nope/" failed: no mount entry found'),
        ("GET", "sys/auth/nope", None, "No auth engine at nope/"),
        ("POST", "sys/auth/token/tune", {"default_lease_ttl": "abc"}, 'time: invalid duration "abc"'),
        ("POST", "sys/auth/token/tune", {"max_lease_ttl": "1x"}, 'time: unknown unit "x" in duration "1x"'),
        ("POST", "sys/auth/token/tune", {"default_lease_ttl": "3h", "max_lease_ttl": "1h"},
         "backend max lease TTL of 3600 would be less than backend default lease TTL of 10800"),
        ("POST", "sys/auth/token/tune", {"listing_visibility": "bogus"}, "invalid listing_visibility bogus"),
        ("POST", "sys/auth/token/tune", {"token_type": "batch"},
         "'token_type' cannot be set for 'token' or 'ns_token' auth mounts"),
        ("POST", "sys/auth/token/tune", {"user_lockout_config": {"lockout_threshold": "5"}},
         'tuning of user lockout configuration for auth type "token" not allowed'),
        ("GET", "sys/mounts/nope/tune", None, 'cannot fetch sysview for path "nope/"'),
        ("POST", "sys/mounts/nope/tune", {}, 'tune of path "nope/" failed: no mount entry found'),
        ("POST", "sys/mounts/sys/tune", {"description": "x"}, "cannot tune parameter description of sys/"),
    ]
    for method, path, body, message in cases:
        r = s.request(method, path, token=s.root_token, json_body=body)
        assert (r.status_code, r.json()) == (400, {"errors": [message]}), f"{method} {path} {body}"
    r = s.request("POST", "sys/auth/token/tune", token="not-a-token", json_body={"description": "x"})
    assert r.status_code == 403


def test_mount_tune_extra_fields(unsealed_server):
    s = unsealed_server
    client = hvac.Client(url=s.addr, token=s.root_token)
    client.sys.enable_secrets_engine("kv", path="tunekv", options={"version": "2"})
    run(s, "secrets", "tune", "-listing-visibility=hidden", "-passthrough-request-headers=X-P",
        "-allowed-response-headers=X-Q", "-audit-non-hmac-request-keys=a", "-audit-non-hmac-response-keys=b", "tunekv/")
    want = {"listing_visibility": "hidden", "passthrough_request_headers": ["X-P"], "allowed_response_headers": ["X-Q"],
            "audit_non_hmac_request_keys": ["a"], "audit_non_hmac_response_keys": ["b"]}
    tune = client.sys.read_mount_configuration("tunekv")["data"]
    assert {k: tune[k] for k in want} == want and "token_type" not in tune
    config = client.sys.list_mounted_secrets_engines()["data"]["tunekv/"]["config"]
    assert {k: config[k] for k in want} == want
    r = s.request("POST", "sys/mounts/tunekv/tune", token=s.root_token, json_body={"token_type": "batch"})
    assert (r.status_code, r.json()) == (400, {"errors": ["'token_type' can only be modified on auth mounts"]})
    r = s.request("POST", "sys/mounts/tunekv/tune", token=s.root_token, json_body={"options": {"version": "1"}})
    assert (r.status_code, r.json()) == (400, {"errors": ["cannot downgrade mount from version 2"]})
    # hvac's auth method tuning goes to sys/auth/<path>/tune.
    client.sys.tune_auth_method("token", description="via hvac", default_lease_ttl="90m")
    read = client.sys.read_auth_method_tuning("token")["data"]
    assert read["description"] == "via hvac" and read["default_lease_ttl"] == 5400
