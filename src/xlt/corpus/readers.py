"""Parallel corpora from anywhere into one table: id, lang, task, prompt, response, split.

Sources: `builtin:micro`, `jsonl:<path>`, `parquet:<path>`, `hf:<dataset id or local dataset dir>[:<config glob>]`.
A public layout's fields (Alpaca's instruction/input/output, Aya's inputs/targets/language_code) map
to these through `[data] fields`: a preset or a table (FieldMap). Rows sharing an `id` are
translations of one example. Whole ids (all their languages at once) go to splits by a seeded hash,
so no example leaks between train and test through a translation: rows without a split, and, where a
source has no validation or test rows (an hf: dataset with only a train split), its train ids.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from xlt import languages
from xlt.errors import InputError
from xlt.lines import read_lines
from xlt.store import code_digest

COLUMNS = ("id", "lang", "task", "prompt", "response", "split")
SPLITS = ("train", "validation", "test")


@dataclass(frozen=True)
class FieldMap:
    """How a source's fields become corpus fields: each is a column, or a constant where the source has none.

    `prompt` lists columns joined by a blank line (empty ones skipped), as Alpaca's instruction and
    input. `id` None means the row index, which is parallel across the per-language configs of a
    translated dataset. `lang_value`/`task_value` are constants; `lang_value = "{config}"` is the
    config's name (one config per language). `parallel` names the fields that are translations of one
    another: Bactrian-X translated instructions but generated each language's responses with an LLM.
    """

    id: str | None = "id"
    prompt: tuple[str, ...] = ("prompt",)
    response: str | None = "response"
    lang: str | None = "lang"
    lang_value: str | None = None
    task: str | None = "task"
    task_value: str | None = None
    optional: tuple[str, ...] = ()  # columns that may be absent (read as empty)
    configs: str = "*"  # the hf: configs read when the source names none
    parallel: tuple[str, ...] = ("prompt", "response")

    def columns(self) -> list[str]:
        """The source columns this mapping reads."""
        named = [self.id, *self.prompt, self.response, self.lang, self.task]
        return list(dict.fromkeys(c for c in named if c))


CONFIG = "{config}"
FIELD_MAPS = {
    "corpus": FieldMap(optional=("response",)),  # xlt's own layout
    # yahma/alpaca-cleaned, tatsu-lab/alpaca: English, no id (the row index is one)
    "alpaca": FieldMap(id=None, prompt=("instruction", "input"), response="output", lang=None, lang_value="en", task=None, task_value="instruct"),
    # MBZUAI/Bactrian-X: one config per language, ids shared across them
    "bactrian-x": FieldMap(
        prompt=("instruction", "input"), response="output", lang=None, lang_value=CONFIG, task=None, task_value="instruct", parallel=("prompt",)
    ),
    # CohereForAI/aya_dataset: one table of original annotations (not parallel), ISO 639-3 codes; its
    # `demographics` config describes annotators
    "aya": FieldMap(
        id=None, prompt=("inputs",), response="targets", lang="language_code", task=None, task_value="instruct", configs="default", parallel=()
    ),
}
TABLE_KEYS = ("id", "prompt", "input", "response", "lang", "lang_value", "task", "task_value")


def field_map(spec: str | dict | None) -> FieldMap:
    """A preset by name, or a table `{ prompt = "instruction", input = "input", response = "output", ... }`."""
    if spec is None:
        return FIELD_MAPS["corpus"]
    if isinstance(spec, str):
        if spec not in FIELD_MAPS:
            raise InputError(f"unknown field mapping {spec!r}; expected a preset ({', '.join(sorted(FIELD_MAPS))}) or a table {{ prompt = ..., ... }}", key="fields")
        return FIELD_MAPS[spec]
    if not isinstance(spec, dict):
        raise InputError(f"expected a preset name or a table, got {spec!r}", key="fields")
    return _table_map(spec)


def _table_map(spec: dict) -> FieldMap:
    unknown = [k for k in spec if k not in TABLE_KEYS]
    if unknown:
        raise InputError(f"unknown key {unknown[0]!r}; expected {', '.join(TABLE_KEYS)}", key="fields")
    for k, v in spec.items():
        if not (isinstance(v, str) and v) and not (k == "prompt" and isinstance(v, list) and v and all(isinstance(x, str) and x for x in v)):
            raise InputError(f"{k} must be a field name{' or a list of them' if k == 'prompt' else ''}, got {v!r}", key="fields")
    if "prompt" not in spec:
        raise InputError('no prompt: add prompt = "<field>" (or a list of fields, joined by a blank line)', key="fields")
    if "response" not in spec:
        raise InputError('no response: add response = "<field>"', key="fields")
    for what, example in (("lang", "<code>"), ("task", "<task>")):
        if what in spec and f"{what}_value" in spec:
            raise InputError(f"{what} and {what}_value both given: a field or a constant, not both", key="fields")
        if what not in spec and f"{what}_value" not in spec:
            label = "language" if what == "lang" else what
            raise InputError(f'no {label}: add {what} = "<field>" or {what}_value = "{example}"', key="fields")
    lang_value = spec.get("lang_value")
    if lang_value not in (None, CONFIG) and not languages.is_known(lang_value):
        raise InputError(f"lang_value: unknown language code {lang_value!r}; expected an ISO code or {CONFIG!r}", key="fields")
    prompt = spec["prompt"] if isinstance(spec["prompt"], list) else [spec["prompt"]]
    return FieldMap(
        id=spec.get("id"),
        prompt=tuple(prompt) + ((spec["input"],) if "input" in spec else ()),
        response=spec["response"],
        lang=spec.get("lang"),
        lang_value=lang_value,
        task=spec.get("task"),
        task_value=spec.get("task_value"),
    )


def field_map_for(dataset_id: str, spec: str | dict | None = None) -> FieldMap:
    """The mapping a study names, or the one a known dataset id implies (hf:yahma/alpaca-cleaned)."""
    if spec is not None:
        return field_map(spec)
    name = dataset_id.rstrip("/").rsplit("/", 1)[-1].lower()
    if "bactrian" in dataset_id.lower():
        return FIELD_MAPS["bactrian-x"]
    if name.startswith("aya_dataset") or name.startswith("aya-dataset"):
        return FIELD_MAPS["aya"]
    if name.startswith("alpaca"):
        return FIELD_MAPS["alpaca"]
    return FIELD_MAPS["corpus"]


def _suggestion(columns: list[str], has_config: bool) -> str:
    """The mapping to add for a source with these columns: a fitting preset, and a table guessed from names."""
    def first(*names):
        return next((n for n in names if n in columns), None)

    prompt = first("prompt", "instruction", "inputs", "question", "query", "input", "text")
    parts = []
    if "id" in columns:
        parts.append('id = "id"')
    parts.append(f'prompt = "{prompt or "<field>"}"')
    if prompt == "instruction" and "input" in columns:
        parts.append('input = "input"')
    parts.append(f'response = "{first("response", "output", "targets", "answer", "completion", "target", "outputs") or "<field>"}"')
    lang = first("lang", "language_code", "language", "locale")
    parts.append(f'lang = "{lang}"' if lang else f'lang_value = "{CONFIG if has_config else "<code>"}"')
    task = first("task", "task_type", "category")
    parts.append(f'task = "{task}"' if task else 'task_value = "<task>"')
    out = "add [data] fields = { " + ", ".join(parts) + " }"
    fits = [n for n, m in FIELD_MAPS.items() if n != "corpus" and set(m.columns()) <= set(columns) and (m.lang_value != CONFIG or has_config)]
    return out + "".join(f' or fields = "{n}"' for n in fits)


def _lacks(missing: list[str], columns: list[str], *, has_config: bool) -> str:
    return f"lacks field(s) {missing}; has {', '.join(sorted(columns))}; {_suggestion(columns, has_config)}"


# --- entry point --------------------------------------------------------------------------------

SOURCES = "builtin:micro, jsonl:<path>, parquet:<path> or hf:<id>"


def check_scheme(source: str) -> str:
    """The source as written, if its scheme is one load_corpus reads (InputError otherwise)."""
    scheme, sep, rest = source.partition(":")
    if not sep or scheme not in ("builtin", "jsonl", "parquet", "hf") or not rest:
        raise InputError(f"unknown corpus source {source!r} (scheme {scheme!r}); expected {SOURCES}", key="corpus")
    return source


def missing_local_source(source: str) -> str | None:
    """The path of a local corpus (a jsonl:/parquet: file, an hf: folder written as a path) that is not there."""
    scheme, _, rest = source.partition(":")
    if scheme in ("jsonl", "parquet") and not Path(rest).is_file():
        return rest
    path = rest.partition(":")[0] if scheme == "hf" else ""
    if path.startswith(("/", "./", "../", "~")) and not Path(path).expanduser().exists():
        return path
    return None


def load_corpus(source: str, *, holdout: float = 0.1, split_seed: int = 0, fields: str | dict | None = None) -> pl.DataFrame:
    """Read a corpus into the common table, language codes canonical, every row with a split.

    `fields` maps the source's fields ([data] fields: a preset name or a table); hf: sources of a known
    dataset id (Alpaca, Bactrian-X, Aya) need none."""
    scheme, _, rest = source.partition(":")
    if scheme == "builtin":
        table = _read_builtin(rest)
    elif scheme == "jsonl":
        table = read_jsonl(rest, fields=fields)
    elif scheme == "parquet":
        table = read_parquet(rest, fields=fields)
    elif scheme == "hf":
        table = read_hf(rest, fields=fields)
    else:
        raise InputError(f"unknown corpus source {source!r}; expected {SOURCES}", key="corpus")
    table = _canonical_languages(table, source)
    nulls = table.with_row_index("_row").filter(pl.any_horizontal(pl.col("id", "lang", "task").is_null()))
    if nulls.height:
        row = nulls.row(0, named=True)
        _refuse(source, row["_row"], f"{next(c for c in ('id', 'lang', 'task') if row[c] is None)} is null; every row needs an id, a lang and a task")
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

        return f"{source}|{code_digest(Path(micro.__file__).parent)}"
    if scheme == "hf":  # since hf: corpora get validation and test ids carved from train (mixtures differ)
        return f"{source}|held-out-from-train"
    return source


# --- readers ------------------------------------------------------------------------------------


def _read_builtin(name: str) -> pl.DataFrame:
    name, _, query = name.partition("?")
    if name != "micro":
        raise InputError(f"unknown builtin corpus {name!r}; expected 'micro'", key="corpus")
    params = dict(kv.split("=", 1) for kv in query.split("&") if "=" in kv)
    return _normalize_columns(cached_micro(n_ids=int(params.get("n", 20000)), seed=int(params.get("seed", 0))))


def cached_micro(n_ids: int = 20000, seed: int = 0) -> pl.DataFrame:
    """The micro corpus, generated once per generator version and cached as Parquet."""
    from xlt.corpus import micro
    from xlt.store import cache_dir, write_parquet

    digest = code_digest(Path(micro.__file__).parent)
    path = cache_dir() / "corpus" / f"micro-{digest}-{n_ids}-{seed}-ladder.parquet"
    if path.exists():
        try:
            return pl.read_parquet(path)
        except Exception:  # a damaged cache file is rebuilt, never trusted
            path.unlink(missing_ok=True)
    # the 18 languages in every task, and the typology ladder's synthetic languages in the tasks they have
    # (math, api: no instruct), so a study can name them like any other language
    from xlt.corpus.micro import typology

    ladder_tasks = tuple(t for t in micro.ALL_TASKS if t != "instruct")
    table = pl.concat([micro.generate(n_ids=n_ids, seed=seed, tasks=micro.ALL_TASKS),
                       micro.generate(n_ids=n_ids, seed=seed, tasks=ladder_tasks, languages=tuple(typology.LADDER))])
    write_parquet(table, path)
    return table


def read_jsonl(path_str: str, *, fields: str | dict | None = None) -> pl.DataFrame:
    path = Path(path_str)
    if not path.is_file():
        raise InputError("corpus file not found", source=path_str)
    fmap = field_map(fields)
    rows, linenos = [], []
    for lineno, line in read_lines(path_str):  # the one line rule: BOM dropped, a blank line is an error
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON ({exc.msg})", source=path_str, key=f"line {lineno}") from None
        if not isinstance(obj, dict):
            raise InputError("expected a JSON object per line", source=path_str, key=f"line {lineno}")
        rows.append(obj)
        linenos.append(lineno)
    if not rows:
        raise InputError("corpus file has no rows", source=path_str)
    present = list(dict.fromkeys(k for obj in rows for k in obj))
    needed = [c for c in fmap.columns() if c not in fmap.optional]
    missing = [c for c in needed if c not in present]
    if missing:
        raise InputError(_lacks(missing, present, has_config=False), source=path_str)
    for obj, lineno in zip(rows, linenos):
        gaps = [c for c in needed if c not in obj]
        if gaps:
            raise InputError(f"missing field(s) {gaps}; the other rows have them", source=path_str, key=f"line {lineno}")
    read = [c for c in [*fmap.columns(), "split"] if c in present]
    table = pl.DataFrame({c: [_text(obj.get(c)) for obj in rows] for c in read}, schema={c: pl.Utf8 for c in read})
    return _map_fields(table, fmap, source=path_str)


def _text(value) -> str | None:
    """A JSON value as corpus text: strings as written, numbers as str() writes them, lists and objects as JSON."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def read_parquet(path_str: str, *, fields: str | dict | None = None) -> pl.DataFrame:
    path = Path(path_str)
    if not path.is_file():
        raise InputError("corpus file not found", source=path_str)
    try:
        table = pl.read_parquet(path)
    except Exception as exc:
        raise InputError(f"not a readable Parquet file ({type(exc).__name__})", source=path_str) from None
    return _map_fields(table, field_map(fields), source=path_str)


