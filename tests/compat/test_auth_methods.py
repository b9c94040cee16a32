"""Auth methods through the real clients: `bao login -method=userpass`, `bao write auth/approle/login`,
hvac's auth APIs, JWT tokens shaped like GitHub Actions', and the Kubernetes reference deployment
against a TokenReview server in the test. The same tests run against OpenBao (COMPAT_TARGET=openbao)."""
import base64
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import hvac
import jwt as pyjwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def run(s, *args, token=None):
    r = s.bao(*args, token=token or s.root_token)
    assert r.returncode == 0, f"bao {' '.join(args)}: {r.stderr}"
    return r.stdout


def enable(s, kind, path=None):
    path = path or kind
    if f"{path}/" not in run(s, "auth", "list"):
        run(s, "auth", "enable", f"-path={path}", kind)


def lookup(s, token):
    return json.loads(run(s, "token", "lookup", "-format=json", token=token))["data"]


def test_userpass_with_the_cli_and_hvac(unsealed_server):
    s = unsealed_server
    enable(s, "userpass")
    run(s, "write", "auth/userpass/users/bob", "password=correct horse", "token_policies=app", "token_ttl=1h")
    r = s.bao("login", "-method=userpass", "username=bob", "password=correct horse")
    assert r.returncode == 0, r.stderr
    assert "Success! You are now authenticated" in r.stdout and "token_meta_username    bob" in r.stdout
    token = json.loads(run(s, "login", "-method=userpass", "-format=json", "username=bob",
                           "password=correct horse"))["auth"]["client_token"]
    me = lookup(s, token)
    assert sorted(me["policies"]) == ["app", "default"] and 3500 < me["ttl"] <= 3600 and me["meta"] == {"username": "bob"}
    assert me["display_name"] == "userpass-bob" and me["entity_id"]
    bad = s.bao("login", "-method=userpass", "username=bob", "password=wrong")
    assert bad.returncode == 2 and "invalid username or password" in bad.stderr
    unknown = s.bao("login", "-method=userpass", "username=nobody", "password=wrong")
    assert unknown.returncode == 2 and "invalid username or password" in unknown.stderr

    client = hvac.Client(url=s.addr, token=s.root_token, timeout=30)
    client.auth.userpass.create_or_update_user("alice", password="pw-alice", policies=["app"])
    assert "alice" in client.auth.userpass.list_user()["data"]["keys"]
    assert "password" not in client.auth.userpass.read_user("alice")["data"]
    login = hvac.Client(url=s.addr, timeout=30).auth.userpass.login("alice", "pw-alice")
    assert "app" in login["auth"]["policies"]
    client.auth.userpass.delete_user("alice")
    with pytest.raises(hvac.exceptions.InvalidRequest):
        hvac.Client(url=s.addr, timeout=30).auth.userpass.login("alice", "pw-alice")


