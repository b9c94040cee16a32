"""Fixtures: a real server per test (or per module where the tests only read), on 127.0.0.1.

COMPAT_TARGET=arca (default) runs $ARCA_BIN; COMPAT_TARGET=openbao runs the reference `bao server`.
Every server is killed at teardown, and its log is attached to the report of a failing test.
The process/config/HTTP/CLI helpers live in harness.py; recorded response shapes in shapes.py.
"""
import os

import pytest

import harness
from harness import KNOWN_DIFFERENCES, Server  # noqa: F401  KNOWN_DIFFERENCES: the one list, see harness.py


def pytest_configure(config):
    harness.install_sigterm_handler()


def pytest_report_header(config):
    if harness.IS_OPENBAO:
        return "compat target: openbao (bao server, raft storage)"
    return f"compat target: arca ({os.environ.get('ARCA_BIN', 'ARCA_BIN unset')})"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and report.when in ("setup", "call"):
        seen = []
        for s in harness.live_servers() + list(getattr(item, "_compat_servers", [])):
            if s in seen:
                continue
            seen.append(s)
            report.sections.append((f"{s.name} log ({s.log_path})", s.log_tail()))


class Servers:
    """Starts servers for one test or one module and kills them all at the end."""

    def __init__(self, make_dir, node=None):
        self._make_dir = make_dir
        self._node = node
        self.started: list[Server] = []

    def __call__(self, name: str = "server", start: bool = True) -> Server:
        s = Server(self._make_dir(name), name=name)
        self.started.append(s)
        if self._node is not None:
            self._node._compat_servers = self.started  # their logs, even after a deliberate stop
        return s.start() if start else s

    def close(self):
        for s in self.started:
            s.kill()


@pytest.fixture
def new_server(request, tmp_path):
    """Factory for servers within one test: new_server("other") -> a started, fresh Server."""
    count = [0]

    def make_dir(name):
        count[0] += 1
        return str(tmp_path / f"{name}{count[0]}")

    servers = Servers(make_dir, request.node)
    yield servers
    servers.close()


@pytest.fixture
def server(new_server):
    """A fresh, uninitialized server for this test alone."""
    return new_server("server")


def _module_servers(tmp_path_factory):
    return Servers(lambda name: str(tmp_path_factory.mktemp(name)))


@pytest.fixture(scope="module")
def uninit_server(tmp_path_factory):
    """Shared by one module's tests: never initialized. Tests must not initialize it."""
    servers = _module_servers(tmp_path_factory)
    yield servers("uninit")
    servers.close()


@pytest.fixture(scope="module")
def sealed_server(tmp_path_factory):
    """Shared by one module's tests: initialized with 5 shares / threshold 3, sealed.

    Tests may submit shares but must leave it sealed with unseal progress 0."""
    servers = _module_servers(tmp_path_factory)
    s = servers("sealed")
    s.init(5, 3)
    yield s
    servers.close()


@pytest.fixture(scope="module")
def unsealed_server(tmp_path_factory):
    """Shared by one module's tests: initialized (5/3), unsealed and active (.keys, .root_token).

    Tests must leave it unsealed, with the same keys."""
    servers = _module_servers(tmp_path_factory)
    s = servers("unsealed")
    s.init_unsealed(5, 3)
    yield s
    servers.close()
