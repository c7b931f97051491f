"""The evaluation items of a study, the judge check made before any training, and what a run's
evaluation is computed with (its config and the key of its artifact)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from xlt.errors import InputError
from xlt.plan import RunSpec
from xlt.stages.sxs import sxs_enabled
from xlt.store import content_hash, write_parquet
from xlt.study import Study


def eval_items(study: Study, corpus: pl.DataFrame) -> pl.DataFrame:
    """The study's evaluation items. Each keeps its `task` (what decides its metrics and how a judge checks
    it) and names its `set` (what results are reported under): a corpus task's test split is the set of
    that name, an [[eval.sets]] entry the set of its own name.

    Corpus test splits: per eval task and language up to [eval] `limit` items, the same ids in every
    language where the corpus has them (parallel items make runs and languages comparable item by item).
    Eval sets: every item in the set's languages, or the set's own `limit` per language."""
    from xlt.corpus.readers import id_uniform
    from xlt.evaluate.benchmarks import few_shot, load_benchmark
    from xlt.evaluate.lmeval import set_items
    from xlt.evaluate.pipeline import benchmark_items

    test = corpus.filter((pl.col("split") == "test") & pl.col("lang").is_in(study.languages.eval) & pl.col("task").is_in(study.eval_tasks))
    frames = []
    for task in study.eval_tasks:
        t = test.filter(pl.col("task") == task)
        if t.height == 0:
            raise InputError(f"the corpus has no test items for task {task!r}", key="eval.tasks")
        by_id = t.group_by("id").agg(pl.col("lang").n_unique().alias("k"))
        ids = by_id["id"].to_list()
        order = sorted(zip(-by_id["k"].to_numpy(), id_uniform(ids, study.seed).tolist(), ids))  # most languages first, then seeded
        ranked = pl.DataFrame({"id": [x[2] for x in order], "rank": list(range(len(order)))}, schema={"id": pl.Utf8, "rank": pl.Int64})
        t = t.join(ranked, on="id").sort("lang", "rank")
        if study.eval.limit:
            t = t.group_by("lang", maintain_order=True).head(study.eval.limit)
        frames.append(t.select(pl.lit(task).alias("set"), "id", "lang", "task", "prompt", "response"))
    for i, s in enumerate(study.eval.sets):
        langs = s.languages or study.languages.eval
        if s.lmeval:  # run by lm-eval itself at evaluation time: one row per language names its task
            frames.append(pl.DataFrame(set_items(s, langs, f"eval.sets.{i}")).select(pl.lit(s.name).alias("set"), pl.all()))
            continue
        bench = load_benchmark(s.benchmark, s.data, langs=langs, split=s.split, limit=s.limit, reference=s.reference)
        if s.shots:
            bench = few_shot(bench, load_benchmark(s.benchmark, s.shots_data, langs=langs), s.shots, s.shots_data)
        frames.append(benchmark_items(bench).select(pl.lit(s.name).alias("set"), pl.all()))
    items = pl.concat(frames, how="diagonal_relaxed")
    missing = sorted(set(study.languages.eval) - set(items["lang"].unique()))
    if missing:
        raise InputError(f"no evaluation items in {missing}: neither the corpus's test split nor an eval set has items in these languages", key="languages.eval")
    return items


def check_judge(study: Study, items: pl.DataFrame) -> None:
    """Refuse, before any model is trained, a set whose metrics are unknown or whose items the study's judge cannot judge."""
    from xlt.evaluate import judges
    from xlt.evaluate import tasks as task_table

    sxs = sxs_enabled(study)
    for (name, task), part in items.group_by("set", "task", maintain_order=True):
        try:
            metrics = set(task_table.metrics_for(task))
        except KeyError as exc:
            raise InputError(f"set {name!r}: {exc.args[0]}", key="eval.tasks" if name == task else "eval.sets") from None
        if metrics <= set(task_table.OPTION_METRICS):
            continue  # scored by option log-likelihood: nothing to judge
        if not (metrics & set(task_table.JUDGE_METRICS) or sxs):
            continue
        rows = part.select("id", "lang", "prompt", "response").iter_rows()
        why = judges.can_judge(study.eval.judge, [judges.Item(str(i), lang, p, "", ref, task) for i, lang, p, ref in rows])
        if why:
            raise InputError(
                f"the {study.eval.judge} judge cannot judge set {name!r} (task {task!r}): {why}; "
                'use judge = "openai:<model>" or "hf:<path>"',
                key="eval.judge",
            )


def eval_config(study: Study) -> dict:
    """What a run's evaluation is computed with: [eval]'s settings, and each set's decoding and multiple-choice format."""
    e = study.eval

    def one(decoding, option_format) -> dict:
        return {"decoding": decoding.model_dump(), "option_format": option_format}

    return {
        **one(e.decoding, e.option_format),
        "judge": e.judge,
        "judge_scale": e.judge_scale,
        "lid": e.lid,
        "template": e.template,
        "long_prompts": e.long_prompts,
        "max_prompt_tokens": e.max_prompt_tokens,
        "batch_size": e.batch_size,
        "sets": {s.name: one(e.set_decoding(s), s.option_format or e.option_format) for s in e.sets},
        **({"engine": e.engine} if e.engine != "hf" else {}),  # (absent for hf: the keys of evaluations made before stay)
    }


def eval_key(study: Study, items_digest: str, run: RunSpec, base: str) -> str:
    config = {k: v for k, v in eval_config(study).items() if k != "batch_size"}  # batch size changes no score
    return content_hash({"run": run.id, "base": base, "items": items_digest, **config})


def store_items(items: pl.DataFrame, store: Path) -> tuple[str, Path]:
    """The items' digest and their parquet in `.store/evalsets/`, written once."""
    digest = content_hash(items.to_dicts())
    path = store / "evalsets" / f"{digest}.parquet"
    if not path.exists():
        write_parquet(items, path)
    return digest, path
