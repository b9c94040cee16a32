"""Core dumps are off for a running server unless `disable_core_dump_protection = true` (Arca only:
OpenBao leaves the core limit as it found it)."""
import resource

import pytest

from harness import IS_OPENBAO

pytestmark = pytest.mark.skipif(IS_OPENBAO, reason="Arca's own hardening; OpenBao does not do this")


def core_limit(pid):
    """(soft, hard) of 'Max core file size' in /proc/<pid>/limits, as the kernel prints them."""
    with open(f"/proc/{pid}/limits") as f:
        for line in f:
            if line.startswith("Max core file size"):
                fields = line.split()
                return fields[4], fields[5]
    raise AssertionError("no core limit line")


@pytest.fixture
def core_limit_raised():
    """Lets children start with a non-zero core limit, so the server's own change is visible."""
    before = resource.getrlimit(resource.RLIMIT_CORE)
    resource.setrlimit(resource.RLIMIT_CORE, (before[1], before[1]))
    if resource.getrlimit(resource.RLIMIT_CORE)[0] == 0:
        pytest.skip("the core limit of this environment is fixed at 0")
    yield
    resource.setrlimit(resource.RLIMIT_CORE, before)


def test_server_turns_core_dumps_off(core_limit_raised, new_server):
    server = new_server("server")
    assert core_limit(server.proc.pid) == ("0", "0")


def test_operator_can_opt_in(core_limit_raised, new_server):
    server = new_server("server", start=False)
    server.reconfigure("disable_core_dump_protection = true\n")
    server.start()
    assert core_limit(server.proc.pid) != ("0", "0")
