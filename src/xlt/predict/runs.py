"""The runs table: one row per training run, its mixture (examples per training language) and its
scores per evaluation language, for one model, task and metric.

It comes from a study directory (results.parquet + study.json, per docs/results.md) or from
a JSONL file with one run per line: {"counts": {lang: n}, "scores": {lang: value}} and optionally
"model", "task", "metric", "run". Everything that predicts or recommends reads this one shape.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from xlt import languages
from xlt.errors import InputError
from xlt.results import METRIC_PREFERENCE

# Which metric a study's runs table uses when the caller names none and the results hold several.
RESOURCE_LEVELS = ("low", "mid", "high")


@dataclass(frozen=True)
class Run:
    run: str
    counts: dict[str, float]  # training examples per language (languages with n > 0 only)
    scores: dict[str, float]  # evaluation language -> score
    reference: bool = False  # the untuned base model (no training data)

    @property
    def mixture_key(self) -> tuple[tuple[str, float], ...]:
        """Runs with the same mixture (seed replicates) share this key; cross-validation keeps them together."""
        return tuple(sorted(self.counts.items()))


@dataclass(frozen=True)
class RunsTable:
    runs: tuple[Run, ...]
    source: str = "<memory>"
    model: str | None = None
    task: str | None = None
    metric: str | None = None
    resource: dict[str, str] = field(default_factory=dict)  # lang -> low/mid/high where known
    exposure: dict[str, float] = field(default_factory=dict)  # lang -> share of the base model's pretraining

    @property
    def train_langs(self) -> list[str]:
        return sorted({lang for r in self.runs for lang, n in r.counts.items() if n > 0})

    @property
    def eval_langs(self) -> list[str]:
        return sorted({lang for r in self.runs for lang in r.scores})

    @property
    def n_rows(self) -> int:
        return sum(len(r.scores) for r in self.runs)

    def subset(self, keep) -> RunsTable:
        """The same table with only the runs at the given indices."""
        return replace(self, runs=tuple(self.runs[i] for i in keep))


def _language(code, source: str, key: str) -> str:
    try:
        return languages.normalize(code)
    except languages.UnknownLanguage as exc:
        raise InputError(str(exc), source=source, key=key) from None


def _number(value, source: str, key: str, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise InputError(f"{what} must be a finite number, got {value!r}", source=source, key=key)
    return float(value)


def parse_counts(raw, source: str, key: str, task: str | None = None) -> dict[str, float]:
    """Examples per training language from {lang: n} or the study contract's {lang: {task: n}}.

    With per-task counts, the evaluated task's counts are used when the run trained on that task at
    all, else the sum over tasks (an eval task such as a benchmark may have no training split).
    """
    if not isinstance(raw, dict):
        raise InputError(f"counts must be an object {{lang: n}}, got {type(raw).__name__}", source=source, key=key)
    nested = [v for v in raw.values() if isinstance(v, dict)]
    use_task = task is not None and any(task in v for v in nested)
    counts: dict[str, float] = {}
    for lang, value in raw.items():
        code = _language(lang, source, key)
        if isinstance(value, dict):
            per_task = {t: _number(n, source, key, f"count of {lang}/{t}") for t, n in value.items()}
            n = per_task.get(task, 0.0) if use_task else sum(per_task.values())
            if any(v < 0 for v in per_task.values()):
                raise InputError(f"count of {lang} must be >= 0, got {value!r}", source=source, key=key)
        else:
            n = _number(value, source, key, f"count of {lang}")
            if n < 0:
                raise InputError(f"count of {lang} must be >= 0, got {value!r}", source=source, key=key)
        if n > 0:
            counts[code] = counts.get(code, 0.0) + n
    return counts


def parse_scores(raw, source: str, key: str) -> dict[str, float]:
    if not isinstance(raw, dict) or not raw:
        raise InputError("scores must be a non-empty object {lang: value}", source=source, key=key)
    return {_language(lang, source, key): _number(v, source, key, f"score of {lang}") for lang, v in raw.items()}


def _check(table: RunsTable) -> RunsTable:
    if not table.runs:
        raise InputError("no runs with scores (expected at least one run)", source=table.source)
    return table


def from_jsonl(path: Path, *, model: str | None = None, task: str | None = None, metric: str | None = None) -> RunsTable:
    """One run per line; lines whose model/task/metric differ from the ones asked for are skipped."""
    source = str(path)
    runs, seen = [], {"model": set(), "task": set(), "metric": set()}
    wanted = {"model": model, "task": task, "metric": metric}
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            key = f"line {lineno}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"not JSON ({exc.msg})", source=source, key=key) from None
            if not isinstance(row, dict):
                raise InputError("expected an object {counts, scores}", source=source, key=key)
            if "scores" not in row:
                raise InputError("missing 'scores' (expected {lang: value})", source=source, key=key)
            if "counts" not in row:
                raise InputError("missing 'counts' (expected {lang: n}, {} for the base model)", source=source, key=key)
            if any(wanted[k] is not None and row.get(k) is not None and row.get(k) != wanted[k] for k in wanted):
                continue
            for k in seen:
                if row.get(k) is not None:
                    seen[k].add(str(row[k]))
            counts = parse_counts(row["counts"], source, key, task)
            scores = parse_scores(row["scores"], source, key)
            runs.append(Run(run=str(row.get("run", f"line{lineno}")), counts=counts, scores=scores, reference=not counts))
    for k, values in seen.items():
        if wanted[k] is None and len(values) > 1:
            raise InputError(f"rows mix several {k}s {sorted(values)}; choose one with --{k}", source=source)
    pick = {k: wanted[k] or (next(iter(v)) if v else None) for k, v in seen.items()}
    return _check(RunsTable(runs=tuple(runs), source=source, **pick))


def _choose(values: list[str], wanted: str | None, what: str, source: str, prefer=()) -> str:
    if wanted is not None:
        if wanted not in values:
            raise InputError(f"no results for {what} {wanted!r}; the results hold {sorted(values)}", source=source, key=what)
        return wanted
    if len(values) == 1:
        return values[0]
    for p in prefer:
        if p in values:
            return p
    raise InputError(f"results hold several {what}s {sorted(values)}; choose one with --{what}", source=source, key=what)


def from_results(
    results,
    study: dict | None = None,
    *,
    source: str = "results.parquet",
    model: str | None = None,
    task: str | None = None,
    metric: str | None = None,
    method: str | None = None,
) -> RunsTable:
    """The runs table of one results table (polars DataFrame with the contract's columns)."""
    import polars as pl

    study = study or {}
    need = {"run", "model", "kind", "counts", "task", "eval_lang", "metric", "value"}
    missing = need - set(results.columns)
    if missing:
        raise InputError(f"results lack columns {sorted(missing)} (see the study directory contract)", source=source)
    if results.height == 0:
        raise InputError("no scores (results table is empty)", source=source)
    task = _choose(sorted(results["task"].unique().to_list()), task, "task", source, prefer=study.get("tasks", ()))
    rows = results.filter(pl.col("task") == task)
    metric = _choose(sorted(rows["metric"].unique().to_list()), metric, "metric", source, prefer=METRIC_PREFERENCE)
    rows = rows.filter(pl.col("metric") == metric)
    model = _choose(sorted(rows["model"].unique().to_list()), model, "model", source)
    rows = rows.filter(pl.col("model") == model)
    if method is not None and "method" in rows.columns:
        rows = rows.filter(pl.col("method").is_in([method, "none"]))
    rows = rows.filter(pl.col("value").is_not_null() & pl.col("value").is_not_nan())
    # One polars pass: mean score per (run, eval language), then one row per run with its lists.
    per_run = (
        rows.group_by("run", "eval_lang", maintain_order=True)
        .agg(pl.col("value").mean(), pl.col("counts").first(), pl.col("kind").first())
        .group_by("run", maintain_order=True)
        .agg(pl.col("eval_lang"), pl.col("value"), pl.col("counts").first(), pl.col("kind").first())
    )
    runs = []
    for run_id, langs, values, raw, kind in per_run.iter_rows():
        key = f"run {run_id}"
        try:
            raw_counts = json.loads(raw or "{}")
        except json.JSONDecodeError as exc:
            raise InputError(f"counts is not JSON ({exc.msg})", source=source, key=key) from None
        reference = kind == "reference"
        counts = {} if reference else parse_counts(raw_counts, source, key, task)
        scores = parse_scores(dict(zip(langs, values)), source, key)
        runs.append(Run(run=str(run_id), counts=counts, scores=scores, reference=reference))
    resource = {languages.normalize(k): v for k, v in (study.get("resource") or {}).items() if v in RESOURCE_LEVELS}
    exposure = {languages.normalize(k): float(v) for k, v in ((study.get("exposure") or {}).get(model) or {}).items()}
    return _check(
        RunsTable(runs=tuple(runs), source=source, model=model, task=task, metric=metric, resource=resource, exposure=exposure)
    )


def from_study(directory: Path, **choice) -> RunsTable:
    import polars as pl

    path = Path(directory) / "results.parquet"
    if not path.exists():
        raise InputError("no results.parquet (expected a study directory written by `xlt run`)", source=str(directory))
    study_path = Path(directory) / "study.json"
    study = json.loads(study_path.read_text(encoding="utf-8")) if study_path.exists() else {}
    return from_results(pl.read_parquet(path), study, source=str(path), **choice)


def load(path, *, model: str | None = None, task: str | None = None, metric: str | None = None) -> RunsTable:
    """A runs table from a study directory, a results.parquet file or a JSONL file."""
    path = Path(path)
    if path.is_dir():
        return from_study(path, model=model, task=task, metric=metric)
    if not path.exists():
        raise InputError("no such file or directory (expected a study directory or a runs JSONL file)", source=str(path))
    if path.suffix == ".parquet":
        return from_study(path.parent, model=model, task=task, metric=metric)
    return from_jsonl(path, model=model, task=task, metric=metric)


def write_jsonl(table: RunsTable, path: Path) -> None:
    """Write a runs table as JSONL (atomically), the format `load` reads back."""
    import os
    import tempfile

    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        for r in table.runs:
            row = {"run": r.run, "counts": r.counts, "scores": r.scores}
            row.update({k: v for k, v in (("model", table.model), ("task", table.task), ("metric", table.metric)) if v})
            fh.write(json.dumps(row) + "\n")
    os.replace(tmp, path)
