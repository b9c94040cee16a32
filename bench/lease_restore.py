#!/usr/bin/env python3
"""Lease restore at restart — now the `restarts` phase of bench/run.py (see bench/README.md).

Kept so the old command keeps working; it runs only that phase:
  bench/lease_restore.py [--counts 10000,100000] [--servers arca,openbao] [--arca BIN]
                         [--concurrency 32] [--openbao-max 10000]
Both servers run durable (Arca on SQLite, OpenBao on raft) with transit auto-unseal; each restart
measures process start -> sys/health 200 and -> the lease-restore-complete log line. The report goes
to bench/results/<date>-<commit>-lease-restore.md (and .json).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import run  # noqa: E402


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--counts", default="10000,100000")
    p.add_argument("--servers", default="arca,openbao")
    p.add_argument("--arca", default=None)
    p.add_argument("--concurrency", type=int, default=32)
    p.add_argument("--openbao-max", type=int, default=10000)
    args = p.parse_args()
    argv = ["--phases", "restarts", "--lease-counts", args.counts, "--servers", args.servers,
            "--load-connections", str(args.concurrency), "--openbao-max-leases", str(args.openbao_max),
            "--cold-entries", args.counts.split(",")[0], "--label", "lease-restore"]
    if args.arca:
        argv += ["--arca", args.arca]
    return run.main(argv)


if __name__ == "__main__":
    sys.exit(main())
