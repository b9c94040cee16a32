"""ACL details a default-policy token could otherwise exploit: parameter names compare without
regard to case (`Password` does not evade a rule on `password`), and `sys/internal/ui/mounts`
lists only the mounts the caller's policies reach. The same answers on Arca and OpenBao.
"""
import json

POLICY = """
path "kv1/*" {
  capabilities = ["create", "update", "read"]
  denied_parameters = { "password" = [] }
}
path "kv2/*" {
  capabilities = ["create", "update", "read"]
  allowed_parameters = { "Name" = [] "color" = ["Red"] }
}
path "kv3/*" {
  capabilities = ["create", "update", "read"]
  required_parameters = ["Owner"]
}
"""

DENIED = {"errors": ["1 error occurred:\n\t* permission denied\n\n"]}


def run(s, *args, token=None, stdin=None):
    r = s.bao(*args, token=token or s.root_token, stdin=stdin)
    assert r.returncode == 0, f"bao {' '.join(args)}: {r.stderr}"
    return r.stdout


def token(s, *args):
    return json.loads(run(s, "token", "create", "-format=json", *args))["auth"]["client_token"]


def test_parameter_names_ignore_case(unsealed_server):
    s = unsealed_server
    run(s, "policy", "write", "params", "-", stdin=POLICY)
    for path in ("kv1", "kv2", "kv3"):
        run(s, "secrets", "enable", f"-path={path}", "kv")
    t = token(s, "-policy=params")

    def write(path, body):
        r = s.put(path, body, token=t)
        if r.status_code != 204:
            assert r.status_code == 403 and r.json() == DENIED, r.text
        return r.status_code

    for name in ("password", "Password", "PASSWORD"):
        assert write("kv1/a", {name: "x"}) == 403, name
    assert write("kv1/a", {"user": "x"}) == 204
    for name in ("name", "Name", "NAME"):
        assert write("kv2/a", {name: "x"}) == 204, name
    assert write("kv2/a", {"Color": "Red"}) == 204
    assert write("kv2/a", {"color": "red"}) == 403, "values still compare exactly"
    # A required name is lowercased and then looked up exactly.
    assert write("kv3/a", {"owner": "x"}) == 204
    assert write("kv3/a", {"Owner": "x"}) == 403


def test_ui_mounts_lists_only_what_the_token_reaches(unsealed_server):
    s = unsealed_server
    run(s, "secrets", "enable", "-path=team-kv", "kv")
    run(s, "secrets", "enable", "-path=hidden-kv", "kv")
    run(s, "auth", "enable", "-path=hidden-userpass", "userpass")
    run(s, "policy", "write", "team", "-", stdin='path "team-kv/*" { capabilities = ["read"] }')

    def mounts(t):
        r = s.get("sys/internal/ui/mounts", token=t)
        assert r.status_code == 200, r.text
        return r.json()["data"]

    everything = mounts(s.root_token)
    assert {"team-kv/", "hidden-kv/", "sys/", "cubbyhole/"} <= set(everything["secret"])
    assert "hidden-userpass/" in everything["auth"]

    plain = mounts(token(s, "-policy=default"))
    # OpenBao 2.7.2 also lists identity/, a mount Arca does not have.
    assert set(plain["secret"]) - {"identity/"} == {"sys/", "cubbyhole/"}, plain["secret"]
    assert set(plain["auth"]) == {"token/"}, plain["auth"]
    assert all("accessor" in m for m in plain["secret"].values())

    team = mounts(token(s, "-policy=team"))
    assert "team-kv/" in team["secret"] and "hidden-kv/" not in team["secret"]
    assert "hidden-userpass/" not in team["auth"]
    # The single-mount lookup refuses what the token cannot reach.
    r = s.get("sys/internal/ui/mounts/hidden-kv/x", token=token(s, "-policy=team"))
    assert r.status_code == 403, r.text
    r = s.get("sys/internal/ui/mounts/team-kv/x", token=token(s, "-policy=team"))
    assert r.status_code == 200 and r.json()["data"]["path"] == "team-kv/", r.text
