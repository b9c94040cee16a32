"""User lockout (the `user_lockout` stanza, `user_lockout_config` on tune, `sys/locked-users`) for
userpass and AppRole, the same on Arca and OpenBao; and Arca's throttle of failed `sys/unseal`
submissions, which OpenBao does not have.

The servers run with short lockout times from their config file so the tests can wait them out.
"""
import base64
import time

import pytest

from harness import IS_OPENBAO

LOCKOUT = '''
user_lockout "all" {
  lockout_threshold     = "3"
  lockout_duration      = "3s"
  lockout_counter_reset = "2s"
}
'''
BAD = {"errors": ["invalid username or password"]}
DENIED = {"errors": ["permission denied"]}


@pytest.fixture
def lockout_server(new_server):
    s = new_server("lockout", start=False)
    s.reconfigure(LOCKOUT)
    s.start()
    s.init_unsealed(1, 1)
    t = s.root_token
    assert s.request("POST", "sys/auth/userpass", token=t, json_body={"type": "userpass"}).status_code == 204
    for user in ("bob", "carol"):
        r = s.request("POST", f"auth/userpass/users/{user}", token=t, json_body={"password": "pw"})
        assert r.status_code == 204, r.text
    return s


def login(s, user, password, mount="userpass"):
    return s.request("POST", f"auth/{mount}/login/{user}", json_body={"password": password})


def accessor(s, mount="userpass"):
    return s.get("sys/auth", token=s.root_token).json()["data"][f"{mount}/"]["accessor"]


def locked_users(s, **params):
    r = s.get("sys/locked-users", token=s.root_token, params=params or None)
    assert r.status_code == 200, r.text
    return r.json()["data"]


def test_userpass_locks_after_threshold_and_unlocks_after_duration(lockout_server):
    s = lockout_server
    for _ in range(3):
        r = login(s, "bob", "wrong")
        assert (r.status_code, r.json()) == (400, BAD)
    # Locked: even the right password is refused, before the password is looked at.
    r = login(s, "bob", "pw")
    assert (r.status_code, r.json()) == (403, DENIED)
    assert login(s, "BOB", "pw").status_code == 403
    assert login(s, "carol", "pw").status_code == 200
    assert locked_users(s) == {
        "by_namespace": [{
            "namespace_id": "root", "namespace_path": "", "counts": 1,
            "mount_accessors": [{"mount_accessor": accessor(s), "counts": 1, "alias_identifiers": ["bob"]}],
        }],
        "total": 1,
    }
    time.sleep(3.6)
    assert login(s, "bob", "pw").status_code == 200
    if not IS_OPENBAO:
        # OpenBao lists an expired lock until its periodic cleanup (see KNOWN_DIFFERENCES).
        assert locked_users(s)["total"] == 0


def test_unknown_users_are_not_locked(lockout_server):
    s = lockout_server
    for _ in range(6):
        r = login(s, "mallory", "x")
        assert (r.status_code, r.json()) == (400, BAD)
    assert locked_users(s)["total"] == 0


def test_count_resets_after_quiet_time_and_after_success(lockout_server):
    s = lockout_server
    for _ in range(2):
        assert login(s, "bob", "wrong").status_code == 400
    time.sleep(2.6)
    for _ in range(2):
        assert login(s, "bob", "wrong").status_code == 400
    assert login(s, "bob", "pw").status_code == 200
    for _ in range(2):
        assert login(s, "bob", "wrong").status_code == 400
    assert login(s, "bob", "pw").status_code == 200


