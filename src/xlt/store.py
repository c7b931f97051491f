"""Where artifacts live: the user cache ($XLT_CACHE) and content-addressed, atomically written files."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path


def cache_dir() -> Path:
    """$XLT_CACHE (an empty value counts as unset), default ~/.cache/xlt: base models, the micro corpus,
    judge verdicts, translations. The one place that reads $XLT_CACHE."""
    return Path(os.environ.get("XLT_CACHE") or Path.home() / ".cache" / "xlt").expanduser()


def canonical_json(obj) -> str:
    """One spelling per value: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(obj, length: int = 16) -> str:
    """What identifies a JSON-able value: sha256 of its canonical JSON (every key in the store is one)."""
    return hashlib.sha256(canonical_json(obj).encode()).hexdigest()[:length]


def file_digest(path: str | Path) -> str:
    """sha256 of a file's bytes, read in blocks (model weights are large)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def code_digest(folder: str | Path) -> str:
    """What a package folder's code and data files say (names and bytes): a cache built by the code is
    rebuilt when it changes (the micro corpus, the report)."""
    folder = Path(folder)
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file() and p.suffix in (".py", ".json", ".txt", ".toml"):
            h.update(p.relative_to(folder).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def write_atomic(path: str | Path, data: bytes | str) -> None:
    """Write to a temporary name in the same folder, fsync, then rename: readers never see half a file."""
    write_via(path, lambda fh: fh.write(data.encode() if isinstance(data, str) else data))


def write_via(path: str | Path, write) -> Path:
    """Call `write(fh)` on a fresh temporary file beside `path`, fsync it and rename it into place.

    The temporary file is created exclusively (mkstemp: O_CREAT | O_EXCL, so a planted symlink or a
    file left under a guessable name is never followed or overwritten), and removed on any failure.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; the result reads like any file we write
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _read_umask() -> int:
    mask = os.umask(0)  # read once at import: os.umask can only be read by setting it
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def write_json(path: str | Path, obj) -> None:
    write_atomic(path, json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def write_parquet(table, path: str | Path) -> Path:
    """A polars table as Parquet, atomically (exclusive temporary file in the same folder, fsync, rename)."""
    return write_via(path, table.write_parquet)
