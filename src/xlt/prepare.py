"""Everything before the runs: the study, its directory, corpus, plan, base models, mixtures and
evaluation items, ending in one `RunJob` per run (what a worker needs) and the IF_L comparisons."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from xlt import artifacts
from xlt.errors import InputError
from xlt.job import RunJob
from xlt.plan import RunSpec, plan_study
from xlt.smoke import smoke_plan, with_smoke
from xlt.stages.bases import base_identity, model_key, resolve_base_model
from xlt.stages.corpus import load_study_corpus
from xlt.stages.items import check_judge, eval_config, eval_items, eval_key, store_items
from xlt.stages.mixtures import build_mixtures
from xlt.stages.sxs import SxsJob, sxs_jobs
from xlt.status import write_jobs
from xlt.store import write_atomic, write_json
from xlt.study import Study, builtin_study_path, load_study_data
from xlt.studydir import claim_study_dir, effective_study_toml, study_summary

log = logging.getLogger("xlt")
STORE_STAGES = ("mixtures", "models", "evals", "corpora", "sxs")  # `.store/` folders of content-addressed artifacts


@dataclass
class Prepared:
    study: Study
    study_dir: Path
    store: Path
    runs: list[RunSpec]
    jobs: list[RunJob]
    exposure: dict = field(default_factory=dict)
    sxs: list[SxsJob] = field(default_factory=list)


def prepare(study_path: str | Path | None, out: str | Path, progress: bool = True, overrides=(), smoke: bool = False, on_study_dir=None) -> Prepared:
    """The study made ready to run. `overrides`: --set KEY=VALUE applied to the study file; `smoke`: the
    pipeline cut to the bone (smoke.py); `on_study_dir`: called with the study directory once it is claimed."""
    path = Path(study_path) if study_path else builtin_study_path("micro")
    overrides = with_smoke(path, overrides, smoke)
    study, data = load_study_data(path, overrides)
    out = Path(out)
    store = out / ".store"
    for sub in STORE_STAGES:
        artifacts.clear_stale(store / sub)
    corpus = load_study_corpus(study, store, smoke=smoke)
    try:
        # a smoke run plans the whole study without the corpus (its cut is what must fit the corpus: smoke.shrink)
        runs = plan_study(study, None if smoke else corpus)
        items = eval_items(study, corpus)
        check_judge(study, items)  # before any model is built or trained
    except InputError as exc:
        raise InputError(str(exc), source=str(path)) from None
    if smoke:
        runs = smoke_plan(runs)
    study_dir = claim_study_dir(study, out)
    if on_study_dir:
        on_study_dir(study_dir)
    log.info("study %s: %d runs planned from %s%s", study.name, len(runs), path, " (smoke)" if smoke else "")
    write_atomic(study_dir / "study.toml", effective_study_toml(path, overrides, data))

    bases, exposure, base_ids = {}, {}, {}
    for model in study.models.base:
        bases[model], exposure[model] = resolve_base_model(study, model, progress)
        base_ids[model] = base_identity(bases[model], model)
    mixtures = build_mixtures(study, runs, corpus, store)
    items_digest, items_path = store_items(items, store)
    config = eval_config(study)
    jobs = [
        RunJob(
            spec=r.as_dict(),
            base_path=bases[r.model],
            mixture_dir=str(mixtures[r.mixture]) if r.mixture else None,
            model_dir=str(store / "models" / model_key(r, base_ids[r.model])),
            eval_dir=str(store / "evals" / eval_key(study, items_digest, r, base_ids[r.model])),
            eval_items=str(items_path),
            eval_config=config,
            threads=study.execution.cpus_per_run,
            trust_remote_code=study.models.trust_remote_code,
            gpus=study.execution.gpus_per_run,
            study=study.name,
            report_to=study.execution.report_to,
            log_dir=str(study_dir / "tensorboard"),
            device_map=study.models.device_map_for(r.model),
        )
        for r in runs
    ]
    write_json(study_dir / "study.json", study_summary(study, exposure) | ({"smoke": True} if smoke else {}))
    write_json(study_dir / "plan.json", [r.as_dict() for r in runs])
    write_jobs(study_dir, jobs)
    return Prepared(study, study_dir, store, runs, jobs, exposure, sxs_jobs(study, jobs, store))
