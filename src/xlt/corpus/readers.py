"""Parallel corpora from anywhere into one table: id, lang, task, prompt, response, split.

Sources: `builtin:micro`, `jsonl:<path>`, `parquet:<path>`, `hf:<dataset id or local dataset dir>[:<config glob>]`.
Rows sharing an `id` are translations of one example. Without a `split` column, whole ids (all
their languages at once) go to splits by a seeded hash, so no example leaks between train and test
through a translation.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from xlt import languages
from xlt.errors import InputError

COLUMNS = ("id", "lang", "task", "prompt", "response", "split")
REQUIRED = ("id", "lang", "task", "prompt")
SPLITS = ("train", "validation", "test")
SCHEMA = {c: pl.Utf8 for c in COLUMNS}


@dataclass(frozen=True)
class FieldMap:
    """How a Hugging Face dataset's fields become corpus fields.

    `prompt` lists fields joined by a blank line (empty ones skipped), as Bactrian-X's instruction and
    input. `lang` is "config" when each config is one language. `parallel` names the fields that are
    translations of one another: Bactrian-X translated instructions but generated each language's
    responses with an LLM, so only its prompts are parallel.
    """

    id: str = "id"
    prompt: tuple[str, ...] = ("prompt",)
    response: str | None = "response"
    lang: str = "lang"
    task: str | None = None  # a constant task name when the dataset has no task column
    parallel: tuple[str, ...] = ("prompt", "response")


FIELD_MAPS = {
    "corpus": FieldMap(lang="lang", task=None),
    "bactrian-x": FieldMap(
        id="id", prompt=("instruction", "input"), response="output", lang="config", task="instruct", parallel=("prompt",)
    ),
}


def field_map_for(dataset_id: str, name: str | None = None) -> FieldMap:
    """The named mapping, or the one a known dataset id implies."""
    if name:
        if name not in FIELD_MAPS:
            raise InputError(f"unknown field mapping {name!r}; expected one of {sorted(FIELD_MAPS)}", key="fields")
        return FIELD_MAPS[name]
    if "bactrian" in dataset_id.lower():
        return FIELD_MAPS["bactrian-x"]
    return FIELD_MAPS["corpus"]


# --- entry point --------------------------------------------------------------------------------


def load_corpus(source: str, *, holdout: float = 0.1, split_seed: int = 0, fields: str | None = None) -> pl.DataFrame:
    """Read a corpus into the common table, language codes canonical, every row with a split."""
    scheme, _, rest = source.partition(":")
    if scheme == "builtin":
        table = _read_builtin(rest)
    elif scheme == "jsonl":
        table = read_jsonl(rest)
    elif scheme == "parquet":
        table = read_parquet(rest)
    elif scheme == "hf":
        table = read_hf(rest, fields=fields)
    else:
        raise InputError(
            f"unknown corpus source {source!r}; expected builtin:micro, jsonl:<path>, parquet:<path> or hf:<id>", key="corpus"
        )
    table = _canonical_languages(table, source)
    return assign_splits(table, holdout=holdout, seed=split_seed)


def source_fingerprint(source: str) -> str:
    """What identifies a corpus's content for content-addressing: file size and mtime for files."""
    scheme, _, rest = source.partition(":")
    if scheme in ("jsonl", "parquet"):
        p = Path(rest)
        if p.exists():
            st = p.stat()
            return f"{source}|{st.st_size}|{int(st.st_mtime)}"
    if scheme == "builtin":
        from xlt.corpus import micro

        return f"{source}|{_package_digest(Path(micro.__file__).parent)}"
    return source


def _package_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file() and p.suffix in (".py", ".json", ".txt", ".toml"):
            h.update(p.relative_to(folder).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


# --- readers ------------------------------------------------------------------------------------


def _read_builtin(name: str) -> pl.DataFrame:
    name, _, query = name.partition("?")
    if name != "micro":
        raise InputError(f"unknown builtin corpus {name!r}; expected 'micro'", key="corpus")
    params = dict(kv.split("=", 1) for kv in query.split("&") if "=" in kv)
    from xlt.corpus import micro

    return _normalize_columns(cached_micro(n_ids=int(params.get("n", 20000)), seed=int(params.get("seed", 0))))


def cached_micro(n_ids: int = 20000, seed: int = 0) -> pl.DataFrame:
    """The micro corpus, generated once per generator version and cached as Parquet."""
    from xlt.corpus import micro
    from xlt.store import cache_dir

    digest = _package_digest(Path(micro.__file__).parent)
    path = cache_dir() / "corpus" / f"micro-{digest}-{n_ids}-{seed}.parquet"
    if path.exists():
        try:
            return pl.read_parquet(path)
        except Exception:  # a damaged cache file is rebuilt, never trusted
            path.unlink(missing_ok=True)
    table = micro.generate(n_ids=n_ids, seed=seed, tasks=micro.ALL_TASKS)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    table.write_parquet(tmp)
    os.replace(tmp, path)
    return table


def read_jsonl(path_str: str) -> pl.DataFrame:
    path = Path(path_str)
    if not path.is_file():
        raise InputError("corpus file not found", source=path_str)
    rows = []
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            try:
                line = raw.decode("utf-8").strip()
            except UnicodeDecodeError:
                raise InputError("not UTF-8 text", source=path_str, key=f"line {lineno}") from None
            if not line:
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"invalid JSON ({exc.msg})", source=path_str, key=f"line {lineno}") from None
            if not isinstance(obj, dict):
                raise InputError("expected a JSON object per line", source=path_str, key=f"line {lineno}")
            missing = [c for c in REQUIRED if c not in obj]
            if missing:
                raise InputError(f"missing field(s) {missing}; expected {list(REQUIRED)}", source=path_str, key=f"line {lineno}")
            rows.append({c: (None if obj.get(c) is None else str(obj[c])) for c in COLUMNS})
    if not rows:
        raise InputError("corpus file has no rows", source=path_str)
    return pl.DataFrame(rows, schema=SCHEMA)


