"""`xlt translate` end to end in a subprocess: kill -9 and resume, bad input, an endpoint that never answers."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.translate.conftest import corpus_rows, write_corpus

# `python -c` rather than the `xlt` script: the venv's bin/ holds a lang2vec.py that shadows the
# lang2vec package for scripts run from there.
XLT = [sys.executable, "-c", "from xlt.cli import app; app(prog_name='xlt')"]


def _rows(n: int) -> list[dict]:
    rows = corpus_rows(n)
    for i, r in enumerate(rows):  # every prompt distinct, so every request is a segment of its own
        r["prompt"] = f"{r['prompt']} {i}"
    return rows


def _env(ep, cache) -> dict:
    return {**os.environ, "OPENAI_BASE_URL": ep.base_url, "OPENAI_API_KEY": "sk-test-secret-key", "XLT_CACHE": str(cache)}


def _translate(src, out, env, *extra, workers=4):
    cmd = XLT + ["translate", src, "--to", "es,fr", "--engine", "openai:tiny-mt", "--out", str(out), "--workers", str(workers), *extra]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)


def _cached(cache) -> int:
    db = cache / "translate" / "segments.sqlite"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as con:
            return con.execute("SELECT COUNT(*) FROM segments").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


@pytest.mark.slow  # three runs of the CLI (python start-up, the registry's lang2vec load)
def test_kill_9_then_resume_gives_the_same_file_and_asks_each_segment_once(endpoint, tmp_path):
    src = write_corpus(tmp_path / "src.jsonl", _rows(40))
    ref_ep = endpoint()
    ref = _translate(src, tmp_path / "ref.jsonl", _env(ref_ep, tmp_path / "cache-ref"), "--json")
    assert ref.returncode == 0, ref.stderr
    n_segments = len(ref_ep.answered)
    assert json.loads(ref.stdout)["requested"] == n_segments > 100

    # The endpoint answers 37 requests, then holds every further one: kill -9 once the 37 are cached.
    ep = endpoint(hang_after=37)
    cache, out = tmp_path / "cache", tmp_path / "out.jsonl"
    env = _env(ep, cache)
    cmd = XLT + ["translate", src, "--to", "es,fr", "--engine", "openai:tiny-mt", "--out", str(out), "--workers", "4"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 90
    while _cached(cache) < 37 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert _cached(cache) == 37 == ep.total_answered, proc.stderr.read().decode() if proc.poll() is not None else ""
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert not out.exists() and [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []

    ep.hang_after = None
    ep.release.set()
    again = _translate(src, out, env, "--json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["requested"] == n_segments - 37
    assert out.read_bytes() == (tmp_path / "ref.jsonl").read_bytes()
    assert len(ep.answered) == n_segments and set(ep.answered.values()) == {1}

    # and a finished translation, run again, makes no request
    before = ep.received
    assert _translate(src, out, env).returncode == 0 and ep.received == before


@pytest.mark.slow  # three runs of the CLI (python start-up, the registry's lang2vec load)
def test_kill_9_mid_flight_then_resume(endpoint, tmp_path):
    src = write_corpus(tmp_path / "src.jsonl", _rows(30))
    ref_ep = endpoint()
    assert _translate(src, tmp_path / "ref.jsonl", _env(ref_ep, tmp_path / "cache-ref")).returncode == 0
    ep = endpoint(latency=0.02)
    cache, out = tmp_path / "cache", tmp_path / "out.jsonl"
    env = _env(ep, cache)
    cmd = XLT + ["translate", src, "--to", "es,fr", "--engine", "openai:tiny-mt", "--out", str(out), "--workers", "4"]
    for at in (10, 40):  # kill while 4 requests are in flight, some answered but not yet committed
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while _cached(cache) < at and proc.poll() is None:
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert not out.exists() and _cached(cache) >= 40
    assert _translate(src, out, env).returncode == 0
    assert out.read_bytes() == (tmp_path / "ref.jsonl").read_bytes()
    # only requests in flight at a kill (4 workers) can have been answered and lost
    assert len(ep.answered) == len(ref_ep.answered) and ep.total_answered <= len(ref_ep.answered) + 2 * 4


@pytest.mark.parametrize(
    "option, value, words",
    [
        ("--engine", "deepl:x", "engine: unknown engine 'deepl:x'; expected one of openai:<model>, hf:<path>"),
        ("--fields", "prompt,answer", "fields: no field 'answer' to translate; the corpus has prompt, response"),
        ("--to", "es,zz-bad", "to: unknown language code 'zz-bad'"),
        ("--from", "de", "from: no rows in the source language 'de'; the corpus has en"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(endpoint, tmp_path, option, value, words):
    ep = endpoint()
    src = write_corpus(tmp_path / "src.jsonl", _rows(3))
    out = tmp_path / "out.jsonl"
    options = {"--to": "es", "--engine": "openai:m", "--out": str(out), option: value}
    cmd = XLT + ["translate", src] + [x for kv in options.items() for x in kv]
    res = subprocess.run(cmd, env=_env(ep, tmp_path / "cache"), capture_output=True, text=True, timeout=60)
    assert res.returncode == 2, res.stderr
    assert res.stderr.splitlines()[0].startswith(f"error: {words}") and len(res.stderr.splitlines()) == 1
    assert not out.exists() and ep.received == 0


def test_unsupported_target_of_an_hf_model_exits_2_naming_what_it_supports(tiny_nllb, tmp_path):
    src = write_corpus(tmp_path / "src.jsonl", _rows(3))
    cmd = XLT + ["translate", src, "--to", "es,de", "--engine", f"hf:{tiny_nllb}", "--out", str(tmp_path / "o.jsonl")]
    res = subprocess.run(cmd, env={**os.environ, "XLT_CACHE": str(tmp_path)}, capture_output=True, text=True, timeout=120)
    assert res.returncode == 2
    assert res.stderr.strip() == f"error: to: {tiny_nllb} (nllb) does not support 'de'; it supports: ar, en, es, fr, sw, zh"
    assert not (tmp_path / "o.jsonl").exists()


def test_endpoint_that_never_answers_fails_clearly_writes_nothing_and_keeps_nothing_half(endpoint, tmp_path):
    ep = endpoint(hang_after=0)
    src = write_corpus(tmp_path / "src.jsonl", _rows(4))
    out = tmp_path / "out.jsonl"
    res = _translate(src, out, _env(ep, tmp_path / "cache"), "--timeout", "0.3", "--retries", "1", workers=2)
    assert res.returncode == 1
    line = res.stderr.strip().splitlines()[-1]
    assert line.startswith("error: translation stopped: openai:tiny-mt at http://127.0.0.1:")
    assert "APITimeoutError after 1 retries" in line and "0 of " in line and "run the same command again to resume" in line
    assert "sk-test-secret-key" not in res.stderr + res.stdout
    assert not out.exists() and [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.mark.slow  # lingua loads all its language models
def test_report_flag_writes_quality_json_and_markdown(endpoint, tmp_path):
    ep = endpoint()
    src = write_corpus(tmp_path / "src.jsonl", _rows(12))
    res = _translate(src, tmp_path / "out.jsonl", _env(ep, tmp_path / "cache"), "--report", str(tmp_path / "rep"), "--sample", "5", "--json")
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    rep = json.loads((tmp_path / "rep" / "quality.json").read_text())
    assert set(rep["targets"]) == {"es", "fr"} and rep["sample"] == 5
    for lang in ("es", "fr"):
        assert rep["targets"][lang]["back_translation"]["n"] == 5
        assert summary["quality"][lang]["back_translation_chrf"] == rep["targets"][lang]["back_translation"]["chrf"]
    assert (tmp_path / "rep" / "quality.md").read_text().startswith("# Translation quality: en → es, fr")
