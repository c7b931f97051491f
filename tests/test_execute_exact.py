"""execute() through each executor, fast: run_job is replaced by a module-level stand-in that says where it ran,
so a sweep takes seconds and the mutation bench can run these tests against every mutant of execute.py.
Ray's driver loop runs against a recording stand-in of the `ray` module (the real cluster is test_execute's
slow test); the process pool and submitit's local executor are real."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from xlt import artifacts, execute
from xlt.job import RunJob, RunOutcome
from xlt.study import Execution


def ran_here(job: RunJob) -> RunOutcome:
    """Stands in for run_job: picklable by reference; the outcome says which process ran it and with what."""
    return RunOutcome(run=job.spec["id"], trained=job.progress, evaluated=True, seconds=float(os.getpid()))


def devices_seen(job: RunJob) -> RunOutcome:
    """Stands in for run_job: the outcome's run carries the job's GPU count, the devices its process sees and
    that process's pid."""
    return RunOutcome(run=f"{job.spec['id']} gpus={job.gpus} visible={os.environ.get('CUDA_VISIBLE_DEVICES')} pid={os.getpid()}",
                      trained=False, evaluated=True, seconds=0.0)


def devices_seen_together(job: RunJob) -> RunOutcome:
    """devices_seen once two pool workers have each started a job (a rendezvous of pid files in
    $XLT_TEST_RENDEZVOUS): the first worker waits for the second instead of running every job alone."""
    import time
    from pathlib import Path

    folder = Path(os.environ["XLT_TEST_RENDEZVOUS"])
    (folder / str(os.getpid())).touch()
    deadline = time.time() + 120
    while len(list(folder.iterdir())) < 2 and time.time() < deadline:
        time.sleep(0.05)
    return devices_seen(job)


def _job(tmp_path, rid: str, *, method="full", trained=False, evaluated=False) -> RunJob:
    model, ev = tmp_path / f"{rid}-model", tmp_path / f"{rid}-eval"
    for done, path in ((trained, model), (evaluated, ev)):
        if done:
            tmp = artifacts.staging(path)
            (tmp / "f").write_text("x")
            artifacts.commit(tmp, path)
    spec = {"id": rid, "labels": [f"label-{rid}"], "model": "tiny", "method": method}
    return RunJob(spec=spec, base_path="tiny", mixture_dir=None, model_dir=str(model), eval_dir=str(ev), eval_items="",
                  eval_config={}, threads=1)


def _prep(tmp_path, jobs, **execution):
    study = SimpleNamespace(name="exact", execution=Execution(**execution))
    return SimpleNamespace(study=study, study_dir=tmp_path, jobs=jobs)


@pytest.fixture
def stand_in(monkeypatch):
    monkeypatch.setattr(execute, "run_job", ran_here)
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")  # no GPUs: nothing to pin, torch not asked


def test_local_runs_only_the_unfinished_jobs_in_this_process_in_order(tmp_path, stand_in):
    jobs = [_job(tmp_path, "done", trained=True, evaluated=True), _job(tmp_path, "a"),
            _job(tmp_path, "ref", method="none", evaluated=True), _job(tmp_path, "b", trained=True)]
    out = execute.execute(_prep(tmp_path, jobs), progress=False)
    assert out == [RunOutcome("done"), RunOutcome("ref"),
                   RunOutcome("a", False, True, float(os.getpid())), RunOutcome("b", False, True, float(os.getpid()))]


def test_local_hands_the_progress_flag_to_each_run(tmp_path, stand_in, capsys):
    out = execute.execute(_prep(tmp_path, [_job(tmp_path, "a")]), progress=True)
    assert out == [RunOutcome("a", True, True, float(os.getpid()))]
    err = capsys.readouterr()
    assert "exact: runs" in err.out + err.err and "1/1" in err.out + err.err


def test_progress_bars_can_be_off():
    assert execute._progress(False).disable is True
    assert execute._progress(True).disable is False


def test_nothing_to_do_returns_the_finished_outcomes(tmp_path, stand_in):
    jobs = [_job(tmp_path, "x", trained=True, evaluated=True)]
    assert execute.execute(_prep(tmp_path, jobs), progress=False) == [RunOutcome("x")]
    assert execute.execute(_prep(tmp_path, []), progress=False) == []


