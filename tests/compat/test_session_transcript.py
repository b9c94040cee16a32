"""One recorded `bao` CLI session, run against a fresh Arca and a fresh OpenBao dev server.

The same commands (KV v2 life cycle, a least-privilege policy and a token using it, auth and mount
tuning, a few mistakes) run against both servers. Every command's exit code, stdout and stderr go
into a transcript; the two transcripts are normalised (see `Normaliser`: the one place that says
what may differ and why) and must then be equal. A failure prints a unified diff.

The test starts OpenBao itself, so it is skipped when the whole suite targets OpenBao.
"""
from __future__ import annotations

import difflib
import json
import re
import secrets

import pytest

import harness
from harness import Server, bao_binary

pytestmark = pytest.mark.skipif(harness.IS_OPENBAO, reason="this test runs OpenBao itself beside Arca")

POLICY = """\
path "kv2/data/database/*" {
  capabilities = ["read"]
}

path "kv2/metadata/database/*" {
  capabilities = ["read", "list"]
}

path "*" {
  capabilities = ["deny"]
}
"""

DB = "kv2/database/prod"

# (who, args). who: "root" or "app" (the token the session creates with the policy). "{app}" in an
# argument is replaced by that token. A step whose args start with "!" captures the token it prints.
SESSION: list[tuple[str, list[str]]] = [
    ("root", ["secrets", "enable", "-path=kv2", "-version=2", "kv"]),
    ("root", ["secrets", "enable", "-path=kv2", "kv-v2"]),
    ("root", ["kv", "put", DB, "user=app", "password=s3cret"]),
    ("root", ["kv", "put", "-format=json", DB, "user=app", "password=n3w"]),
    ("root", ["kv", "get", DB]),
    ("root", ["kv", "get", "-format=json", DB]),
    ("root", ["kv", "get", "-version=1", "-field=password", DB]),
    ("root", ["kv", "patch", DB, "port=5432"]),
    ("root", ["kv", "metadata", "get", DB]),
    ("root", ["kv", "metadata", "get", "-format=json", DB]),
    ("root", ["kv", "delete", DB]),
    ("root", ["kv", "get", DB]),
    ("root", ["kv", "undelete", "-versions=3", DB]),
    ("root", ["kv", "delete", "-versions=1", DB]),
    ("root", ["kv", "undelete", "-versions=1", DB]),
    ("root", ["kv", "destroy", "-versions=1", DB]),
    ("root", ["kv", "get", "-version=1", DB]),
    ("root", ["kv", "rollback", "-version=2", DB]),
    ("root", ["kv", "rollback", "-version=1", DB]),
    ("root", ["kv", "get", "-format=json", DB]),
    ("root", ["kv", "metadata", "get", DB]),
    ("root", ["kv", "put", "kv2/app/config", "a=b"]),
    ("root", ["kv", "list", "kv2/"]),
    ("root", ["kv", "list", "-format=json", "kv2/"]),
    ("root", ["kv", "get", "kv2/no/such/secret"]),
    ("root", ["policy", "write", "app-read", "app.hcl"]),
    ("root", ["policy", "read", "app-read"]),
    ("root", ["policy", "list"]),
    ("root", ["!token", "create", "-policy=app-read", "-ttl=1h", "-format=json"]),
    ("root", ["!token", "create", "-policy=app-read", "-ttl=30m"]),
    ("root", ["token", "create", "-policy=app-read", "-ttl=abc"]),
    ("root", ["token", "capabilities", "{app}", "kv2/data/database/prod"]),
    ("root", ["token", "capabilities", "{app}", "kv2/data/app/config"]),
    ("root", ["token", "capabilities", "{app}", "sys/auth/token/tune"]),
    ("app", ["token", "capabilities", "kv2/metadata/database/prod"]),
    ("app", ["kv", "get", DB]),
    ("app", ["kv", "get", "-format=json", "-field=user", DB]),
    ("app", ["kv", "get", "kv2/app/config"]),
    ("app", ["kv", "put", DB, "x=y"]),
    ("app", ["kv", "list", "kv2/database"]),
    ("app", ["auth", "tune", "-description=mine", "token/"]),
    ("root", ["auth", "list"]),
    ("root", ["auth", "list", "-detailed"]),
    ("root", ["auth", "list", "-detailed", "-format=json"]),
    ("root", ["read", "sys/auth/token/tune"]),
    ("root", ["auth", "tune", "-default-lease-ttl=1h", "-max-lease-ttl=2h", "-description=tuned tokens",
              "-listing-visibility=unauth", "-passthrough-request-headers=X-A",
              "-passthrough-request-headers=X-B", "-audit-non-hmac-request-keys=k1", "token/"]),
    ("root", ["read", "sys/auth/token/tune"]),
    ("root", ["read", "-format=json", "sys/mounts/auth/token/tune"]),
    ("root", ["auth", "list", "-detailed"]),
    ("root", ["auth", "tune", "-token-type=batch", "token/"]),
    ("root", ["auth", "tune", "-default-lease-ttl=3h", "token/"]),
    ("root", ["auth", "tune", "-description=x", "nope/"]),
    ("root", ["write", "sys/auth/token/tune", "listing_visibility=bogus"]),
    ("root", ["write", "sys/auth/token/tune", "default_lease_ttl=1x"]),
    ("root", ["read", "sys/auth/nope/tune"]),
    ("root", ["secrets", "tune", "-default-lease-ttl=30m", "-listing-visibility=hidden",
              "-allowed-response-headers=X-R", "kv2/"]),
    ("root", ["read", "sys/mounts/kv2/tune"]),
    ("root", ["secrets", "tune", "-version=1", "kv2/"]),
    ("root", ["read", "sys/mounts/nope/tune"]),
]