def read_hf(spec: str, *, fields: str | dict | None = None) -> pl.DataFrame:
    """A Hugging Face dataset by id, a local dataset folder (data files, a loading script is never run) or
    a folder written by `save_to_disk`: one config per language or a language field."""
    import datasets

    dataset_id, _, pattern = spec.partition(":")
    fmap = field_map_for(dataset_id, fields)
    source = f"hf:{dataset_id}"
    local = Path(dataset_id)
    if (local / "dataset_dict.json").is_file() or (local / "state.json").is_file():
        saved = datasets.load_from_disk(str(local))
        splits = saved.items() if isinstance(saved, datasets.DatasetDict) else [("train", saved)]
        return pl.concat([_map_fields(_arrow_table(ds), fmap, split=name, source=source) for name, ds in splits], how="vertical")
    try:
        configs = datasets.get_dataset_config_names(dataset_id)
    except Exception as exc:
        raise InputError(f"cannot open Hugging Face dataset ({type(exc).__name__}: {exc})".splitlines()[0], source=source) from None
    chosen = [c for c in configs if fnmatch.fnmatch(c, pattern or fmap.configs)]
    if not chosen:
        raise InputError(f"no config matches {pattern or fmap.configs!r}; configs: {configs[:20]}", source=source)
    frames = []
    for config in chosen:
        dsd = datasets.load_dataset(dataset_id, config)
        for split_name, ds in dsd.items():
            frames.append(_map_fields(_arrow_table(ds), fmap, config=config, split=split_name, source=source))
    return pl.concat(frames, how="vertical")