def test_local_workers_run_each_job_once_in_other_processes(tmp_path, stand_in):
    jobs = [_job(tmp_path, "done", trained=True, evaluated=True)] + [_job(tmp_path, f"r{i}") for i in range(3)]
    out = execute.execute(_prep(tmp_path, jobs), workers=2, progress=False)
    assert out[0] == RunOutcome("done")
    assert sorted(o.run for o in out[1:]) == ["r0", "r1", "r2"]
    assert all(o.evaluated and not o.trained and o.seconds != float(os.getpid()) for o in out[1:])


def test_a_sigterm_that_arrived_stops_at_the_next_run(tmp_path, monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    ran = []

    def first_then_term(job):
        ran.append(job.spec["id"])
        execute.STOP.set()  # as the signal handler does when its KeyboardInterrupt was swallowed
        return RunOutcome(job.spec["id"])

    monkeypatch.setattr(execute, "run_job", first_then_term)
    with pytest.raises(KeyboardInterrupt, match="SIGTERM"):
        execute.execute(_prep(tmp_path, [_job(tmp_path, "a"), _job(tmp_path, "b")]), progress=False)
    assert ran == ["a"]
    execute.STOP.clear()
    execute.stop_point()  # cleared: no stop


def test_one_local_worker_is_pinned_to_one_run_of_devices(tmp_path, stand_in, monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "2,3,4")
    execute.execute(_prep(tmp_path, [_job(tmp_path, "a")], gpus_per_run=2), progress=False)
    assert os.environ["CUDA_VISIBLE_DEVICES"] == "2,3"


def test_pinning_leaves_a_process_that_needs_every_device_alone(monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "6,7")
    execute.pin_this_process(["6", "7"], 2)
    assert os.environ["CUDA_VISIBLE_DEVICES"] == "6,7"
    execute.pin_this_process([], 1)
    assert os.environ["CUDA_VISIBLE_DEVICES"] == "6,7"


def test_visible_devices_skip_minus_one_and_blanks(monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", " 1 ,,-1, 2")
    assert execute.visible_devices() == ["1", "2"]
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "-1")
    assert execute.visible_devices() == []


def test_device_slices_message_and_counts():
    assert execute.device_slices(["a", "b", "c", "d", "e"], 2, 5) == [["a", "b"], ["c", "d"]]
    assert execute.device_slices(["a", "b"], 1, 1) == [["a"]]
    assert execute.device_slices(["a", "b", "c"], 3, 2) == [["a", "b", "c"]]
    with pytest.raises(execute.InputError) as err:
        execute.device_slices(["0", "1"], 3, 1)
    assert str(err.value) == "execution.gpus_per_run: gpus_per_run = 3 but only 2 GPU(s) are visible (0,1)"


def test_unknown_executor_message(tmp_path):
    with pytest.raises(execute.InputError) as err:
        execute.execute(_prep(tmp_path, []), executor="k8s")
    assert str(err.value) == "--executor: unknown executor 'k8s'; expected one of ['local', 'ray', 'slurm']"


@dataclass(eq=False)
class Ref:
    """An object ref: hashable by identity, as Ray's are."""

    fn: object
    job: RunJob


@dataclass
class FakeRay:
    """Records how the driver uses Ray; a task runs when its result is fetched, in submission order."""

    initialized: bool = False

    def __post_init__(self):
        self.calls = []

    def is_initialized(self):
        return self.initialized

    def init(self, **kwargs):
        self.calls.append(("init", kwargs))
        self.initialized = True

    def shutdown(self):
        self.calls.append(("shutdown",))
        self.initialized = False

    def remote(self, **resources):
        self.calls.append(("remote", resources))
        def wrap(fn):
            return SimpleNamespace(remote=lambda job: Ref(fn, job))

        return wrap

    def wait(self, refs, num_returns):
        self.calls.append(("wait", len(refs), num_returns))
        return refs[:num_returns], refs[num_returns:]

    def get(self, ref):
        return ref.fn(ref.job)


def test_ray_starts_a_cluster_with_the_study_resources_runs_every_job_and_stops_it(tmp_path, stand_in, monkeypatch):
    ray = FakeRay()
    monkeypatch.setitem(sys.modules, "ray", ray)
    jobs = [_job(tmp_path, "done", trained=True, evaluated=True), _job(tmp_path, "a"), _job(tmp_path, "b")]
    prep = _prep(tmp_path, jobs, executor="ray", cpus_per_run=3, gpus_per_run=0, mem_gb=2, address="ray://study:1")
    out = execute.execute(prep, executor="ray", progress=False)
    assert [o.run for o in out] == ["done", "a", "b"]
    assert ray.calls == [
        ("init", {"address": "ray://study:1", "include_dashboard": False, "log_to_driver": False, "ignore_reinit_error": True}),
        ("remote", {"num_cpus": 3, "num_gpus": 0, "memory": 2 * 2**30}),
        ("wait", 2, 1), ("wait", 1, 1), ("shutdown",),
    ]
    ray.calls.clear()
    execute.execute(_prep(tmp_path, [_job(tmp_path, "c")], executor="ray"), executor="ray", address="ray://flag:2", progress=False)
    assert ray.calls[0] == ("init", {"address": "ray://flag:2", "include_dashboard": False, "log_to_driver": False,
                                     "ignore_reinit_error": True})


def test_ray_joins_a_running_cluster_and_leaves_it_running(tmp_path, stand_in, monkeypatch):
    ray = FakeRay(initialized=True)
    monkeypatch.setitem(sys.modules, "ray", ray)
    advanced = []
    out = execute._ray(_prep(tmp_path, []), [_job(tmp_path, "a")], None, lambda: advanced.append(1))
    assert [o.run for o in out] == ["a"] and advanced == [1]
    assert [c[0] for c in ray.calls] == ["remote", "wait"]


def test_ray_missing_is_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray raises ImportError
    with pytest.raises(execute.InputError) as err:
        execute._ray(_prep(tmp_path, []), [], None, lambda: None)
    assert str(err.value) == "--executor: the ray executor needs Ray: pip install 'xlt[scale]'"


def test_slurm_without_sbatch_runs_the_array_with_submitits_local_executor(tmp_path, stand_in, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    assert execute._has_slurm() is False
    jobs = [_job(tmp_path, "done", trained=True, evaluated=True), _job(tmp_path, "a"), _job(tmp_path, "b")]
    prep = _prep(tmp_path, jobs, executor="slurm", partition="gpu")
    out = execute.execute(prep, executor="slurm", progress=False)
    assert [o.run for o in out] == ["done", "a", "b"]
    assert all(o.seconds != float(os.getpid()) for o in out[1:])  # each in a job of its own
    assert (tmp_path / "slurm").is_dir()


def test_slurm_parameters_without_slurm_have_no_slurm_keys():
    ex = Execution(executor="slurm", cpus_per_run=2, partition="gpu", account="lab", array_parallelism=3)
    assert execute.slurm_parameters(ex, cluster="local") == {"timeout_min": 60, "cpus_per_task": 2, "gpus_per_node": 0}
    assert execute.slurm_parameters(Execution(partition="p"), cluster="slurm") == \
        {"timeout_min": 60, "cpus_per_task": 1, "gpus_per_node": 0, "slurm_partition": "p"}


def test_a_pool_worker_takes_one_device_set_from_the_queue(monkeypatch):
    import queue

    slices = queue.Queue()
    for s in (["0", "1"], None):
        slices.put(s)
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "0,1,2,3")
    execute._pin(slices)
    assert os.environ["CUDA_VISIBLE_DEVICES"] == "0,1"
    execute._pin(slices)  # None: no GPUs to hand out, the environment is left as it is
    assert os.environ["CUDA_VISIBLE_DEVICES"] == "0,1"


def test_the_log_says_what_was_to_do_and_each_run_done(tmp_path, stand_in, caplog):
    import logging

    jobs = [_job(tmp_path, "done", trained=True, evaluated=True), _job(tmp_path, "a")]
    with caplog.at_level(logging.INFO, logger="xlt"):
        execute.execute(_prep(tmp_path, jobs), progress=False)
        execute.execute(_prep(tmp_path, jobs[:1]), progress=False)
    assert [r.getMessage() for r in caplog.records if r.name == "xlt"] == [
        "2 runs, 1 to do, 0 running elsewhere, executor local", "run a done",
        "1 runs, 0 to do, 0 running elsewhere, executor local"]


def test_workers_that_do_not_fit_are_logged(caplog):
    import logging

    with caplog.at_level(logging.INFO, logger="xlt"):
        assert execute.device_slices(["0", "1", "2"], 2, 3) == [["0", "1"]]
    assert [r.getMessage() for r in caplog.records] == ["3 workers asked, 1 fit on 3 GPUs at 2 per run"]


def test_slurm_missing_is_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "submitit", None)
    with pytest.raises(execute.InputError) as err:
        execute.submit_array(_prep(tmp_path, []), [])
    assert str(err.value) == "--executor: the slurm executor needs submitit: pip install 'xlt[scale]'"


