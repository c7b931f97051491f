"""The executors really run each job elsewhere: the process pool in other processes, Ray as Ray tasks.

An executor replaced by an in-process loop gives the same results (test_run compares them), so these
tests look at where each job ran: the job function below reports its process id and, under Ray, its
task id."""

import os
from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from xlt import execute
from xlt.study import Execution


@dataclass(frozen=True)
class Job:
    spec: dict


def where_it_ran(job: Job) -> dict:
    """Stands in for run_job: picklable by reference (module level), so spawned workers and Ray import it."""
    task = None
    try:
        import ray

        if ray.is_initialized():
            task = ray.get_runtime_context().get_task_id()
    except ImportError:
        pass
    return {"run": job.spec["id"], "pid": os.getpid(), "ray_task": task}


@pytest.fixture
def jobs(monkeypatch):
    monkeypatch.setattr(execute, "run_job", where_it_ran)
    return [Job({"id": f"run-{i}"}) for i in range(3)]


def test_process_pool_runs_every_job_in_another_process(jobs):
    advanced = []
    out = execute._pool(jobs, 2, lambda: advanced.append(1))
    assert sorted(o["run"] for o in out) == ["run-0", "run-1", "run-2"] and len(advanced) == 3
    assert all(o["pid"] != os.getpid() for o in out)
    assert all(o["ray_task"] is None for o in out)


@pytest.mark.slow
def test_ray_runs_every_job_as_a_ray_task(jobs):
    ray = pytest.importorskip("ray")
    prep = SimpleNamespace(study=SimpleNamespace(execution=Execution(cpus_per_run=1)))
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        out = execute._ray(prep, jobs, None, lambda: None)
    finally:
        ray.shutdown()
    assert sorted(o["run"] for o in out) == ["run-0", "run-1", "run-2"]
    assert all(o["ray_task"] for o in out)  # a task id: it ran as a Ray task, not in this driver
    assert all(o["pid"] != os.getpid() for o in out)


def _artifact(path):
    from xlt import artifacts

    tmp = artifacts.staging(path)
    (tmp / "f").write_text("x")
    artifacts.commit(tmp, path)
    return str(path)


def test_pending_skips_only_runs_whose_model_and_evaluation_are_complete(tmp_path):
    done_model, done_eval = _artifact(tmp_path / "m1"), _artifact(tmp_path / "e1")
    missing = str(tmp_path / "none")
    jobs = [
        SimpleNamespace(spec={"id": "both", "method": "full"}, model_dir=done_model, eval_dir=done_eval),
        SimpleNamespace(spec={"id": "untrained", "method": "full"}, model_dir=missing, eval_dir=done_eval),
        SimpleNamespace(spec={"id": "unevaluated", "method": "full"}, model_dir=done_model, eval_dir=missing),
        SimpleNamespace(spec={"id": "reference", "method": "none"}, model_dir=missing, eval_dir=done_eval),
    ]
    todo, done = execute._pending(SimpleNamespace(jobs=jobs))
    assert [j.spec["id"] for j in todo] == ["untrained", "unevaluated"]
    assert [o.run for o in done] == ["both", "reference"] and not any(o.trained or o.evaluated for o in done)


def test_an_unknown_executor_is_refused():
    from xlt.errors import InputError

    with pytest.raises(InputError, match="unknown executor 'k8s'"):
        execute.execute(SimpleNamespace(jobs=[]), executor="k8s")


def test_sigterm_inside_execute_raises_keyboard_interrupt_and_the_handler_is_restored():
    import signal

    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(KeyboardInterrupt):
        with execute.stop_on_sigterm():
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(10**7):  # the handler runs at the next bytecode
                pass
    assert signal.getsignal(signal.SIGTERM) == before