def test_unlock_and_list_filters(lockout_server):
    s = lockout_server
    t = s.root_token
    for _ in range(3):
        login(s, "bob", "wrong")
    acc = accessor(s)
    assert locked_users(s, mount_accessor=acc)["by_namespace"][0]["mount_accessors"] == [
        {"mount_accessor": acc, "counts": 1, "alias_identifiers": ["bob"]}]
    assert locked_users(s, mount_accessor="xyz")["by_namespace"] == [{
        "namespace_id": "root", "namespace_path": "", "counts": 0,
        "mount_accessors": [{"mount_accessor": "xyz", "counts": 0, "alias_identifiers": None}],
    }]
    r = s.request("POST", f"sys/locked-users/{acc}/unlock/bob", token=t)
    assert r.status_code == 204, r.text
    assert login(s, "bob", "pw").status_code == 200
    assert locked_users(s) == {
        "by_namespace": [{"namespace_id": "root", "namespace_path": "", "counts": 0, "mount_accessors": []}],
        "total": 0,
    }
    # Unlocking what is not locked, or on an unknown accessor, is accepted.
    assert s.request("POST", f"sys/locked-users/{acc}/unlock/nobody", token=t).status_code == 204
    assert s.request("POST", "sys/locked-users/bogus/unlock/nobody", token=t).status_code == 204
    assert s.request("GET", f"sys/locked-users/{acc}/unlock/bob", token=t).status_code == 405
    # A token needs a policy for it (the default policy has none); no sudo is needed.
    s.request("PUT", "sys/policies/acl/lu", token=t, json_body={
        "policy": 'path "sys/locked-users" { capabilities = ["read"] }\n'
                  'path "sys/locked-users/*" { capabilities = ["update"] }'})
    plain = s.request("POST", "auth/token/create", token=t, json_body={"policies": ["default"]}).json()
    assert s.get("sys/locked-users", token=plain["auth"]["client_token"]).status_code == 403
    lu = s.request("POST", "auth/token/create", token=t, json_body={"policies": ["lu"]}).json()["auth"]["client_token"]
    assert s.get("sys/locked-users", token=lu).status_code == 200
    assert s.request("POST", f"sys/locked-users/{acc}/unlock/bob", token=lu).status_code == 204


def test_approle_locks_its_role_id(lockout_server):
    s = lockout_server
    t = s.root_token
    assert s.request("POST", "sys/auth/approle", token=t, json_body={"type": "approle"}).status_code == 204
    assert s.request("POST", "auth/approle/role/r1", token=t, json_body={"token_policies": ["default"]}).status_code == 204
    role_id = s.get("auth/approle/role/r1/role-id", token=t).json()["data"]["role_id"]
    secret_id = s.request("POST", "auth/approle/role/r1/secret-id", token=t).json()["data"]["secret_id"]
    bad = {"errors": ["invalid role or secret ID"]}
    for _ in range(4):
        r = s.request("POST", "auth/approle/login", json_body={"role_id": "unknown-role", "secret_id": "x"})
        assert (r.status_code, r.json()) == (400, bad)
    for _ in range(3):
        r = s.request("POST", "auth/approle/login", json_body={"role_id": role_id, "secret_id": "bad"})
        assert (r.status_code, r.json()) == (400, bad)
    for body in ({"role_id": role_id, "secret_id": secret_id}, {"role_id": role_id}):
        r = s.request("POST", "auth/approle/login", json_body=body)
        assert (r.status_code, r.json()) == (403, DENIED)
    mounts = locked_users(s, mount_accessor=accessor(s, "approle"))["by_namespace"][0]["mount_accessors"]
    assert mounts == [{"mount_accessor": accessor(s, "approle"), "counts": 1, "alias_identifiers": [role_id]}]
    time.sleep(3.6)
    assert s.request("POST", "auth/approle/login", json_body={"role_id": role_id, "secret_id": secret_id}).status_code == 200


