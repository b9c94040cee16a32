"""Listener limits (Vault's http_read_header_timeout, http_idle_timeout, max_request_size; Arca's
max_connections): a client that trickles a request head or idles on a keep-alive connection is cut
off while others are served, and extra connections wait for a free place. The timeouts and the size
limit run against both targets; the connection cap and Arca's config errors against Arca only."""
import os
import re
import socket
import subprocess
import threading
import time

import pytest
import requests

from harness import IS_OPENBAO, Server

REQUEST = b"GET /v1/sys/seal-status HTTP/1.1\r\nHost: t\r\n\r\n"


class LimitedServer(Server):
    """A harness server whose listener stanza carries `listener_keys` (HCL lines)."""

    def __init__(self, workdir, listener_keys):
        self.listener_keys = listener_keys
        super().__init__(workdir)

    def _write_config(self):
        path = super()._write_config()
        with open(path) as f:
            text = f.read()
        text = re.sub(r"(\n\s*tls_disable\s*=\s*true\n)", lambda m: m.group(1) + self.listener_keys + "\n", text, count=1)
        with open(path, "w") as f:
            f.write(text)
        return path


@pytest.fixture
def limited(tmp_path):
    started = []

    def start(keys):
        s = LimitedServer(str(tmp_path / f"s{len(started)}"), keys)
        started.append(s)
        return s.start()

    yield start
    for s in started:
        s.kill()


def connect(port):
    c = socket.create_connection(("127.0.0.1", port), timeout=5)
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return c


def closed_within(conn, seconds):
    """Reads until the server closes the connection; the time that took, or None if it did not."""
    start = time.monotonic()
    conn.settimeout(0.1)
    while time.monotonic() - start < seconds:
        try:
            if conn.recv(65536) == b"":
                return time.monotonic() - start
        except socket.timeout:
            continue
        except (ConnectionResetError, BrokenPipeError):
            return time.monotonic() - start
    return None


def test_slow_request_head_is_cut_off_while_others_are_served(limited):
    s = limited('  http_read_header_timeout = "1s"')
    slow = connect(s.port)
    slow.sendall(b"GET /v1/sys/seal-status HTTP/1.1\r\n")
    stop = threading.Event()

    def trickle():
        i = 0
        while not stop.is_set():
            try:
                slow.sendall(b"X-Slow-%d: y\r\n" % i)
            except OSError:
                return
            i += 1
            time.sleep(0.2)

    t = threading.Thread(target=trickle, daemon=True)
    start = time.monotonic()
    t.start()
    try:
        served = 0
        while time.monotonic() - start < 0.8:
            assert requests.get(s.addr + "/v1/sys/seal-status", timeout=5).status_code == 200
            served += 1
        took = closed_within(slow, 4)
        assert took is not None, "a client trickling header bytes kept its connection"
        assert 0.7 <= time.monotonic() - start <= 4, time.monotonic() - start
        assert served > 0
    finally:
        stop.set()
        t.join(2)
        slow.close()
    assert requests.get(s.addr + "/v1/sys/seal-status", timeout=5).status_code == 200


def test_idle_keep_alive_connection_is_closed(limited):
    s = limited('  http_idle_timeout = "1s"')
    c = connect(s.port)
    c.sendall(REQUEST)
    c.settimeout(5)
    assert c.recv(65536).startswith(b"HTTP/1.1 200")
    took = closed_within(c, 4)
    assert took is not None and took < 3, took
    c.close()


def test_max_request_size(limited):
    s = limited("  max_request_size = 100")
    r = requests.put(s.addr + "/v1/sys/init", data=b'{"secret_shares":1,"secret_threshold":1,"pad":"' + b"x" * 200 + b'"}',
                     timeout=5)
    assert r.status_code == 413 and r.json() == {"errors": ["http: request body too large"]}
    # Without a Content-Length (chunked), the body is cut off where it is read.
    r = requests.put(s.addr + "/v1/sys/init", data=iter([b'{"secret_shares":1,', b'"pad":"' + b"x" * 200 + b'"}']),
                     timeout=5)
    assert r.status_code == 413 and r.json() == {"errors": ["http: request body too large"]}
    r = requests.put(s.addr + "/v1/sys/init", json={"secret_shares": 1, "secret_threshold": 1}, timeout=5)
    assert r.status_code == 200


@pytest.mark.skipif(IS_OPENBAO, reason="max_connections is Arca's")
def test_connection_cap_holds_extra_connections(limited):
    s = limited('  http_read_header_timeout = "1s"\n  max_connections = 2')
    squatters = [connect(s.port), connect(s.port)]
    time.sleep(0.2)
    waiting = connect(s.port)
    waiting.sendall(REQUEST)
    waiting.settimeout(0.5)
    with pytest.raises(socket.timeout):
        waiting.recv(65536)
    # The header timeout frees the squatters' places; the waiting client is then served.
    waiting.settimeout(4)
    assert waiting.recv(65536).startswith(b"HTTP/1.1 200")
    for c in squatters + [waiting]:
        c.close()
    assert requests.get(s.addr + "/v1/sys/seal-status", timeout=5).status_code == 200


@pytest.mark.skipif(IS_OPENBAO, reason="Arca's config errors")
@pytest.mark.parametrize("line,fragment", [
    ('http_read_header_timeout = "soon"', "'http_read_header_timeout' must be a duration"),
    ('http_idle_timeout = "-1s"', "'http_idle_timeout' must not be negative"),
    ("max_connections = -1", "'max_connections' must not be negative"),
])
def test_bad_limit_is_refused_with_position(tmp_path, line, fragment):
    cfg = tmp_path / "bad.hcl"
    cfg.write_text(f'storage "inmem" {{}}\nlistener "tcp" {{\n  address = "127.0.0.1:1"\n  {line}\n}}\n')
    r = subprocess.run([os.environ["ARCA_BIN"], "server", f"-config={cfg}"], capture_output=True, text=True,
                       timeout=30)
    assert r.returncode != 0
    assert f"{cfg}:4:" in r.stderr + r.stdout and fragment in r.stderr + r.stdout, r.stderr + r.stdout
