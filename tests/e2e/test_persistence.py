"""Data survives restarts; shares from another server do not unseal; a bad share is a clean 400."""
import signal

import pytest


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_restart_comes_up_sealed_and_unseals_with_same_keys(server, sig):
    init = server.init(5, 3)
    keys, root = init["keys"], init["root_token"]
    assert server.unseal(keys[:3])["sealed"] is False
    assert server.get("sys/key-status", token=root).status_code == 200
    server.restart(sig)
    status = server.get("sys/seal-status").json()
    assert status["initialized"] is True and status["sealed"] is True
    assert status["t"] == 3 and status["n"] == 5
    assert server.unseal(keys[2:5])["sealed"] is False
    r = server.get("sys/key-status", token=root)
    assert r.status_code == 200, "the root token survived the restart"


def test_rotated_keyring_survives_restart(server):
    init = server.init(1, 1)
    server.unseal(init["keys"])
    assert server.put("sys/rotate", token=init["root_token"]).status_code == 204
    server.restart(signal.SIGKILL)
    server.unseal(init["keys"])
    assert server.get("sys/key-status", token=init["root_token"]).json()["data"]["term"] == 2


def test_foreign_shares_do_not_unseal(server, other_server):
    mine = server.init(3, 2)["keys"]
    theirs = other_server.init(3, 2)["keys"]
    server.put("sys/unseal", {"key": mine[0]})
    r = server.put("sys/unseal", {"key": theirs[1]})
    assert r.status_code == 400
    assert r.json()["errors"]
    status = server.get("sys/seal-status").json()
    assert status["sealed"] is True and status["progress"] == 0


@pytest.mark.parametrize("key,message", [
    ("zz", "'key' must be a valid hex or base64 string"),
    ("abcd", "invalid key: key is shorter than minimum 16 bytes"),
])
def test_bad_share_is_400(server, key, message):
    server.init(3, 2)
    r = server.put("sys/unseal", {"key": key})
    assert r.status_code == 400
    assert r.json() == {"errors": [message]}