def test_tune_user_lockout_config(lockout_server):
    s = lockout_server
    t = s.root_token

    def tune(config, path="sys/auth/userpass/tune"):
        return s.request("POST", path, token=t, json_body={"user_lockout_config": config})

    def read():
        return s.get("sys/auth/userpass/tune", token=t).json()["data"]

    assert "user_lockout_threshold" not in read()
    assert tune({}).status_code == 204
    assert "user_lockout_threshold" not in read()
    # OpenBao's key for the counter reset is lockout_counter_reset_duration; lockout_counter_reset is ignored.
    assert tune({"lockout_threshold": "2", "lockout_duration": "10m", "lockout_counter_reset": "1h"}).status_code == 204
    assert tune({"lockout_counter_reset_duration": 1200}).status_code == 204
    got = read()
    assert {k: got[k] for k in got if k.startswith("user_lockout")} == {
        "user_lockout_threshold": 2, "user_lockout_duration": 600, "user_lockout_counter_reset_duration": 1200,
        "user_lockout_disable": False}
    assert s.get("sys/auth", token=t).json()["data"]["userpass/"]["config"]["user_lockout_config"] == {
        "user_lockout_threshold": 2, "user_lockout_duration": 600, "user_lockout_counter_reset_duration": 1200,
        "user_lockout_disable": False}
    # The bao CLI's flags send the same keys.
    r = s.bao("auth", "tune", "-user-lockout-threshold=4", "-user-lockout-disable", "userpass/", token=t)
    assert r.returncode == 0, r.stderr
    got = read()
    assert (got["user_lockout_threshold"], got["user_lockout_disable"]) == (4, True)
    for _ in range(6):
        assert login(s, "bob", "wrong").status_code == 400
    assert login(s, "bob", "pw").status_code == 200
    assert tune({"lockout_disable": False, "lockout_threshold": 2}).status_code == 204
    for _ in range(2):
        login(s, "carol", "wrong")
    assert login(s, "carol", "pw").status_code == 403

    cases = [
        ({"lockout_threshold": "abc"}, 'unable to parse user lockout threshold: strconv.ParseUint: parsing "abc": invalid syntax'),
        ({"lockout_threshold": -1}, 'unable to parse user lockout threshold: strconv.ParseUint: parsing "-1": invalid syntax'),
        ({"lockout_duration": "abc"}, 'time: invalid duration "abc"'),
        ({"lockout_disable": "true"}, "unable to convert given user lockout config information"),
    ]
    for config, message in cases:
        r = tune(config)
        assert (r.status_code, r.json()) == (400, {"errors": [message]}), config
    for path, kind in (("sys/auth/token/tune", "token"), ("sys/mounts/secret/tune", "kv")):
        if kind == "kv":
            s.request("POST", "sys/mounts/secret", token=t, json_body={"type": "kv"})
        r = tune({"lockout_threshold": "3"}, path)
        assert (r.status_code, r.json()) == (400, {
            "errors": [f'tuning of user lockout configuration for auth type "{kind}" not allowed']})
    if not IS_OPENBAO:
        # OpenBao stores a negative lockout duration; Arca refuses it (see KNOWN_DIFFERENCES).
        r = tune({"lockout_duration": "-5m"})
        assert (r.status_code, r.json()) == (400, {"errors": ["lockout_duration cannot be negative"]})


def test_locks_survive_a_restart(lockout_server):
    s = lockout_server
    for _ in range(3):
        login(s, "bob", "wrong")
    s.restart(hard=True)
    s.unseal(s.keys[:1])
    s.wait_active()
    assert login(s, "bob", "pw").status_code == 403
    assert locked_users(s)["total"] == 1


def test_unseal_failures_are_throttled(server):
    """Arca: after five failed submissions a client waits 1 s, 2 s, … before the next is looked at
    (429). OpenBao keeps answering 400. Either way the right key unseals once the wait is over."""
    s = server
    body = s.init(1, 1)
    for i in range(6):
        r = s.put("sys/unseal", {"key": base64.b64encode(bytes([i + 1]) * 32).decode()})
        assert r.status_code == 400, r.text
    r = s.put("sys/unseal", {"key": body["keys_base64"][0]})
    if IS_OPENBAO:
        assert r.status_code == 200 and r.json()["sealed"] is False
        return
    assert r.status_code == 429, r.text
    assert r.json() == {"errors": ["too many failed unseal attempts from this address; try again in 1 seconds"]}
    assert s.seal_status()["progress"] == 0
    time.sleep(1.1)
    r = s.put("sys/unseal", {"key": body["keys_base64"][0]})
    assert r.status_code == 200 and r.json()["sealed"] is False, r.text
