"""Atomic writes: the temporary file is created exclusively in the target folder and never follows a link."""

from __future__ import annotations

import os

import polars as pl
import pytest

from xlt import artifacts
from xlt.store import write_atomic, write_json, write_parquet


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