def test_approle_wrapped_secret_id_num_uses_and_cidrs(unsealed_server):
    s = unsealed_server
    enable(s, "approle")
    run(s, "write", "auth/approle/role/ci", "token_policies=app", "secret_id_num_uses=2", "secret_id_ttl=10m",
        "token_ttl=20m")
    role_id = run(s, "read", "-field=role_id", "auth/approle/role/ci/role-id")
    wrapped = json.loads(run(s, "write", "-f", "-wrap-ttl=60", "-format=json", "auth/approle/role/ci/secret-id"))
    wrap_token = wrapped["wrap_info"]["token"]
    secret_id = json.loads(run(s, "unwrap", "-format=json", wrap_token))["data"]["secret_id"]
    again = s.bao("unwrap", wrap_token, token=s.root_token)
    assert again.returncode == 2, "a wrapped secret id unwraps once"

    out = json.loads(run(s, "write", "-format=json", "auth/approle/login", f"role_id={role_id}", f"secret_id={secret_id}"))
    assert "app" in out["auth"]["policies"] and out["auth"]["lease_duration"] == 1200
    run(s, "write", "auth/approle/login", f"role_id={role_id}", f"secret_id={secret_id}")
    third = s.bao("write", "auth/approle/login", f"role_id={role_id}", f"secret_id={secret_id}", token=s.root_token)
    assert third.returncode == 2, "secret_id_num_uses=2 allows two logins"

    # CIDR bindings are checked against the connection's address (127.0.0.1 here).
    run(s, "write", "auth/approle/role/far", "token_policies=app", "secret_id_bound_cidrs=10.0.0.0/8")
    far_role = run(s, "read", "-field=role_id", "auth/approle/role/far/role-id")
    far_secret = run(s, "write", "-f", "-field=secret_id", "auth/approle/role/far/secret-id")
    r = s.bao("write", "auth/approle/login", f"role_id={far_role}", f"secret_id={far_secret}", token=s.root_token)
    assert r.returncode == 2
    run(s, "write", "auth/approle/role/near", "token_policies=app", "secret_id_bound_cidrs=127.0.0.1/32")
    near_role = run(s, "read", "-field=role_id", "auth/approle/role/near/role-id")
    near_secret = run(s, "write", "-f", "-field=secret_id", "auth/approle/role/near/secret-id")
    run(s, "write", "auth/approle/login", f"role_id={near_role}", f"secret_id={near_secret}")

    client = hvac.Client(url=s.addr, token=s.root_token, timeout=30)
    client.auth.approle.create_or_update_approle("svc", token_policies=["app"])
    rid = client.auth.approle.read_role_id("svc")["data"]["role_id"]
    sid = client.auth.approle.generate_secret_id("svc")["data"]["secret_id"]
    login = hvac.Client(url=s.addr, timeout=30).auth.approle.login(role_id=rid, secret_id=sid)
    assert "app" in login["auth"]["policies"]


def rsa_key():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return key, pem


def test_jwt_github_actions_token(unsealed_server):
    s = unsealed_server
    enable(s, "jwt")
    key, pem = rsa_key()
    issuer = "https://token.actions.githubusercontent.com"
    client = hvac.Client(url=s.addr, token=s.root_token, timeout=30)
    client.auth.jwt.configure(jwt_validation_pubkeys=[pem], bound_issuer=issuer)
    client.auth.jwt.create_role(
        "ci", role_type="jwt", user_claim="sub", bound_audiences=["https://github.com/acme"],
        bound_claims={"repository": "acme/app"}, token_policies=["ci"], token_ttl="15m", path="jwt",
        allowed_redirect_uris=[])
    now = int(time.time())
    claims = {"iss": issuer, "aud": "https://github.com/acme", "sub": "repo:acme/app:ref:refs/heads/main",
              "repository": "acme/app", "ref": "refs/heads/main", "iat": now, "nbf": now - 5, "exp": now + 300}
    good = pyjwt.encode(claims, key, algorithm="RS256", headers={"kid": "k1"})
    out = hvac.Client(url=s.addr, timeout=30).auth.jwt.jwt_login(role="ci", jwt=good, path="jwt")
    assert "ci" in out["auth"]["policies"] and out["auth"]["lease_duration"] == 900
    for bad in (dict(claims, repository="acme/other"), dict(claims, exp=now - 120, nbf=now - 600, iat=now - 600),
                dict(claims, aud="https://github.com/evil"), dict(claims, iss="https://evil.example")):
        with pytest.raises((hvac.exceptions.InvalidRequest, hvac.exceptions.Forbidden)):
            hvac.Client(url=s.addr, timeout=30).auth.jwt.jwt_login(
                role="ci", jwt=pyjwt.encode(bad, key, algorithm="RS256"), path="jwt")
    other, _ = rsa_key()
    with pytest.raises((hvac.exceptions.InvalidRequest, hvac.exceptions.Forbidden)):
        hvac.Client(url=s.addr, timeout=30).auth.jwt.jwt_login(
            role="ci", jwt=pyjwt.encode(claims, other, algorithm="RS256"), path="jwt")


def self_signed_pem():
    """A CA certificate for the config (the test API server speaks plain HTTP, so it is not used)."""
    import datetime
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kubernetes-ca")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True).sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM).decode()


