"""results.parquet and items.parquet: their schema, the metric names the pipeline emits, and the table
built from a study's evaluation artifacts (docs/results.md describes both files).

results.parquet has one row per run x task x evaluation language x metric: the mean over the items
with a 95% bootstrap interval, beside what the run was (model, method, seed, design, mixture).
items.parquet holds the per-item values the means come from.
"""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from xlt.evaluate.tasks import JUDGE_METRICS, OPTION_METRICS, RESPONSE_METRICS
from xlt.stats import bootstrap_ci
from xlt.store import canonical_json, content_hash

# results.parquet: column -> type, in file order
RESULTS_SCHEMA: dict[str, pl.DataType] = {
    "run": pl.Utf8,  # the run's content hash (plan.RunSpec.id)
    "model": pl.Utf8,  # the base model as the study names it
    "method": pl.Utf8,  # "full", "lora", or "none" for the untuned reference
    "seed": pl.Int64,
    "designs": pl.List(pl.Utf8),  # the design kinds that asked for this run (one run can serve several)
    "instances": pl.List(pl.Utf8),  # the [[design]] tables: kind, or "kind:name" for a named one
    "kind": pl.Utf8,  # the first of designs
    "label": pl.Utf8,  # the run's labels joined with "; " (e.g. "pinch 10% es ru")
    "params": pl.Utf8,  # canonical JSON of the design parameters (percent, k, ...)
    "counts": pl.Utf8,  # canonical JSON {lang: {task: training examples}}
    "train_langs": pl.List(pl.Utf8),  # languages with at least one training example
    "total": pl.Int64,  # training examples in the mixture
    "task": pl.Utf8,  # the set the items were reported under (a corpus task, or an [[eval.sets]] name)
    "eval_lang": pl.Utf8,
    "metric": pl.Utf8,  # one of METRICS, or "<metric>_gated"
    "value": pl.Float64,  # mean over the items
    "n": pl.Int64,  # items
    "ci_low": pl.Float64,  # 95% bootstrap interval of the mean
    "ci_high": pl.Float64,
}

# items.parquet: one row per run x task x evaluation language x metric x item
ITEMS_SCHEMA: dict[str, pl.DataType] = {
    "run": pl.Utf8,
    "task": pl.Utf8,
    "eval_lang": pl.Utf8,
    "metric": pl.Utf8,
    "item": pl.Utf8,  # the item's id
    "value": pl.Float64,
}

# what the pipeline emits: the scores of evaluate/tasks.py, the LID of evaluate/pipeline.py (and each
# score's "<metric>_gated": times fidelity, so a right answer in the wrong language scores 0), and IF_L
SCORE_METRICS = (*RESPONSE_METRICS, *OPTION_METRICS, *JUDGE_METRICS)
LID_METRIC = "fidelity"  # 1 when the output is in the prompt's language
SXS_METRIC = "if_l"  # side by side against the monolingual run of the language: win 1, tie 0.5, loss 0
METRICS = SCORE_METRICS + (LID_METRIC, SXS_METRIC)

# a task's headline metric, in order of preference (LID and gated metrics are robustness measures)
METRIC_PREFERENCE = ("exact_match", "call_match", "acc_norm", "acc", "rouge_l", "chrf++_en_xx", "win_rate", "if_l", "judge")


def collect_results(jobs, sxs, study_seed: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """results.parquet and items.parquet from the runs' evaluation artifacts and the IF_L comparisons."""
    item_frames, rows = [], []
    for job in jobs:
        spec = job.spec
        scored = pl.read_parquet(Path(job.eval_dir) / "items.parquet").filter(pl.col("value").is_not_null())
        # results are reported under the set's name (a corpus task's test split is the set of that name)
        scored = scored.drop("task").rename({"set": "task", "lang": "eval_lang", "id": "item"}).with_columns(pl.lit(spec["id"]).alias("run"))
        item_frames.append(scored.select(list(ITEMS_SCHEMA)))
        for (task, lang, metric), g in scored.sort("item").group_by(["task", "eval_lang", "metric"], maintain_order=True):
            rows.append({"run": spec["id"], "task": task, "eval_lang": lang, "metric": metric, "values": g["value"].to_numpy()})
    for sj in sxs:
        judged = pl.read_parquet(Path(sj.out_dir) / "items.parquet").filter(pl.col("value").is_not_null())
        judged = judged.select(pl.lit(sj.run).alias("run"), pl.col("set").alias("task"), pl.lit(sj.lang).alias("eval_lang"), pl.lit(SXS_METRIC).alias("metric"), pl.col("id").alias("item"), "value")
        item_frames.append(judged)
        for (task,), g in judged.sort("item").group_by(["task"], maintain_order=True):
            rows.append({"run": sj.run, "task": task, "eval_lang": sj.lang, "metric": SXS_METRIC, "values": g["value"].to_numpy()})
    items = pl.concat(item_frames).sort("run", "task", "eval_lang", "metric", "item")
    meta = {j.spec["id"]: j.spec for j in jobs}
    out = []
    for r in rows:
        v = r.pop("values")
        seed = int(content_hash([study_seed, r["run"], r["task"], r["eval_lang"], r["metric"]], 8), 16)
        mean, low, high = bootstrap_ci(v[None, :], seed=seed)
        out.append({**run_columns(meta[r["run"]]), **r, "value": float(mean[0]), "n": int(v.size), "ci_low": float(low[0]), "ci_high": float(high[0])})
    return pl.DataFrame(out, schema=RESULTS_SCHEMA), items.cast(ITEMS_SCHEMA)


def run_columns(spec: dict) -> dict:
    """What results.parquet says about a run, from its spec."""
    return {
        "run": spec["id"],
        "model": spec["model"],
        "method": spec["method"],
        "seed": spec["seed"],
        "designs": spec["design"],
        "instances": design_instances(spec),
        "kind": spec["design"][0],
        "label": "; ".join(dict.fromkeys(spec["labels"])),
        "params": canonical_json(spec["params"]),
        "counts": canonical_json(spec["counts"]),
        "train_langs": [x for x, per in spec["counts"].items() if sum(per.values()) > 0],
        "total": spec["total"],
    }


def design_instances(spec: dict) -> list[str]:
    """The [[design]] tables a run came from: its kind, or "kind:name" for a named one (e.g. "pinch:seen")."""
    out = [f"{p['kind']}:{p['design']}" if p.get("design") else p["kind"] for p in spec.get("design_params") or []]
    return list(dict.fromkeys(out)) or list(spec["design"])


def collect_long_prompts(jobs) -> list[dict]:
    """Per run, set and language: items, prompts cut to fit the context, items skipped (from the eval artifacts)."""
    out = []
    for job in jobs:
        path = Path(job.eval_dir) / "long_prompts.json"
        rows = json.loads(path.read_text()) if path.exists() else []
        out += [{"run": job.spec["id"], "model": job.spec["model"], **r} for r in rows]
    return out
