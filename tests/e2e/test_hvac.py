"""Python hvac's sys API against the server under test."""
import hvac
import pytest


def test_hvac_seal_lifecycle(server):
    client = hvac.Client(url=server.addr)
    assert client.sys.is_initialized() is False
    health = client.sys.read_health_status(method="GET")
    assert health.status_code == 501
    result = client.sys.initialize(5, 3)
    keys, root = result["keys"], result["root_token"]
    assert len(keys) == 5 and len(result["keys_base64"]) == 5
    assert client.sys.is_initialized() is True
    assert client.sys.is_sealed() is True
    assert client.sys.read_health_status(method="GET").status_code == 503
    assert client.sys.read_health_status(method="GET", sealed_code=299).status_code == 299

    status = client.sys.submit_unseal_key(keys[0])
    assert status["progress"] == 1 and status["sealed"] is True
    status = client.sys.submit_unseal_keys(keys[1:3])
    assert status["sealed"] is False
    server.wait_active()
    assert client.sys.is_sealed() is False

    client.token = root
    health = client.sys.read_health_status(method="GET")
    assert health["initialized"] is True and health["sealed"] is False and health["standby"] is False
    assert client.sys.read_health_status(method="GET", active_code=202).status_code == 202
    assert "ha_enabled" in client.sys.read_leader_status()
    seal_status = client.sys.read_seal_status()
    assert seal_status["t"] == 3 and seal_status["n"] == 5

    key_status = client.sys.get_encryption_key_status()
    assert key_status["data"]["term"] == 1
    client.sys.rotate_encryption_key()
    assert client.sys.get_encryption_key_status()["data"]["term"] == 2

    client.sys.seal()
    assert client.sys.is_sealed() is True


def test_hvac_rekey(server):
    client = hvac.Client(url=server.addr)
    result = client.sys.initialize(3, 2)
    keys, root = result["keys"], result["root_token"]
    client.sys.submit_unseal_keys(keys[:2])
    server.wait_active()
    client.token = root
    started = client.sys.start_rekey(secret_shares=2, secret_threshold=2)
    nonce = started["nonce"] if started else client.sys.read_rekey_progress()["nonce"]
    progress = client.sys.read_rekey_progress()
    assert progress["started"] is True and progress["required"] == 2
    done = client.sys.rekey_multi(keys[:2], nonce=nonce)
    assert done["complete"] is True and len(done["keys"]) == 2
    client.sys.seal()
    client.sys.submit_unseal_keys(done["keys"])
    assert client.sys.is_sealed() is False
    server.wait_active()
    client.sys.start_rekey(secret_shares=1, secret_threshold=1)
    client.sys.cancel_rekey()
    assert client.sys.read_rekey_progress()["started"] is False


def test_hvac_errors(server):
    client = hvac.Client(url=server.addr)
    client.sys.initialize(1, 1)
    with pytest.raises(hvac.exceptions.InvalidRequest):
        client.sys.initialize(1, 1)
    with pytest.raises(hvac.exceptions.InvalidRequest):
        client.sys.submit_unseal_key("not-a-key")