def read_parquet(path_str: str) -> pl.DataFrame:
    path = Path(path_str)
    if not path.is_file():
        raise InputError("corpus file not found", source=path_str)
    try:
        table = pl.read_parquet(path)
    except Exception as exc:
        raise InputError(f"not a readable Parquet file ({type(exc).__name__})", source=path_str) from None
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise InputError(f"missing column(s) {missing}; expected {list(REQUIRED)}", source=path_str)
    return _normalize_columns(table)


def read_hf(spec: str, *, fields: str | None = None) -> pl.DataFrame:
    """A Hugging Face dataset by id (or a local dataset folder), one config per language or a lang column."""
    import datasets

    dataset_id, _, pattern = spec.partition(":")
    fmap = field_map_for(dataset_id, fields)
    try:
        configs = datasets.get_dataset_config_names(dataset_id)
    except Exception as exc:
        raise InputError(f"cannot open Hugging Face dataset ({type(exc).__name__}: {exc})".splitlines()[0], source=f"hf:{dataset_id}") from None
    chosen = [c for c in configs if fnmatch.fnmatch(c, pattern or "*")]
    if not chosen:
        raise InputError(f"no config matches {pattern!r}; configs: {configs[:20]}", source=f"hf:{dataset_id}")
    frames = []
    for config in chosen:
        dsd = datasets.load_dataset(dataset_id, config)
        for split_name, ds in dsd.items():
            table = pl.from_arrow(ds.data.table)
            frames.append(_map_fields(table, fmap, config=config, split=split_name, source=f"hf:{dataset_id}"))
    return pl.concat(frames, how="vertical")


def _map_fields(table: pl.DataFrame, fmap: FieldMap, *, config: str, split: str, source: str) -> pl.DataFrame:
    needed = [fmap.id, *fmap.prompt] + ([fmap.response] if fmap.response else []) + ([] if fmap.lang == "config" else [fmap.lang])
    missing = [f for f in needed if f not in table.columns]
    if missing:
        raise InputError(f"config {config!r} lacks field(s) {missing}; has {table.columns}", source=source)
    prompt_parts = [pl.col(f).cast(pl.Utf8).fill_null("") for f in fmap.prompt]
    prompt = pl.concat_list(prompt_parts).list.eval(pl.element().filter(pl.element().str.strip_chars() != "")).list.join("\n\n")
    split_expr = pl.lit(split if split in SPLITS else None, dtype=pl.Utf8)
    if "split" in table.columns:
        split_expr = pl.col("split").cast(pl.Utf8)
    return table.select(
        pl.col(fmap.id).cast(pl.Utf8).alias("id"),
        (pl.lit(config) if fmap.lang == "config" else pl.col(fmap.lang).cast(pl.Utf8)).alias("lang"),
        (pl.lit(fmap.task) if fmap.task else pl.col("task").cast(pl.Utf8)).alias("task"),
        prompt.alias("prompt"),
        (pl.col(fmap.response).cast(pl.Utf8) if fmap.response else pl.lit(None, dtype=pl.Utf8)).alias("response"),
        split_expr.alias("split"),
    )


def _normalize_columns(table: pl.DataFrame) -> pl.DataFrame:
    cols = [pl.col(c).cast(pl.Utf8) if c in table.columns else pl.lit(None, dtype=pl.Utf8).alias(c) for c in COLUMNS]
    return table.select(cols)


def _canonical_languages(table: pl.DataFrame, source: str) -> pl.DataFrame:
    """Map every spelling to the registry's code; unknown codes stay as written (validation reports them)."""
    mapping = {}
    for code in table["lang"].unique().to_list():
        try:
            mapping[code] = languages.normalize(code)
        except languages.UnknownLanguage:
            mapping[code] = code
    if all(k == v for k, v in mapping.items()):
        return table
    return table.with_columns(pl.col("lang").replace_strict(mapping, return_dtype=pl.Utf8))


