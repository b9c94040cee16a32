"""Vault's answers to bad input, over raw HTTP."""
import requests


def test_sealed_and_unknown_paths(server):
    r = server.get("secret/x")
    assert r.status_code == 503 and r.json() == {"errors": ["Vault is sealed"]}
    init = server.init(1, 1)
    server.unseal(init["keys"])
    r = server.get("secret/x", token=init["root_token"])
    assert r.status_code == 404 and r.json()["errors"]
    r = server.get("sys/key-status")
    assert r.status_code == 403 and r.json() == {"errors": ["permission denied"]}


def test_malformed_json(server):
    for path in ("sys/init", "sys/unseal"):
        r = server.put(path, data="{bad json")
        assert r.status_code == 400
        assert r.json()["errors"][0].startswith("failed to decode JSON input")


def test_init_twice(server):
    server.init(1, 1)
    r = server.put("sys/init", {"secret_shares": 1, "secret_threshold": 1})
    assert r.status_code == 400 and r.json() == {"errors": ["Vault is already initialized"]}


def test_oversize_body(server):
    r = requests.put(server.addr + "/v1/sys/init", data=b" " * (32 * 1024 * 1024 + 10), timeout=60)
    assert r.status_code == 413


def test_health_codes_and_head(server):
    assert server.get("sys/health").status_code == 501
    assert server.get("sys/health", params={"uninitcode": "200"}).status_code == 200
    init = server.init(1, 1)
    assert server.get("sys/health").status_code == 503
    server.unseal(init["keys"])
    assert server.get("sys/health").status_code == 200
    r = requests.head(server.addr + "/v1/sys/health", timeout=10)
    assert r.status_code == 200 and r.content == b""


def test_wrong_method(server):
    r = requests.delete(server.addr + "/v1/sys/seal-status", timeout=10)
    assert r.status_code == 405
