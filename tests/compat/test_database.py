"""The database secrets engine against a real PostgreSQL (scripts/postgres.sh), through the bao CLI
and hvac; the same tests pass against OpenBao's built-in plugin (COMPAT_TARGET=openbao)."""
import json
import os
import re
import subprocess
import time

import hvac
import pytest

from harness import IS_OPENBAO

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "scripts", "postgres.sh")

CREATE = ("CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; "
          "GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{{name}}\";")


class Postgres:
    def __init__(self, directory, tls=False):
        self.dir = str(directory)
        args = [SCRIPT, "start", self.dir] + (["--tls"] if tls else [])
        out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
        self.env = dict(line.split("=", 1) for line in out.split() if "=" in line)
        self.port = int(self.env["PGPORT"])

    def psql(self, sql, user=None, password=None, check=True):
        env = dict(os.environ, **self.env)
        if user:
            env["PGUSER"], env["PGPASSWORD"] = user, password
        r = subprocess.run(["psql", "-tAX", "-v", "ON_ERROR_STOP=1", "-c", sql], env=env, capture_output=True, text=True,
                           timeout=30)
        if check:
            assert r.returncode == 0, r.stderr
        return r

    def can_login(self, user, password):
        return self.psql("SELECT 1", user=user, password=password, check=False).returncode == 0

    def role_exists(self, name):
        return self.psql(f"SELECT count(*) FROM pg_roles WHERE rolname = '{name}'").stdout.strip() == "1"

    def url(self, host="127.0.0.1", query="sslmode=disable"):
        return f"postgresql://{{{{username}}}}:{{{{password}}}}@{host}:{self.port}/postgres" + (f"?{query}" if query else "")

    def superuser(self, name):
        """A separate superuser for tests that rotate the root password."""
        password = "pw-" + name
        self.psql(f"CREATE ROLE \"{name}\" WITH LOGIN SUPERUSER PASSWORD '{password}'")
        return password

    def stop(self):
        subprocess.run([SCRIPT, "stop", self.dir], capture_output=True)


@pytest.fixture(scope="module")
def pg(tmp_path_factory):
    p = Postgres(tmp_path_factory.mktemp("pg"))
    p.psql("CREATE TABLE items (id int); INSERT INTO items VALUES (1);")
    yield p
    p.stop()


def run(s, *args, token=None):
    r = s.bao(*args, token=token or s.root_token)
    assert r.returncode == 0, f"bao {' '.join(args)}: {r.stderr}"
    return r.stdout


def configure(s, pg, mount="database", conn="postgres-prod", user=None, password=None, roles="app-readonly"):
    if f"{mount}/" not in run(s, "secrets", "list"):
        run(s, "secrets", "enable", f"-path={mount}", "database")
    run(s, "write", f"{mount}/config/{conn}", "plugin_name=postgresql-database-plugin", f"allowed_roles={roles}",
        f"connection_url={pg.url()}", f"username={user or pg.env['PGUSER']}",
        f"password={password or pg.env['PGPASSWORD']}")


def creds(s, path):
    out = json.loads(run(s, "read", "-format=json", path))
    return out["data"]["username"], out["data"]["password"], out["lease_id"], out["lease_duration"]


def test_dynamic_credentials_lifecycle(unsealed_server, pg):
    s = unsealed_server
    configure(s, pg)
    run(s, "write", "database/roles/app-readonly", "db_name=postgres-prod", f"creation_statements={CREATE}",
        "default_ttl=24h", "max_ttl=72h")
    config = json.loads(run(s, "read", "-format=json", "database/config/postgres-prod"))["data"]
    assert pg.env["PGPASSWORD"] not in json.dumps(config), "a config read must not show the password"
    assert config["allowed_roles"] == ["app-readonly"]

    user, password, lease, duration = creds(s, "database/creds/app-readonly")
    assert duration == 86400 and lease.startswith("database/creds/app-readonly/")
    assert pg.psql("SELECT count(*) FROM items", user=user, password=password).stdout.strip() == "1"
    denied = pg.psql("INSERT INTO items VALUES (2)", user=user, password=password, check=False)
    assert denied.returncode != 0 and "permission denied" in denied.stderr

    renewed = json.loads(run(s, "lease", "renew", "-format=json", "-increment=1h", lease))
    assert renewed["lease_duration"] == 3600
    assert "All revocation operations queued successfully!" in run(s, "lease", "revoke", lease)
    assert not pg.can_login(user, password)
    assert not pg.role_exists(user)


