"""Error answers over raw HTTP: status codes and the {"errors": [...]} envelope, per server state.

The three module-scoped servers (uninitialized, sealed, unsealed) are only read from, or poked with
requests that must not change their state.
"""
import requests

import shapes
from shapes import check_keys

SEALED = {"errors": ["Vault is sealed"]}
DENIED = {"errors": ["permission denied"]}
MAX_BODY = 32 * 1024 * 1024     # max_request_size default: 33554432 bytes


def assert_error(r, code, exact=None, may_be_empty=False):
    """`code` with a JSON {"errors": [non-empty strings]} body (or exactly `exact`).

    may_be_empty: OpenBao answers a few errors with {"errors": []} (an unparsable sys/health code,
    a wrong method); Arca may add a message there."""
    assert r.status_code == code, f"want {code}, got {r.status_code}: {r.text[:300]}"
    assert r.headers.get("Content-Type", "").startswith("application/json"), r.headers
    body = r.json()
    if exact is not None:
        assert body == exact, body
    else:
        assert set(body) == {"errors"} and isinstance(body["errors"], list), body
        assert may_be_empty or body["errors"], body
        assert all(isinstance(e, str) and e for e in body["errors"]), body
    return body


def health_code(server, **params):
    return server.get("sys/health", params=params or None).status_code


def head_health(server, **params):
    r = requests.head(server.url("sys/health"), params=params or None, timeout=10)
    assert r.content == b"", "HEAD answers without a body"
    return r.status_code


# ---------------------------------------------------------------------------- uninitialized

def test_uninitialized_answers(uninit_server):
    s = uninit_server
    for path in ("secret/x", "sys/key-status", "sys/leader", "sys/mounts", "sys/rekey/init"):
        assert_error(s.get(path), 503, SEALED)
    assert_error(s.put("secret/x", {"a": 1}), 503, SEALED)
    assert s.get("sys/init").json() == {"initialized": False}
    assert_error(s.put("sys/unseal", {"key": "00" * 33}), 400, {"errors": ["Vault is not initialized"]})

    r = s.get("sys/health")
    assert r.status_code == 501
    check_keys(r.json(), shapes.HEALTH, what="sys/health (uninitialized)")
    assert health_code(s, uninitcode=200) == 200
    assert health_code(s, uninitcode=299) == 299
    assert health_code(s, sealedcode=299) == 501
    assert head_health(s) == 501
    assert head_health(s, uninitcode=204) == 204
    assert_error(s.get("sys/health", params={"uninitcode": "abc"}), 400, may_be_empty=True)


def test_init_validation(uninit_server):
    s = uninit_server
    assert_error(s.request("PUT", "sys/init", data="{bad json"), 400)
    assert_error(s.request("PUT", "sys/init", data='{"secret_shares": 1,'), 400)
    assert_error(s.put("sys/init", {"secret_shares": 0, "secret_threshold": 0}), 400)
    assert_error(s.put("sys/init", {"secret_shares": 2, "secret_threshold": 3}), 400)
    assert_error(s.put("sys/init", {"secret_shares": 3, "secret_threshold": 1}), 400)
    assert s.get("sys/init").json() == {"initialized": False}, "a refused init leaves it untouched"


# ---------------------------------------------------------------------------- sealed

def test_sealed_answers(sealed_server):
    s = sealed_server
    for path in ("secret/x", "sys/key-status", "sys/leader", "sys/mounts", "sys/rekey/init",
                 "no/such/mount"):
        assert_error(s.get(path), 503, SEALED)
        assert_error(s.get(path, token=s.root_token), 503, SEALED)
    assert_error(s.put("secret/x", {"a": 1}, token=s.root_token), 503, SEALED)
    assert_error(s.request("DELETE", "secret/x", token=s.root_token), 503, SEALED)
    assert_error(s.put("sys/rotate", token=s.root_token), 503, SEALED)
    assert s.get("sys/init").json() == {"initialized": True}

    r = s.get("sys/health")
    assert r.status_code == 503
    check_keys(r.json(), shapes.HEALTH, what="sys/health (sealed)")
    assert health_code(s, sealedcode=299) == 299
    assert health_code(s, sealedcode=200) == 200
    assert health_code(s, uninitcode=299) == 503
    assert health_code(s, standbyok="true") == 503
    assert head_health(s) == 503
    assert_error(s.get("sys/health", params={"sealedcode": "abc"}), 400, may_be_empty=True)