def _arrow_table(ds) -> pl.DataFrame:
    return pl.from_arrow(ds.with_format("arrow")[:])


SPLIT_NAMES = {"dev": "validation", "valid": "validation", "val": "validation"}  # other names sources give their splits


def _map_fields(table: pl.DataFrame, fmap: FieldMap, *, source: str, config: str | None = None, split: str | None = None) -> pl.DataFrame:
    """The source's columns as corpus fields: cast to text, prompt parts joined, constants filled in."""
    missing = [c for c in fmap.columns() if c not in table.columns and c not in fmap.optional]
    if missing:
        where = f"config {config!r} " if config else ""
        per_language = config not in (None, "default")  # a config name that may be a language
        raise InputError(where + _lacks(missing, table.columns, has_config=per_language), source=source)
    if fmap.lang_value == CONFIG and config is None:
        raise InputError(f'lang_value = "{CONFIG}" needs an hf: dataset with one config per language; name the language field or a code', source=source, key="fields")

    def text(column: str | None) -> pl.Expr:
        if column is None or column not in table.columns:
            return pl.lit(None, dtype=pl.Utf8)
        return pl.col(column).cast(pl.Utf8)

    def field(column: str | None, value: str | None) -> pl.Expr:
        if value is not None:
            return pl.lit(config if value == CONFIG else value, dtype=pl.Utf8)
        return text(column)

    if len(fmap.prompt) == 1:
        prompt = text(fmap.prompt[0])  # one field is kept as written, empty or not
    else:
        parts = pl.concat_list([text(f).fill_null("") for f in fmap.prompt])
        prompt = parts.list.eval(pl.element().filter(pl.element().str.strip_chars() != "")).list.join("\n\n")
    if fmap.id is not None:
        ident = text(fmap.id)
    else:  # the row index: parallel across per-language configs; splits numbered apart
        prefix = "" if split in (None, "train") else f"{split}-"
        ident = pl.format(prefix + "{}", pl.int_range(pl.len(), dtype=pl.Int64))
    split_name = SPLIT_NAMES.get(split, split)
    split_expr = text("split") if "split" in table.columns else pl.lit(split_name if split_name in SPLITS else None, dtype=pl.Utf8)
    try:
        return table.select(
            ident.alias("id"),
            field(fmap.lang, fmap.lang_value).alias("lang"),
            field(fmap.task, fmap.task_value).alias("task"),
            prompt.alias("prompt"),
            text(fmap.response).alias("response"),
            split_expr.alias("split"),
        )
    except pl.exceptions.PolarsError as exc:  # a nested column named as text
        raise InputError(f"cannot read the mapped fields as text ({type(exc).__name__}); map text fields", source=source) from None


