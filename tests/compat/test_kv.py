"""KV v1/v2 and mounts through the real bao CLI and hvac, same results on Arca and OpenBao."""
import json
import uuid

import hvac
import pytest
import requests

from harness import rows


def mount(server, kind="kv-v2"):
    path = f"kv{uuid.uuid4().hex[:8]}"
    r = server.bao("secrets", "enable", f"-path={path}", kind, token=server.root_token)
    assert r.returncode == 0, r.stderr
    return path


def run(server, *args):
    r = server.bao(*args, token=server.root_token)
    assert r.returncode == 0, f"bao {' '.join(args)}: {r.stderr}"
    return r.stdout


def test_bao_kv_v2_session(unsealed_server):
    s = unsealed_server
    m = mount(s)
    assert f"{m}/" in run(s, "secrets", "list")
    run(s, "kv", "put", f"{m}/app/db", "user=a", "pass=1")
    run(s, "kv", "put", f"{m}/app/db", "user=b")
    assert run(s, "kv", "get", "-field=user", f"{m}/app/db") == "b"
    assert run(s, "kv", "get", "-version=1", "-field=pass", f"{m}/app/db") == "1"
    run(s, "kv", "patch", f"{m}/app/db", "extra=x")
    doc = json.loads(run(s, "kv", "get", "-format=json", f"{m}/app/db"))
    assert doc["data"]["data"] == {"user": "b", "extra": "x"}
    assert sorted(doc["data"]["metadata"]) == ["created_time", "custom_metadata", "deletion_time", "destroyed", "version"]
    assert doc["data"]["metadata"]["version"] == 3
    assert "db" in run(s, "kv", "list", f"{m}/app")
    run(s, "kv", "delete", f"{m}/app/db")
    r = s.get(f"{m}/data/app/db", token=s.root_token)
    assert r.status_code == 404
    run(s, "kv", "undelete", "-versions=3", f"{m}/app/db")
    assert run(s, "kv", "get", "-field=extra", f"{m}/app/db") == "x"
    run(s, "kv", "destroy", "-versions=1", f"{m}/app/db")
    meta = json.loads(run(s, "kv", "metadata", "get", "-format=json", f"{m}/app/db"))["data"]
    assert meta["versions"]["1"]["destroyed"] is True and meta["current_version"] == 3
    run(s, "kv", "rollback", "-version=2", f"{m}/app/db")
    assert run(s, "kv", "get", "-field=user", f"{m}/app/db") == "b"
    run(s, "kv", "metadata", "put", "-max-versions=2", "-custom-metadata=owner=me", f"{m}/app/db")
    meta = json.loads(run(s, "kv", "metadata", "get", "-format=json", f"{m}/app/db"))["data"]
    assert meta["max_versions"] == 2 and meta["custom_metadata"] == {"owner": "me"}
    r = s.bao("kv", "put", "-cas=0", f"{m}/app/db", "x=1", token=s.root_token)
    assert r.returncode == 2 and "check-and-set parameter did not match the current version" in r.stderr
    run(s, "kv", "metadata", "delete", f"{m}/app/db")
    r = s.bao("kv", "get", f"{m}/app/db", token=s.root_token)
    assert r.returncode == 2 and "No value found" in r.stdout + r.stderr
    run(s, "secrets", "disable", m)
    assert f"{m}/" not in run(s, "secrets", "list")


def test_bao_kv_v1_and_tune(unsealed_server):
    s = unsealed_server
    m = mount(s, "kv")
    run(s, "kv", "put", f"{m}/a", "k=v")
    assert run(s, "kv", "get", "-field=k", f"{m}/a") == "v"
    assert "a" in run(s, "kv", "list", m)
    run(s, "secrets", "tune", "-default-lease-ttl=1h", "-max-lease-ttl=2h", m)
    tune = s.get(f"sys/mounts/{m}/tune", token=s.root_token).json()["data"]
    assert tune["default_lease_ttl"] == 3600 and tune["max_lease_ttl"] == 7200
    r = s.bao("secrets", "enable", f"-path={m}", "kv", token=s.root_token)
    assert r.returncode == 2, "the path is in use"
    run(s, "secrets", "move", m, m + "moved")
    assert run(s, "kv", "get", "-field=k", f"{m}moved/a") == "v", "data moves with the mount"


