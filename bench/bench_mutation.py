"""Mutation score (mutmut 3) of the modules whose tests must bite, against the tests that cover them.

    /work/main/.venv/bin/python bench/bench_mutation.py [--children 1] [--sample N] [--json out.json]

A benchmark, not a test: it copies src/, tests/ and pyproject.toml into a temporary folder (nothing is
written into the checkout), mutates only MODULES there and runs only TESTS, each mutant against the tests
that reach its function. `--sample N` runs a seeded sample of N mutants of each module (for a machine
without the CPU for all of them). Prints killed / survived / untested per module and the score
killed / (mutants tested), with the survivors' names so they can be read with `mutmut show`.

train.py is left out: every mutant of its one `train()` function would retrain tiny models (about a
minute per mutant); its checkpoint selection lives in selection.py (mutated here, against test_selection)
and the Trainer's keeping of the best weights is pinned by test_train's best-!=-last test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# each module with the tests that cover it
TESTS_OF = {
    "designs": ["tests/test_designs.py"],
    "mixture": ["tests/test_mixture_exact.py", "tests/test_mixture.py"],
    "artifacts": ["tests/test_artifacts.py"],
    "translate/protect": ["tests/translate/test_protect.py"],
    # test_judges.py is left out: its server stalls on purpose and its rule-judge test loads the LID model (seconds
    # per mutant, time-outs on shared cores); the exact tests cover the same functions value by value
    "evaluate/judges": ["tests/evaluate/test_judges_exact.py", "tests/evaluate/test_judge_faults.py"],
    "execute": ["tests/test_execute_exact.py", "tests/test_execute.py"],
    "selection": ["tests/test_selection.py"],  # train.py's checkpoint selection, read off the Trainer's log
}
# the judge tests against a stalling HTTP server take a minute each run; the fault tests cover the same paths
DESELECT = "not faulty_server and not hf_judge and not cli_judge and not slow"


def setup(work: Path, modules: list[str]) -> None:
    for name in ("src", "tests"):
        shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy2(ROOT / "pyproject.toml", work / "pyproject.toml")
    # a module split into a package (judges.py -> judges/) is mutated file by file
    only = "\n".join(f"    src/xlt/{m}/*" if (ROOT / "src/xlt" / m).is_dir() else f"    src/xlt/{m}.py" for m in modules)
    tests = "\n".join(f"    {t}" for m in modules for t in TESTS_OF[m])
    (work / "setup.cfg").write_text(
        "[mutmut]\nsource_paths =\n    src\n"
        f"only_mutate =\n{only}\n"
        f"pytest_add_cli_args_test_selection =\n{tests}\n"
        f"pytest_add_cli_args =\n    -q\n    -p\n    no:cacheprovider\n    -m\n    not slow\n    -k\n    {DESELECT}\n"
        "also_copy =\n    tests\n"
        # each mutant's worker forks from a server that has imported nothing: polars' thread pool, started by a
        # test in the parent, does not survive a fork (every mixture mutant hung until mutmut's time-out)
        "process_isolation = forkserver\nforkserver_warmup = none\n"
    )


def mutmut(work: Path, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "XLT_CACHE": str(work / "cache"), "PYTHONPATH": ""}
    exe = Path(sys.executable).with_name("mutmut")
    return subprocess.run([str(exe), *args], cwd=work, env=env, capture_output=True, text=True, timeout=timeout)


def statuses(work: Path) -> dict[str, str]:
    """mutant name -> status (killed, survived, no tests, timeout, ...), from `mutmut results --all true`."""
    res = mutmut(work, "results", "--all", "true")
    out = {}
    for line in res.stdout.splitlines():
        m = re.match(r"\s*(\S+): (.+)$", line)
        if m:
            out[m[1]] = m[2].strip()
    return out


def module_of(mutant: str) -> str:
    return mutant.split(".x_")[0].split(".xǁ")[0]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--children", type=int, default=1)
    ap.add_argument("--sample", type=int, default=0, help="mutants per module (0: all)")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary one)")
    ap.add_argument("--modules", default=",".join(TESTS_OF), help="comma-separated, of: " + ", ".join(TESTS_OF))
    ap.add_argument("--mutants", type=Path, help="a file of mutant names (one a line) to run instead of all or a sample")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="xlt-mutation-"))
    started = time.perf_counter()
    if not (work / "setup.cfg").exists():
        work.mkdir(parents=True, exist_ok=True)
        setup(work, args.modules.split(","))
    names = args.mutants.read_text().split() if args.mutants else []
    if args.sample and not names:  # generate the mutants without running them, then pick a seeded sample per module
        gen = mutmut(work, "run", "--max-children", str(args.children), "no-such-mutant")
        everything = sorted(statuses(work))
        if not everything:
            sys.exit(f"mutmut generated no mutants:\n{gen.stdout[-3000:]}\n{gen.stderr[-3000:]}")
        by_module: dict[str, list[str]] = {}
        for name in everything:
            by_module.setdefault(module_of(name), []).append(name)
        rng = random.Random(0)
        for group in by_module.values():
            names += rng.sample(group, min(args.sample, len(group)))
    res = mutmut(work, "run", "--max-children", str(args.children), *names)
    found = statuses(work)
    if names:
        found = {k: v for k, v in found.items() if k in set(names)}
    if not found:
        sys.exit(f"mutmut ran nothing:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
    per_module: dict[str, Counter] = {}
    for name, status in found.items():
        per_module.setdefault(module_of(name), Counter())[status] += 1
    report = {"seconds": round(time.perf_counter() - started), "sample_per_module": args.sample or None, "modules": {}}
    total = Counter()
    for module, counts in sorted(per_module.items()):
        total.update(counts)
        tested = sum(n for s, n in counts.items() if s not in ("skipped", "not checked"))
        killed = counts["killed"] + counts["timeout"]
        report["modules"][module] = {**counts, "score": round(killed / tested, 3) if tested else None}
    tested = sum(n for s, n in total.items() if s not in ("skipped", "not checked"))
    report["total"] = {**total, "score": round((total["killed"] + total["timeout"]) / tested, 3) if tested else None}
    report["survivors"] = sorted(k for k, v in found.items() if v == "survived")
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
