"""The segment cache: one SQLite file under $XLT_CACHE/translate/, keyed by (engine, source, target, text).

SQLite in WAL mode with synchronous=FULL makes each commit durable (the WAL is fsynced), and a
transaction is all-or-nothing, so a `kill -9` at any moment loses at most the batch being written
and never leaves a half row. Rows are only ever added: a finished segment, whether it passed the
checks or was flagged, is never requested again. Several processes may share the file.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from xlt.store import cache_dir

_SCHEMA = """
CREATE TABLE IF NOT EXISTS segments (
    key TEXT PRIMARY KEY,
    engine TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    text TEXT NOT NULL,
    translation TEXT NOT NULL,
    problems TEXT NOT NULL,   -- JSON list; empty when the translation passed the checks
    attempts INTEGER NOT NULL,
    created REAL NOT NULL
)
"""


def default_cache_dir() -> Path:
    """$XLT_CACHE/translate (default ~/.cache/xlt/translate)."""
    return cache_dir() / "translate"


def segment_key(engine: str, source: str, target: str, text: str) -> str:
    """sha256 of the four parts joined by NUL: unambiguous, as only the last (the text) may hold one."""
    return hashlib.sha256("\0".join((engine, source, target, text)).encode()).hexdigest()


@dataclass(frozen=True)
class Entry:
    translation: str
    problems: tuple[str, ...]  # why the translation was flagged; empty if it passed
    attempts: int

    @property
    def ok(self) -> bool:
        return not self.problems


class SegmentCache:
    """Lookups and appends; use from one thread (the driver collects the workers' results)."""

    def __init__(self, directory: str | Path | None = None):
        self.directory = Path(directory) if directory else default_cache_dir()
        self.directory.mkdir(parents=True, exist_ok=True)
        self.path = self.directory / "segments.sqlite"
        self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute(_SCHEMA)

    def get_many(self, keys: list[str]) -> dict[str, Entry]:
        found: dict[str, Entry] = {}
        unique = list(dict.fromkeys(keys))
        for i in range(0, len(unique), 500):
            chunk = unique[i : i + 500]
            rows = self._db.execute(
                f"SELECT key, translation, problems, attempts FROM segments WHERE key IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            for key, translation, problems, attempts in rows:
                found[key] = Entry(translation, tuple(json.loads(problems)) if problems != "[]" else (), attempts)
        return found

    def put_many(self, items: list[tuple[str, str, str, str, str, Entry]]) -> None:
        """Append (key, engine, source, target, text, entry) rows in one durable transaction."""
        if not items:
            return
        now = time.time()
        rows = [
            (key, engine, src, tgt, text, e.translation, json.dumps(list(e.problems), ensure_ascii=False), e.attempts, now)
            for key, engine, src, tgt, text, e in items
        ]
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.executemany("INSERT OR IGNORE INTO segments VALUES (?,?,?,?,?,?,?,?,?)", rows)
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")  # durable: the WAL is fsynced (synchronous=FULL)

    def count(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM segments").fetchone()[0]

    def close(self) -> None:
        self._db.close()