class TokenReviewer:
    """A Kubernetes API server's TokenReview endpoint: it trusts tokens signed by its key, checks
    expiry and audiences as the API server would, and answers with the real JSON."""

    def __init__(self):
        self.key, self.pem = rsa_key()
        self.rejected = set()
        reviewer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                assert self.path == "/apis/authentication.k8s.io/v1/tokenreviews", self.path
                token = body["spec"]["token"]
                audiences = body["spec"].get("audiences") or ["https://kubernetes.default.svc"]
                status = {"authenticated": False, "error": "invalid bearer token"}
                try:
                    claims = pyjwt.decode(token, reviewer.pem, algorithms=["RS256"], audience=audiences)
                    if token not in reviewer.rejected:
                        ns, name = claims["kubernetes.io"]["namespace"], claims["kubernetes.io"]["serviceaccount"]["name"]
                        status = {"authenticated": True, "audiences": audiences, "user": {
                            "username": f"system:serviceaccount:{ns}:{name}",
                            "uid": claims["kubernetes.io"]["serviceaccount"]["uid"],
                            "groups": ["system:serviceaccounts", f"system:serviceaccounts:{ns}"]}}
                except pyjwt.PyJWTError as e:
                    status = {"authenticated": False, "error": str(e)}
                answer = json.dumps({"kind": "TokenReview", "apiVersion": "authentication.k8s.io/v1",
                                     "metadata": {"creationTimestamp": None}, "spec": body["spec"], "status": status})
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(answer.encode())

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def token(self, namespace, name, audience="vault", lifetime=600):
        now = int(time.time())
        claims = {"iss": "https://kubernetes.default.svc.cluster.local", "sub": f"system:serviceaccount:{namespace}:{name}",
                  "jti": os.urandom(8).hex(),
                  "aud": [audience], "iat": now - 10, "nbf": now - 10, "exp": now + lifetime,
                  "kubernetes.io": {"namespace": namespace, "serviceaccount": {"name": name, "uid": f"uid-{name}-{namespace}"},
                                    "pod": {"name": "pod-1", "uid": "pod-uid"}}}
        return pyjwt.encode(claims, self.key, algorithm="RS256")

    def close(self):
        self.server.shutdown()


def test_kubernetes_reference_deployment(unsealed_server):
    s = unsealed_server
    enable(s, "kubernetes")
    k8s = TokenReviewer()
    try:
        reviewer_jwt = k8s.token("kube-system", "token-reviewer", audience="https://kubernetes.default.svc")
        client = hvac.Client(url=s.addr, token=s.root_token, timeout=30)
        client.auth.kubernetes.configure(kubernetes_host=k8s.url, token_reviewer_jwt=reviewer_jwt,
                                         kubernetes_ca_cert=self_signed_pem(), disable_local_ca_jwt=True)
        client.auth.kubernetes.create_role(
            "app", bound_service_account_names=["app-sa"], bound_service_account_namespaces=["production"],
            policies=["app-service"], ttl="1h", audience="vault")
        pod = k8s.token("production", "app-sa")
        out = hvac.Client(url=s.addr, timeout=30).auth.kubernetes.login("app", pod)
        assert "app-service" in out["auth"]["policies"] and out["auth"]["lease_duration"] == 3600
        assert out["auth"]["metadata"]["service_account_namespace"] == "production"

        refused = [k8s.token("staging", "app-sa"), k8s.token("production", "app-sa", audience="other"),
                   k8s.token("production", "app-sa", lifetime=-60)]
        rejected = k8s.token("production", "app-sa")
        k8s.rejected.add(rejected)
        for token in refused + [rejected]:
            with pytest.raises((hvac.exceptions.InvalidRequest, hvac.exceptions.Forbidden, hvac.exceptions.InternalServerError)):
                hvac.Client(url=s.addr, timeout=30).auth.kubernetes.login("app", token)
        r = s.bao("write", "auth/kubernetes/login", "role=app", f"jwt={pod}", token=s.root_token)
        assert r.returncode == 0, r.stderr
    finally:
        k8s.close()
