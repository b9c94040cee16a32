#!/usr/bin/env python3
"""Print the "Targets" section (issue 8's targets, met or not) for an existing run's JSON.

    python3 bench/targets.py bench/results/2026-12-06-5a36e34.json
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from lib import targets  # noqa: E402

if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    with open(sys.argv[1]) as f:
        print("\n".join(targets.markdown(json.load(f))))
