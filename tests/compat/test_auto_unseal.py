"""Auto-unseal: the awskms seal against a local moto server (scripts/moto.sh) and the transit seal
against a second server's transit engine. A server with such a seal is initialized with recovery
keys, unseals itself at every start, stays sealed (and says why) while its KMS is unreachable, and
unseals once it answers again. Shamir -> awskms migration keeps every entry readable.

The transit tests run on Arca and on OpenBao (COMPAT_TARGET=openbao), except the "unreachable at
start" parts: OpenBao 2.7.2 refuses to start at all when its seal cannot be reached (checked by
hand: `Error configuring seal "transit": ... connection refused`), where Arca starts sealed and
retries. The awskms tests are Arca-only: OpenBao 2.7.2 has no built-in awskms seal
(`Error configuring seal "awskms": unknown wrapper: awskms`).
"""
import json
import os
import signal
import subprocess
import time

import pytest

import harness
from harness import IS_OPENBAO, Server

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MOTO = os.path.join(REPO, "scripts", "moto.sh")
SECRET = {"password": "correct horse battery staple"}


# ---------------------------------------------------------------------- fixtures


class Moto:
    """moto with request authentication on: after the first three calls (which create an IAM user
    with a KMS policy and an access key) every request must carry a valid SigV4 signature made with
    that key, so a passing test means moto checked and accepted Arca's signatures."""

    def __init__(self, workdir):
        self.dir = str(workdir)
        env = {**os.environ, "INITIAL_NO_AUTH_ACTION_COUNT": "3"}
        out = subprocess.run([MOTO, "start", self.dir], capture_output=True, text=True, timeout=300, env=env)
        assert out.returncode == 0, f"scripts/moto.sh start failed:\n{out.stdout}\n{out.stderr}"
        with open(os.path.join(self.dir, "port")) as f:
            self.port = int(f.read().strip())
        with open(os.path.join(self.dir, "pid")) as f:
            self.pid = int(f.read().strip())
        self.endpoint = f"http://127.0.0.1:{self.port}"
        import boto3  # installed with moto[server]

        iam = boto3.client("iam", region_name="us-east-1", endpoint_url=self.endpoint,
                           aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
        iam.create_user(UserName="arca-seal")
        iam.put_user_policy(UserName="arca-seal", PolicyName="kms", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}))
        key = iam.create_access_key(UserName="arca-seal")["AccessKey"]
        self.access_key, self.secret_key = key["AccessKeyId"], key["SecretAccessKey"]

    def create_key(self) -> str:
        import boto3

        kms = boto3.client("kms", region_name="us-east-1", endpoint_url=self.endpoint,
                           aws_access_key_id=self.access_key, aws_secret_access_key=self.secret_key)
        return kms.create_key(Description="arca auto-unseal")["KeyMetadata"]["KeyId"]

    def pause(self):
        """Stops answering (SIGSTOP): connections hang, as with a KMS outage. State is kept."""
        os.kill(self.pid, signal.SIGSTOP)

    def resume(self):
        os.kill(self.pid, signal.SIGCONT)

    def stop(self):
        self.resume()
        subprocess.run([MOTO, "stop", self.dir], capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def moto(tmp_path_factory):
    m = Moto(tmp_path_factory.mktemp("moto"))
    try:
        yield m
    finally:
        m.stop()


def awskms_stanza(moto: Moto, key_id: str, secret_key: str | None = None) -> str:
    return f'''
seal "awskms" {{
  region     = "us-east-1"
  endpoint   = "{moto.endpoint}"
  access_key = "{moto.access_key}"
  secret_key = "{secret_key or moto.secret_key}"
  kms_key_id = "{key_id}"
}}
'''


def transit_stanza(provider: Server, token: str, disabled: bool = False) -> str:
    extra = '  disabled   = "true"\n' if disabled else ""
    return f'''
seal "transit" {{
  address    = "{provider.addr}"
  token      = "{token}"
  key_name   = "autounseal"
  mount_path = "transit/"
{extra}}}
'''


def start_with(server: Server, extra: str) -> Server:
    server.reconfigure(extra)
    return server.start()


def init_recovery(server: Server, shares=3, threshold=2) -> dict:
    """`bao operator init` against an auto-unseal server: recovery keys, no unseal keys."""
    r = server.bao("operator", "init", f"-recovery-shares={shares}", f"-recovery-threshold={threshold}",
                   "-format=json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["unseal_keys_b64"] == []
    assert len(doc["recovery_keys_b64"]) == shares
    assert doc["recovery_keys_shares"] == shares and doc["recovery_keys_threshold"] == threshold
    server.root_token = doc["root_token"]
    server.keys = doc["recovery_keys_b64"]
    server.wait_active()
    return doc


def write_secret(server: Server):
    token = server.root_token
    r = server.request("POST", "sys/mounts/secret", token=token, json_body={"type": "kv", "options": {"version": "2"}})
    assert r.status_code in (200, 204), r.text
    r = server.request("POST", "secret/data/app", token=token, json_body={"data": SECRET})
    assert r.status_code == 200, r.text


def read_secret(server: Server) -> dict:
    r = server.get("secret/data/app", token=server.root_token)
    assert r.status_code == 200, r.text
    return r.json()["data"]["data"]


def wait_unsealed_by_itself(server: Server, timeout=30.0) -> dict:
    """Waits for sys/health 200 without ever calling unseal: the seal must have done it."""
    return server.wait_active(timeout=timeout)


def wait_seal_error(server: Server, timeout=40.0) -> dict:
    deadline = time.monotonic() + timeout
    status = None
    while time.monotonic() < deadline:
        status = server.seal_status()
        if status.get("seal_error"):
            return status
        time.sleep(0.2)
    raise AssertionError(f"no seal_error within {timeout:.0f} s: {status}\n{server.log_tail()}")


# ---------------------------------------------------------------------- awskms

no_awskms_in_openbao = pytest.mark.skipif(
    IS_OPENBAO, reason="OpenBao 2.7.2 has no built-in awskms seal (unknown wrapper: awskms)")


@no_awskms_in_openbao
def test_awskms_init_gives_recovery_keys_and_restart_unseals_itself(moto, new_server):
    key_id = moto.create_key()
    server = new_server("awskms", start=False)
    start_with(server, awskms_stanza(moto, key_id))
    status = server.seal_status()
    assert status["type"] == "awskms" and status["recovery_seal"] is True and status["initialized"] is False
    r = server.put("sys/init", {"secret_shares": 3, "secret_threshold": 2})
    assert r.status_code == 400 and r.json()["errors"] == [
        "parameters secret_shares,secret_threshold not applicable to seal type awskms"], r.text
    init_recovery(server)
    status = server.seal_status()
    assert status["sealed"] is False and status["t"] == 2 and status["n"] == 3
    assert status["recovery_seal_type"] == "shamir"
    write_secret(server)

    server.restart(hard=True)  # kill -9
    wait_unsealed_by_itself(server)
    assert read_secret(server) == SECRET

    # A manual seal is not undone by the seal: recovery keys unseal.
    server.seal()
    assert server.seal_status()["sealed"] is True
    r = server.bao("operator", "unseal", server.keys[2])
    assert r.returncode == 0, r.stderr
    r = server.bao("operator", "unseal", server.keys[0])
    assert r.returncode == 0, r.stderr
    server.wait_active()
    assert read_secret(server) == SECRET


@no_awskms_in_openbao
def test_awskms_wrong_secret_key_is_refused_by_kms_and_init_writes_nothing(moto, new_server):
    server = new_server("awskms-badkey", start=False)
    start_with(server, awskms_stanza(moto, moto.create_key(), secret_key="not-the-secret"))
    r = server.put("sys/init", {"recovery_shares": 1, "recovery_threshold": 1})
    assert r.status_code == 500, r.text
    message = r.json()["errors"][0]
    assert "AWS KMS Encrypt" in message and "HTTP 403" in message, message
    assert "not-the-secret" not in message and "not-the-secret" not in server.log_tail()
    assert server.seal_status()["initialized"] is False


@pytest.mark.skipif(IS_OPENBAO, reason="OpenBao does not start at all while its seal is unreachable")
def test_awskms_unreachable_stays_sealed_says_why_and_unseals_when_back(moto, new_server):
    key_id = moto.create_key()
    server = new_server("awskms-outage", start=False)
    start_with(server, awskms_stanza(moto, key_id))
    init_recovery(server)
    write_secret(server)
    server.kill()

    moto.pause()
    try:
        server.start()
        status = wait_seal_error(server)
        assert status["sealed"] is True and status["initialized"] is True
        assert "awskms" in status["seal_error"]
        assert server.get("secret/data/app", token=server.root_token).status_code == 503
        assert "auto-unseal failed" in server.log_tail()
        r = subprocess.run([os.environ["ARCA_BIN"], "status"], capture_output=True, text=True,
                           env={**server.cli_env(), "ARCA_ADDR": server.addr}, timeout=30)
        assert "Seal Error" in r.stdout, r.stdout + r.stderr
    finally:
        moto.resume()
    wait_unsealed_by_itself(server, timeout=60)
    assert "seal_error" not in server.seal_status()
    assert read_secret(server) == SECRET


@pytest.mark.parametrize("seal", ["awskms", "transit"])
def test_shamir_to_auto_unseal_migration_keeps_all_data(seal, request, new_server):
    if seal == "awskms":
        if IS_OPENBAO:
            pytest.skip("OpenBao 2.7.2 has no built-in awskms seal (unknown wrapper: awskms)")
        moto = request.getfixturevalue("moto")
        stanza = awskms_stanza(moto, moto.create_key())
    else:
        provider = make_provider(new_server)
        stanza = transit_stanza(provider, provider.root_token)
    server = new_server("migrate")
    server.init_unsealed(3, 2)
    write_secret(server)
    token = server.root_token
    for i in range(20):
        r = server.request("POST", f"secret/data/item{i}", token=token, json_body={"data": {"n": str(i)}})
        assert r.status_code == 200, r.text
    shamir_keys = server.keys
    server.stop()

    start_with(server, stanza)
    status = server.seal_status()
    assert status["sealed"] is True and status["migration"] is True and status["type"] == seal
    assert status["t"] == 2 and status["n"] == 3
    r = server.bao("operator", "unseal", shamir_keys[0])
    assert r.returncode != 0 and "migrate option not provided" in r.stderr, r.stderr
    assert server.bao("operator", "unseal", "-migrate", shamir_keys[0]).returncode == 0
    r = server.bao("operator", "unseal", "-migrate", shamir_keys[1])
    assert r.returncode == 0, r.stderr
    server.wait_active()
    assert read_secret(server) == SECRET

    server.restart(hard=True)
    wait_unsealed_by_itself(server)
    status = server.seal_status()
    assert status["migration"] is False and status["recovery_seal"] is True and status["n"] == 3
    assert read_secret(server) == SECRET
    for i in range(20):
        r = server.get(f"secret/data/item{i}", token=token)
        assert r.status_code == 200 and r.json()["data"]["data"] == {"n": str(i)}, r.text
    # The old unseal keys are now the recovery keys.
    server.seal()
    server.unseal([shamir_keys[2], shamir_keys[1]])
    server.wait_active()
    assert read_secret(server) == SECRET


# ---------------------------------------------------------------------- transit


def make_provider(new_server) -> Server:
    provider = new_server("transit-provider")
    provider.init_unsealed(1, 1)
    token = provider.root_token
    r = provider.request("POST", "sys/mounts/transit", token=token, json_body={"type": "transit"})
    assert r.status_code in (200, 204), r.text
    r = provider.request("POST", "transit/keys/autounseal", token=token, json_body={})
    assert r.status_code in (200, 204), r.text
    return provider


def test_transit_seal_against_a_second_server(new_server):
    provider = make_provider(new_server)
    server = new_server("transit-sealed", start=False)
    start_with(server, transit_stanza(provider, provider.root_token))
    assert server.seal_status()["type"] == "transit"
    init_recovery(server)
    write_secret(server)

    server.restart(hard=True)
    wait_unsealed_by_itself(server)
    assert read_secret(server) == SECRET

    if IS_OPENBAO:
        return  # OpenBao does not start while its seal is unreachable
    server.kill()
    provider.stop()
    server.start()
    status = wait_seal_error(server)
    assert status["sealed"] is True and "transit" in status["seal_error"]
    provider.start()
    provider.unseal(provider.keys)
    provider.wait_active()
    wait_unsealed_by_itself(server, timeout=60)
    assert read_secret(server) == SECRET
