"""All analyses and the report for a synthetic study of 1,000 runs x 52 languages (target: 10 s).

Prints the time of each section (registered extras such as xlt.predict's included: issue 6 counts
all of them), the total and its ratio to the target, in this process and in a fresh one as
`xlt report` runs (interpreter start, imports and lazy loads paid). The similarity matrices are
cached on disk ($XLT_CACHE/similarity, as the report does): the first run also pays lang2vec's
loading (about 10 s here); `--cold` empties a private cache first to measure that.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
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
    sys.path.insert(0, str(Path(__file__).parents[1]))  # the synthetic study is a test fixture (tests/)
    from tests.analysis.synthetic import LUCKY52, make_study_dir

    t = time.perf_counter()
    study = make_study_dir(work / "study", n_runs=args.runs, langs=LUCKY52, n_items=args.items,
                           designs=("monolingual", "pinch", "progressive", "num_languages", "bilingual_pairs", "budget"),
                           outlier="first 25 languages")
    print(f"synthetic study: {args.runs} runs x {len(LUCKY52)} languages x {args.items} items "
          f"written in {time.perf_counter() - t:.1f} s (not timed below)")

    t0 = time.perf_counter()
    from xlt.analysis import PAPER_ANALYSES
    from xlt.analysis.data import load_study_dir
    from xlt.report.page import build_report, run_analyses
    from xlt.report.sections import SECTIONS

    t1 = time.perf_counter()
    data = load_study_dir(study)
    outcomes = run_analyses(data, SECTIONS)  # every registered section, as `xlt report` runs them
    t2 = time.perf_counter()
    paper = {id(fn) for fn in PAPER_ANALYSES}
    seconds = {"paper": 0.0, "extra": 0.0}
    for fn, o in zip(SECTIONS, outcomes):
        kind = "paper" if id(fn) in paper else "extra"
        seconds[kind] += o.seconds
        print(f"  {o.seconds:6.2f} s  {o.title[:70]}{'  (left out)' if o.skipped else ''}"
              f"{'  [registered extra]' if kind == 'extra' else ''}")
    print(f"sections: the papers' {seconds['paper']:.2f} s, registered extras {seconds['extra']:.2f} s "
          f"(first use in this process: includes the lazy imports a section makes, e.g. lightgbm)")
    page = build_report(study, SECTIONS)  # the whole thing again, in this warm process
    t3 = time.perf_counter()
    total = t3 - t2 + (t1 - t0)
    print(f"uptime load: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; imports {t1 - t0:.2f} s; analyses alone {t2 - t1:.2f} s; report (load + analyses + figures + page) "
          f"{t3 - t2:.2f} s")
    print(f"in-process total (imports + report, warm): {total:.2f} s; target {TARGET_S:.0f} s; ratio {total / TARGET_S:.2f}")
    # As `xlt report DIR` runs: a fresh interpreter (every import and lazy load paid), all sections,
    # and the papers' sections alone as the same-run baseline.
    fresh = {}
    labels = {"all": "all sections", "paper": "the papers' sections only"}
    for label, names in (("all", "report.sections import SECTIONS"), ("paper", "analysis import PAPER_ANALYSES")):
        code = (f"from xlt.{names} as A; from xlt.report.page import build_report; "
                f"build_report({str(study)!r}, A)")
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        fresh[label] = time.perf_counter() - t
        print(f"fresh process, {labels[label]}: {fresh[label]:.2f} s (load {os.getloadavg()[0]:.1f})")
    print(f"fresh-process total: {fresh['all']:.2f} s; target {TARGET_S:.0f} s; ratio {fresh['all'] / TARGET_S:.2f}; "
          f"registered extras add {fresh['all'] - fresh['paper']:.2f} s")
    print(f"page: {page} ({len(list(page.parent.iterdir()))} files)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
