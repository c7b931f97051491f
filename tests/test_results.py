"""results.py: the results and items tables, against a committed fixture computed by the writer as it
was before the results module existed (run.collect_results at cc49557), so a refactor cannot drift."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

FIXTURE = Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class Job:
    spec: dict
    eval_dir: str


@dataclass(frozen=True)
class Sxs:
    run: str
    lang: str
    out_dir: str


def _spec(run: str, method: str, design: list[str], labels: list[str], counts: dict, params: list[dict]) -> dict:
    return {"id": run, "model": "tiny", "method": method, "seed": 0, "design": design, "labels": labels,
            "params": {k: v for p in params for k, v in p.items() if k not in ("kind", "design")},
            "design_params": params, "counts": counts, "total": sum(n for per in counts.values() for n in per.values())}


def write_artifacts(root: Path) -> tuple[list[Job], list[Sxs]]:
    """Two runs' evaluation artifacts (a corpus task and an eval set, with LID) and one IF_L comparison."""
    rng = np.random.default_rng(0)
    specs = [
        _spec("r-ref", "none", ["reference"], ["base"], {}, []),
        _spec("r-pinch", "full", ["pinch", "monolingual"], ["pinch 0%", "monolingual en"], {"en": {"math": 40}, "es": {"math": 0}},
              [{"kind": "pinch", "percent": 0.0}, {"kind": "monolingual", "language": "en", "design": "seen"}]),
    ]
    jobs = []
    for spec in specs:
        rows = []
        for s, task, metrics in (("math", "math", ("exact_match", "fidelity", "exact_match_gated")), ("xcopa", "multiple_choice", ("acc", "acc_norm"))):
            for lang in ("en", "es"):
                for i in range(7):
                    for m in metrics:
                        value = None if (i == 3 and m == "acc") else float(rng.integers(0, 2))
                        rows.append({"set": s, "id": f"{s}-{i}", "lang": lang, "task": task, "prompt": "p", "output": "o", "metric": m, "value": value})
        d = root / spec["id"]
        d.mkdir(parents=True)
        pl.DataFrame(rows).write_parquet(d / "items.parquet")
        jobs.append(Job(spec, str(d)))
    d = root / "sxs"
    d.mkdir()
    pl.DataFrame({"set": ["math"] * 5, "id": [f"math-{i}" for i in range(5)], "outcome": ["win", "tie", "loss", "unparsed", "win"],
                  "value": [1.0, 0.5, 0.0, None, 1.0]}).write_parquet(d / "items.parquet")
    return jobs, [Sxs("r-pinch", "es", str(d))]


def test_results_equal_the_writer_before_the_refactor(tmp_path):
    from xlt.results import ITEMS_SCHEMA, RESULTS_SCHEMA, collect_results

    jobs, sxs = write_artifacts(tmp_path)
    results, items = collect_results(jobs, sxs, study_seed=0)
    assert results.schema == pl.Schema(RESULTS_SCHEMA) and items.schema == pl.Schema(ITEMS_SCHEMA)
    assert results.equals(pl.read_parquet(FIXTURE / "results_before.parquet"))
    assert items.equals(pl.read_parquet(FIXTURE / "items_before.parquet"))
    assert set(results.filter(pl.col("run") == "r-pinch")["instances"][0]) == {"pinch", "monolingual:seen"}
