"""Root key rotation (rekey) on an auto-unseal server: the recovery keys authorise it, the seal
wraps the new root key, no keys come back, and the server still unseals itself and reads its data.
Runs on Arca and on OpenBao (COMPAT_TARGET=openbao); the answers below were checked on both."""
from test_auto_unseal import SECRET, init_recovery, make_provider, read_secret, start_with, transit_stanza, write_secret


def test_auto_unseal_root_key_rotation_with_recovery_keys(new_server):
    provider = make_provider(new_server)
    server = new_server("transit-sealed", start=False)
    start_with(server, transit_stanza(provider, provider.root_token))
    init_recovery(server, 3, 2)
    write_secret(server)
    token = server.root_token

    r = server.request("GET", "sys/rotate/root/init", token=token)
    assert r.status_code == 200, r.text
    assert r.json()["data"] == {"n": 0, "required": 2, "started": False, "t": 0}

    # Whatever is asked, the seal holds the one "share": OpenBao reports n = t = 1.
    r = server.request("PUT", "sys/rotate/root/init", token=token, json_body={"secret_shares": 3, "secret_threshold": 2})
    assert r.status_code == 200, r.text
    data = r.json()["data"]
    assert (data["started"], data["n"], data["t"], data["required"], data["progress"]) == (True, 1, 1, 2, 0), data
    nonce = data["nonce"]

    r = server.request("PUT", "sys/rotate/root/update", token=token, json_body={"key": server.keys[0], "nonce": nonce})
    assert r.status_code == 200, r.text
    assert r.json()["data"]["progress"] == 1
    r = server.request("PUT", "sys/rotate/root/update", token=token, json_body={"key": server.keys[1], "nonce": nonce})
    assert r.status_code == 200, r.text
    done = r.json()["data"]
    assert (done["complete"], done["keys"], done["keys_base64"], done["nonce"]) == (True, [], [], nonce), done

    assert read_secret(server) == SECRET
    status = server.seal_status()
    assert (status["t"], status["n"], status["sealed"]) == (2, 3, False), status

    server.restart(hard=True)
    server.wait_active(timeout=30)
    assert read_secret(server) == SECRET
