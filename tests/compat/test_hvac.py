"""Python hvac's sys API (the calls operators and health checks use) against the server under test."""
import hvac
import pytest

import shapes
from harness import EXPECTED_STORAGE_TYPE
from shapes import check_keys


def client_for(server, token=None):
    return hvac.Client(url=server.addr, token=token, timeout=30)


def health(client, **kw):
    """GET sys/health -> (status code, JSON body). hvac hands back a dict for a 200 with a JSON body
    and the Response otherwise."""
    r = client.sys.read_health_status(method="GET", **kw)
    if isinstance(r, dict):
        return 200, r
    return r.status_code, r.json()


def health_head(client):
    r = client.sys.read_health_status(method="HEAD")
    assert r.content == b"", "HEAD has no body"
    return r.status_code


def test_hvac_seal_lifecycle(server):
    client = client_for(server)

    # Uninitialized.
    assert client.sys.is_initialized() is False
    assert client.sys.read_init_status() == {"initialized": False}
    code, body = health(client)
    assert code == 501
    check_keys(body, shapes.HEALTH, what="sys/health (uninitialized)")
    assert (body["initialized"], body["sealed"], body["standby"]) == (False, True, True)
    assert health(client, uninit_code=200)[0] == 200
    assert health(client, sealed_code=299)[0] == 501, "sealedcode does not apply before init"
    assert health_head(client) == 501
    status = client.sys.read_seal_status()
    check_keys(status, shapes.SEAL_STATUS, shapes.SEAL_STATUS_OPTIONAL, what="seal-status (uninitialized)")
    assert (status["initialized"], status["sealed"], status["t"], status["n"]) == (False, True, 0, 0)

    # Initialize.
    result = client.sys.initialize(5, 3)
    check_keys(result, shapes.INIT_RESPONSE, what="sys/init")
    keys, root = result["keys"], result["root_token"]
    assert len(keys) == 5 and len(result["keys_base64"]) == 5
    assert all(len(k) == 66 and int(k, 16) >= 0 for k in keys), "keys are hex, 33 bytes each"
    assert client.sys.is_initialized() is True
    assert client.sys.is_sealed() is True

    # Sealed.
    code, body = health(client)
    assert code == 503
    check_keys(body, shapes.HEALTH, what="sys/health (sealed)")
    assert (body["initialized"], body["sealed"], body["standby"]) == (True, True, True)
    assert body["replication_performance_mode"] == "unknown"
    assert body["replication_dr_mode"] == "unknown"
    assert health(client, sealed_code=299)[0] == 299
    assert health(client, uninit_code=299)[0] == 503
    assert health_head(client) == 503

    status = client.sys.submit_unseal_key(keys[0])
    check_keys(status, shapes.SEAL_STATUS, shapes.SEAL_STATUS_OPTIONAL, what="sys/unseal (1 of 3)")
    assert (status["sealed"], status["t"], status["n"], status["progress"]) == (True, 3, 5, 1)
    assert status["type"] == "shamir" and status["storage_type"] == EXPECTED_STORAGE_TYPE
    nonce = status["nonce"]
    assert nonce
    assert client.sys.read_seal_status()["progress"] == 1
    assert client.sys.read_seal_status()["nonce"] == nonce
    status = client.sys.submit_unseal_key(reset=True)
    assert status["progress"] == 0 and status["nonce"] == ""

    status = client.sys.submit_unseal_keys(keys[2:5])
    assert status["sealed"] is False and status["progress"] == 0
    check_keys(status, shapes.expected_seal_status(status), shapes.SEAL_STATUS_OPTIONAL,
               what="sys/unseal (unsealed)")
    server.wait_active()
    assert client.sys.is_sealed() is False

    # Active.
    code, body = health(client)
    assert code == 200
    check_keys(body, shapes.HEALTH | shapes.HEALTH_UNSEALED_EXTRA, what="sys/health (active)")
    assert (body["initialized"], body["sealed"], body["standby"]) == (True, False, False)
    assert isinstance(body["server_time_utc"], int) and body["cluster_name"] and body["cluster_id"]
    assert health(client, active_code=202)[0] == 202
    assert health(client, standby_ok=True)[0] == 200
    assert health(client, standby_code=299, sealed_code=298, uninit_code=297)[0] == 200
    assert health(client, performance_standby_code=299)[0] == 200
    assert health(client, dr_secondary_code=299)[0] == 200
    assert health_head(client) == 200

    leader = client.sys.read_leader_status()
    if leader["ha_enabled"]:
        expected = {"ha_enabled"} | shapes.LEADER_HA_FIELDS
        if EXPECTED_STORAGE_TYPE == "raft":
            expected |= shapes.LEADER_RAFT_FIELDS
        check_keys(leader, expected, what="sys/leader (HA, active)")
        assert leader["is_self"] is True and leader["leader_address"] == server.addr
    else:
        assert leader == {"ha_enabled": False}, "a non-HA server answers only ha_enabled=false"

    status = client.sys.read_seal_status()
    assert (status["sealed"], status["t"], status["n"]) == (False, 3, 5)
    assert status["cluster_name"] == body["cluster_name"] and status["cluster_id"] == body["cluster_id"]

    # Keyring.
    with pytest.raises(hvac.exceptions.Forbidden):
        client.sys.get_encryption_key_status()
    client.token = root
    ks = client.sys.get_encryption_key_status()
    check_keys(ks, shapes.KEY_STATUS_FIELDS | shapes.ENVELOPE, what="sys/key-status")
    check_keys(ks["data"], shapes.KEY_STATUS_FIELDS, what="sys/key-status data")
    assert ks["data"]["term"] == 1 and ks["term"] == 1
    r = client.sys.rotate_encryption_key()
    assert r.status_code == 204
    ks = client.sys.get_encryption_key_status()
    assert ks["data"]["term"] == 2 and ks["term"] == 2

    # Seal.
    r = client.sys.seal()
    assert r.status_code == 204
    assert client.sys.is_sealed() is True
    assert health(client)[0] == 503
    with pytest.raises(hvac.exceptions.VaultDown):
        client.sys.read_leader_status()
    assert client.sys.submit_unseal_keys(keys[:3])["sealed"] is False
    server.wait_active()
    assert client.sys.get_encryption_key_status()["data"]["term"] == 2


