"""`xlt run` with no study: the built-in micro study on the shipped base, as a new user runs it.

A cut of it (fewer examples and items, the same runs and languages), in a subprocess as from a shell: no
pretraining (the base ships with the package), nothing on stderr, a headline score in every evaluation
language, unseen ones included, and Findings without NaN or n/a.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import polars as pl
import pytest

from xlt.analysis.tidy import main_metrics
from xlt.base import micro_build as mb


@pytest.mark.slow
def test_the_default_study_runs_on_the_shipped_base_and_reports_every_language(tmp_path):
    assert mb.shipped_info() is not None, "the package ships no micro base"
    cache = tmp_path / "cache"
    cmd = [sys.executable, "-m", "xlt", "run", "--out", str(tmp_path / "out"),
           "--set", "data.budget=200", "--set", "eval.limit=8", "--set", "train.epochs=1"]
    proc = subprocess.run(cmd, env={**os.environ, "XLT_CACHE": str(cache)}, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stderr == ""
    assert not (cache / "base").exists()  # the shipped weights were used, nothing pretrained

    study_dir = tmp_path / "out" / "micro"
    study = json.loads((study_dir / "study.json").read_text())
    results = pl.read_parquet(study_dir / "results.parquet")
    headlines = main_metrics(results)
    assert {t for t, _ in headlines} == set(study["tasks"]), headlines  # every task has a headline
    runs = set(results["run"].to_list())
    for task, metric in headlines:
        scored = results.filter((pl.col("task") == task) & (pl.col("metric") == metric) & pl.col("value").is_not_nan())
        assert set(scored["run"].to_list()) == runs, (task, metric)
        for run in runs:
            langs = set(scored.filter(pl.col("run") == run)["eval_lang"].to_list())
            assert langs == set(study["eval"]), (task, metric, run, langs)
    assert set(study["exposure"]["micro"]) >= set(study["eval"])  # the base's pretraining record

    html = (study_dir / "report" / "index.html").read_text()
    findings = re.search(r"Findings(.*?)Contents", re.sub(r"<[^>]+>", " ", html), re.S).group(1)
    assert findings.strip() and not re.search(r"\bnan\b|\bn/a\b", findings, re.I), findings
