"""Faults in the environment (issue 19, item 3): a write failing mid-stage, SIGTERM and Ctrl-C, a damaged
model artifact. Each leaves the store consistent (every DONE marker's files verify), and the next
`xlt run` resumes to the results of an uninterrupted run; so does a judge endpoint down for a whole `xlt run`
(one line, exit 3, nothing cached). The judge protocols and the translation endpoint down:
tests/evaluate/test_judge_faults.py and tests/translate/test_cli.py."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from tests.test_run import study, uninterrupted, world  # noqa: F401  (fixtures: the tiny study and its reference results)
from xlt import artifacts
from xlt.cli import app

SORT = ("run", "task", "eval_lang", "metric")


def markers_verify(store: Path) -> int:
    """Every folder with a DONE marker is complete (its files match the marker); returns how many there are."""
    done = [p.parent for p in store.rglob(artifacts.DONE)]
    assert all(artifacts.is_complete(d) for d in done), [str(d) for d in done if not artifacts.is_complete(d)]
    return len(done)


def results(out: Path) -> pl.DataFrame:
    return pl.read_parquet(out / "ref" / "results.parquet").sort(*SORT)


@pytest.mark.slow
def test_a_write_failing_mid_stage_marks_nothing_done_and_the_next_run_resumes(uninterrupted, tmp_path, monkeypatch):  # noqa: F811
    path, expected = uninterrupted
    out = tmp_path / "out"
    real_commit, calls = artifacts.commit, []

    def disk_full_on_the_third(tmp, final, info=None):
        calls.append(final)
        if len(calls) == 3:  # the DONE marker of the third artifact cannot be written
            raise OSError(errno.ENOSPC, "No space left on device", str(Path(tmp) / artifacts.DONE))
        return real_commit(tmp, final, info)

    monkeypatch.setattr(artifacts, "commit", disk_full_on_the_third)
    res = CliRunner().invoke(app, ["run", str(path), "--out", str(out), "--quiet"])
    assert res.exit_code == 1 and (res.exception is None or isinstance(res.exception, SystemExit)), res.exception
    err = res.stderr.strip().splitlines()
    assert len(err) == 1 and "No space left on device" in err[0] and "run the same command again" in err[0], res.stderr
    assert markers_verify(out / ".store") >= 2
    assert not artifacts.is_complete(calls[2])  # the failed stage is not marked done
    assert not (out / "ref" / "results.parquet").exists()

    monkeypatch.setattr(artifacts, "commit", real_commit)  # the disk has room again
    again = CliRunner().invoke(app, ["run", str(path), "--out", str(out), "--quiet"])
    assert again.exit_code == 0, again.output
    assert results(out).equals(expected)
    markers_verify(out / ".store")


def _start(path: Path, out: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "xlt", "run", str(path), "--out", str(out), "--quiet"]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


@pytest.mark.slow
@pytest.mark.parametrize("how", ["SIGTERM", "Ctrl-C"])
def test_sigterm_and_ctrl_c_stop_cleanly_and_a_second_run_resumes(uninterrupted, tmp_path, how):  # noqa: F811
    path, expected = uninterrupted
    out = tmp_path / "out"
    proc = _start(path, out)
    deadline = time.time() + 600
    models = out / ".store" / "models"
    while time.time() < deadline and proc.poll() is None:
        if models.exists() and any(artifacts.is_complete(p) for p in models.iterdir()):  # one run trained
            break
        time.sleep(0.2)
    assert proc.poll() is None, "the study finished before it could be interrupted"
    if how == "SIGTERM":
        proc.send_signal(signal.SIGTERM)  # the main process only, as a scheduler or `kill` does
    else:
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground process group
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 130, stderr[-2000:]
    assert stderr.strip().splitlines()[-1].startswith("error: interrupted"), stderr[-2000:]
    assert "Traceback" not in stderr
    assert markers_verify(out / ".store") >= 1
    assert not (out / "ref" / "results.parquet").exists()

    again = subprocess.run([sys.executable, "-m", "xlt", "run", str(path), "--out", str(out), "--quiet"], capture_output=True, text=True)
    assert again.returncode == 0, again.stderr[-2000:]
    assert results(out).equals(expected)
    assert not list((out / ".store").glob("*/.*.tmp-*"))  # the interrupted stage's temporary folder was cleared


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (Linux /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


@pytest.mark.slow
def test_sigterm_stops_the_pool_workers_too(world, tmp_path):  # noqa: F811
    """Two SIGTERMs to `xlt run` with a process pool (a scheduler's, or an impatient `kill`): it stops with one line
    and leaves no worker training on as an orphan (before, the first made it wait for the runs in flight and
    the second left their workers running)."""
    path = study(world, name="pool", epochs=200)  # runs long enough to be stopped inside them
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "xlt", "run", str(path), "--out", str(out), "--quiet", "--set", "execution.workers=2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.time() + 300
    workers: list[int] = []
    while time.time() < deadline and proc.poll() is None and len(workers) < 2:
        workers = [c for c in _children(proc.pid) if "spawn_main" in Path(f"/proc/{c}/cmdline").read_text(errors="replace")]
        time.sleep(0.2)
    assert proc.poll() is None and len(workers) == 2, "no pool of two workers started"
    time.sleep(3)  # the workers are inside their runs
    proc.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=120)
    # 130 when the first signal's stop finished before the second came; a second signal during the exit
    # kills it (-15), as a second Ctrl-C does; either way no traceback and no worker left behind
    assert proc.returncode in (130, -signal.SIGTERM), stderr[-2000:]
    assert "Traceback" not in stderr, stderr[-2000:]
    deadline = time.time() + 20
    while time.time() < deadline and any(artifacts.alive(w) for w in workers):
        time.sleep(0.2)
    assert not [w for w in workers if artifacts.alive(w)], "pool workers outlived xlt run"


@pytest.mark.slow
def test_truncated_weights_in_a_model_artifact_are_detected_and_retrained(uninterrupted, tmp_path):  # noqa: F811
    path, expected = uninterrupted
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["run", str(path), "--out", str(out), "--quiet"]).exit_code == 0
    weights = sorted((out / ".store" / "models").glob("*/model/model.safetensors"))[0]
    with weights.open("r+b") as fh:
        fh.truncate(weights.stat().st_size // 2)
    assert not artifacts.is_complete(weights.parents[1])
    res = CliRunner().invoke(app, ["run", str(path), "--out", str(out), "--json"])
    assert res.exit_code == 0, res.output
    assert '"trained": 1' in res.stdout
    assert artifacts.is_complete(weights.parents[1])
    assert results(out).equals(expected)


def _refusing_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed when the block ends: every connection is refused


@pytest.mark.slow
def test_a_judge_endpoint_down_for_the_whole_run_is_one_line_exit_3_and_the_next_run_resumes(world, tmp_path, monkeypatch):  # noqa: F811
    import json

    from tests.translate.endpoint import Endpoint
    from xlt.cli import EXIT_UNAVAILABLE

    prompts = tmp_path / "prompts.jsonl"
    prompts.write_text("".join(json.dumps({"id": str(i), "lang": "en", "prompt": f"Say something nice {i}."}) + "\n"
                               for i in range(3)))
    path = study(tmp_path, name="down", extra=f'judge = "openai:judge"\ntasks = []\n'
                                               f'sets = [{{ name = "chat", benchmark = "prompts", data = "{prompts}" }}]')
    text = (path.read_text().replace(str(tmp_path / "tiny"), str(world / "tiny")).replace(str(tmp_path / "c.jsonl"), str(world / "c.jsonl"))
            .replace('train = ["en", "es", "ru"]', 'train = ["en"]').replace('eval = ["en", "es", "ru", "zh"]', 'eval = ["en"]')
            .replace('kind = "pinch"\npercent = [0, 10]\n[[design]]\n', "").replace("reference = true", "reference = false"))
    path.write_text(text)
    cache = tmp_path / "cache"
    monkeypatch.setenv("XLT_CACHE", str(cache))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key")
    port = _refusing_port()
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://judge-user:hunter2@127.0.0.1:{port}/v1")
    out = tmp_path / "out"
    res = subprocess.run([sys.executable, "-m", "xlt", "run", str(path), "--out", str(out), "--quiet"], capture_output=True,
                         text=True, env=os.environ)  # a process of its own: stderr is exactly what a user sees
    assert res.returncode == EXIT_UNAVAILABLE == 3, res.stderr[-3000:]
    assert res.stderr.splitlines() == [
        f"error: the judge endpoint at 127.0.0.1:{port} did not answer: 3 of 3 items not judged (no verdict "
        "cached for them); finished stages are kept: run the same command again when the endpoint is up"], res.stderr
    assert "hunter2" not in res.stderr + res.stdout
    assert not list((cache / "judge").rglob("*.json"))  # nothing cached as a verdict
    assert markers_verify(out / ".store") >= 2  # the mixture and the trained model are kept
    assert len([p for p in (out / ".store").glob("models/*") if artifacts.is_complete(p)]) == 1
    assert [p for p in (out / ".store").glob("evals/*") if artifacts.is_complete(p)] == []
    assert not (out / "down" / "results.parquet").exists()

    with Endpoint() as ep:  # the endpoint is up again
        monkeypatch.setenv("OPENAI_BASE_URL", ep.base_url)
        again = CliRunner().invoke(app, ["run", str(path), "--out", str(out), "--json"])
        assert again.exit_code == 0, again.output
        assert ep.judged == 3 + 3 * 2  # each item rated once, then side by side (if_l, here against itself) in both orders
    summary = json.loads(again.stdout)
    assert (summary["trained"], summary["evaluated"]) == (0, 1)  # resumed: the model was not trained again
    assert len(list((cache / "judge").rglob("*.json"))) == 9
    judged = pl.read_parquet(out / "down" / "results.parquet").filter(pl.col("metric") == "judge")
    assert judged.height >= 1 and judged["value"].is_not_null().all()