def test_short_ttl_user_dropped_on_time(unsealed_server, pg):
    s = unsealed_server
    configure(s, pg, roles="app-readonly,short")
    run(s, "write", "database/roles/short", "db_name=postgres-prod", f"creation_statements={CREATE}", "default_ttl=3s",
        "max_ttl=1h")
    user, password, _, duration = creds(s, "database/creds/short")
    assert duration == 3 and pg.can_login(user, password)
    deadline = time.time() + 12
    while time.time() < deadline and pg.role_exists(user):
        time.sleep(0.25)
    assert not pg.role_exists(user), "the user outlived its 3 s lease"


def test_rotate_root_then_generate_with_hvac(unsealed_server, pg):
    s = unsealed_server
    old = pg.superuser("rotating_root")
    configure(s, pg, mount="dbrot", user="rotating_root", password=old)
    run(s, "write", "dbrot/roles/app-readonly", "db_name=postgres-prod", f"creation_statements={CREATE}",
        "default_ttl=1h", "max_ttl=2h")

    def program():
        client = hvac.Client(url=s.addr, token=s.root_token, timeout=30)
        client.secrets.database.rotate_root_credentials(name="postgres-prod", mount_point="dbrot")
        got = client.secrets.database.generate_credentials(name="app-readonly", mount_point="dbrot")
        return pg.can_login(got["data"]["username"], got["data"]["password"])

    assert program() is True
    assert not pg.can_login("rotating_root", old), "the old root password still works"
    assert old not in run(s, "read", "-format=json", "dbrot/config/postgres-prod")


def test_static_role_rotation(unsealed_server, pg):
    s = unsealed_server
    configure(s, pg, mount="dbstatic", roles="*")
    pg.psql("CREATE ROLE app_static WITH LOGIN PASSWORD 'initial-password'")
    run(s, "write", "dbstatic/static-roles/app", "db_name=postgres-prod", "username=app_static", "rotation_period=5s")
    assert not pg.can_login("app_static", "initial-password"), "creating the static role rotates at once"

    def current():
        return json.loads(run(s, "read", "-format=json", "dbstatic/static-creds/app"))["data"]

    first = current()
    assert first["username"] == "app_static" and 0 <= first["ttl"] <= 5 and first["rotation_period"] == 5
    assert pg.can_login("app_static", first["password"])
    run(s, "write", "-f", "dbstatic/rotate-role/app")
    second = current()
    assert second["password"] != first["password"] and pg.can_login("app_static", second["password"])
    assert not pg.can_login("app_static", first["password"])
    # On schedule: within a few seconds the password changes again, and every read works.
    deadline = time.time() + 15
    while time.time() < deadline:
        now = current()
        if not pg.can_login("app_static", now["password"]):
            # Only acceptable when a rotation landed between the read and the login.
            again = current()
            assert again["password"] != now["password"], "static-creds returned a password that does not work"
            assert pg.can_login("app_static", again["password"])
            now = again
        if now["password"] != second["password"]:
            break
        time.sleep(0.5)
    assert now["password"] != second["password"], "no scheduled rotation"


PASSWORD_POLICY = """length = 24
rule "charset" {
  charset = "abcdefghijklmnopqrstuvwxyz"
  min-chars = 2
}
rule "charset" {
  charset = "0123456789"
  min-chars = 3
}
"""


def test_password_policy_drives_generated_passwords(unsealed_server, pg, tmp_path):
    s = unsealed_server
    policy = tmp_path / "pw.hcl"
    policy.write_text(PASSWORD_POLICY)
    run(s, "write", "sys/policies/password/db", f"policy=@{policy}")
    sample = json.loads(run(s, "read", "-format=json", "sys/policies/password/db/generate"))["data"]["password"]
    assert len(sample) == 24 and sample.isalnum() and sample.lower() == sample
    configure(s, pg, mount="dbpol", roles="*")
    run(s, "write", "dbpol/config/postgres-prod", "password_policy=db")
    run(s, "write", "dbpol/roles/app", "db_name=postgres-prod", f"creation_statements={CREATE}", "default_ttl=1h")
    user, password, _, _ = creds(s, "dbpol/creds/app")
    assert len(password) == 24 and password.lower() == password and sum(c.isdigit() for c in password) >= 3
    assert pg.can_login(user, password)
    r = s.request("PUT", "sys/policies/password/bad", token=s.root_token, json_body={"policy": "length = 20"})
    assert r.status_code == 400 and "no charset specified" in r.text