# --- splits -------------------------------------------------------------------------------------


def id_uniform(ids: list[str], seed: int) -> np.ndarray:
    """A seeded, order-independent uniform number in [0, 1) per id (the same for all its languages)."""
    out = np.empty(len(ids), dtype=np.float64)
    prefix = f"{seed}:".encode()
    for i, x in enumerate(ids):
        digest = hashlib.blake2b(prefix + x.encode(), digest_size=8).digest()
        out[i] = int.from_bytes(digest, "big") / 2**64
    return out


def assign_splits(table: pl.DataFrame, *, holdout: float = 0.1, seed: int = 0) -> pl.DataFrame:
    """Fill missing splits by id hash: holdout/2 validation, holdout/2 test, the rest train."""
    if not 0 <= holdout < 1:
        raise InputError(f"holdout must be in [0, 1), got {holdout}", key="data.holdout")
    if table["split"].null_count() == 0:
        return table
    ids = table.filter(pl.col("split").is_null())["id"].unique().to_list()
    u = id_uniform(ids, seed)
    assigned = np.where(u < holdout / 2, "validation", np.where(u < holdout, "test", "train"))
    lookup = pl.DataFrame({"id": ids, "_split": assigned.tolist()}, schema={"id": pl.Utf8, "_split": pl.Utf8})
    return (
        table.join(lookup, on="id", how="left", maintain_order="left")
        .with_columns(pl.coalesce("split", "_split").alias("split"))
        .drop("_split")
    )


# --- validation and statistics ------------------------------------------------------------------


@dataclass
class CorpusReport:
    rows: int
    duplicates: int = 0
    empty_prompts: int = 0
    empty_responses: int = 0
    unknown_codes: dict[str, int] = field(default_factory=dict)
    unknown_splits: int = 0
    ids_missing_languages: dict[str, int] = field(default_factory=dict)  # task -> ids absent from some language

    @property
    def errors(self) -> list[str]:
        """Problems that make the corpus unusable for mixtures."""
        out = []
        if self.duplicates:
            out.append(f"{self.duplicates} duplicate (id, lang, task) rows")
        if self.unknown_codes:
            out.append(f"unknown language codes {sorted(self.unknown_codes)}")
        if self.empty_prompts:
            out.append(f"{self.empty_prompts} empty prompts")
        if self.unknown_splits:
            out.append(f"{self.unknown_splits} rows with a split other than {list(SPLITS)}")
        return out

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "duplicates": self.duplicates,
            "empty_prompts": self.empty_prompts,
            "empty_responses": self.empty_responses,
            "unknown_codes": self.unknown_codes,
            "unknown_splits": self.unknown_splits,
            "ids_missing_languages": self.ids_missing_languages,
            "errors": self.errors,
        }


def validate_corpus(table: pl.DataFrame) -> CorpusReport:
    """Duplicates, empty fields, unknown codes and ids missing in some languages, with counts."""
    report = CorpusReport(rows=table.height)
    report.duplicates = table.height - table.select("id", "lang", "task").unique().height
    report.empty_prompts = table.filter(pl.col("prompt").is_null() | (pl.col("prompt").str.strip_chars() == "")).height
    report.empty_responses = table.filter(pl.col("response").is_null() | (pl.col("response").str.strip_chars() == "")).height
    counts = table.group_by("lang").len()
    report.unknown_codes = {
        r["lang"]: r["len"] for r in counts.iter_rows(named=True) if not languages.is_known(r["lang"]) or languages.normalize(r["lang"]) != r["lang"]
    }
    report.unknown_splits = table.filter(~pl.col("split").is_in(SPLITS)).height
    per_task = table.group_by("task").agg(pl.col("lang").n_unique().alias("langs"))
    for task, n_langs in per_task.iter_rows():
        ids = table.filter(pl.col("task") == task).group_by("id").agg(pl.col("lang").n_unique().alias("k"))
        missing = ids.filter(pl.col("k") < n_langs).height
        if missing:
            report.ids_missing_languages[task] = missing
    return report


def corpus_stats(table: pl.DataFrame, split: str | None = None) -> dict[str, dict[str, int]]:
    """{lang: {task: number of ids}}, optionally within one split."""
    if split:
        table = table.filter(pl.col("split") == split)
    grouped = table.group_by("lang", "task").agg(pl.col("id").n_unique().alias("n")).sort("lang", "task")
    out: dict[str, dict[str, int]] = {}
    for lang, task, n in grouped.iter_rows():
        out.setdefault(lang, {})[task] = n
    return out


def write_jsonl(table: pl.DataFrame, path: str | Path) -> None:
    """Write corpus rows as JSONL, atomically (temp name, then rename)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for row in table.iter_rows(named=True):
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")
    os.replace(tmp, path)
