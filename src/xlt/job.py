"""One run as a worker runs it: train (unless done or the untuned reference), then evaluate (unless done).

A `RunJob` is plain data so it crosses process and cluster boundaries; every executor (execute.py)
calls `run_job` on it. Each stage writes its artifact under a staging folder and commits it with a
DONE marker (artifacts.py), so a killed worker leaves nothing half-written.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from xlt import artifacts
from xlt.logs import worker_log
from xlt.store import write_json

log = logging.getLogger("xlt")


@dataclass(frozen=True)
class RunJob:
    spec: dict  # plan.RunSpec.as_dict()
    base_path: str
    mixture_dir: str | None
    model_dir: str  # the trained model's artifact folder (the base model for the reference run)
    eval_dir: str
    eval_items: str  # parquet of the study's evaluation items
    eval_config: dict  # stages.items.eval_config
    threads: int
    trust_remote_code: bool = False
    progress: bool = False
    gpus: int = 0  # [execution] gpus_per_run: more than one trains in that many processes (accelerate)
    study: str = ""  # the study's name, a tag for experiment tracking
    report_to: str = "none"  # [execution] report_to
    log_dir: str | None = None  # where tensorboard writes (<study dir>/tensorboard)
    device_map: str | None = None  # [models] device_map for this run's model at evaluation


@dataclass
class RunOutcome:
    run: str
    trained: bool = False
    evaluated: bool = False
    seconds: float = 0.0


def run_job(job: RunJob) -> RunOutcome:
    """Train (unless done or the untuned reference) and evaluate (unless done) one run."""
    worker_log()
    import torch

    torch.set_num_threads(job.threads)  # the same in every executor: equal results
    started = time.perf_counter()
    outcome = RunOutcome(run=job.spec["id"])
    if job.spec["method"] != "none" and not artifacts.is_complete(job.model_dir):
        _train(job)
        outcome.trained = True
    if not artifacts.is_complete(job.eval_dir):
        _evaluate(job)
        outcome.evaluated = True
    outcome.seconds = time.perf_counter() - started
    return outcome


def checkpoint_dir(model_dir: str) -> Path:
    """Where a run's resumable checkpoints live: beside its artifact, outside the per-process staging
    folder, so a run killed mid-training resumes there (clear_stale leaves it alone)."""
    model_dir = Path(model_dir)
    return model_dir.parent / f".{model_dir.name}.checkpoints"


def _train(job: RunJob) -> None:
    from xlt.mixture import read_mixture
    from xlt.train import RunRecipe, Tracking, train

    rows = read_mixture(job.mixture_dir)
    val = [json.loads(line) for line in open(Path(job.mixture_dir) / "val.jsonl", encoding="utf-8")]
    tmp = artifacts.staging(job.model_dir)
    try:
        result = train(
            job.base_path, rows, val, RunRecipe.of_run(job.spec), out_dir=tmp / "model", progress=job.progress,
            trust_remote_code=job.trust_remote_code, checkpoint_dir=checkpoint_dir(job.model_dir), processes=max(1, job.gpus),
            tracking=Tracking(job.report_to, job.study, job.spec["id"], Path(job.log_dir) if job.log_dir else None),
        )
        write_json(tmp / "train_report.json", result.report)
        artifacts.commit(tmp, job.model_dir, {"run": job.spec["id"]})
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _evaluate(job: RunJob) -> None:
    """Score the run on every set, each with its own decoding and multiple-choice format; the model is loaded once.

    With another engine than "hf" ([eval] engine), the HF copy scores what needs log-likelihoods
    (multiple choice, lm-eval tasks) first, is then released, and one engine generates for every set."""
    from xlt.evaluate import lmeval
    from xlt.evaluate.engines import open_engine, release
    from xlt.evaluate.models import load_model
    from xlt.evaluate.pipeline import evaluate, prompt_fit

    spec, cfg = job.spec, job.eval_config
    engine_name = cfg.get("engine", "hf")
    model = job.base_path if spec["method"] == "none" else str(Path(job.model_dir) / "model")
    items = pl.read_parquet(job.eval_items)
    tmp = artifacts.staging(job.eval_dir)
    try:
        lm = load_model(model, trust_remote_code=job.trust_remote_code, device_map=job.device_map)
        scored, fits = [], []
        if (items["task"] == lmeval.TASK).any():  # lm-eval scores these, with its own prompts and metrics
            scored.append(lmeval.evaluate_sets(lm, items.filter(pl.col("task") == lmeval.TASK), cfg["batch_size"]))
        sets = [(name, part) for (name,), part in items.filter(pl.col("task") != lmeval.TASK).group_by("set", maintain_order=True)]

        def score(name, part, engine=None):
            conf = cfg["sets"].get(name, cfg)  # a corpus task's test split: [eval]'s own settings
            return evaluate(
                lm, part, decoding=conf["decoding"], seed=spec["seed"], judge=cfg["judge"], lid=cfg["lid"],
                option_format=conf["option_format"], batch_size=cfg["batch_size"], judge_scale=cfg["judge_scale"],
                judge_template=cfg.get("template"), long_prompts=cfg["long_prompts"],
                max_prompt_tokens=cfg["max_prompt_tokens"], engine=engine,
            )

        if engine_name == "hf":
            outs = {name: [score(name, part)] for name, part in sets}
        else:
            outs = {name: [score(name, choice_rows(part))] for name, part in sets if choice_rows(part).height}
            lm = release(lm)  # the last reference to the HF weights: the engine gets the GPU
            engine = open_engine(engine_name, lm, model, trust_remote_code=job.trust_remote_code, seed=spec["seed"],
                                 devices=max(1, job.gpus))
            for name, part in sets:
                gen = generation_rows(part)
                if gen.height:
                    outs.setdefault(name, []).append(score(name, gen, engine))
            del engine
        for name, part in sets:
            out = pl.concat(outs[name])
            scored.append(out)
            fits.append(prompt_fit(part, out))
        pl.concat(scored).write_parquet(tmp / "items.parquet")
        write_json(tmp / "long_prompts.json", pl.concat(fits).to_dicts() if fits else [])
        artifacts.commit(tmp, job.eval_dir, {"run": spec["id"]})
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def choice_rows(part: pl.DataFrame) -> pl.DataFrame:
    """The multiple-choice items of a set (scored by option log-likelihood, not generated)."""
    return part.filter(_is_choice(part))


def generation_rows(part: pl.DataFrame) -> pl.DataFrame:
    """The items of a set that are answered by generation."""
    return part.filter(~_is_choice(part))


def _is_choice(part: pl.DataFrame) -> pl.Expr:
    if "options" not in part.columns:
        return pl.repeat(False, part.height)
    return pl.col("options").is_not_null() & (pl.col("options").list.len() > 0)