def test_bad_input(unsealed_server, pg):
    s = unsealed_server
    configure(s, pg, mount="dbbad")
    r = s.request("POST", "dbbad/config/x", token=s.root_token,
                  json_body={"plugin_name": "nope-plugin", "connection_url": pg.url()})
    assert r.status_code == 400
    r = s.request("POST", "dbbad/config/y", token=s.root_token,
                  json_body={"plugin_name": "postgresql-database-plugin",
                             "connection_url": "postgresql://u:p@127.0.0.1:1/postgres?sslmode=disable"})
    assert r.status_code == 400 and "error verifying connection" in r.text
    r = s.request("GET", "dbbad/creds/missing", token=s.root_token)
    assert r.status_code == 400
    run(s, "write", "dbbad/roles/notallowed", "db_name=postgres-prod", f"creation_statements={CREATE}")
    r = s.request("GET", "dbbad/creds/notallowed", token=s.root_token)
    assert r.status_code == 500 and "is not an allowed role" in r.text
    r = s.request("POST", "dbbad/roles/nostatements", token=s.root_token, json_body={"creation_statements": "SELECT 1"})
    assert r.status_code == 400, "a role needs db_name"


def test_database_down_and_back(unsealed_server, tmp_path):
    s = unsealed_server
    pg2 = Postgres(tmp_path / "pg2")
    try:
        configure(s, pg2, mount="dbdown")
        run(s, "write", "dbdown/roles/app-readonly", "db_name=postgres-prod", f"creation_statements={CREATE}",
            "default_ttl=1h")
        user, password, lease, _ = creds(s, "dbdown/creds/app-readonly")
        subprocess.run([SCRIPT, "kill", pg2.dir], check=True)
        started = time.time()
        r = s.request("GET", "dbdown/creds/app-readonly", token=s.root_token, timeout=60)
        assert r.status_code >= 400 and r.json()["errors"], r.text
        assert time.time() - started < 30, "a down database must give an error, not a hang"
        r = s.bao("lease", "revoke", "-sync", lease, token=s.root_token)
        assert r.returncode != 0
        leases = s.request("LIST", "sys/leases/lookup/dbdown/creds/app-readonly/", token=s.root_token)
        assert leases.status_code == 200 and leases.json()["data"]["keys"], "the lease was lost"
        subprocess.run([SCRIPT, "restart", pg2.dir], check=True)
        deadline = time.time() + 40
        while time.time() < deadline:
            if s.bao("lease", "revoke", "-sync", lease, token=s.root_token).returncode == 0:
                break
            time.sleep(1)
        assert not pg2.role_exists(user)
        user2, password2, _, _ = creds(s, "dbdown/creds/app-readonly")
        assert pg2.can_login(user2, password2)
    finally:
        pg2.stop()


# Issue 36, item 11: values from callers (display names from token or JWT claims) can never change
# the shape of a templated statement, and TLS to PostgreSQL follows sslmode/sslrootcert as libpq does.

HOSTILE_DISPLAY = 'x"; DROP ROLE postgres; --'
SAFE_NAME = re.compile(r"^[A-Za-z0-9_.@-]+$")


def token_with_display_name(s, display, mount):
    policy = f'path "{mount}/creds/*" {{ capabilities = ["read"] }}'
    r = s.request("PUT", f"sys/policies/acl/{mount}-creds", token=s.root_token, json_body={"policy": policy})
    assert r.status_code in (200, 204), r.text
    r = s.request("POST", "auth/token/create", token=s.root_token,
                  json_body={"policies": [f"{mount}-creds"], "display_name": display, "ttl": "1h"})
    assert r.status_code == 200, r.text
    return r.json()["auth"]["client_token"]


