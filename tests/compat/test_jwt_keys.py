"""JWT auth with OIDC discovery against a local identity provider over real HTTP (issue 36, item 12):
a token must name the discovered issuer, and unauthenticated logins with unknown key ids cannot make
the server fetch the key set on every request.

OpenBao 2.7.2 (measured with this provider) accepts a token whose `iss` differs from the discovered
issuer when no bound_issuer is set, and fetches the JWKS again for every login with an unknown `kid`;
Arca refuses the first and rate-limits the second, so those tests are Arca's alone."""
import json
import threading
import time

import jwt as pyjwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from jwt.algorithms import RSAAlgorithm

from harness import IS_OPENBAO

arca_only = pytest.mark.skipif(IS_OPENBAO, reason="Arca's hardening; OpenBao differs (see the module docstring)")


class IdentityProvider:
    """Serves /.well-known/openid-configuration and /jwks on 127.0.0.1 and counts the fetches."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update(kid="k1", alg="RS256", use="sig")
        self.jwk = jwk
        self.fetches = {"discovery": 0, "jwks": 0}
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_GET(self):
                if self.path == "/.well-known/openid-configuration":
                    provider.fetches["discovery"] += 1
                    body = {"issuer": provider.issuer, "jwks_uri": provider.issuer + "/jwks",
                            "authorization_endpoint": provider.issuer + "/authorize",
                            "response_types_supported": ["id_token"], "subject_types_supported": ["public"],
                            "id_token_signing_alg_values_supported": ["RS256"]}
                elif self.path == "/jwks":
                    provider.fetches["jwks"] += 1
                    body = {"keys": [provider.jwk]}
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def token(self, iss=None, kid="k1"):
        now = int(time.time())
        claims = {"iss": iss or self.issuer, "sub": "alice", "iat": now, "exp": now + 300}
        return pyjwt.encode(claims, self.key, algorithm="RS256", headers={"kid": kid})

    def close(self):
        self.server.shutdown()


@pytest.fixture
def idp():
    p = IdentityProvider()
    yield p
    p.close()


def setup_mount(s, idp, mount):
    r = s.request("POST", f"sys/auth/{mount}", token=s.root_token, json_body={"type": "jwt"})
    assert r.status_code in (200, 204), r.text
    r = s.request("POST", f"auth/{mount}/config", token=s.root_token, json_body={"oidc_discovery_url": idp.issuer})
    assert r.status_code in (200, 204), r.text
    r = s.request("POST", f"auth/{mount}/role/r", token=s.root_token, json_body={
        "role_type": "jwt", "user_claim": "sub", "bound_subject": "alice", "token_policies": "default"})
    assert r.status_code in (200, 204), r.text


def login(s, mount, jwt):
    return s.request("POST", f"auth/{mount}/login", json_body={"role": "r", "jwt": jwt})


def test_discovered_issuer_logs_in(unsealed_server, idp):
    s = unsealed_server
    setup_mount(s, idp, "jwtdisc")
    r = login(s, "jwtdisc", idp.token())
    assert r.status_code == 200 and r.json()["auth"]["client_token"], r.text


@arca_only
def test_token_for_another_issuer_is_refused(unsealed_server, idp):
    s = unsealed_server
    setup_mount(s, idp, "jwtiss")
    for iss in ("https://evil.example", idp.issuer + "/"):
        r = login(s, "jwtiss", idp.token(iss=iss))
        assert r.status_code == 400, r.text
        assert r.json()["errors"] == ["error validating token: invalid issuer (iss) claim"]
    assert login(s, "jwtiss", idp.token()).status_code == 200


@arca_only
def test_unknown_kids_do_not_fetch_the_jwks_every_time(unsealed_server, idp):
    s = unsealed_server
    setup_mount(s, idp, "jwtkid")
    assert login(s, "jwtkid", idp.token()).status_code == 200
    before = dict(idp.fetches)
    for i in range(20):
        r = login(s, "jwtkid", idp.token(kid=f"attacker-{i}"))
        assert r.status_code == 400, r.text
        assert "failed to verify id token signature" in r.text
    # At most one refresh (only if the last fetch is a minute old; here it is not): none at all.
    assert idp.fetches["jwks"] - before["jwks"] <= 1, idp.fetches
    assert idp.fetches["discovery"] == before["discovery"], idp.fetches
    assert login(s, "jwtkid", idp.token()).status_code == 200
