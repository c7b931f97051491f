"""xlt predict on real published transfer tables: held-out test sets and cross-validation.

    PYTHONPATH=src python bench/bench_predict_real.py [--data tests/predict/data] [--reps 1000]

Reads every `<name>_train.jsonl` under --data with its `<name>_test.jsonl` (new training mixtures,
seen languages) and `<name>_surprise.jsonl` (languages never evaluated in training), as
tests/predict/data/README.md describes (SumEval 2022 extracts). For each table: MAE of xlt's model and
of the baselines on each test set (`xlt predict eval`), leave-run-out and leave-language-out
cross-validation of the training table (`xlt predict cv`), and the MAE pooled over every held-out
row of every table, with the checks issue 20 asks for. Point --data at a folder of full tables in the
same format to run the full-table checks.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from xlt.predict import runs, validate


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[1] / "tests" / "predict" / "data"))
    ap.add_argument("--reps", type=int, default=1000)
    ap.add_argument("--max-folds", type=int, default=10)
    args = ap.parse_args()
    out, pooled = {}, {}
    t0 = time.perf_counter()
    for train_path in sorted(Path(args.data).glob("*_train.jsonl")):
        name = train_path.name.removesuffix("_train.jsonl")
        train = runs.load(train_path)
        res = {}
        for split in ("test", "surprise"):
            path = train_path.with_name(f"{name}_{split}.jsonl")
            if path.exists():
                res[split] = validate.evaluate(train, runs.load(path), reps=args.reps)
        res["cv"] = validate.cross_validate(train, max_folds=args.max_folds, reps=args.reps)
        out[name] = res
        blocks = [res[s] for s in ("test", "surprise") if s in res]
        blocks += [res["cv"]["leave_one_run_out"], res["cv"]["leave_one_language_out"]]
        for b in blocks:
            n = b["n"] if "n" in b else res["cv"]["rows"]
            for model, mae in {"xlt": b["mae"]["xlt"] if isinstance(b["mae"], dict) else b["mae"], **(b.get("baselines") or {k: v for k, v in b["mae"].items() if k != "xlt"})}.items():
                pooled.setdefault(model, [0.0, 0])
                pooled[model][0] += mae * n
                pooled[model][1] += n
    summary = {k: v[0] / v[1] for k, v in pooled.items()}
    checks = {}
    for name, res in out.items():
        for split in ("test", "surprise"):
            if split in res:
                b = res[split]
                ref = "lang_mean" if split == "test" else "global_mean"
                checks[f"{name} {split}: xlt <= {ref}"] = b["mae"] <= b["baselines"][ref]
        lr, ll = res["cv"]["leave_one_run_out"]["mae"], res["cv"]["leave_one_language_out"]["mae"]
        checks[f"{name} cv run: xlt <= lang_mean"] = lr["xlt"] <= lr["lang_mean"]
        checks[f"{name} cv language: xlt <= global_mean"] = ll["xlt"] <= ll["global_mean"]
    checks["pooled: xlt < gbm"] = summary["xlt"] < summary["gbm"]
    print(json.dumps({"tables": out, "pooled_mae": summary, "checks": checks, "seconds": round(time.perf_counter() - t0, 1)}, indent=1))


if __name__ == "__main__":
    main()
