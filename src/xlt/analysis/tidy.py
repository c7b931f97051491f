"""Small views of results.parquet that several analyses share: main metrics, runs, language groups."""

from __future__ import annotations

import json

import numpy as np
import polars as pl

from xlt.results import LID_METRIC, METRIC_PREFERENCE

# The metric an analysis reports for a task, in the pipeline's order of preference (xlt.results); gated
# and LID metrics are the robustness analysis's business, not a task's headline.
PRIORITY = METRIC_PREFERENCE
SECONDARY = (LID_METRIC,)


NO_SCORES = "no task has a score (every value is missing)"


def main_metrics(results: pl.DataFrame) -> list[tuple[str, str]]:
    """(task, metric) pairs, one per task: its most preferred metric among those scored in the most languages.

    A headline must speak for every evaluation language: IF_L, which needs a monolingual run of the
    language, gives way to the judge's score where some languages (those outside SFT) have no IF_L.
    """
    out = []
    scored = results.filter(pl.col("value").is_not_nan() & pl.col("value").is_not_null())
    for task in sorted(scored["task"].unique().to_list()):
        rows = scored.filter(pl.col("task") == task)
        coverage = {m: len(set(g["eval_lang"].to_list())) for (m,), g in rows.group_by("metric")}
        ranked = [m for m in PRIORITY if m in coverage]
        rest = sorted(m for m in coverage if not m.endswith("_gated") and m not in SECONDARY and m not in PRIORITY)
        candidates = ranked + rest + [m for m in SECONDARY if m in coverage]
        if candidates:
            widest = max(coverage[m] for m in candidates)
            out.append((task, next(m for m in candidates if coverage[m] == widest)))
    rank = {m: i for i, m in enumerate(PRIORITY)}
    return sorted(out, key=lambda tm: (rank.get(tm[1], len(rank)), tm[0]))


def scale(results: pl.DataFrame, task: str, metric: str) -> float:
    """100 for a metric on 0-1 (shown in points), else 1."""
    v = results.filter((pl.col("task") == task) & (pl.col("metric") == metric))["value"].drop_nans().drop_nulls()
    return 100.0 if v.len() and v.min() >= 0 and v.max() <= 1 else 1.0


def unit(s: float) -> str:
    return "points" if s == 100.0 else "units"


def scored_languages(results: pl.DataFrame, task: str, metric: str, langs: list[str]) -> list[str]:
    """The languages among `langs` with at least one score on this task and metric, in their order."""
    v = scores(results, task, metric).filter(pl.col("value").is_not_nan())
    have = set(v["eval_lang"].to_list())
    return [c for c in langs if c in have]


def same(a: float, b: float, digits: int = 1) -> bool:
    """Two numbers that print the same are a tie in the report's words too."""
    return round(a, digits) == round(b, digits)


def names(xs: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return xs[0] if len(xs) == 1 else ", ".join(xs[:-1]) + " and " + xs[-1]


def runs(results: pl.DataFrame) -> pl.DataFrame:
    """One row per run with its design columns (params and counts still JSON)."""
    cols = ["run", "model", "method", "seed", "designs", "kind", "label", "params", "counts", "train_langs", "total"]
    if "instances" in results.columns:
        cols.append("instances")
    out = results.select(cols).unique("run", maintain_order=True)
    if "instances" not in out.columns:
        out = out.with_columns(pl.col("designs").alias("instances"))
    return out


def instances_of(run_frame: pl.DataFrame, kind: str) -> list[str]:
    """The design instances of one kind among the runs: "pinch", "pinch:seen", ..."""
    found = {i for xs in run_frame["instances"].to_list() for i in xs if i == kind or i.startswith(kind + ":")}
    return sorted(found, key=lambda i: (i != kind, i))


def with_instance(run_frame: pl.DataFrame, instance: str) -> pl.DataFrame:
    return run_frame.filter(pl.col("instances").list.contains(instance))


def params(value: str) -> dict:
    try:
        out = json.loads(value) if value else {}
    except json.JSONDecodeError:
        return {}
    return out if isinstance(out, dict) else {}


def tuned(run_frame: pl.DataFrame) -> pl.DataFrame:
    return run_frame.filter((pl.col("method") != "none") & (pl.col("kind") != "reference"))


def reference_runs(run_frame: pl.DataFrame) -> pl.DataFrame:
    return run_frame.filter((pl.col("method") == "none") | (pl.col("kind") == "reference"))


def with_design(run_frame: pl.DataFrame, kind: str) -> pl.DataFrame:
    return run_frame.filter(pl.col("designs").list.contains(kind))


def scores(results: pl.DataFrame, task: str, metric: str) -> pl.DataFrame:
    return results.filter((pl.col("task") == task) & (pl.col("metric") == metric))


_PIVOTS: list[tuple[pl.DataFrame, str, str, dict, dict, np.ndarray]] = []


def _pivot(results: pl.DataFrame, task: str, metric: str):
    """All runs x all languages of one task and metric, built once per results table."""
    for frame, t, m, r, c, arr in _PIVOTS:
        if frame is results and t == task and m == metric:
            return r, c, arr
    df = scores(results, task, metric)
    run_ids = df["run"].unique(maintain_order=True).to_list()
    langs = df["eval_lang"].unique(maintain_order=True).to_list()
    r = {x: i for i, x in enumerate(run_ids)}
    c = {x: j for j, x in enumerate(langs)}
    arr = np.full((len(run_ids) + 1, len(langs) + 1), np.nan)  # last row/column: NaN for "missing"
    ri = df["run"].replace_strict(r, return_dtype=pl.Int64).to_numpy()
    ci = df["eval_lang"].replace_strict(c, return_dtype=pl.Int64).to_numpy()
    arr[ri, ci] = df["value"].to_numpy()
    _PIVOTS.insert(0, (results, task, metric, r, c, arr))
    del _PIVOTS[8:]
    return r, c, arr


def matrix(results: pl.DataFrame, task: str, metric: str, run_ids: list[str], langs: list[str]) -> np.ndarray:
    """runs x languages of values (NaN where missing), in the order given."""
    r, c, arr = _pivot(results, task, metric)
    ri = np.array([r.get(x, -1) for x in run_ids], dtype=np.int64)
    ci = np.array([c.get(x, -1) for x in langs], dtype=np.int64)
    return arr[ri[:, None], ci[None, :]]


def group_of(lang: str, trained: set[str]) -> str:
    """English / seen (in the SFT mixture) / unseen (not in it)."""
    if lang == "en":
        return "English"
    return "seen" if lang in trained else "unseen"


GROUPS = ("English", "seen", "unseen")


def fmt_ci(value: float, low: float, high: float, s: float = 1.0, digits: int = 1) -> str:
    if np.isnan(value):
        return "n/a"
    if np.isnan(low):
        return f"{value * s:.{digits}f}"
    return f"{value * s:.{digits}f} [95% CI {low * s:.{digits}f}, {high * s:.{digits}f}]"


def each_metric(results: pl.DataFrame, study: dict):
    """(task, metric, scale, evaluation languages with scores) of each main metric, the loop most sections run."""
    for task, metric in main_metrics(results):
        yield task, metric, scale(results, task, metric), scored_languages(results, task, metric, study["eval"])
