"""Content-addressed stage artifacts: a folder per key, complete or absent, verified before it is read.

A stage builds into a private temporary folder, writes a DONE marker listing every file with its size
and SHA-256, and renames the folder into place. A `kill -9` leaves only a temporary folder (cleared
later), never a half-written artifact under a key; a folder whose files no longer match its DONE
marker (disk damage, a user's edit) is treated as absent and rebuilt, never read.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path

from xlt.store import file_digest

DONE = "DONE"
HASH_LIMIT = 256 * 2**20  # files larger than this are checked by size only (re-hashing GBs of weights on every run is slow)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != DONE and not p.is_symlink())


def is_complete(folder: str | Path) -> bool:
    """The folder exists, has a DONE marker, and every file matches it."""
    folder = Path(folder)
    marker = folder / DONE
    try:
        listed = json.loads(marker.read_text())["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if not isinstance(listed, dict):
        return False
    for rel, meta in listed.items():
        # a damaged or edited marker must not vouch for a file outside the folder
        if not isinstance(meta, dict) or Path(rel).is_absolute() or ".." in Path(rel).parts:
            return False
        p = folder / rel
        try:
            if p.is_symlink() or p.stat().st_size != meta.get("size"):
                return False
        except OSError:
            return False
        if meta.get("sha256") and file_digest(p) != meta["sha256"]:
            return False
    return True


def staging(final: str | Path) -> Path:
    """A fresh private folder beside `final` to build into (named so a dead builder's leftovers can be cleared)."""
    final = Path(final)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.parent / f".{final.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    return tmp


def commit(tmp: str | Path, final: str | Path, info: dict | None = None) -> Path:
    """Write the DONE marker into `tmp`, then move it to `final` (replacing an incomplete one)."""
    tmp, final = Path(tmp), Path(final)
    files = {}
    for p in _files(tmp):
        size = p.stat().st_size
        files[p.relative_to(tmp).as_posix()] = {"size": size, "sha256": file_digest(p) if size <= HASH_LIMIT else None}
    marker = tmp / DONE
    with marker.open("w") as fh:
        json.dump({"files": files, **(info or {})}, fh, indent=1, sort_keys=True)
        fh.flush()
        os.fsync(fh.fileno())
    if final.exists():
        if is_complete(final):  # another worker finished the same key first: keep theirs
            shutil.rmtree(tmp, ignore_errors=True)
            return final
        shutil.rmtree(final)
    os.replace(tmp, final)
    return final


def clear_stale(parent: str | Path) -> int:
    """Remove temporary folders whose builder process is gone; returns how many."""
    parent = Path(parent)
    removed = 0
    if not parent.is_dir():
        return 0
    for p in parent.glob(".*.tmp-*"):
        try:
            pid = int(p.name.rsplit(".tmp-", 1)[1].split("-")[0])
        except (IndexError, ValueError):
            continue
        if not _alive(pid):
            shutil.rmtree(p, ignore_errors=True)
            removed += 1
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