def _normalize_columns(table: pl.DataFrame) -> pl.DataFrame:
    cols = [pl.col(c).cast(pl.Utf8) if c in table.columns else pl.lit(None, dtype=pl.Utf8).alias(c) for c in COLUMNS]
    return table.select(cols)


def check_rows(table: pl.DataFrame, source: str) -> None:
    """What a plan cannot draw from, refused with the file and line (JSONL) or row: a language code the
    registry does not know (any spelling of a known one is fine), never counted as a language of its
    own; and a row repeating another's (id, lang, task), which would make draws depend on row order."""
    unknown = [c for c in table["lang"].unique(maintain_order=True).to_list() if c is None or not languages.is_known(c)]
    rows = table.with_row_index("_row")
    if unknown:
        bad = rows.filter(pl.col("lang").is_in([c for c in unknown if c is not None]) | pl.col("lang").is_null())
        _refuse(source, bad["_row"][0], f"unknown language code {bad['lang'][0]!r}; expected an ISO 639-1/639-3 code the registry knows (xlt languages)")
    repeated = rows.filter(~pl.struct("id", "lang", "task").is_first_distinct())
    if repeated.height:
        r = repeated.row(0, named=True)
        _refuse(source, r["_row"], f"repeats id {r['id']!r} in {r['lang']!r} for task {r['task']!r}; each (id, lang, task) once")


