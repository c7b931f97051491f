"""Shared fixtures: small parallel corpora and study files written into tmp_path."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Each test session gets its own XLT_CACHE unless the caller set one (CI keeps a shared one)."""
    if "XLT_TEST_CACHE" in os.environ:
        monkeypatch.setenv("XLT_CACHE", os.environ["XLT_TEST_CACHE"])
    else:
        monkeypatch.setenv("XLT_CACHE", str(tmp_path_factory.getbasetemp() / "xlt-cache"))


def write_parallel_corpus(path: Path, langs, n_ids: int, tasks=("math",), missing: dict | None = None, with_split: bool = False) -> Path:
    """A parallel JSONL corpus: every id in every language, except the (lang -> ids) in `missing`."""
    missing = missing or {}
    with path.open("w", encoding="utf-8") as fh:
        for task in tasks:
            for i in range(n_ids):
                ident = f"{task}-{i:05d}"
                for lang in langs:
                    if ident in missing.get(lang, ()):
                        continue
                    row = {"id": ident, "lang": lang, "task": task, "prompt": f"[{lang}] question {i}", "response": f"[{lang}] answer {i % 10}"}
                    if with_split:
                        row["split"] = "train"
                    fh.write(json.dumps(row) + "\n")
    return path


@pytest.fixture
def parallel_corpus(tmp_path):
    def make(langs=("en", "es", "ru", "zh"), n_ids=2000, tasks=("math",), **kw):
        return write_parallel_corpus(tmp_path / "corpus.jsonl", langs, n_ids, tasks, **kw)

    return make


def write_study(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def write_tiny_study(path: Path, name: str, model: Path, corpus: Path, **tables) -> Path:
    """A study of two languages (en, es) and one monolingual design on a local model and JSONL corpus,
    trained for a few steps; `tables` replace or add top-level tables (models, languages, eval, ...)."""
    import tomli_w

    study = {
        "name": name,
        "models": {"base": [str(model)]},
        "data": {"corpus": f"jsonl:{corpus}", "budget": 32},
        "languages": {"train": ["en", "es"], "eval": ["en", "es"]},
        "design": [{"kind": "monolingual"}],
        "train": {"epochs": 1, "batch_size": 16, "max_length": 64, "select": "last"},
        "eval": {"limit": 4, "lid": False, "decoding": {"max_new_tokens": 4}},
    }
    path.write_text(tomli_w.dumps({**study, **tables}), encoding="utf-8")
    return path


def pytest_sessionfinish(session, exitstatus):
    session.config._xlt_exit_status = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """Leave without interpreter teardown once pytest has reported: a second clean-clone run here crashed
    (status 139) in teardown after its summary line (native threads of Ray/torch/lingua at exit); the
    exit status stays pytest's own."""
    status = getattr(config, "_xlt_exit_status", None)
    if status is not None and os.environ.get("CI"):
        import sys

        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