def test_hvac_kv_v2(unsealed_server):
    s = unsealed_server
    m = mount(s)
    client = hvac.Client(url=s.addr, token=s.root_token)
    kv = client.secrets.kv.v2
    kv.create_or_update_secret(path="svc", secret={"a": "1"}, mount_point=m)
    kv.create_or_update_secret(path="svc", secret={"a": "2"}, cas=1, mount_point=m)
    assert kv.read_secret_version(path="svc", mount_point=m, raise_on_deleted_version=True)["data"]["data"] == {"a": "2"}
    assert kv.read_secret_version(path="svc", version=1, mount_point=m, raise_on_deleted_version=True)["data"]["data"] == {"a": "1"}
    kv.patch(path="svc", secret={"b": "3"}, mount_point=m)
    assert kv.read_secret(path="svc", mount_point=m)["data"]["data"] == {"a": "2", "b": "3"}
    assert kv.list_secrets(path="", mount_point=m)["data"]["keys"] == ["svc"]
    kv.update_metadata(path="svc", max_versions=5, mount_point=m)
    assert kv.read_secret_metadata(path="svc", mount_point=m)["data"]["max_versions"] == 5
    kv.delete_latest_version_of_secret(path="svc", mount_point=m)
    kv.undelete_secret_versions(path="svc", versions=[3], mount_point=m)
    kv.destroy_secret_versions(path="svc", versions=[1], mount_point=m)
    kv.delete_metadata_and_all_versions(path="svc", mount_point=m)
    with pytest.raises(hvac.exceptions.InvalidPath):
        kv.read_secret_version(path="svc", mount_point=m, raise_on_deleted_version=True)
    with pytest.raises(hvac.exceptions.InvalidRequest):
        kv.create_or_update_secret(path="svc2", secret={"a": "1"}, cas=5, mount_point=m)


def test_mount_errors(unsealed_server):
    s = unsealed_server
    r = s.put("sys/mounts/bad", {"type": "no-such-engine"}, token=s.root_token)
    assert r.status_code == 400 and r.json()["errors"]
    r = s.put("sys/mounts/sys", {"type": "kv"}, token=s.root_token)
    assert r.status_code == 400
    r = s.get("sys/mounts", token="not-a-token")
    assert r.status_code == 403
    r = s.request("POST", "sys/mounts/x", token=s.root_token, data="{bad")
    assert r.status_code == 400


def test_mounts_and_secrets_survive_restart(server):
    body = server.init_unsealed(3, 2)
    m = mount(server)
    run(server, "kv", "put", f"{m}/k", "v=1")
    server.restart(hard=True)
    server.unseal(body["keys_base64"][:2])
    server.wait_active()
    assert run(server, "kv", "get", "-field=v", f"{m}/k") == "1"
    run(server, "secrets", "disable", m)
    r = server.bao("secrets", "enable", f"-path={m}", "kv-v2", token=server.root_token)
    assert r.returncode == 0
    r = server.bao("kv", "get", f"{m}/k", token=server.root_token)
    assert r.returncode == 2, "disabling a mount deletes its data"


def test_kv_v2_paginated_list(unsealed_server):
    """OpenBao's `after`/`limit` on a KV v2 LIST; folders sort with their trailing slash."""
    s = unsealed_server
    m = mount(s)
    client = hvac.Client(url=s.addr, token=s.root_token)
    for key in ["a", "b", "c", "d/x", "d/y", "e"]:
        client.secrets.kv.v2.create_or_update_secret(path=key, secret={"v": "1"}, mount_point=m)

    def page(query):
        r = requests.request("LIST", f"{s.addr}/v1/{m}/metadata/?{query}", headers={"X-Vault-Token": s.root_token})
        return r.status_code, (r.json()["data"]["keys"] if r.status_code == 200 else None)

    assert page("after=b&limit=2") == (200, ["c", "d/"])
    assert page("limit=2") == (200, ["a", "b"])
    assert page("after=d") == (200, ["d/", "e"])
    assert page("after=d/") == (200, ["e"])
    assert page("limit=0") == (200, ["a", "b", "c", "d/", "e"])
    assert page("limit=-1") == (200, ["a", "b", "c", "d/", "e"])
    assert page("after=zz")[0] == 404
    assert page("limit=abc")[0] == 400


def test_kv_v2_concurrent_writes_get_distinct_versions(unsealed_server):
    """Writers racing on one key each get their own version; none is lost."""
    from concurrent.futures import ThreadPoolExecutor

    s = unsealed_server
    m = mount(s)

    def write(i):
        client = hvac.Client(url=s.addr, token=s.root_token)
        r = client.secrets.kv.v2.create_or_update_secret(path="race", secret={"i": str(i)}, mount_point=m)
        return r["data"]["version"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        versions = list(pool.map(write, range(40)))
    assert sorted(versions) == list(range(1, 41))
    client = hvac.Client(url=s.addr, token=s.root_token)
    meta = client.secrets.kv.v2.read_secret_metadata(path="race", mount_point=m)["data"]
    assert meta["current_version"] == 40
