"""The default study on the shipped micro base: how long a cold `xlt run` takes, and whether it shows transfer.

Issue 16's bars, measured here from the study's own results and items (not from its report's prose):
- `xlt run` with an empty cache finishes in <= 8 minutes on 2 cores and writes nothing to stderr;
- a 10% pinch over 5 languages lifts the languages outside the pinch above English-only tuning on the
  instruct task (paired 95% bootstrap interval over items excludes 0);
- with `--mono`, a second study tunes one monolingual model per evaluation language of the default study:
  each should beat the untuned base on at least half of the other languages;
- the report's Findings carry no NaN / n/a.

    python bench/micro_default.py [--out DIR] [--mono] [--json OUT] [--set KEY=VALUE ...]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MONO_SET = [
    "languages.train=['en','es','ru','zh','ar','sw','fi','hi','ja','ko','tr','he']",
    "design=[{kind='monolingual'}]",
    "name='micro-mono12'",
]


def run_study(out: Path, cache: Path, extra: list[str]) -> tuple[float, str]:
    """`xlt run` in a subprocess, as a user runs it; returns (seconds, stderr)."""
    cmd = [sys.executable, "-m", "xlt", "run", "--out", str(out)]
    for s in extra:
        cmd += ["--set", s]
    started = time.perf_counter()
    proc = subprocess.run(cmd, env={**os.environ, "XLT_CACHE": str(cache)}, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if proc.returncode:
        raise SystemExit(f"xlt run failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return seconds, proc.stderr


def _matrix(items, run: str, langs: list[str], metric: str):
    """items x languages of one run (items shared across languages), NaN where missing."""
    import numpy as np
    import polars as pl

    sub = items.filter((pl.col("run") == run) & (pl.col("metric") == metric) & pl.col("eval_lang").is_in(langs))
    ids = sorted(set(sub["item"].to_list()))
    pos = {i: k for k, i in enumerate(ids)}
    m = np.full((len(ids), len(langs)), np.nan)
    for r in sub.iter_rows(named=True):
        m[pos[r["item"]], langs.index(r["eval_lang"])] = r["value"]
    return ids, m


def paired(items, run_a: str, run_b: str, langs: list[str], metric: str, task: str):
    """Paired bootstrap of run_a - run_b on one task, per item averaged over `langs`."""
    import numpy as np
    import polars as pl

    from xlt.stats import paired_bootstrap

    items = items.filter(pl.col("task") == task)
    ids_a, a = _matrix(items, run_a, langs, metric)
    ids_b, b = _matrix(items, run_b, langs, metric)
    assert ids_a == ids_b, "runs evaluated on different items"
    res = paired_bootstrap(np.nanmean(a, axis=1), np.nanmean(b, axis=1))[0]
    return {"diff": res.diff, "ci": [res.low, res.high], "p": res.p, "items": res.n}


def headlines(results) -> dict[str, str]:
    """Each task's headline metric, as the report chooses it."""
    from xlt.analysis.tidy import main_metrics

    return dict(main_metrics(results))


def study_runs(results) -> list[dict]:
    runs = results.select("run", "method", "label", "params", "train_langs").unique("run")
    return list(runs.sort("run").iter_rows(named=True))


def pinch_check(study_dir: Path) -> dict:
    import polars as pl

    results, items = pl.read_parquet(study_dir / "results.parquet"), pl.read_parquet(study_dir / "items.parquet")
    study = json.loads((study_dir / "study.json").read_text())
    runs = study_runs(results)
    by_percent = {json.loads(r["params"]).get("percent"): r["run"] for r in runs if "pinch" in r["label"]}
    outside = [x for x in study["eval"] if x not in study["train"]]
    seen = [x for x in study["train"] if x != "en"]
    base = next(r["run"] for r in runs if r["method"] == "none")
    out = {"outside": outside}
    for task, metric in headlines(results).items():
        per = out[task] = {"metric": metric}
        for p in sorted(k for k in by_percent if k):
            per[f"pinch_{p}_vs_english_only_outside"] = paired(items, by_percent[p], by_percent[0], outside, metric, task)
            per[f"pinch_{p}_vs_english_only_seen"] = paired(items, by_percent[p], by_percent[0], seen, metric, task)
        per["english_only_vs_base_outside"] = paired(items, by_percent[0], base, outside, metric, task)
        per["english_only_vs_base_english"] = paired(items, by_percent[0], base, ["en"], metric, task)
    return out


def mono_check(study_dir: Path) -> dict:
    import polars as pl

    results, items = pl.read_parquet(study_dir / "results.parquet"), pl.read_parquet(study_dir / "items.parquet")
    runs = study_runs(results)
    base = next(r["run"] for r in runs if r["method"] == "none")
    langs = sorted(set(results["eval_lang"].to_list()))
    out = {}
    for task, metric in headlines(results).items():
        per = {}
        for r in runs:
            if r["method"] == "none":
                continue
            (train,) = r["train_langs"]
            others = [x for x in langs if x != train]
            wins = [x for x in others if paired(items, r["run"], base, [x], metric, task)["diff"] > 0]
            per[train] = {"beats_base_on": len(wins), "of": len(others), "languages": wins}
        out[task] = {"metric": metric, "per_language": per,
                     "all_beat_half": all(v["beats_base_on"] >= v["of"] / 2 for v in per.values())}
    return out


def findings_clean(study_dir: Path) -> dict:
    html = (study_dir / "report" / "index.html").read_text()
    m = re.search(r"Findings(.*?)Contents", re.sub(r"<[^>]+>", " ", html), re.S)
    text = m.group(1) if m else ""
    return {"findings": " ".join(text.split()), "nan_or_na": bool(re.search(r"\bnan\b|\bn/a\b", text, re.I))}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=None)
    ap.add_argument("--mono", action="store_true", help="also run the 12-language monolingual study")
    ap.add_argument("--json", default=None)
    ap.add_argument("--set", action="append", default=[], help="a study override passed to xlt run (repeatable)")
    args = ap.parse_args()
    work = Path(args.out or tempfile.mkdtemp(prefix="xlt-micro-default-"))
    cache = work / "cache"  # empty: nothing built before
    seconds, stderr = run_study(work / "out", cache, args.set)
    study_dir = work / "out" / "micro"
    figures = {"cold_run_seconds": round(seconds, 1), "stderr_bytes": len(stderr), "load_after": os.getloadavg()[0],
               **pinch_check(study_dir), **findings_clean(study_dir)}
    if args.mono:
        mono_seconds, _ = run_study(work / "out", cache, [*args.set, *MONO_SET])
        figures["mono"] = {"seconds": round(mono_seconds, 1), **mono_check(work / "out" / "micro-mono12")}
    text = json.dumps(figures, indent=2, ensure_ascii=False)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n")


if __name__ == "__main__":
    main()