def test_busy_elsewhere_leaves_alone_exactly_the_runs_with_a_live_lease_or_a_live_submitted_job(tmp_path, caplog):
    """A live lease on any stage the run builds (an evaluation-only run has just its evaluation), or a detached
    sweep's job that is still alive, makes a run busy; everything else is free. Each busy run is logged once, with
    where it runs."""
    import logging
    import socket

    from tests.test_artifacts import _dead_pid
    from xlt import submission

    jobs = {rid: _job(tmp_path, rid, method="none" if rid == "ref" else "full")
            for rid in ("model_leased", "eval_leased", "ref", "free", "job_alive", "job_dead")}
    artifacts.staging(jobs["model_leased"].model_dir)  # a live lease of this process: a builder elsewhere to execute()
    artifacts.staging(jobs["eval_leased"].eval_dir)
    artifacts.staging(jobs["ref"].model_dir)  # a reference run builds no model: a lease there does not make it busy
    submission.write_record(tmp_path, "local", tmp_path / "jobs", {"job_alive": str(os.getpid()), "job_dead": str(_dead_pid())})
    with caplog.at_level(logging.INFO, logger="xlt"):
        free, busy = execute.busy_elsewhere(_prep(tmp_path, list(jobs.values())), list(jobs.values()))
    assert [j.spec["id"] for j in free] == ["ref", "free", "job_dead"]
    assert [j.spec["id"] for j in busy] == ["model_leased", "eval_leased", "job_alive"]
    host, pid = socket.gethostname(), os.getpid()
    assert [r.getMessage() for r in caplog.records if "running elsewhere" in r.getMessage()] == [
        f"run model_leased is running elsewhere ({host} (pid {pid})): left alone",
        f"run eval_leased is running elsewhere ({host} (pid {pid})): left alone",
        f"run job_alive is running elsewhere (job {pid}): left alone",
    ]


