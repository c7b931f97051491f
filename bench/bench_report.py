"""All analyses and the report for a synthetic study of 1,000 runs x 52 languages (target: 10 s).

Prints the time of each stage, the total and its ratio to the target. The similarity matrices are
cached on disk ($XLT_CACHE/similarity, as the report does): the first run also pays lang2vec's
loading (about 10 s here); `--cold` empties a private cache first to measure that.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

TARGET_S = 10.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--items", type=int, default=40)
    ap.add_argument("--cold", action="store_true", help="start with an empty similarity cache")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="xlt-bench-report-"))
    if args.cold:
        os.environ["XLT_CACHE"] = str(work / "cache")
    from xlt.analysis.synthetic import LUCKY52, make_study_dir

    t = time.perf_counter()
    study = make_study_dir(work / "study", n_runs=args.runs, langs=LUCKY52, n_items=args.items,
                           designs=("monolingual", "pinch", "progressive", "num_languages", "bilingual_pairs", "budget"),
                           outlier="first 25 languages")
    print(f"synthetic study: {args.runs} runs x {len(LUCKY52)} languages x {args.items} items "
          f"written in {time.perf_counter() - t:.1f} s (not timed below)")

    t0 = time.perf_counter()
    from xlt.analysis import ANALYSES, PAPER_ANALYSES
    from xlt.analysis.data import load_study_dir
    from xlt.analysis.report import build_report, run_analyses

    t1 = time.perf_counter()
    data = load_study_dir(study)
    outcomes = run_analyses(data, PAPER_ANALYSES)
    t2 = time.perf_counter()
    for o in outcomes:
        print(f"  {o.seconds:6.2f} s  {o.title[:70]}{'  (left out)' if o.skipped else ''}")
    page = build_report(study, PAPER_ANALYSES)  # the whole thing again, as `xlt report` runs it
    t3 = time.perf_counter()
    extras = [fn for fn in ANALYSES if fn not in PAPER_ANALYSES]
    if extras:  # sections other packages registered (e.g. xlt.predict), timed apart: not this target's code
        for o in run_analyses(data, extras):
            print(f"  registered extra: {o.seconds:6.2f} s  {o.title[:60]}")
    total = t3 - t2 + (t1 - t0)
    print(f"uptime load: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; imports {t1 - t0:.2f} s; analyses alone {t2 - t1:.2f} s; report (load + analyses + figures + page) "
          f"{t3 - t2:.2f} s")
    print(f"total (imports + report): {total:.2f} s; target {TARGET_S:.0f} s; ratio {total / TARGET_S:.2f}")
    print(f"page: {page} ({len(list(page.parent.iterdir()))} files)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