def test_sealed_bad_requests(sealed_server):
    s = sealed_server
    assert_error(s.put("sys/init", {"secret_shares": 1, "secret_threshold": 1}), 400,
                 {"errors": ["Vault is already initialized"]})
    assert_error(s.request("PUT", "sys/init", data="{bad json"), 400)
    assert_error(s.request("PUT", "sys/unseal", data="{bad json"), 400)
    assert_error(s.request("PUT", "sys/unseal", data="[1, 2"), 400)
    assert_error(s.put("sys/unseal", {}), 400)
    assert_error(s.request("PUT", "sys/unseal", data=""), 400)
    status = s.seal_status()
    assert status["sealed"] is True and status["progress"] == 0


def test_oversized_body_is_413(sealed_server):
    s = sealed_server
    # Exactly the limit is read and answered normally (here: no key given -> 400).
    r = requests.put(s.url("sys/unseal"), data=b" " * MAX_BODY, timeout=60)
    assert r.status_code == 400, r.text[:200]
    # One byte more is refused. OpenBao: 413 {"errors":["http: request body too large"]}.
    for path in ("sys/unseal", "sys/init", "secret/big"):
        try:
            r = requests.put(s.url(path), data=b" " * (MAX_BODY + 1), timeout=60)
        except requests.ConnectionError as e:
            raise AssertionError(f"{path}: the server must answer 413, not drop the connection: {e}")
        assert_error(r, 413)
    assert s.seal_status()["sealed"] is True, "still serving"


# ---------------------------------------------------------------------------- unsealed

def test_unknown_path_is_404(unsealed_server):
    s = unsealed_server
    for path in ("secret/x", "no/such/mount/at/all", "sys/no-such-endpoint"):
        assert_error(s.get(path, token=s.root_token), 404)
    assert_error(s.put("secret/x", {"a": 1}, token=s.root_token), 404)


def test_permission_denied_is_403(unsealed_server):
    s = unsealed_server
    for path in ("sys/key-status", "secret/x", "sys/mounts"):
        assert_error(s.get(path), 403, DENIED)
        assert_error(s.get(path, token="s.thisisnotatoken000000000"), 403, DENIED)
    assert_error(s.put("sys/seal"), 403, DENIED)
    assert_error(s.put("sys/rotate"), 403, DENIED)
    assert_error(s.request("POST", "sys/rotate/keyring"), 403, DENIED)
    assert s.get("sys/key-status", token=s.root_token).status_code == 200


def test_unsealed_health_and_status(unsealed_server):
    s = unsealed_server
    r = s.get("sys/health")
    assert r.status_code == 200
    body = r.json()
    check_keys(body, shapes.HEALTH | shapes.HEALTH_UNSEALED_EXTRA, what="sys/health (active)")
    assert (body["initialized"], body["sealed"], body["standby"]) == (True, False, False)
    assert health_code(s, activecode=202) == 202
    assert health_code(s, activecode=299) == 299
    assert health_code(s, standbyok="true") == 200
    assert health_code(s, perfstandbyok="true") == 200
    assert health_code(s, standbycode=299, sealedcode=298, uninitcode=297) == 200
    assert head_health(s) == 200
    assert head_health(s, activecode=204) == 204
    assert_error(s.get("sys/health", params={"activecode": "abc"}), 400, may_be_empty=True)

    st = s.seal_status()
    check_keys(st, shapes.expected_seal_status(st), shapes.SEAL_STATUS_OPTIONAL, what="sys/seal-status")
    assert st["cluster_name"] == body["cluster_name"] and st["cluster_id"] == body["cluster_id"]
    assert s.get("sys/init").json() == {"initialized": True}
    assert_error(s.put("sys/init", {"secret_shares": 1, "secret_threshold": 1}), 400,
                 {"errors": ["Vault is already initialized"]})
    # Unseal on an unsealed server answers with the status, unchanged.
    r = s.put("sys/unseal", {"key": s.keys[0]})
    assert r.status_code == 200 and r.json()["sealed"] is False and r.json()["progress"] == 0

    ks = s.get("sys/key-status", token=s.root_token).json()
    check_keys(ks, shapes.KEY_STATUS_FIELDS | shapes.ENVELOPE, what="sys/key-status")
    assert ks["data"]["term"] == ks["term"] and ks["lease_id"] == "" and ks["renewable"] is False
    assert ks["wrap_info"] is None and ks["warnings"] is None and ks["auth"] is None


def test_wrong_method_is_405(unsealed_server):
    s = unsealed_server
    for method, path in (("DELETE", "sys/seal-status"), ("POST", "sys/seal-status"),
                         ("GET", "sys/unseal"), ("GET", "sys/seal")):
        r = s.request(method, path, token=s.root_token)
        assert_error(r, 405, may_be_empty=True)
