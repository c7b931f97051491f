"""store.py: the one cache folder, the one atomic writer, the one content hash."""

from __future__ import annotations

import threading
from pathlib import Path

import polars as pl

from xlt import store


def test_empty_xlt_cache_means_the_default_not_the_current_directory(monkeypatch, tmp_path):
    from xlt.evaluate.judges import default_cache_dir as judge_cache
    from xlt.translate.cache import default_cache_dir as translate_cache

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XLT_CACHE", "")
    assert store.cache_dir() == tmp_path / "home" / ".cache" / "xlt"
    assert judge_cache() == store.cache_dir() / "judge"
    assert translate_cache() == store.cache_dir() / "translate"
    monkeypatch.setenv("XLT_CACHE", "~/c")
    assert store.cache_dir() == tmp_path / "home" / "c"


def test_write_atomic_from_many_threads_leaves_one_whole_file(tmp_path):
    path = tmp_path / "sub" / "f.json"
    errors = []

    def write(i):
        try:
            for _ in range(20):
                store.write_atomic(path, str(i) * 1000)
        except Exception as exc:  # a shared temporary name makes one thread's rename find nothing
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    text = path.read_text()
    assert len(text) == 1000 and len(set(text)) == 1
    assert [p.name for p in path.parent.iterdir()] == ["f.json"]  # no temporary file left behind


def test_write_parquet_leaves_no_temporary_on_failure(tmp_path):
    class Broken:
        def write_parquet(self, path):
            Path(path).write_bytes(b"half")
            raise OSError("disk full")

    try:
        store.write_parquet(Broken(), tmp_path / "t.parquet")
    except OSError:
        pass
    assert list(tmp_path.iterdir()) == []
    store.write_parquet(pl.DataFrame({"a": [1]}), tmp_path / "t.parquet")
    assert pl.read_parquet(tmp_path / "t.parquet")["a"].to_list() == [1]
