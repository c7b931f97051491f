"""IF_L: side by side against the monolingual model of the evaluation language (Shaham et al.).

For each run and evaluation language L where the study has a run tuned on L alone, a judge compares
the two runs' responses in both orders; a win needs both verdicts. Each comparison is an artifact of
its own in `.store/sxs/`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from xlt import artifacts
from xlt.job import RunJob
from xlt.store import content_hash
from xlt.study import Study

log = logging.getLogger("xlt")
RULE_SXS_VERSION = 2  # bump when the rule judge's side-by-side verdicts change (2: graded by language)


@dataclass(frozen=True)
class SxsJob:
    run: str
    lang: str  # the evaluation language L; the reference is the run tuned monolingually on L
    reference: str
    eval_dir: str
    reference_eval_dir: str
    out_dir: str
    judge: str
    template: str | None


def sxs_enabled(study: Study) -> bool:
    return study.eval.sxs if study.eval.sxs is not None else any(d.kind == "monolingual" for d in study.design)


def sxs_jobs(study: Study, jobs: list[RunJob], store: Path) -> list[SxsJob]:
    """One comparison per (run, eval language L) where the study has a run tuned on L alone."""
    if not sxs_enabled(study):
        return []
    mono = {}
    for j in jobs:
        for p in j.spec["design_params"]:
            if p.get("kind") == "monolingual":
                mono[(j.spec["model"], j.spec["method"], j.spec["seed"], p["language"])] = j
    out = []
    for j in jobs:
        for lang in study.languages.eval:
            ref = mono.get((j.spec["model"], j.spec["method"] if j.spec["method"] != "none" else study.models.method[0], j.spec["seed"], lang))
            if ref is None:
                continue
            key = content_hash({"a": Path(j.eval_dir).name, "b": Path(ref.eval_dir).name, "lang": lang, "judge": study.eval.judge, "template": study.eval.template, "rule": RULE_SXS_VERSION})
            out.append(SxsJob(j.spec["id"], lang, ref.spec["id"], j.eval_dir, ref.eval_dir, str(store / "sxs" / key), study.eval.judge, study.eval.template))
    return out


def _generations(eval_dir: str, lang: str) -> pl.DataFrame:
    """One row per generated item (set, id, task, prompt, output) in one language; multiple-choice items
    (scored by option log-likelihood, their output is the option picked) have nothing to judge."""
    from xlt.evaluate.tasks import OPTION_METRICS

    items = pl.read_parquet(Path(eval_dir) / "items.parquet")
    items = items.filter((pl.col("lang") == lang) & pl.col("output").is_not_null() & ~pl.col("metric").is_in(OPTION_METRICS))
    return items.unique(["set", "id"], keep="first", maintain_order=True).select("set", "id", "task", "prompt", "output")


def run_sxs(job: SxsJob, gold: pl.DataFrame) -> None:
    """Judge the run's responses against the monolingual model's, both orders; a win needs both verdicts."""
    from xlt.evaluate import judges

    a = _generations(job.eval_dir, job.lang)
    b = _generations(job.reference_eval_dir, job.lang).select("set", "id", pl.col("output").alias("output_b"))
    reference = gold.filter(pl.col("lang") == job.lang).select("set", "id", "response")
    both = a.join(b, on=["set", "id"]).join(reference, on=["set", "id"], how="left")
    pairs = [judges.Pair(r["id"], job.lang, r["prompt"], r["output"], r["output_b"], r["response"], r["task"]) for r in both.iter_rows(named=True)]
    template = judges.load_template("sxs", job.template) if job.template else None
    result = judges.judge_sxs(pairs, judges.make_judge(job.judge), template=template)
    value = {"win": 1.0, "tie": 0.5, "loss": 0.0, None: None}
    table = pl.DataFrame(
        {"set": both["set"], "id": both["id"], "outcome": [o or "unparsed" for o in result.outcomes], "value": [value[o] for o in result.outcomes]},
        schema={"set": pl.Utf8, "id": pl.Utf8, "outcome": pl.Utf8, "value": pl.Float64},
    )
    tmp = artifacts.staging(job.out_dir)
    table.write_parquet(tmp / "items.parquet")
    artifacts.commit(tmp, job.out_dir, {"run": job.run, "reference": job.reference, "lang": job.lang})


def judge_pending(jobs: list[SxsJob], eval_items: str) -> None:
    """Judge the comparisons whose artifact is not complete yet; `eval_items`: the study's items parquet (the gold responses)."""
    pending = [j for j in jobs if not artifacts.is_complete(j.out_dir)]
    if not pending:
        return
    gold = pl.read_parquet(eval_items).select("set", "id", "lang", "response")
    for j in pending:
        run_sxs(j, gold)
    log.info("%d side-by-side comparisons judged (%s)", len(pending), pending[0].judge)
