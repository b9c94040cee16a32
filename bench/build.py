#!/usr/bin/env python3
"""Build the release Arca binary the way the benchmark measures it, and print its path.

`swift build -c release` with each function in its own section, then a callgrind profile of a dev
and a durable server and a relink that places the functions they ran side by side (lib/layout.py).
Installs what that needs if missing: valgrind (Debian), OpenBao 2.7.2 (PyPI; the durable profile's
auto-unseal provider), `requests`. `--no-layout` builds without the profile and relink.
"""
from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import install  # noqa: E402
from lib.common import log  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-layout", action="store_true", help="object-file order: no profile, no relink")
    args = parser.parse_args(argv)
    install.ensure_python_packages()
    bao = None if args.no_layout else install.ensure_openbao()
    path, how = install.build_arca(None, build=True, bao=bao, layout=not args.no_layout)
    log(f"code layout: {how}")
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
