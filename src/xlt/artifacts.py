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
import socket
import threading
import time
import uuid
from pathlib import Path

from xlt.store import file_digest

DONE = "DONE"
LEASE = ".lease"  # in a temporary folder only: removed before the DONE marker lists the files
LEASE_SECONDS = 300.0  # another host's stage unrenewed this long is stale (clocks may differ by a little)
RENEW_SECONDS = 30.0
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
    write_lease(tmp)
    _renewed.add(tmp)
    _start_renewer()
    return tmp


# --- leases ---------------------------------------------------------------------------------------

_renewed: set[Path] = set()  # this process's temporary folders
_renewer_lock = threading.Lock()
_renewer: threading.Thread | None = None


def write_lease(folder: str | Path, host: str | None = None, pid: int | None = None) -> None:
    """Record who builds in `folder` (this host and process unless given); its mtime is the renewal time."""
    info = {"host": host or socket.gethostname(), "pid": os.getpid() if pid is None else pid}
    (Path(folder) / LEASE).write_text(json.dumps(info))


def renew(folder: str | Path) -> bool:
    """Touch the lease; False once the folder is committed or removed (and the lease with it)."""
    try:
        os.utime(Path(folder) / LEASE)
    except FileNotFoundError:
        return False
    return True


def _renew_all() -> None:
    while True:
        time.sleep(RENEW_SECONDS)
        for folder in list(_renewed):
            if not renew(folder):
                _renewed.discard(folder)


def _start_renewer() -> None:
    global _renewer
    with _renewer_lock:
        if _renewer is None or not _renewer.is_alive():
            _renewer = threading.Thread(target=_renew_all, name="xlt-lease", daemon=True)
            _renewer.start()


def _is_stale(folder: Path, lease_seconds: float) -> bool:
    now = time.time()
    try:
        lease = folder / LEASE
        info = json.loads(lease.read_text())
        renewed = lease.stat().st_mtime
        host, pid = info["host"], int(info["pid"])
    except FileNotFoundError:
        # no lease: a folder from before leases, or one whose builder has not written it yet
        try:
            if now - folder.stat().st_mtime < lease_seconds:
                return False
            pid = int(folder.name.rsplit(".tmp-", 1)[1].split("-")[0])
        except (OSError, IndexError, ValueError):
            return False
        return not alive(pid)
    except (OSError, ValueError, KeyError, TypeError):
        return False  # unreadable (being written): not provably stale
    if host == socket.gethostname():
        return not alive(pid)
    return now - renewed > lease_seconds


def commit(tmp: str | Path, final: str | Path, info: dict | None = None) -> Path:
    """Write the DONE marker into `tmp`, then move it to `final` (replacing an incomplete one)."""
    tmp, final = Path(tmp), Path(final)
    (tmp / LEASE).unlink(missing_ok=True)
    _renewed.discard(tmp)
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


def clear_stale(parent: str | Path, lease_seconds: float = LEASE_SECONDS) -> int:
    """Remove temporary folders whose builder is gone (see the module's note on leases); returns how many."""
    parent = Path(parent)
    removed = 0
    if not parent.is_dir():
        return 0
    for p in parent.glob(".*.tmp-*"):
        if p.is_dir() and _is_stale(p, lease_seconds):
            shutil.rmtree(p, ignore_errors=True)
            removed += 1
    return removed


def live_builder(final: str | Path, lease_seconds: float = LEASE_SECONDS) -> dict | None:
    """Who is building `final` right now: the lease (host, pid, renewed: its mtime) of a temporary folder
    that is not stale, or None when nobody is. `xlt status` shows it; a second `xlt run` leaves such a stage alone."""
    import glob

    final = Path(final)
    for p in final.parent.glob(f".{glob.escape(final.name)}.tmp-*"):
        if not p.is_dir() or _is_stale(p, lease_seconds):
            continue
        try:
            info = json.loads((p / LEASE).read_text())
            return {"host": info["host"], "pid": int(info["pid"]), "renewed": (p / LEASE).stat().st_mtime}
        except (OSError, ValueError, KeyError, TypeError):
            return {"host": None, "pid": None, "renewed": None}  # a builder that has not written its lease yet
    return None


def alive(pid: int) -> bool:
    """A process of this host is running (a finished child not yet reaped, a zombie, is not)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0] != "Z"
    except (OSError, IndexError):
        return True
