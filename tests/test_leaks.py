"""The secret scan the other tests use looks into Parquet and SQLite files, not only text files."""

import sqlite3

import polars as pl

from tests.leaks import files_holding

SECRET = "sk-test-secret-key"


def test_the_scan_finds_a_key_in_compressed_parquet_sqlite_and_text(tmp_path):
    rows = [f"row {i}: Bearer {SECRET}" for i in range(2000)]
    pl.DataFrame({"prompt": rows}).write_parquet(tmp_path / "a.parquet", compression="zstd", statistics=False)
    assert SECRET.encode() not in (tmp_path / "a.parquet").read_bytes()  # the premise: bytes alone miss it
    with sqlite3.connect(tmp_path / "b.sqlite") as db:
        db.execute("create table t (k text)")
        db.execute("insert into t values (?)", (f"key={SECRET}",))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.log").write_text(f"auth {SECRET}\n")
    pl.DataFrame({"ok": ["nothing here"]}).write_parquet(tmp_path / "clean.parquet")
    (tmp_path / "clean.json").write_text("{}")
    assert [p.name for p in files_holding(tmp_path, SECRET)] == ["a.parquet", "b.sqlite", "c.log"]
