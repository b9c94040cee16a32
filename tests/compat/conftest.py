"""Fixtures: a real server per test (or per module where the tests only read), on 127.0.0.1.

COMPAT_TARGET=arca (default) runs $ARCA_BIN; COMPAT_TARGET=openbao runs the reference `bao server`.
Every server is killed at teardown, and its log is attached to the report of a failing test.
"""
import pytest

import harness
from harness import Server


def pytest_report_header(config):
    import os
    target = harness.TARGET
    detail = os.environ.get("ARCA_BIN", "(ARCA_BIN unset)") if target == "arca" else "bao server (raft)"
    return f"compat target: {target} — {detail}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and report.when in ("setup", "call"):
        seen = []
        for s in harness.live_servers() + list(getattr(item, "_compat_stopped", [])):
            if s in seen:
                continue
            seen.append(s)
            report.sections.append((f"{s.name} log ({s.log_path})", s.log_tail()))


class _Servers:
    """Starts servers for one test or module and kills them all at the end."""

    def __init__(self, base_dir_factory, node=None):
        self._mk = base_dir_factory
        self._node = node
        self.started: list[Server] = []

    def __call__(self, name: str = "server", start: bool = True) -> Server:
        s = Server(self._mk(name), name=name)
        self.started.append(s)
        if self._node is not None:
            self._node._compat_stopped = self.started  # logs even after a deliberate stop
        return s.start() if start else s

    def close(self):
        for s in self.started:
            s.kill()


@pytest.fixture
def new_server(request, tmp_path):
    """Factory for extra servers within one test: new_server("other") -> started Server."""
    counter = {"n": 0}

    def mk(name):
        counter["n"] += 1
        return str(tmp_path / f"{name}{counter['n']}")

    servers = _Servers(mk, request.node)
    yield servers
    servers.close()


@pytest.fixture
def server(new_server):
    """A fresh, uninitialized server for this test alone."""
    return new_server("server")


def _module_server(tmp_path_factory, name):
    servers = _Servers(lambda n: str(tmp_path_factory.mktemp(n)))
    return servers, servers(name)


@pytest.fixture(scope="module")
def uninit_server(tmp_path_factory):
    """Shared within a module: never initialized. Tests must not initialize it."""
    servers, s = _module_server(tmp_path_factory, "uninit")
    yield s
    servers.close()


@pytest.fixture(scope="module")
def sealed_server(tmp_path_factory):
    """Shared within a module: initialized with 5 shares / threshold 3, left sealed.

    Tests may submit shares but must leave unseal progress at 0 (reset) and the server sealed."""
    servers, s = _module_server(tmp_path_factory, "sealed")
    s.init(5, 3)
    yield s
    servers.close()


@pytest.fixture(scope="module")
def unsealed_server(tmp_path_factory):
    """Shared within a module: initialized (5/3), unsealed and active; s.keys / s.root_token set.

    Tests must leave it unsealed with the same keys."""
    servers, s = _module_server(tmp_path_factory, "unsealed")
    s.init_unsealed(5, 3)
    yield s
    servers.close()
