"""Executors: where a study's runs happen. Each gets the same RunJobs and returns the same outcomes.

- `local`: in this process, one run after another (with live training and evaluation bars), or a
  process pool with `--workers N`;
- `ray`: a Ray task per run with the CPUs/GPUs the study asks for (a local cluster, or `--address`);
- `slurm`: a submitit job per run (partition, time and GPUs from the study); submitit's local
  executor stands in for SLURM where there is none.

Every run pins torch to the study's `cpus_per_run` threads, so all executors give equal results.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, as_completed

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from xlt import artifacts
from xlt.errors import InputError
from xlt.job import RunJob, RunOutcome, log, run_job
from xlt.prepare import Prepared

EXECUTORS = ("local", "ray", "slurm")


def _pending(prep: Prepared) -> tuple[list[RunJob], list[RunOutcome]]:
    """Jobs with work left, and outcomes of the ones already complete (nothing to do)."""
    todo, done = [], []
    for job in prep.jobs:
        trained = job.spec["method"] == "none" or artifacts.is_complete(job.model_dir)
        if trained and artifacts.is_complete(job.eval_dir):
            done.append(RunOutcome(run=job.spec["id"]))
        else:
            todo.append(job)
    return todo, done


def _progress(enabled: bool) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[stage]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        disable=not enabled,
        transient=False,
    )


def execute(prep: Prepared, executor: str = "local", workers: int = 1, address: str | None = None, progress: bool = True) -> list[RunOutcome]:
    if executor not in EXECUTORS:
        raise InputError(f"unknown executor {executor!r}; expected one of {list(EXECUTORS)}", key="--executor")
    todo, outcomes = _pending(prep)
    log.info("%d runs, %d to do, executor %s", len(prep.jobs), len(todo), executor)
    with _progress(progress) as bar:
        study_task = bar.add_task(f"{prep.study.name}: runs", total=len(prep.jobs), completed=len(outcomes), stage="")
        if not todo:
            bar.update(study_task, stage="nothing to do")
            return outcomes
        if executor == "local" and workers <= 1:
            for job in todo:
                bar.update(study_task, stage=f"{job.spec['labels'][0]} ({job.spec['model']}, {job.spec['method']})")
                outcomes.append(run_job(_with_progress(job, progress)))
                log.info("run %s done", job.spec["id"])
                bar.advance(study_task)
        elif executor == "local":
            outcomes += _pool(todo, workers, lambda: bar.advance(study_task))
        elif executor == "ray":
            outcomes += _ray(prep, todo, address, lambda: bar.advance(study_task))
        else:
            outcomes += _slurm(prep, todo, lambda: bar.advance(study_task))
        bar.update(study_task, stage="done")
    return outcomes


def _with_progress(job: RunJob, progress: bool) -> RunJob:
    from dataclasses import replace

    return replace(job, progress=progress)


def _pool(jobs: list[RunJob], workers: int, advance) -> list[RunOutcome]:
    out = []
    # spawn: a fresh interpreter per worker (torch and fork do not mix)
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(run_job, job): job for job in jobs}
        for fut in as_completed(futures):
            out.append(fut.result())
            log.info("run %s done", futures[fut].spec["id"])
            advance()
    return out


def _ray(prep: Prepared, jobs: list[RunJob], address: str | None, advance) -> list[RunOutcome]:
    try:
        import ray
    except ImportError:
        raise InputError("the ray executor needs Ray: pip install 'xlt[scale]'", key="--executor") from None
    ex = prep.study.execution
    started_here = not ray.is_initialized()
    if started_here:
        ray.init(address=address or ex.address, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    try:
        remote = ray.remote(num_cpus=ex.cpus_per_run, num_gpus=ex.gpus_per_run)(run_job)
        pending = {remote.remote(job): job for job in jobs}
        out = []
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1)
            for ref in ready:
                out.append(ray.get(ref))
                log.info("run %s done (ray)", pending.pop(ref).spec["id"])
                advance()
        return out
    finally:
        if started_here:
            ray.shutdown()


def _slurm(prep: Prepared, jobs: list[RunJob], advance) -> list[RunOutcome]:
    try:
        import submitit
    except ImportError:
        raise InputError("the slurm executor needs submitit: pip install 'xlt[scale]'", key="--executor") from None
    ex = prep.study.execution
    folder = prep.study_dir / "slurm"
    cluster = None if _has_slurm() else "local"  # submitit's local executor where there is no SLURM
    executor = submitit.AutoExecutor(folder=str(folder), cluster=cluster)
    params = {"timeout_min": ex.time_min, "cpus_per_task": ex.cpus_per_run, "gpus_per_node": ex.gpus_per_run}
    if cluster is None and ex.partition:
        params["slurm_partition"] = ex.partition
    executor.update_parameters(**params)
    submitted = [(executor.submit(run_job, job), job) for job in jobs]
    out = []
    for sub, job in submitted:
        out.append(sub.result())
        log.info("run %s done (slurm job %s)", job.spec["id"], sub.job_id)
        advance()
    return out


def _has_slurm() -> bool:
    import shutil

    return shutil.which("sbatch") is not None
