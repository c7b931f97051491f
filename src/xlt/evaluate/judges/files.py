"""The response files of the `xlt judge` commands: JSONL rows with id, lang, prompt, response."""

from __future__ import annotations

from pathlib import Path

from xlt import languages
from xlt.errors import InputError
from xlt.evaluate.bench_files import read_jsonl
from xlt.evaluate.judges.base import Item, Pair


def read_responses(path: str | Path) -> list[dict]:
    """JSONL rows with id, lang, prompt, response (optional reference, task); errors name file and line."""
    rows = read_jsonl(Path(path), required=("id", "lang", "prompt", "response"))
    for line, row in rows:
        try:
            row["lang"] = languages.normalize(str(row["lang"]))
        except languages.UnknownLanguage:
            raise InputError(f"unknown language code {row['lang']!r}", source=str(path), key=f"line {line}") from None
        row["id"] = str(row["id"])
    return [row for _, row in rows]


def pairs_from_files(path_a: str | Path, path_b: str | Path) -> list[Pair]:
    """Pairs matched on (id, lang); both files must hold the same items."""
    a, b = read_responses(path_a), read_responses(path_b)
    b_by = {(r["id"], r["lang"]): r for r in b}
    missing = [(r["id"], r["lang"]) for r in a if (r["id"], r["lang"]) not in b_by]
    if missing or len(a) != len(b):
        raise InputError(
            f"the two files must hold the same (id, lang) items; {len(missing)} of A's are missing from B "
            f"(first: {missing[:1]}), A has {len(a)} rows and B {len(b)}",
            source=str(path_b),
        )
    out = []
    for r in a:
        o = b_by[(r["id"], r["lang"])]
        if o["prompt"] != r["prompt"]:
            raise InputError(f"item {r['id']} ({r['lang']}) has different prompts in the two files", source=str(path_b))
        out.append(Pair(r["id"], r["lang"], r["prompt"], str(r["response"]), str(o["response"]),
                        r.get("reference"), r.get("task")))
    return out


def items_from_file(path: str | Path) -> list[Item]:
    return [Item(r["id"], r["lang"], r["prompt"], str(r["response"]), r.get("reference"), r.get("task"))
            for r in read_responses(path)]
