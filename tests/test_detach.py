"""`xlt run --detach`, `xlt status` and a second `xlt run` that collects: a real tiny study submitted
through submitit's local executor (the jobs run in their own processes, after xlt has returned)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import write_parallel_corpus, write_tiny_study
from tests.evaluate.conftest import build_tiny_model
from xlt import artifacts, execute, submission
from xlt.cli import app
from xlt.errors import InputError
from xlt.job import run_job
from xlt.run import run_study
from xlt.status import study_status

pytest.importorskip("submitit")
HELD = "monolingual es"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("detach")
    write_parallel_corpus(root / "c.jsonl", ["en", "es"], 200)
    build_tiny_model(root / "tiny", chat=True)
    write_tiny_study(root / "s.toml", "det", root / "tiny", root / "c.jsonl")
    return root


def held_job(job):
    """run_job in the submitted process, except that run HELD holds its training stage (a live lease of
    this process) until the test writes its release file."""
    if job.spec["labels"][0] == HELD:
        tmp = artifacts.staging(job.model_dir)
        release = Path(os.environ["XLT_TEST_RELEASE"])
        while not release.exists():
            time.sleep(0.1)
        shutil.rmtree(tmp)
    return run_job(job)


def failing_job(job):
    raise ValueError(f"boom in {job.spec['labels'][0]}")


def _wait(predicate, what: str, timeout: float = 300):
    deadline = time.time() + timeout
    while time.time() < deadline:
        got = predicate()
        if got:
            return got
        time.sleep(0.3)
    raise AssertionError(f"never reached: {what}")


def _by_label(status):
    return {r["label"]: r for r in status}


@pytest.mark.slow
def test_detach_status_and_a_second_run_that_collects_without_resubmitting(world, tmp_path, monkeypatch):
    out, release = tmp_path / "out", tmp_path / "release"
    monkeypatch.setattr(execute, "run_job", held_job)
    monkeypatch.setenv("XLT_TEST_RELEASE", str(release))
    started = time.time()
    sent = run_study(world / "s.toml", out, executor="slurm", detach=True, progress=False)
    assert sent.submitted == 2 and sent.report == "" and sent.trained == 0
    sdir = out / "det"
    record = json.loads((sdir / submission.RECORD).read_text())
    assert record["cluster"] == "local" and len(record["runs"]) == 2

    # status while running: the held run trains in its job's own process; the other one finishes
    def held_running_other_done():
        s = _by_label(study_status(sdir))
        return s if s[HELD]["stages"]["train"]["state"] == "running" and s["monolingual en"]["stages"]["eval"]["state"] == "done" else None

    s = _wait(held_running_other_done, "held run running, the other done")
    train = s[HELD]["stages"]["train"]
    assert train["host"] == socket.gethostname() and train["pid"] not in (None, os.getpid())
    assert s[HELD]["stages"]["eval"]["state"] == "queued"
    assert s[HELD]["job"] == record["runs"][s[HELD]["run"]]
    assert time.time() - started < 300

    # a second run collects what finished and leaves the running one alone (nothing trained or resubmitted)
    second = run_study(world / "s.toml", out, executor="local", progress=False)
    assert (second.trained, second.evaluated, second.running, second.report) == (0, 0, 1, "")
    again = run_study(world / "s.toml", out, executor="slurm", detach=True, progress=False)
    assert (again.submitted, again.running) == (0, 1)
    assert json.loads((sdir / submission.RECORD).read_text())["runs"] == record["runs"]
    assert not (sdir / "results.parquet").exists()
    res = CliRunner().invoke(app, ["status", str(sdir)])
    assert res.exit_code == 0 and "running on" in res.stdout and "queued" in res.stdout

    release.write_text("go")
    _wait(lambda: all(st["state"] == "done" for r in study_status(sdir) for st in r["stages"].values()), "every stage done")
    third = run_study(world / "s.toml", out, executor="local", progress=False)
    assert (third.trained, third.evaluated, third.running) == (0, 0, 0)
    assert Path(third.report).is_file() and (sdir / "results.parquet").exists()


@pytest.mark.slow
def test_a_failed_job_shows_its_one_line_error_and_is_submitted_again(world, tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(execute, "run_job", failing_job)
    run_study(world / "s.toml", out, executor="slurm", detach=True, progress=False)
    sdir = out / "det"

    def all_failed():
        s = study_status(sdir)
        return s if all(r["stages"]["train"]["state"] == "failed" for r in s) else None

    s = _by_label(_wait(all_failed, "both jobs failed", timeout=120))
    assert s[HELD]["stages"]["train"]["error"] == f"ValueError: boom in {HELD}"
    assert s[HELD]["stages"]["eval"] == {"state": "not started"}
    res = CliRunner().invoke(app, ["status", str(sdir), "--json"])
    assert json.loads(res.stdout)["stages"]["failed"] == 2
    # a failed job is not alive: the next detached run submits it again
    again = run_study(world / "s.toml", out, executor="slurm", detach=True, progress=False)
    assert again.submitted == 2


@pytest.mark.slow
def test_cli_detach_returns_at_once_and_prints_how_to_follow(world, tmp_path):
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[1] / "src"), os.environ.get("PYTHONPATH", "")])}
    cmd = [sys.executable, "-m", "xlt", "run", str(world / "s.toml"), "--out", str(out), "--executor", "slurm", "--detach"]
    res = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)  # piped output: returns without the jobs
    assert res.returncode == 0, res.stderr[-2000:]
    assert "submitted 2 of 2 runs" in res.stdout and f"xlt status {out / 'det'}" in res.stdout
    sdir = out / "det"
    _wait(lambda: all(st["state"] == "done" for r in study_status(sdir) for st in r["stages"].values()), "every stage done")
    final = CliRunner().invoke(app, ["run", str(world / "s.toml"), "--out", str(out), "--json"])
    summary = json.loads(final.stdout)
    assert (summary["trained"], summary["running"]) == (0, 0) and Path(summary["report"]).is_file()


def test_detach_needs_the_slurm_executor(world, tmp_path):
    res = CliRunner().invoke(app, ["run", str(world / "s.toml"), "--out", str(tmp_path), "--executor", "local", "--detach"])
    assert res.exit_code == 2 and "--detach" in res.stderr and "ray job submit" in res.stderr


def test_status_of_a_folder_that_is_no_study(tmp_path):
    res = CliRunner().invoke(app, ["status", str(tmp_path)])
    assert res.exit_code == 2 and "jobs.json" in res.stderr
    with pytest.raises(InputError):
        study_status(tmp_path)


def test_a_local_job_whose_process_is_gone_without_a_result_failed(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    record = submission.write_record(tmp_path, "local", tmp_path / "slurm", {"r1": gone.stdout.strip()})
    state = submission.job_state(record, "r1")
    assert state.state == "failed" and "without a result" in state.error
    assert submission.job_state(record, "r2") is None
    assert submission.last_line("Traceback...\n  File x\nKeyError: 'a'\n\n") == "KeyError: 'a'"


def test_a_job_outcome_is_read_from_its_json_and_a_pickle_is_never_opened(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    ids = {"ok": "6", "bad": "7", "odd": "8", "pkl": gone.stdout.strip()}  # pkl: a job whose process is gone
    record = submission.write_record(tmp_path, "local", tmp_path / "slurm", ids)
    (tmp_path / "slurm").mkdir()
    write = lambda job_id, text: submission.outcome_path(tmp_path / "slurm", job_id).write_text(text)  # noqa: E731
    write(ids["ok"], '{"state": "finished"}')
    write("7", '{"state": "failed", "error": "ValueError: boom"}')
    write("8", "not json")
    (tmp_path / "slurm" / f"{ids['pkl']}_0_result.pkl").write_bytes(b"cos\nsystem\n(S'touch PWNED'\ntR.")  # would run if unpickled
    assert submission.job_state(record, "ok") == submission.JobState("6", "finished")
    assert submission.job_state(record, "bad") == submission.JobState("7", "failed", "ValueError: boom")
    assert submission.job_state(record, "odd").error.startswith("unreadable outcome")
    assert "without a result" in submission.job_state(record, "pkl").error and not Path("PWNED").exists()


def test_a_submitted_job_reports_its_outcome_as_json(tmp_path, monkeypatch):
    import submitit

    class Env:  # what submitit.JobEnvironment gives inside a job
        job_id = "42_3"
        paths = type("P", (), {"folder": tmp_path})()

    monkeypatch.setattr(submitit, "JobEnvironment", Env)
    assert submission.reporting(lambda job: job * 2, 21) == 42
    assert json.loads(submission.outcome_path(tmp_path, "42_3").read_text()) == {"state": "finished"}
    with pytest.raises(KeyError):
        submission.reporting(lambda job: {}[job], "a")
    assert json.loads(submission.outcome_path(tmp_path, "42_3").read_text()) == {"state": "failed", "error": "KeyError: 'a'"}
