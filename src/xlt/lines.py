"""The one rule for reading xlt's line-per-record files (JSONL corpora, benchmarks, prompt sets, TSV):
UTF-8, a leading byte-order mark dropped, CRLF line ends accepted, and a blank line is an error that
names its line (a record lost to a stray newline would otherwise go unnoticed)."""

from __future__ import annotations

from pathlib import Path

from xlt.errors import InputError


def read_lines(path: str | Path) -> list[tuple[int, str]]:
    """(line number, text) of every line; a wrong encoding names the line, an empty line is an error."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError("file not found", source=str(path)) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    raw_lines = data.split(b"\n")
    if raw_lines and raw_lines[-1] == b"":
        raw_lines.pop()
    out = []
    for n, raw in enumerate(raw_lines, 1):
        try:
            text = raw.decode("utf-8").rstrip("\r")
        except UnicodeDecodeError as exc:
            raise InputError(f"not UTF-8 ({exc.reason} at byte {exc.start}); expected UTF-8 text",
                             source=str(path), key=f"line {n}") from None
        if not text.strip():
            raise InputError("empty line; expected one record per line", source=str(path), key=f"line {n}")
        out.append((n, text))
    return out