@pytest.mark.parametrize("template", ["", "{{.DisplayName}}_{{random 6}}"])
def test_hostile_display_name_cannot_inject(unsealed_server, pg, template):
    s = unsealed_server
    mount = "dbinj" + ("custom" if template else "default")
    pg.psql("DO $$ BEGIN CREATE ROLE postgres; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
    configure(s, pg, mount=mount, roles="*")
    if template:
        run(s, "write", f"{mount}/config/postgres-prod", f"username_template={template}")
    run(s, "write", f"{mount}/roles/app", "db_name=postgres-prod", f"creation_statements={CREATE}", "default_ttl=1h")
    token = token_with_display_name(s, HOSTILE_DISPLAY, mount)
    r = s.request("GET", f"{mount}/creds/app", token=token)
    assert r.status_code == 200, r.text
    user, password = r.json()["data"]["username"], r.json()["data"]["password"]
    assert pg.role_exists("postgres"), "the display name dropped a role"
    assert SAFE_NAME.match(user), f"unsafe user name {user!r}"
    assert pg.role_exists(user) and pg.can_login(user, password)
    run(s, "lease", "revoke", "-sync", r.json()["lease_id"])
    assert not pg.role_exists(user) and pg.role_exists("postgres")


def test_quote_in_display_name_cannot_widen_revocation(unsealed_server, pg):
    """The default revocation ends the user's sessions with `WHERE usename = '{{name}}'`; a name
    holding a quote would end everyone's."""
    s = unsealed_server
    configure(s, pg, mount="dbquote", roles="*")
    run(s, "write", "dbquote/config/postgres-prod", "username_template={{.DisplayName}}_{{random 6}}")
    run(s, "write", "dbquote/roles/app", "db_name=postgres-prod", f"creation_statements={CREATE}", "default_ttl=1h")
    token = token_with_display_name(s, "x' OR usename <> '", "dbquote")
    r = s.request("GET", "dbquote/creds/app", token=token)
    assert r.status_code == 200, r.text
    user = r.json()["data"]["username"]
    assert SAFE_NAME.match(user), f"unsafe user name {user!r}"
    env = dict(os.environ, **pg.env)
    bystander = subprocess.Popen(["psql", "-tAX", "-c", "SELECT pg_sleep(6)"], env=env, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(1)
        run(s, "lease", "revoke", "-sync", r.json()["lease_id"])
        _, err = bystander.communicate(timeout=30)
        assert bystander.returncode == 0, f"the revocation ended another session: {err}"
    finally:
        bystander.kill()
    assert not pg.role_exists(user)


@pytest.mark.skipif(IS_OPENBAO, reason="OpenBao 2.7.2 runs the statement: the quote ends the literal "
                    "(\"unrecognized role option\", a 500)")
def test_statement_values_with_quotes_are_refused(unsealed_server, pg, tmp_path):
    """A password policy that can emit a quote: the creation is refused, nothing runs."""
    s = unsealed_server
    policy = tmp_path / "quote.hcl"
    policy.write_text('length = 12\nrule "charset" {\n  charset = "\'"\n  min-chars = 1\n}\n'
                      'rule "charset" {\n  charset = "abc"\n  min-chars = 1\n}\n')
    run(s, "write", "sys/policies/password/quotes", f"policy=@{policy}")
    configure(s, pg, mount="dbpolq", roles="*")
    run(s, "write", "dbpolq/config/postgres-prod", "password_policy=quotes")
    run(s, "write", "dbpolq/roles/app", "db_name=postgres-prod", f"creation_statements={CREATE}", "default_ttl=1h")
    before = pg.psql("SELECT count(*) FROM pg_roles").stdout
    r = s.request("GET", "dbpolq/creds/app", token=s.root_token)
    assert r.status_code == 400 and "contains a quote" in r.text, r.text
    assert pg.psql("SELECT count(*) FROM pg_roles").stdout == before


@pytest.fixture(scope="module")
def pg_tls(tmp_path_factory):
    p = Postgres(tmp_path_factory.mktemp("pgtls"), tls=True)
    p.psql("CREATE TABLE tls_log (name text, ssl bool)")
    yield p
    p.stop()


TLS_CREATE = CREATE + " INSERT INTO tls_log SELECT '{{name}}', ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid();"


def tls_config(s, pg, mount, host, query):
    if f"{mount}/" not in run(s, "secrets", "list"):
        run(s, "secrets", "enable", f"-path={mount}", "database")
    return s.request("POST", f"{mount}/config/pg", token=s.root_token, json_body={
        "plugin_name": "postgresql-database-plugin", "allowed_roles": "*", "connection_url": pg.url(host, query),
        "username": pg.env["PGUSER"], "password": pg.env["PGPASSWORD"]})


def encrypted(s, pg, mount):
    """Whether the engine's own connection to the database is encrypted, as the database sees it."""
    run(s, "write", f"{mount}/roles/app", "db_name=pg", f"creation_statements={TLS_CREATE}", "default_ttl=1h")
    user, _, _, _ = creds(s, f"{mount}/creds/app")
    return pg.psql(f"SELECT ssl FROM tls_log WHERE name = '{user}'").stdout.strip() == "t"


def other_ca(tmp_path):
    ca = tmp_path / "other-ca.crt"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=other CA",
                    "-keyout", str(tmp_path / "other-ca.key"), "-out", str(ca)], check=True, capture_output=True)
    return str(ca)


