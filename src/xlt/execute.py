"""Executors: where a study's runs happen. Each gets the same RunJobs and returns the same outcomes.

- `local`: in this process, one run after another (with live training and evaluation bars), or a
  process pool with `--workers N` where each worker owns its own slice of the visible GPUs
  (`CUDA_VISIBLE_DEVICES`, gpus_per_run devices each, one when gpus_per_run = 0);
- `ray`: a Ray task per run with the CPUs, GPUs and memory the study asks for (a local cluster, or
  `--address`); Ray pins each task to its GPUs;
- `slurm`: one submitit job array for the sweep (partition, account, time, memory, GPUs from the
  study); submitit's local executor stands in for SLURM where there is none.

Every run pins torch to the study's `cpus_per_run` threads, so all executors give equal results.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from functools import partial

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from xlt import artifacts, submission
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


def busy_elsewhere(prep: Prepared, jobs: list[RunJob]) -> tuple[list[RunJob], list[RunJob]]:
    """(free, busy): a run is busy while a stage of it has a live lease (another process or node builds it)
    or while the job a detached sweep submitted for it is still alive; a second `xlt run` leaves it alone."""
    record = submission.read_record(prep.study_dir)
    free, busy = [], []
    for job in jobs:
        stages = [job.eval_dir] if job.spec["method"] == "none" else [job.model_dir, job.eval_dir]
        lease = next((x for x in map(artifacts.live_builder, stages) if x is not None), None)
        state = submission.job_state(record, job.spec["id"])
        if lease is not None or (state is not None and state.state == "alive"):
            where = f"{lease['host']} (pid {lease['pid']})" if lease else f"job {state.job_id}"
            log.info("run %s is running elsewhere (%s): left alone", job.spec["id"], where)
            busy.append(job)
        else:
            free.append(job)
    return free, busy


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


@contextmanager
def stop_on_sigterm():
    """SIGTERM (`kill`, a scheduler's time limit) stops a study as Ctrl-C does: KeyboardInterrupt at the next
    bytecode, so a stage's artifact is either committed whole or left as a temporary folder the next run
    clears; a second `xlt run` resumes from what was committed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        STOP.set()  # remembered: a KeyboardInterrupt raised inside a __del__ would be swallowed (and printed) there
        if frame is not None and frame.f_code.co_name == "__del__":
            return  # the next stop_point raises it
        raise KeyboardInterrupt(f"signal {signum}")

    STOP.clear()
    previous = {sig: signal.signal(sig, interrupt) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
        stop_point()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


STOP = threading.Event()  # a SIGTERM arrived during this execute()


def stop_point() -> None:
    """A safe point between runs: stop here if a SIGTERM arrived, even one whose KeyboardInterrupt was swallowed."""
    if STOP.is_set():
        raise KeyboardInterrupt("SIGTERM")


def execute(prep: Prepared, executor: str = "local", workers: int = 1, address: str | None = None, progress: bool = True) -> list[RunOutcome]:
    if executor not in EXECUTORS:
        raise InputError(f"unknown executor {executor!r}; expected one of {list(EXECUTORS)}", key="--executor")
    with stop_on_sigterm():
        return _execute(prep, executor, workers, address, progress)


def _execute(prep: Prepared, executor: str, workers: int, address: str | None, progress: bool) -> list[RunOutcome]:
    todo, outcomes = _pending(prep)
    todo, busy = busy_elsewhere(prep, todo)
    log.info("%d runs, %d to do, %d running elsewhere, executor %s", len(prep.jobs), len(todo), len(busy), executor)
    with _progress(progress) as bar:
        study_task = bar.add_task(f"{prep.study.name}: runs", total=len(prep.jobs) - len(busy), completed=len(outcomes), stage="")
        if not todo:
            bar.update(study_task, stage="nothing to do")
            return outcomes
        if executor == "local" or slurm_cluster() == "local" and executor == "slurm":
            todo = on_cpu_without_gpus(todo, prep.study.execution.gpus_per_run)
        if executor == "local" and workers <= 1:
            pin_this_process(visible_devices(), prep.study.execution.gpus_per_run)
            for job in todo:
                bar.update(study_task, stage=f"{job.spec['labels'][0]} ({job.spec['model']}, {job.spec['method']})")
                outcomes.append(run_job(_with_progress(job, progress)))
                log.info("run %s done", job.spec["id"])
                bar.advance(study_task)
                stop_point()
        elif executor == "local":
            gpus = prep.study.execution.gpus_per_run
            # run_job named here, not as a default argument, so the job a worker runs is the module's at call time
            outcomes += _pool(todo, workers, lambda: bar.advance(study_task), visible_devices(), gpus, fn=run_job)
        elif executor == "ray":
            outcomes += _ray(prep, todo, address, lambda: bar.advance(study_task))
        else:
            outcomes += _slurm(prep, todo, lambda: bar.advance(study_task), fn=run_job)
        bar.update(study_task, stage="done")
    return outcomes


def _with_progress(job: RunJob, progress: bool) -> RunJob:
    from dataclasses import replace

    return replace(job, progress=progress)


def on_cpu_without_gpus(jobs: list[RunJob], gpus_per_run: int) -> list[RunJob]:
    """gpus_per_run where this machine has no GPU (the local executor, submitit's local one): each run
    trains in one process on CPU, with a notice, and still reaches its global batch by accumulation. So
    a paper study that asks for 8 GPUs runs its --smoke on a laptop; Ray and SLURM get the GPUs asked for."""
    if not gpus_per_run or visible_devices() or not jobs:
        return jobs
    from dataclasses import replace

    log.warning("gpus_per_run = %d but no GPU is visible: each run trains in one process on CPU", gpus_per_run)
    return [replace(job, gpus=0) for job in jobs]


def visible_devices() -> list[str]:
    """The GPUs this process may hand out: CUDA_VISIBLE_DEVICES when set, else every GPU torch sees."""
    env = os.environ.get("CUDA_VISIBLE_DEVICES")
    if env is not None:
        return [d.strip() for d in env.split(",") if d.strip() and d.strip() != "-1"]
    import torch

    return [str(i) for i in range(torch.cuda.device_count())]


def device_slices(devices: list[str], gpus_per_run: int, workers: int) -> list[list[str]]:
    """One disjoint device set per worker: gpus_per_run devices each (one when it is 0), never shared,
    so there are at most as many workers as sets fit. Without GPUs every worker gets [] (CPU)."""
    if not devices:
        return [[] for _ in range(workers)]
    per = max(1, gpus_per_run)
    fit = len(devices) // per
    if fit == 0:
        raise InputError(
            f"gpus_per_run = {gpus_per_run} but only {len(devices)} GPU(s) are visible ({','.join(devices)})",
            key="execution.gpus_per_run",
        )
    if fit < workers:
        log.info("%d workers asked, %d fit on %d GPUs at %d per run", workers, fit, len(devices), per)
    return [devices[i * per : (i + 1) * per] for i in range(min(workers, fit))]


def pin_this_process(devices: list[str], gpus_per_run: int) -> None:
    """Runs one after another in this process: each gets the first device set, not every GPU (a
    process that sees several GPUs makes the Trainer fall back to DataParallel)."""
    if not devices:
        return
    mine = device_slices(devices, gpus_per_run, 1)[0]
    if len(mine) == len(devices):
        return
    import torch

    if torch.cuda.is_initialized():
        log.warning("CUDA is already in use in this process: runs see GPUs %s, not only %s", devices, mine)
        return
    os.environ["CUDA_VISIBLE_DEVICES"] = ",".join(mine)


def _pin(slices) -> None:
    """Pool initializer: this worker takes one device set for its lifetime (before torch touches CUDA)."""
    mine = slices.get()
    if mine is not None:
        os.environ["CUDA_VISIBLE_DEVICES"] = ",".join(mine)


def _pool(jobs: list, workers: int, advance, devices: list[str] = (), gpus_per_run: int = 0, fn=run_job) -> list:
    out = []
    slices = device_slices(list(devices), gpus_per_run, workers)
    # spawn: a fresh interpreter per worker (torch and fork do not mix); the pool starts exactly one
    # worker per slice and replaces none, so each slice is taken once
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    for s in slices:
        queue.put(s if devices else None)
    with ProcessPoolExecutor(max_workers=len(slices), mp_context=ctx, initializer=_pin, initargs=(queue,)) as pool:
        futures = {pool.submit(fn, job): job for job in jobs}
        try:
            for fut in as_completed(futures):
                out.append(fut.result())
                log.info("run %s done", futures[fut].spec["id"])
                advance()
        except KeyboardInterrupt:
            # runs not started are dropped and those in flight stopped: a SIGTERM reaches only this process, and
            # workers left running would outlive it (orphaned) or hold its exit until their runs end; a stage
            # they leave half-done is a temporary folder the next run clears
            pool.shutdown(wait=False, cancel_futures=True)
            for worker in multiprocessing.active_children():
                worker.terminate()
            raise
    return out


def ray_resources(ex) -> dict:
    """What one run asks Ray for; Ray then sets CUDA_VISIBLE_DEVICES to the GPUs it granted."""
    res = {"num_cpus": ex.cpus_per_run, "num_gpus": ex.gpus_per_run}
    if ex.mem_gb:
        res["memory"] = ex.mem_gb * 2**30
    return res


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
        remote = ray.remote(**ray_resources(ex))(run_job)
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


def slurm_parameters(ex, cluster: str | None) -> dict:
    """submitit parameters for each task of the job array; slurm_* keys only where there is SLURM."""
    params = {"timeout_min": ex.time_min, "cpus_per_task": ex.cpus_per_run, "gpus_per_node": ex.gpus_per_run}
    if ex.mem_gb:
        params["mem_gb"] = ex.mem_gb
    if cluster == "slurm":
        for key, value in (("partition", ex.partition), ("account", ex.account), ("array_parallelism", ex.array_parallelism)):
            if value:
                params[f"slurm_{key}"] = value
    return params


def submit_array(prep: Prepared, jobs: list, fn=run_job) -> list:
    """Submit the runs as one job array (one `sbatch --array`); returns submitit's jobs, in order."""
    try:
        import submitit
    except ImportError:
        raise InputError("the slurm executor needs submitit: pip install 'xlt[scale]'", key="--executor") from None
    folder = prep.study_dir / "slurm"
    executor = submitit.AutoExecutor(folder=str(folder), cluster=slurm_cluster())
    params = slurm_parameters(prep.study.execution, slurm_cluster())
    if slurm_cluster() == "local" and not visible_devices():
        params["gpus_per_node"] = 0  # the jobs train on CPU (on_cpu_without_gpus)
    executor.update_parameters(**params)
    with _controllers_log(folder):
        return executor.map_array(fn, jobs)


def slurm_cluster() -> str:
    return "slurm" if _has_slurm() else "local"  # submitit's local executor where there is no SLURM


@contextmanager
def _controllers_log(folder):
    """submitit's local executor starts a controller per job that inherits stdout and stderr: pointed at a
    log file here, so a detached `xlt run` whose output is piped returns at once, and the jobs' output
    never lands on the terminal after xlt has exited."""
    if slurm_cluster() != "local":
        yield
        return
    import sys

    folder.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    with open(folder / "controllers.log", "ab") as fh:
        os.dup2(fh.fileno(), 1)
        os.dup2(fh.fileno(), 2)
    try:
        yield
    finally:
        for fd, copy in zip((1, 2), saved, strict=True):
            os.dup2(copy, fd)
            os.close(copy)


DETACH_EXECUTORS = ("slurm",)


def detach(prep: Prepared, executor: str) -> dict:
    """Submit the runs with work left (not done, not running elsewhere) and return at once: what was
    submitted, what is done, what runs elsewhere. `xlt status` follows it; `xlt run` again collects."""
    if executor not in DETACH_EXECUTORS:
        raise InputError(
            f"--detach submits the sweep as a SLURM job array (--executor slurm; submitit's local executor where "
            f"there is no SLURM), not with {executor!r}; with Ray, detach the whole command: ray job submit -- xlt run ...",
            key="--detach",
        )
    todo, done = _pending(prep)
    todo, busy = busy_elsewhere(prep, todo)
    ids: dict[str, str] = {}
    if slurm_cluster() == "local":
        todo = on_cpu_without_gpus(todo, prep.study.execution.gpus_per_run)
    if todo:
        for sub, job in zip(submit_array(prep, todo, fn=partial(submission.reporting, run_job)), todo, strict=True):
            ids[job.spec["id"]] = str(sub.job_id)
        submission.write_record(prep.study_dir, slurm_cluster(), prep.study_dir / "slurm", ids)
        log.info("submitted %d runs (%s): %s", len(ids), slurm_cluster(), ids)
    return {"submitted": ids, "done": len(done), "running": len(busy), "cluster": slurm_cluster()}


def _slurm(prep: Prepared, jobs: list, advance, fn=run_job) -> list:
    submitted = list(zip(submit_array(prep, jobs, fn), jobs, strict=True))
    out = []
    for sub, job in submitted:
        out.append(sub.result())
        log.info("run %s done (slurm job %s)", job.spec["id"], sub.job_id)
        advance()
    return out


def _has_slurm() -> bool:
    import shutil

    return shutil.which("sbatch") is not None
