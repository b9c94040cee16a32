"""What survives a restart (SIGTERM or kill -9), and which shares open which server."""
import pytest


def assert_sealed_after_restart(server, t, n):
    status = server.seal_status()
    assert (status["initialized"], status["sealed"]) == (True, True), status
    assert (status["t"], status["n"], status["progress"], status["nonce"]) == (t, n, 0, ""), status
    assert server.get("sys/health").status_code == 503


@pytest.mark.parametrize("hard", [False, True], ids=["sigterm", "kill-9"])
def test_restart_comes_up_sealed_and_unseals_with_same_keys(server, hard):
    init = server.init_unsealed(5, 3)
    keys, root = init["keys_base64"], init["root_token"]
    assert server.get("sys/key-status", token=root).json()["data"]["term"] == 1
    # A rotation just before the stop must be durable, however the process ends.
    assert server.put("sys/rotate", token=root).status_code == 204

    if hard:
        server.kill()
    else:
        code = server.stop()
        assert code == 0, f"SIGTERM should end the server cleanly, exit code {code}"
    server.start()
    assert_sealed_after_restart(server, 3, 5)

    # Unseal progress is memory only: one share, restart, and it is gone.
    assert server.unseal(keys[:1])["progress"] == 1
    server.restart(hard=hard)
    assert_sealed_after_restart(server, 3, 5)

    # Any three of the original shares still unseal; the root token and keyring term survived.
    status = server.unseal(keys[2:5])
    assert status["sealed"] is False
    server.wait_active()
    r = server.get("sys/key-status", token=root)
    assert r.status_code == 200, r.text
    assert r.json()["data"]["term"] == 2
    before = server.seal_status()
    assert before["cluster_id"], "cluster identity is stored, not regenerated"


def test_cluster_identity_survives_restart(server):
    server.init_unsealed(1, 1)
    first = server.seal_status()
    server.restart()
    server.unseal(server.keys)
    server.wait_active()
    again = server.seal_status()
    assert (again["cluster_name"], again["cluster_id"]) == (first["cluster_name"], first["cluster_id"])


def test_foreign_shares_do_not_unseal(new_server):
    mine_srv, theirs_srv = new_server("mine"), new_server("theirs")
    mine = mine_srv.init(5, 3)["keys_base64"]
    theirs = theirs_srv.init(5, 3)["keys_base64"]

    # One share of this server's plus two of another's: threshold reached, wrong root key.
    assert mine_srv.unseal([mine[0], theirs[0]])["progress"] == 2
    r = mine_srv.put("sys/unseal", {"key": theirs[1]})
    # OpenBao: 400 {"errors":["unable to retrieve stored keys: invalid key: failed to decrypt keys
    # from storage: cipher: message authentication failed"]}
    assert r.status_code == 400, f"{r.status_code} {r.text}"
    errors = r.json()["errors"]
    assert isinstance(errors, list) and errors and all(isinstance(e, str) and e for e in errors)
    status = mine_srv.seal_status()
    assert status["sealed"] is True and status["progress"] == 0 and status["nonce"] == "", \
        "a failed attempt discards the shares it had"

    # Its own shares still work afterwards; the other server is untouched.
    assert mine_srv.unseal(mine[1:4])["sealed"] is False
    assert theirs_srv.seal_status()["sealed"] is True


GARBAGE_SHARES = [
    "zz",           # neither hex nor base64
    "not a key!",   # neither hex nor base64
    "abcd",         # decodes, but far shorter than a share
    "00" * 15,      # 15 bytes: below the minimum share size (16)
    "00" * 34,      # 34 bytes: above the maximum share size (33)
]


def test_garbage_shares_are_400_and_change_nothing(server):
    init = server.init(3, 2)
    status = server.unseal(init["keys_base64"][:1])
    assert status["progress"] == 1
    for key in GARBAGE_SHARES:
        r = server.put("sys/unseal", {"key": key})
        assert r.status_code == 400, f"{key!r}: {r.status_code} {r.text}"
        assert r.headers.get("Content-Type", "").startswith("application/json"), key
        errors = r.json()["errors"]
        assert isinstance(errors, list) and len(errors) == 1 and errors[0], (key, errors)
        now = server.seal_status()
        assert (now["progress"], now["nonce"]) == (1, status["nonce"]), \
            f"{key!r}: a share that does not parse is not counted and does not reset the attempt"
    assert server.unseal(init["keys_base64"][1:2])["sealed"] is False