class OpenBaoDev(Server):
    """`bao server -dev` (in memory, unsealed, a root token we choose) under the harness's process
    handling: own port (its cluster listener takes port + 1; a clash is retried like any port
    clash), log file, and kill at exit."""

    def _write_config(self) -> str:
        return ""  # dev mode is configured by flags

    def command(self) -> list[str]:
        return [bao_binary(), "server", "-dev", f"-dev-root-token-id={self.dev_root}",
                f"-dev-listen-address=127.0.0.1:{self.port}", "-dev-no-store-token"]


class Normaliser:
    """Everything that may legitimately differ between the two transcripts, in one place.

    Each rule replaces a value that each server generates on its own by the same placeholder on
    both sides; nothing else is touched, so any other difference (a field, a row, a status code,
    an error text, an exit code, a warning) fails the test:

    1. token ids and token accessors the session saw (the root token, tokens it created) become
       <root-token-1>, <token-N>, <accessor-N> in order of first appearance;
    2. the server's address (error output prints `URL: GET http://127.0.0.1:PORT/v1/...`);
    3. the regular expressions in PATTERNS (uuids, times, mount accessors, build versions);
    4. column padding: runs of two or more spaces compare as two spaces, since bao pads columns
       to the widest value and the values above differ in width (trailing spaces are dropped).
    """

    PATTERNS = [
        # Request ids and mount uuids.
        ("<uuid>", re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")),
        # Creation and deletion times of KV versions (RFC 3339; Go drops trailing zeros).
        ("<time>", re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z\b")),
        # Mount accessors, <type>_<8 hex>: kv_1a2b3c4d, auth_token_9ea6bc87 (the type is kept).
        (r"\1_<hex>", re.compile(r"\b((?:auth_)?[a-z]+)_[0-9a-f]{8}\b")),
        # running_plugin_version names each server's own build.
        ("<builtin version>", re.compile(r"\bv\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?\+builtin\.(bao|arca)\b")),
    ]
    # Column padding follows the widest value in a column, and the values above differ in width
    # (e.g. the running version), so runs of two or more spaces compare as two spaces.
    PADDING = re.compile(r" {2,}")

    def __init__(self, address: str):
        self.address = address
        # Token ids and token accessors, in order of appearance: <token-1>, <accessor-1>, ...
        self.secrets: dict[str, str] = {}

    def learn(self, kind: str, value: str | None):
        if value and value not in self.secrets:
            n = sum(1 for v in self.secrets.values() if v.startswith(f"<{kind}-")) + 1
            self.secrets[value] = f"<{kind}-{n}>"

    def learn_from_output(self, stdout: str):
        """Token ids and accessors a command printed, from JSON (auth.client_token, auth.accessor)
        or from a table (token, token_accessor rows)."""
        try:
            doc = json.loads(stdout)
        except ValueError:
            doc = None
        if isinstance(doc, dict) and isinstance(doc.get("auth"), dict):
            self.learn("token", doc["auth"].get("client_token"))
            self.learn("accessor", doc["auth"].get("accessor"))
            return
        pairs = dict(harness.table(stdout))
        self.learn("token", pairs.get("token"))
        self.learn("accessor", pairs.get("token_accessor"))

    def __call__(self, text: str) -> str:
        for value, placeholder in sorted(self.secrets.items(), key=lambda kv: -len(kv[0])):
            text = text.replace(value, placeholder)
        text = text.replace(self.address, "<address>")
        for replacement, pattern in self.PATTERNS:
            text = pattern.sub(replacement, text)
        return "\n".join(self.PADDING.sub("  ", line).rstrip() for line in text.split("\n"))


def run_session(server: Server, root: str) -> str:
    """Runs SESSION with the bao CLI against `server`; returns the normalised transcript."""
    with open(f"{server.home}/app.hcl", "w") as f:
        f.write(POLICY)
    norm = Normaliser(server.addr)
    norm.learn("root-token", root)
    app = None
    out = []
    for who, args in SESSION:
        capture = args[0].startswith("!")
        args = [args[0].lstrip("!"), *args[1:]]
        if "{app}" in " ".join(args) or who == "app":
            assert app, "the session must create the app token first"
        args = [a.replace("{app}", app or "") for a in args]
        r = server.bao(*args, token=root if who == "root" else app)
        if capture:
            norm.learn_from_output(r.stdout)
            if app is None:
                app = next(v for v, p in norm.secrets.items() if p == "<token-1>")
        out.append(f"$ bao {' '.join(args)}    [as {who}]\n"
                   f"exit {r.returncode}\n"
                   f"--- stdout\n{r.stdout.rstrip()}\n"
                   f"--- stderr\n{r.stderr.rstrip()}\n")
    return norm("\n".join(out))


def test_bao_session_matches_openbao(new_server, request, tmp_path):
    arca = new_server("arca")
    arca.init_unsealed(1, 1)

    bao = OpenBaoDev(str(tmp_path / "openbao"), name="openbao-dev")
    bao.dev_root = "dev-root-" + secrets.token_hex(8)
    new_server.started.append(bao)  # killed at teardown with the others; its log shows on failure
    request.node._compat_servers = new_server.started
    bao.start()
    bao.wait_active()

    got = run_session(arca, arca.root_token)
    want = run_session(bao, bao.dev_root)
    (tmp_path / "arca.transcript").write_text(got)
    (tmp_path / "openbao.transcript").write_text(want)
    if got != want:
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                            "openbao (normalised)", "arca (normalised)", n=4))
        pytest.fail(f"the bao session differs between OpenBao and Arca "
                    f"(transcripts in {tmp_path}):\n{diff}", pytrace=False)
