"""The database secrets engine against a real PostgreSQL (scripts/postgres.sh), through the bao CLI
and hvac; the same tests pass against OpenBao's built-in plugin (COMPAT_TARGET=openbao)."""
import json
import os
import subprocess
import time

import hvac
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "scripts", "postgres.sh")

CREATE = ("CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}'; "
          "GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{{name}}\";")


class Postgres:
    def __init__(self, directory):
        self.dir = str(directory)
        out = subprocess.run([SCRIPT, "start", self.dir], check=True, capture_output=True, text=True).stdout
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

    def url(self):
        return f"postgresql://{{{{username}}}}:{{{{password}}}}@127.0.0.1:{self.port}/postgres?sslmode=disable"

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
