"""Where a secret (an API key) ended up: every file under a folder, Parquet read as data (its pages are
compressed, so its bytes never show the key), every other file, SQLite included, as raw bytes."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl


def files_holding(root: Path, secret: str) -> list[Path]:
    """The files under `root` that hold `secret` anywhere (column names and values of Parquet files)."""
    found = []
    for path in sorted(p for p in Path(root).rglob("*") if p.is_file()):
        if path.suffix == ".parquet":
            table = pl.read_parquet(path)
            text = " ".join(table.columns) + json.dumps(table.to_dicts(), default=str, ensure_ascii=False)  # lists and structs too
            if secret in text:
                found.append(path)
        elif secret.encode() in path.read_bytes():
            found.append(path)
    return found