def test_hvac_rekey(server):
    result = server.init_unsealed(3, 2)
    keys, root = result["keys"], result["root_token"]
    client = client_for(server, token=root)

    progress = client.sys.read_rekey_progress()
    check_keys(progress, shapes.REKEY_STATUS, what="sys/rekey/init (idle)")
    assert progress["started"] is False and progress["nonce"] == "" and progress["required"] == 2

    started = client.sys.start_rekey(secret_shares=5, secret_threshold=3)
    check_keys(started, shapes.REKEY_STATUS, what="PUT sys/rekey/init")
    assert (started["started"], started["n"], started["t"], started["progress"], started["required"]) == \
        (True, 5, 3, 0, 2)
    nonce = started["nonce"]
    assert client.sys.read_rekey_progress()["nonce"] == nonce

    with pytest.raises(hvac.exceptions.InvalidRequest) as e:
        client.sys.start_rekey(secret_shares=5, secret_threshold=3)
    assert "rekey already in progress" in str(e.value)
    with pytest.raises(hvac.exceptions.InvalidRequest):
        client.sys.rekey(keys[0], nonce="00000000-0000-0000-0000-000000000000")

    step = client.sys.rekey(keys[0], nonce=nonce)
    check_keys(step, shapes.REKEY_STATUS, what="sys/rekey/update (1 of 2)")
    assert step["progress"] == 1 and step["nonce"] == nonce
    with pytest.raises(hvac.exceptions.InvalidRequest):
        client.sys.rekey(keys[0], nonce=nonce)   # the same share twice
    done = client.sys.rekey(keys[1], nonce=nonce)
    check_keys(done, shapes.REKEY_DONE, what="sys/rekey/update (complete)")
    assert done["complete"] is True and done["nonce"] == nonce
    assert len(done["keys"]) == 5 and len(done["keys_base64"]) == 5
    assert done["backup"] is False and done["verification_required"] is False
    new_keys = done["keys_base64"]

    progress = client.sys.read_rekey_progress()
    assert progress["started"] is False and progress["required"] == 3

    client.sys.seal()
    status = client.sys.read_seal_status()
    assert (status["t"], status["n"]) == (3, 5)
    assert client.sys.submit_unseal_keys(new_keys[1:4])["sealed"] is False
    server.wait_active()

    # Start, then cancel.
    client.sys.start_rekey(secret_shares=1, secret_threshold=1)
    assert client.sys.read_rekey_progress()["started"] is True
    r = client.sys.cancel_rekey()
    assert r.status_code == 204
    assert client.sys.read_rekey_progress()["started"] is False
    with pytest.raises(hvac.exceptions.InvalidRequest) as e:
        client.sys.rekey(new_keys[0], nonce=nonce)
    assert "no barrier rekey in progress" in str(e.value)

    # rekey_multi over the whole flow.
    nonce = client.sys.start_rekey(secret_shares=2, secret_threshold=2)["nonce"]
    done = client.sys.rekey_multi(new_keys[:3], nonce=nonce)
    assert done["complete"] is True and len(done["keys"]) == 2


def test_hvac_errors(server):
    client = client_for(server)
    with pytest.raises(hvac.exceptions.InvalidRequest):
        client.sys.submit_unseal_key("0123456789abcdef0123456789abcdef")  # not initialized
    with pytest.raises(hvac.exceptions.InvalidRequest) as e:
        client.sys.initialize(2, 3)
    assert "threshold cannot be larger than shares" in str(e.value)
    client.sys.initialize(1, 1)
    with pytest.raises(hvac.exceptions.InvalidRequest) as e:
        client.sys.initialize(1, 1)
    assert "Vault is already initialized" in str(e.value)
    with pytest.raises(hvac.exceptions.InvalidRequest) as e:
        client.sys.submit_unseal_key("not-a-key")
    assert "'key' must be a valid hex or base64 string" in str(e.value)
    with pytest.raises(hvac.exceptions.VaultDown) as e:
        client.sys.get_encryption_key_status()
    assert "Vault is sealed" in str(e.value)
