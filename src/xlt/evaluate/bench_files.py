"""What every benchmark reader shares: the item and table-entry types, and reading its files with errors that
say where (JSONL, TSV, Parquet rows, the language a file's name gives, the files a pattern finds).

benchmarks.py holds the table of benchmarks and one parse function each; flores.py and arena.py read their
own files with these helpers, so they sit below all three.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from xlt import languages
from xlt.errors import InputError
from xlt.lines import read_lines


@dataclass(frozen=True)
class BenchItem:
    id: str
    lang: str
    task: str  # "math" | "multiple_choice" | "summaries" | "instruct"
    prompt: str  # the instruction (generation) or the shared context (multiple choice)
    reference: str | None = None  # gold response / answer (generation tasks)
    choices: tuple[str, ...] | None = None  # option texts (multiple choice; their lengths give acc_norm)
    gold: int | None = None  # index of the correct option
    requests: tuple[tuple[str, str], ...] | None = None  # (context, continuation) per option, lm-eval style

    def row(self) -> dict:
        """The item as a row of the `pipeline.evaluate` table."""
        return {
            "id": self.id, "lang": self.lang, "task": self.task, "prompt": self.prompt, "response": self.reference,
            "options": list(self.choices) if self.choices else None, "gold": self.gold,
            "contexts": [c for c, _ in self.requests] if self.requests else None,
            "continuations": [x for _, x in self.requests] if self.requests else None,
        }



@dataclass(frozen=True)
class Benchmark:
    name: str
    parse: Callable
    patterns: tuple[str, ...]  # relative paths with {lang} and {split}
    fmt: str  # "jsonl" | "tsv" (no header) | "tsv_header"
    default_split: str
    split_aliases: dict | None = None  # e.g. XStoryCloze calls its test split "eval"
    hf_config: Callable[[str], str] | None = None
    load: Callable | None = None  # a benchmark that reads its files itself (FLORES pairs two languages per item)



def read_jsonl(path: Path, required: tuple[str, ...] = ()) -> list[tuple[int, dict]]:
    """(line number, object) per line; every object must have the `required` keys (non-null)."""
    rows = []
    for n, text in read_lines(path):
        try:
            row = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON ({exc.msg}); expected one JSON object per line",
                             source=str(path), key=f"line {n}") from None
        if not isinstance(row, dict):
            raise InputError(f"expected a JSON object, got {type(row).__name__}", source=str(path), key=f"line {n}")
        require(row, required, str(path), f"line {n}")
        rows.append((n, row))
    return rows


def require(row: dict, required, source: str, where: str) -> None:
    missing = [k for k in required if row.get(k) is None]
    if missing:
        raise InputError(f"missing {', '.join(missing)}; expected columns {', '.join(required)}", source=source, key=where)


def read_delimited(path: Path, delimiter: str, header: bool) -> list[tuple[int, list[str] | dict]]:
    out = []
    lines = read_lines(path)
    reader_lines = [t for _, t in lines]
    if header:
        rows = list(csv.DictReader(io.StringIO("\n".join(reader_lines)), delimiter=delimiter))
        return [(n, r) for (n, _), r in zip(lines[1:], rows, strict=True)]
    for n, text in lines:
        out.append((n, text.split(delimiter)))
    return out


def lang_of_file(raw: str, source: str) -> str:
    """A language code as a file name writes it: xlt code, alias (jp), dialect (eng_Latn) or name (english)."""
    import langcodes

    for candidate in (raw, raw.split("_")[0], raw.split("-")[0]):
        try:  # an individual language written where xlt uses its macrolanguage: swh -> sw, arb -> ar
            candidate = langcodes.Language.get(candidate).prefer_macrolanguage().language or candidate
        except (ValueError, LookupError):
            pass
        try:
            return languages.normalize(candidate)
        except languages.UnknownLanguage:
            continue
    by_name = codes_by_name()
    if raw.lower() in by_name:
        return by_name[raw.lower()]
    for name in (raw.replace("_", " "), raw.split("_")[0]):
        try:
            return languages.normalize(langcodes.find(name).language)
        except (LookupError, ValueError, languages.UnknownLanguage):
            continue
    raise InputError(f"file name's language {raw!r} is not a known language code", source=source)


def codes_by_name() -> dict[str, str]:
    out = {}
    for code in languages.all_codes():
        try:
            out.setdefault(languages.get(code).name.lower(), code)
        except languages.UnknownLanguage:
            continue
    return out


def find_files(data: Path, bench: Benchmark, split: str) -> dict[str, Path]:
    """{lang: file} for every file under `data` matching one of the benchmark's patterns."""
    found: dict[str, tuple[tuple, Path]] = {}
    files = sorted(p for p in data.rglob("*") if p.is_file())
    for i, pattern in enumerate(bench.patterns):
        rx = re.escape(pattern).replace(re.escape("{split}"), re.escape(split))
        rx = rx.replace(re.escape("{lang}"), "(?P<lang>[^/]+?)", 1).replace(re.escape("{lang}"), "(?P=lang)")
        for path in files:
            m = re.fullmatch(rx, path.relative_to(data).as_posix())
            if m:  # two files of one xlt language (nob_Latn, nno_Latn): the one it stands for
                lang = lang_of_file(m["lang"], str(path))
                rank = (i, languages.variety_rank(m["lang"], lang))
                if lang not in found or rank < found[lang][0]:
                    found[lang] = (rank, path)
    return {lang: path for lang, (_, path) in found.items()}


def prompt_rows(path: Path):
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        try:
            table = pq.read_table(path)
        except FileNotFoundError:
            raise InputError("file not found", source=str(path)) from None
        except Exception as exc:  # pyarrow's errors for a file that is not Parquet
            raise InputError(f"not a readable Parquet file ({exc})", source=str(path)) from None
        return [(f"row {i + 1}", row) for i, row in enumerate(table.to_pylist())]
    return [(f"line {n}", row) for n, row in read_jsonl(path)]