def test_tls_verify_full_with_the_right_ca(unsealed_server, pg_tls):
    s = unsealed_server
    ca = pg_tls.env["PG_TLS_CA"]
    for host in ("localhost", "127.0.0.1"):
        r = tls_config(s, pg_tls, "dbtlsfull", host, f"sslmode=verify-full&sslrootcert={ca}")
        assert r.status_code in (200, 204), r.text
        assert encrypted(s, pg_tls, "dbtlsfull")


def test_tls_verify_full_with_a_wrong_ca_fails_clearly(unsealed_server, pg_tls, tmp_path):
    s = unsealed_server
    for mode in ("verify-full", "verify-ca", "require"):
        r = tls_config(s, pg_tls, "dbtlswrong", "localhost", f"sslmode={mode}&sslrootcert={other_ca(tmp_path)}")
        assert r.status_code == 400, r.text
        # The driver's words differ (pgx in OpenBao); the meaning is the same.
        clear = "signed by unknown authority" if IS_OPENBAO else "not signed by a trusted CA"
        assert "error verifying connection" in r.text and clear in r.text, r.text


def test_tls_verify_full_checks_the_host_name_verify_ca_does_not(unsealed_server, pg_tls):
    s = unsealed_server
    ca = pg_tls.env["PG_TLS_CA"]
    r = tls_config(s, pg_tls, "dbtlshost", "127.0.0.2", f"sslmode=verify-full&sslrootcert={ca}")
    assert r.status_code == 400 and ("not 127.0.0.2" if IS_OPENBAO else "does not name the host") in r.text, r.text
    r = tls_config(s, pg_tls, "dbtlshost", "127.0.0.2", f"sslmode=verify-ca&sslrootcert={ca}")
    assert r.status_code in (200, 204), r.text
    assert encrypted(s, pg_tls, "dbtlshost")


def test_tls_require_encrypts_without_checking(unsealed_server, pg_tls):
    s = unsealed_server
    r = tls_config(s, pg_tls, "dbtlsreq", "127.0.0.2", "sslmode=require")
    assert r.status_code in (200, 204), r.text
    assert encrypted(s, pg_tls, "dbtlsreq")


def test_tls_disable_and_default(unsealed_server, pg_tls, pg):
    s = unsealed_server
    r = tls_config(s, pg_tls, "dbtlsoff", "localhost", "sslmode=disable")
    assert r.status_code in (200, 204), r.text
    assert not encrypted(s, pg_tls, "dbtlsoff")
    # The default is libpq's prefer: TLS when the server offers it, plain when it does not.
    r = tls_config(s, pg_tls, "dbtlsprefer", "localhost", "")
    assert r.status_code in (200, 204), r.text
    assert encrypted(s, pg_tls, "dbtlsprefer")
    r = tls_config(s, pg, "dbtlsplain", "127.0.0.1", "")
    assert r.status_code in (200, 204), r.text
    r = tls_config(s, pg, "dbtlsplainreq", "127.0.0.1", "sslmode=require")
    assert r.status_code == 400 and ("server refused TLS" if IS_OPENBAO else "does not offer TLS") in r.text, r.text
