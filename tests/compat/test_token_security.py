"""Issue 36 items 1, 2, 3, 5 (token store): what a caller may mint, and bounded durations.

The same requests, statuses and error texts on Arca and on OpenBao (COMPAT_TARGET=openbao).
"""
import concurrent.futures

import pytest

CREATOR = '''
path "auth/token/create" { capabilities = ["create", "update"] }
path "auth/token/create/*" { capabilities = ["create", "update"] }
'''
SUDO_CREATOR = '''
path "auth/token/create" { capabilities = ["create", "update", "sudo"] }
path "auth/token/create/*" { capabilities = ["create", "update", "sudo"] }
'''
ONLY_ROLE = 'path "auth/token/create/*" { capabilities = ["create", "update"] }'

HUGE = 9223372036854775000
OVERFLOW = "multiplication of durations resulted in overflow, one operand may be too large"


@pytest.fixture(scope="module")
def s(unsealed_server):
    srv = unsealed_server
    for name, text in [("creator", CREATOR), ("sudocreator", SUDO_CREATOR), ("onlyrole", ONLY_ROLE)]:
        assert srv.put("sys/policies/acl/" + name, {"policy": text}, token=srv.root_token).status_code == 204
    for p in ("p1", "p2", "other"):
        assert srv.put("sys/policies/acl/" + p, {"policy": 'path "secret/%s" { capabilities = ["read"] }' % p},
                       token=srv.root_token).status_code == 204
    roles = {
        "open": {}, "allowed": {"allowed_policies": ["p1"]}, "glob": {"allowed_policies_glob": ["p*"]},
        "disallowed": {"disallowed_policies": ["p2"]}, "dglob": {"disallowed_policies_glob": ["p*"]},
        "orphan": {"orphan": True}, "periodic": {"token_period": "1h"},
    }
    for name, body in roles.items():
        assert srv.put("auth/token/roles/" + name, body, token=srv.root_token).status_code == 204
    return srv


def token(s, policies, parent=None, **extra):
    r = s.put("auth/token/create", dict(policies=policies, **extra), token=parent or s.root_token)
    assert r.status_code == 200, r.text
    return r.json()["auth"]["client_token"]


def create(s, tok, path="create", **body):
    return s.put("auth/token/" + path, body, token=tok)


def refused(r, message):
    assert r.status_code == 400, r.text
    assert r.json()["errors"] == [message]


def policies(r):
    assert r.status_code == 200, r.text
    return r.json()["auth"]["policies"]


def test_role_without_allowed_policies_cannot_mint_root(s):
    only = token(s, ["onlyrole"])
    refused(create(s, only, "create/open", policies=["root"]), "child policies must be subset of parent")
    sudo = token(s, ["sudocreator"])
    refused(create(s, sudo, "create/open", policies=["root"]),
            "root tokens may not be created without parent token being root")
    assert policies(create(s, sudo, "create/open", policies=["p1"])) == ["default", "p1"]


def test_role_lists(s):
    c = token(s, ["creator"])
    assert policies(create(s, c, "create/allowed")) == ["default", "p1"]
    refused(create(s, c, "create/allowed", policies=["p2"]),
            'token policies (["default" "p2"]) must be subset of the role\'s allowed policies '
            '(["default" "p1"]) or glob policies ([])')
    assert policies(create(s, c, "create/glob", policies=["p2"])) == ["default", "p2"]
    refused(create(s, c, "create/disallowed", policies=["p2"]), 'token policy "p2" is disallowed by this role')
    assert policies(create(s, c, "create/disallowed", policies=["p1"])) == ["default", "p1"]
    refused(create(s, c, "create/dglob", policies=["p1"]), 'token policy "p1" is disallowed by this role')


def test_orphan_and_period_need_sudo_or_a_role(s):
    c = token(s, ["creator"])
    refused(create(s, c, no_parent=True), "root or sudo privileges required to create orphan token")
    assert create(s, c, "create/open", no_parent=True).json()["auth"]["orphan"] is False
    assert create(s, c, "create/orphan").json()["auth"]["orphan"] is True
    refused(create(s, c, period="1h"), "root or sudo privileges required to create periodic token")
    assert create(s, c, "create/periodic").json()["auth"]["lease_duration"] == 3600
    sudo = token(s, ["sudocreator"])
    assert create(s, sudo, period="1h").json()["auth"]["lease_duration"] == 3600


@pytest.mark.parametrize("field,message", [
    ("ttl", "ttl must be positive"), ("explicit_max_ttl", "explicit_max_ttl must be positive"),
    ("period", "period must be positive"), ("num_uses", "number of uses cannot be negative"),
])
def test_negative_is_refused(s, field, message):
    refused(create(s, s.root_token, policies=["default"], **{field: -1}), message)


@pytest.mark.parametrize("field", ["ttl", "explicit_max_ttl", "period"])
def test_huge_is_refused_and_the_server_lives(s, field):
    refused(create(s, s.root_token, policies=["default"], **{field: HUGE}), OVERFLOW)
    assert s.get("sys/health").status_code == 200


def test_ttl_capped_at_the_system_max(s):
    r = create(s, s.root_token, policies=["default"], ttl="10000h")
    assert r.status_code == 200, r.text
    assert r.json()["auth"]["lease_duration"] == 768 * 3600
    assert r.json()["warnings"] == [
        'TTL of "10000h" exceeded the effective max_ttl of "768h"; TTL value is capped accordingly']


def test_role_durations_refused(s):
    refused(s.put("auth/token/roles/bad", {"token_period": -1}, token=s.root_token),
            "error converting input for field \"token_period\": cannot provide negative value '-1'")
    refused(s.put("auth/token/roles/bad", {"token_explicit_max_ttl": HUGE}, token=s.root_token),
            'error converting input for field "token_explicit_max_ttl": ' + OVERFLOW)


def test_renew_racing_revoke_never_revives(s):
    """Renewals racing a revocation over HTTP: once revoked, the token never resolves again."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(15):
            t = token(s, ["default"], ttl="1h")
            jobs = [pool.submit(s.put, "auth/token/renew-self", {"increment": "2h"}, token=t) for _ in range(4)]
            jobs.append(pool.submit(s.put, "auth/token/revoke", {"token": t}, token=s.root_token))
            jobs += [pool.submit(s.put, "auth/token/renew-self", {"increment": "2h"}, token=t) for _ in range(3)]
            for j in jobs:
                j.result()
            assert s.get("auth/token/lookup-self", token=t).status_code == 403
