"""store.py: the one cache folder, the one atomic writer (exclusive temporary file, never following a link), the one content hash."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import polars as pl
import pytest

from xlt import artifacts, store
from xlt.store import write_atomic, write_json, write_parquet


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


def _plant_links(folder, name, victim):
    """Symlinks at every temporary name a writer in this process could predict, pointing at `victim`."""
    for tmp in (f".{name}.{os.getpid()}.tmp", f"{name}.tmp", f".{name}.tmp"):
        (folder / tmp).symlink_to(victim)


@pytest.mark.parametrize("write", [
    lambda p: write_atomic(p, b"new"),
    lambda p: write_json(p, {"a": 1}),
    lambda p: write_parquet(pl.DataFrame({"a": [1]}), p),
])
def test_a_planted_link_at_the_temporary_name_is_not_followed(tmp_path, write):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    target = tmp_path / "out" / "file.bin"
    target.parent.mkdir()
    _plant_links(target.parent, target.name, victim)
    write(target)
    assert victim.read_text() == "keep me"
    assert target.is_file() and not target.is_symlink()
    leftovers = {p.name for p in target.parent.iterdir()} - {target.name} - {
        f".{target.name}.{os.getpid()}.tmp", f"{target.name}.tmp", f".{target.name}.tmp"}
    assert not leftovers  # the writer's own temporary file is gone


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "file.json"
    write_json(target, {"v": 1})
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    with pytest.raises(OSError):
        write_json(target, {"v": 2})
    assert '"v": 1' in target.read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]


def test_staging_folders_are_fresh_and_private(tmp_path):
    final = tmp_path / "key"
    a, b = artifacts.staging(final), artifacts.staging(final)
    assert a != b and a.parent == b.parent == tmp_path and not a.is_symlink()
