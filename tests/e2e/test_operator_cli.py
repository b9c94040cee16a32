"""The real `bao` CLI (OpenBao 2.7.2) drives the seal lifecycle of the server under test."""
import json
import re

from conftest import TARGET, bao, table

SEALED_ROWS = ["Seal Type", "Initialized", "Sealed", "Total Shares", "Threshold", "Unseal Progress",
               "Unseal Nonce", "Version", "Commit Date", "Storage Type", "HA Enabled"]
UNSEALED_ROWS = ["Seal Type", "Initialized", "Sealed", "Total Shares", "Threshold", "Version",
                 "Commit Date", "Storage Type", "Cluster Name", "Cluster ID", "HA Enabled"]


def init_with_cli(cli_env):
    r = bao(cli_env, "operator", "init", "-key-shares=5", "-key-threshold=3")
    assert r.returncode == 0, r.stderr
    keys = re.findall(r"^Unseal Key \d+: (\S+)$", r.stdout, re.M)
    root = re.search(r"^Initial Root Token: (\S+)$", r.stdout, re.M).group(1)
    assert len(keys) == 5
    return keys, root


def test_init_unseal_status_seal(server, cli_env):
    r = bao(cli_env, "status")
    assert r.returncode == 2
    assert dict(table(r.stdout))["Initialized"] == "false"

    keys, root = init_with_cli(cli_env)
    r = bao(cli_env, "status")
    assert r.returncode == 2, "status exits 2 while sealed"
    rows = table(r.stdout)
    assert [k for k, _ in rows] == SEALED_ROWS
    assert dict(rows)["Unseal Progress"] == "0/3"

    for i, key in enumerate(keys[:2], start=1):
        r = bao(cli_env, "operator", "unseal", key)
        assert r.returncode == 0, r.stderr
        assert dict(table(r.stdout))["Unseal Progress"] == f"{i}/3"
    r = bao(cli_env, "operator", "unseal", "-reset")
    assert r.returncode == 0 and dict(table(r.stdout))["Unseal Progress"] == "0/3"
    for key in keys[2:5]:
        r = bao(cli_env, "operator", "unseal", key)
    assert r.returncode == 0
    assert dict(table(r.stdout))["Sealed"] == "false"

    r = bao(cli_env, "status")
    assert r.returncode == 0
    assert [k for k, _ in table(r.stdout)] == UNSEALED_ROWS or TARGET == "openbao"

    r = bao(cli_env, "operator", "seal", token=root)
    assert r.returncode == 0, r.stderr
    assert bao(cli_env, "status").returncode == 2


def test_json_output_shapes(server, cli_env):
    r = bao(cli_env, "operator", "init", "-key-shares=3", "-key-threshold=2", "-format=json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert len(doc["unseal_keys_b64"]) == 3 and len(doc["unseal_keys_hex"]) == 3
    assert doc["unseal_shares"] == 3 and doc["unseal_threshold"] == 2 and doc["root_token"]
    r = bao(cli_env, "operator", "unseal", "-format=json", doc["unseal_keys_b64"][0])
    status = json.loads(r.stdout)
    expected = {"type", "initialized", "sealed", "t", "n", "progress", "nonce", "version", "migration",
                "recovery_seal", "storage_type"}
    assert expected <= set(status), set(status)
    assert status["progress"] == 1 and status["sealed"] is True
    r = bao(cli_env, "status", "-format=json")
    assert expected <= set(json.loads(r.stdout))


def test_rotate_and_key_status(server, cli_env):
    keys, root = init_with_cli(cli_env)
    for key in keys[:3]:
        bao(cli_env, "operator", "unseal", key)
    server.wait_active()
    r = bao(cli_env, "operator", "key-status", token=root)
    assert r.returncode == 0, r.stderr
    rows = dict(table(r.stdout))
    assert rows["Key Term"] == "1" and "Install Time" in rows and "Encryption Count" in rows
    r = bao(cli_env, "operator", "rotate", token=root)
    assert r.returncode == 0, r.stderr
    assert "Success! Rotated key" in r.stdout
    r = bao(cli_env, "operator", "key-status", "-format=json", token=root)
    assert json.loads(r.stdout)["term"] == 2
    assert bao(cli_env, "operator", "key-status").returncode != 0, "key-status needs a token"


def test_rekey(server, cli_env):
    keys, root = init_with_cli(cli_env)
    for key in keys[:3]:
        bao(cli_env, "operator", "unseal", key)
    server.wait_active()
    r = bao(cli_env, "operator", "rekey", "-init", "-key-shares=3", "-key-threshold=2", token=root)
    assert r.returncode == 0, r.stderr
    status = json.loads(bao(cli_env, "operator", "rekey", "-status", "-format=json", token=root).stdout)
    nonce = status["nonce"]
    assert status["started"] is True and status["n"] == 3 and status["t"] == 2
    out = ""
    for key in keys[:3]:
        r = bao(cli_env, "operator", "rekey", f"-nonce={nonce}", key, token=root)
        assert r.returncode == 0, r.stderr
        out = r.stdout
    new_keys = re.findall(r"^Key \d+: (\S+)$", out, re.M)
    assert len(new_keys) == 3
    assert bao(cli_env, "operator", "seal", token=root).returncode == 0
    r = bao(cli_env, "operator", "unseal", keys[0])
    r = bao(cli_env, "operator", "unseal", keys[1])
    assert r.returncode != 0 or dict(table(r.stdout)).get("Sealed") == "true", "old shares no longer unseal"
    bao(cli_env, "operator", "unseal", "-reset")
    for key in new_keys[:2]:
        r = bao(cli_env, "operator", "unseal", key)
    assert dict(table(r.stdout))["Sealed"] == "false"