def _refuse(source: str, row: int, message: str):
    scheme, _, path = source.partition(":")
    where = f"line {_line_of_row(Path(path), row)}" if scheme == "jsonl" else f"row {row + 1}"
    raise InputError(message, source=path if scheme in ("jsonl", "parquet") else source, key=where)


def _line_of_row(path: Path, row: int) -> int:
    """The file line of read_jsonl's row `row` (blank lines are skipped there, counted here)."""
    seen = -1
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, 1):
            seen += bool(raw.strip())
            if seen == row:
                return lineno
    return row + 1


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
    """Give every row a split, whole ids (all their languages) at a time, by one seeded hash per id.

    Rows without a split go holdout/2 to validation, holdout/2 to test, the rest to train. A corpus
    whose source has no validation or no test rows at all (an hf: dataset with only a train split, a
    file whose rows all say train) gets them from its train ids by the same hash, so `select =
    "val_loss"` and evaluation have rows; the source's own validation and test rows are kept.
    """
    if not 0 <= holdout < 1:
        raise InputError(f"holdout must be in [0, 1), got {holdout}", key="data.holdout")
    split = table["split"]
    lacking = [s for s in ("validation", "test") if not (split == s).any()]
    if split.null_count() == 0 and (not lacking or holdout == 0):
        return table
    ids = table["id"].unique().to_list()
    u = id_uniform(ids, seed)
    hashed = np.where(u < holdout / 2, "validation", np.where(u < holdout, "test", "train"))
    lookup = pl.DataFrame({"id": ids, "_hashed": hashed.tolist()}, schema={"id": pl.Utf8, "_hashed": pl.Utf8})
    out = table.join(lookup, on="id", how="left", maintain_order="left").with_columns(pl.coalesce("split", "_hashed").alias("split"))
    lacking = [s for s in ("validation", "test") if not (out["split"] == s).any()]
    if lacking:
        only_train = (pl.col("split") == "train").all().over("id")
        carve = only_train & pl.col("_hashed").is_in(lacking)
        out = out.with_columns(pl.when(carve).then(pl.col("_hashed")).otherwise(pl.col("split")).alias("split"))
    return out.drop("_hashed")


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
    """Write corpus rows as JSONL, atomically (store.write_atomic)."""
    from xlt.store import write_atomic

    write_atomic(path, "".join(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n" for row in table.iter_rows(named=True)))