@pytest.mark.parametrize("executor, workers", [("local", 1), ("local", 2), ("slurm", 1)])
def test_gpus_asked_where_none_is_visible_run_on_cpu_with_one_notice(tmp_path, monkeypatch, caplog, executor, workers):
    """The local executor (in process or pooled) and submitit's local one, on a machine without GPUs: each run is
    handed gpus = 0, so a paper study that asks for GPUs still runs on a laptop."""
    import logging

    monkeypatch.setattr(execute, "run_job", devices_seen)
    monkeypatch.setattr(execute, "_has_slurm", lambda: False)
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    jobs = [_job(tmp_path, rid) for rid in ("a", "b")]
    with caplog.at_level(logging.WARNING, logger="xlt"):
        out = execute.execute(_prep(tmp_path, jobs, gpus_per_run=2), executor=executor, workers=workers, progress=False)
    assert sorted(o.run.split(" pid=")[0] for o in out) == ["a gpus=0 visible=", "b gpus=0 visible="]
    assert [r.getMessage() for r in caplog.records] == [
        "gpus_per_run = 2 but no GPU is visible: each run trains in one process on CPU"]


def test_pooled_workers_through_execute_each_see_their_own_devices(tmp_path, monkeypatch):
    """execute() hands the study's gpus_per_run to the pool: two workers over four devices see 0,1 and 2,3."""
    monkeypatch.setattr(execute, "run_job", devices_seen_together)
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "0,1,2,3")
    (tmp_path / "rendezvous").mkdir()
    monkeypatch.setenv("XLT_TEST_RENDEZVOUS", str(tmp_path / "rendezvous"))
    jobs = [_job(tmp_path, rid) for rid in ("a", "b", "c", "d")]
    out = execute.execute(_prep(tmp_path, jobs, gpus_per_run=2), executor="local", workers=2, progress=False)
    by_pid: dict[str, set[str]] = {}
    for o in out:
        visible, pid = o.run.split("visible=")[1].split(" pid=")
        by_pid.setdefault(pid, set()).add(visible)
    assert sorted(map(sorted, by_pid.values())) == [["0,1"], ["2,3"]], by_pid  # each worker keeps its own slice
