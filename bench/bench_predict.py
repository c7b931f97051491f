"""Speed of `xlt predict` and `xlt recommend` against their targets, with a same-run baseline.

    python bench/bench_predict.py [--runs 1000] [--langs 40] [--pool 20]

Targets (issue 10): fit and cross-validate on 1,000 runs x 40 languages in at most 60 s; recommend
over a pool of 20 languages in at most 10 s. The baseline measured in the same run is one LightGBM
fit on the same rows (the LITMUS-style model every fold also fits), so the ratios say how the whole
job compares with one boosted fit on this machine today, whatever its load.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))  # the synthetic studies are test fixtures (tests/)

from tests.analysis.synthetic import LUCKY52  # noqa: E402
from tests.predict import synthetic  # noqa: E402
from xlt.predict import features, recommend, validate  # noqa: E402
from xlt.predict.models import GBM  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--langs", type=int, default=40)
    ap.add_argument("--pool", type=int, default=20)
    ap.add_argument("--folds", type=int, default=10)
    args = ap.parse_args()
    codes = list(LUCKY52[: args.langs])

    t0 = time.perf_counter()
    truth = synthetic.truth(codes, seed=0, noise=2.0)
    table = synthetic.runs_table(truth, args.runs, seed=1, max_langs=12)
    t_data = time.perf_counter() - t0  # includes reading URIEL (lang2vec) once for all languages

    t0 = time.perf_counter()
    d = validate.data_of(table, features.table_space(table))
    GBM().fit(d)
    t_gbm = time.perf_counter() - t0

    t0, c0 = time.perf_counter(), time.process_time()
    cv = validate.cross_validate(table, max_folds=args.folds, reps=1000)
    t_cv, c_cv = time.perf_counter() - t0, time.process_time() - c0

    t0, c0 = time.perf_counter(), time.process_time()
    rec = recommend.recommend(table, 4000, codes[args.pool : args.pool + 8] or codes[:8], pool=codes[: args.pool], step=100)
    t_rec, c_rec = time.perf_counter() - t0, time.process_time() - c0
    t0 = time.perf_counter()
    rec_min = recommend.recommend(table, 4000, codes[args.pool : args.pool + 8] or codes[:8], pool=codes[: args.pool], step=100, objective="min")
    t_rec_min = time.perf_counter() - t0

    out = {
        "runs": len(table.runs),
        "languages": len(codes),
        "scores": cv["rows"],
        "seconds": {
            "generate_and_uriel": round(t_data, 2),
            "one_gbm_fit_baseline": round(t_gbm, 2),
            "cross_validate_all_models": round(t_cv, 2),
            "recommend_mean_pool20": round(t_rec, 2),
            "recommend_min_pool20": round(t_rec_min, 2),
        },
        "cpu_seconds": {  # this process's CPU time: on a machine shared with other jobs, wall time is inflated
            "cross_validate_all_models": round(c_cv, 2),
            "recommend_mean_pool20": round(c_rec, 2),
        },
        "load_average": os.getloadavg()[0],
        "ratios": {
            "cross_validate / one_gbm_fit": round(t_cv / t_gbm, 1),
            "recommend / one_gbm_fit": round(t_rec / t_gbm, 2),
        },
        "targets": {
            "cross_validate <= 60 s": t_cv <= 60,
            "recommend <= 10 s": max(t_rec, t_rec_min) <= 10,
        },
        "mae": {s: cv[s]["mae"] for s in ("leave_one_run_out", "leave_one_language_out")},
        "folds": cv["leave_one_run_out"]["folds"],
        "noise_mae": 2.0 * (2 / 3.141592653589793) ** 0.5,
        "recommendation": rec["mixture"],
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
