"""A second `xlt run` of a finished study against the first (issue 5: at most 5% of its time).

Runs the study twice in fresh processes into a fresh --out and prints both times and their ratio.
Default: the built-in micro study with its own XLT_CACHE, so the first run is a cold one (base
model, corpus, mixtures, training, evaluation, report).

    python bench/bench_rerun.py [STUDY] [--cache DIR] [--keep-cache]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time


def run(study: str | None, out: str, env: dict) -> tuple[float, dict]:
    cmd = [sys.executable, "-m", "xlt", "run", *([study] if study else []), "--out", out, "--json"]
    t = time.perf_counter()
    res = subprocess.run(cmd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if res.returncode:
        sys.exit(res.stderr[-3000:])
    return seconds, json.loads(res.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("study", nargs="?", default=None)
    ap.add_argument("--cache", default=None, help="XLT_CACHE to use (default: a fresh temporary one: a cold first run)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "XLT_CACHE": args.cache or os.path.join(tmp, "cache")}
        out = os.path.join(tmp, "out")
        first, s1 = run(args.study, out, env)
        second, s2 = run(args.study, out, env)
    print(f"first run:  {first:7.1f} s ({s1['runs']} runs, {s1['trained']} trained, {s1['evaluated']} evaluated)")
    print(f"second run: {second:7.1f} s ({s2['trained']} trained, {s2['evaluated']} evaluated)")
    print(f"ratio second/first: {second / first:.1%} (target <= 5%: {'met' if second <= 0.05 * first else 'MISSED'})")


if __name__ == "__main__":
    main()
