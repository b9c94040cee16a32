"""The Vault HTTP API calls the benchmark needs to prepare a server, through `requests`.

`prepare` brings a started server (dev or durable) to the state every workload expects and returns
a `Fixture` with the tokens and ids the workloads use. Nothing here is timed.
"""
from __future__ import annotations

import base64
import os
import time
from dataclasses import dataclass, field

import requests

from .common import log, wait_until

VALUE = "bench-value-0123456789abcdef0123456789abcdef0123"
"""The secret value every KV write stores (48 characters)."""

MIXED_KEYS = 100
"""How many keys the mixed workload reads and writes (mixed/m0 … mixed/m99)."""

BENCH_POLICY = """
path "secret/*" { capabilities = ["create", "read", "update", "delete", "list"] }
path "transit/encrypt/*" { capabilities = ["update"] }
path "auth/token/create" { capabilities = ["create", "update"] }
"""
"""What the workloads' token may do: the KV mount, transit encrypt, creating child tokens."""

TOKEN_TTL = "10s"
"""TTL of the tokens the token-create and AppRole-login workloads make (they expire soon after);
run.py sets it from --token-ttl."""


class APIError(RuntimeError):
    """A setup call answered something other than 2xx."""

    def __init__(self, method: str, path: str, response: requests.Response):
        self.status, self.body = response.status_code, response.text[:500]
        super().__init__(f"{method} {path} -> {self.status} {self.body}")


@dataclass
class Fixture:
    """What the workloads need from a prepared server."""

    root: str
    token: str = ""
    role_id: str = ""
    secret_id: str = ""
    transit_error: str | None = None
    approle_error: str | None = None
    kv_read_body: bytes = b""
    recovery_key: str = ""
    notes: list = field(default_factory=list)


class Client:
    """A minimal Vault API client for one server address and token."""

    def __init__(self, addr: str, token: str | None = None):
        self.addr, self.token = addr, token
        self.session = requests.Session()

    def call(self, method: str, path: str, body=None, token: str | None = None, ok=(200, 204), timeout=60,
             params=None) -> requests.Response:
        headers = {}
        if token or self.token:
            headers["X-Vault-Token"] = token or self.token
        r = self.session.request(method, f"{self.addr}/v1/{path}", json=body, headers=headers, timeout=timeout,
                                 params=params)
        if r.status_code not in ok:
            raise APIError(method, path, r)
        return r

    def data(self, method: str, path: str, body=None, **kw) -> dict:
        r = self.call(method, path, body, **kw)
        return r.json() if r.content else {}


def init_auto_unseal(client: Client, timeout: float = 120) -> tuple[str, str]:
    """`sys/init` with one recovery share on an auto-unseal server; waits for health 200.

    Returns (root token, recovery key)."""
    reply = client.data("PUT", "sys/init", {"recovery_shares": 1, "recovery_threshold": 1})
    wait_active(client, timeout)
    return reply["root_token"], (reply.get("recovery_keys_b64") or [""])[0]


def wait_active(client: Client, timeout: float = 120) -> None:
    """Poll `sys/health` until it answers 200 (initialized, unsealed, active)."""
    def healthy():
        return client.session.get(f"{client.addr}/v1/sys/health", timeout=5).status_code == 200
    wait_until(healthy, timeout, interval=0.05, what="sys/health 200")


def enable_kv2(client: Client, path: str = "secret") -> None:
    """Mount KV version 2 at `path` and wait until it takes writes (OpenBao upgrades a new mount)."""
    client.call("POST", f"sys/mounts/{path}", {"type": "kv", "options": {"version": "2"}})
    def writable():
        r = client.call("POST", f"{path}/data/bench-probe", {"data": {"value": VALUE}}, ok=(200, 204, 400, 500, 503))
        return r.status_code in (200, 204)
    wait_until(writable, 60, interval=0.2, what=f"{path}/ to take writes")


def kv_put(client: Client, key: str, value: str = VALUE, token: str | None = None) -> None:
    client.call("POST", f"secret/data/{key}", {"data": {"value": value}}, token=token)


def prepare(client: Client, root: str, durable: bool) -> Fixture:
    """Mounts, policy, token, transit key, AppRole role and the keys the read workloads read."""
    client.token = root
    fixture = Fixture(root=root)
    if durable:
        enable_kv2(client)
    client.call("PUT", "sys/policies/acl/bench", {"policy": BENCH_POLICY})
    fixture.token = client.data("POST", "auth/token/create", {"policies": ["bench"], "ttl": "24h"})["auth"]["client_token"]
    kv_put(client, "k")
    for i in range(MIXED_KEYS):
        kv_put(client, f"mixed/m{i}")
    fixture.kv_read_body = client.call("GET", "secret/data/k", token=fixture.token).content
    try:
        client.call("POST", "sys/mounts/transit", {"type": "transit"})
        client.call("POST", "transit/keys/k", {"type": "aes256-gcm96"})
    except (APIError, requests.RequestException) as error:
        fixture.transit_error = str(error)
        log(f"transit setup failed: {error}")
    try:
        client.call("POST", "sys/auth/approle", {"type": "approle"})
        client.call("POST", "auth/approle/role/bench", {
            "token_ttl": TOKEN_TTL, "token_max_ttl": TOKEN_TTL, "token_policies": ["default"],
            "secret_id_num_uses": 0, "secret_id_ttl": 0})
        fixture.role_id = client.data("GET", "auth/approle/role/bench/role-id")["data"]["role_id"]
        fixture.secret_id = client.data("POST", "auth/approle/role/bench/secret-id", {})["data"]["secret_id"]
    except (APIError, requests.RequestException, KeyError) as error:
        fixture.approle_error = str(error)
        log(f"approle setup failed: {error}")
    return fixture


def transit_plaintext() -> str:
    """64 bytes of random plaintext, base64-encoded, as transit/encrypt takes it."""
    return base64.b64encode(os.urandom(64)).decode()


def list_keys(client: Client, folder: str, params: dict | None = None) -> tuple[float, int, int]:
    """One LIST of `secret/metadata/<folder>`: (seconds, keys returned, response bytes)."""
    query = {"list": "true", **(params or {})}
    started = time.monotonic()
    r = client.call("GET", f"secret/metadata/{folder}", params=query, timeout=600)
    seconds = time.monotonic() - started
    return seconds, len(r.json()["data"]["keys"]), len(r.content)
