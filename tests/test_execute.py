"""The executors: disjoint devices per worker, cluster resources from the study, and each job really run elsewhere
(the process pool in other processes, Ray as Ray tasks: an in-process loop would give the same results, so these
tests look at where each job ran)."""

import os
import time
from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from xlt import execute
from xlt.errors import InputError
from xlt.study import Execution


@dataclass(frozen=True)
class FakeJob:
    spec: dict


def report_env(job: FakeJob) -> tuple[str, int, str | None]:
    """Stands in for run_job in the worker: what this worker was given."""
    time.sleep(0.5)  # long enough that every worker gets a job
    return job.spec["id"], os.getpid(), os.environ.get("CUDA_VISIBLE_DEVICES")


def test_device_slices_are_disjoint_and_cap_the_workers():
    assert execute.device_slices(["0", "1", "2", "3"], 2, 4) == [["0", "1"], ["2", "3"]]
    assert execute.device_slices(["0", "1", "2"], 0, 2) == [["0"], ["1"]]  # a CPU recipe still gets its own GPU
    assert execute.device_slices([], 0, 3) == [[], [], []]
    with pytest.raises(InputError, match="execution.gpus_per_run"):
        execute.device_slices(["0"], 2, 1)


def test_visible_devices_follow_cuda_visible_devices(monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "3,5, 7")
    assert execute.visible_devices() == ["3", "5", "7"]
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    assert execute.visible_devices() == []


def test_one_local_worker_sees_only_the_devices_of_one_run(monkeypatch):
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "4,5,6,7")
    execute.pin_this_process(execute.visible_devices(), 2)
    assert os.environ["CUDA_VISIBLE_DEVICES"] == "4,5"
    execute.pin_this_process(execute.visible_devices(), 0)
    assert os.environ["CUDA_VISIBLE_DEVICES"] == "4"


def test_local_workers_see_disjoint_devices():
    jobs = [FakeJob({"id": f"r{i}"}) for i in range(4)]
    out = execute._pool(jobs, 2, lambda: None, devices=["0", "1", "2", "3"], gpus_per_run=2, fn=report_env)
    assert sorted(r for r, _, _ in out) == ["r0", "r1", "r2", "r3"]
    seen: dict[int, set] = {}
    for _, pid, env in out:
        seen.setdefault(pid, set()).add(env)
    assert len(seen) == 2  # two workers, each always with its own slice
    assert all(len(envs) == 1 for envs in seen.values())
    assert sorted(e for envs in seen.values() for e in envs) == ["0,1", "2,3"]


def test_ray_asks_for_the_runs_gpus_cpus_and_memory():
    ex = Execution(executor="ray", cpus_per_run=4, gpus_per_run=2, mem_gb=64)
    assert execute.ray_resources(ex) == {"num_cpus": 4, "num_gpus": 2, "memory": 64 * 2**30}
    assert execute.ray_resources(Execution()) == {"num_cpus": 1, "num_gpus": 0}


def test_slurm_parameters_come_from_the_study():
    ex = Execution(executor="slurm", cpus_per_run=8, gpus_per_run=4, mem_gb=200, partition="gpu", account="lab", time_min=90,
                   array_parallelism=16)
    assert execute.slurm_parameters(ex, cluster="slurm") == {
        "timeout_min": 90, "cpus_per_task": 8, "gpus_per_node": 4, "mem_gb": 200,
        "slurm_partition": "gpu", "slurm_account": "lab", "slurm_array_parallelism": 16,
    }


def test_slurm_runs_the_sweep_as_one_job_array(tmp_path):
    prep = SimpleNamespace(study=SimpleNamespace(execution=Execution(executor="slurm", mem_gb=1)), study_dir=tmp_path)
    jobs = [FakeJob({"id": f"r{i}"}) for i in range(3)]
    advanced = []
    out = execute._slurm(prep, jobs, lambda: advanced.append(1), fn=report_env)
    assert sorted(r for r, _, _ in out) == ["r0", "r1", "r2"] and len(advanced) == 3


FAKE_SBATCH = """#!/bin/sh
cp "$1" "$(dirname "$0")/submitted.sh"
echo "Submitted batch job 4242"
"""


def test_with_slurm_the_sweep_is_one_sbatch_array_with_the_study_keys(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "sbatch").write_text(FAKE_SBATCH)
    (bin_dir / "sbatch").chmod(0o755)
    (bin_dir / "srun").write_text("#!/bin/sh\nexit 0\n")  # submitit checks that srun exists
    (bin_dir / "srun").chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    ex = Execution(executor="slurm", cpus_per_run=8, gpus_per_run=2, mem_gb=100, partition="gpu", account="lab", array_parallelism=4)
    prep = SimpleNamespace(study=SimpleNamespace(execution=ex), study_dir=tmp_path)
    jobs = execute.submit_array(prep, [FakeJob({"id": f"r{i}"}) for i in range(5)], fn=report_env)
    assert [j.job_id for j in jobs] == [f"4242_{i}" for i in range(5)]
    script = (bin_dir / "submitted.sh").read_text()
    for line in ("#SBATCH --array=0-4%4", "#SBATCH --account=lab", "#SBATCH --partition=gpu", "#SBATCH --mem=100GB",
                 "#SBATCH --gpus-per-node=2", "#SBATCH --cpus-per-task=8"):
        assert line in script, line


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
    out = execute._pool(jobs, 2, lambda: advanced.append(1), fn=where_it_ran)
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


def test_without_a_gpu_the_local_runs_train_on_cpu_in_one_process(monkeypatch, caplog):
    from xlt.job import RunJob

    job = RunJob(spec={"id": "r"}, base_path="b", mixture_dir=None, model_dir="m", eval_dir="e", eval_items="i",
                 eval_config={}, threads=1, gpus=8)
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "")
    with caplog.at_level("WARNING", logger="xlt"):
        [cpu] = execute.on_cpu_without_gpus([job], 8)
    assert cpu.gpus == 0 and "no GPU is visible" in caplog.text  # one process, not 8 gloo processes
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "0,1,2,3,4,5,6,7")
    assert execute.on_cpu_without_gpus([job], 8) == [job]  # GPUs visible: the run launches on 8 of them
