"""Evaluation sets from their public formats: MGSM, XCOPA, XStoryCloze, XWinograd, Belebele, XLSum, prompts,
FLORES (flores.py) and m-ArenaHard (arena.py).

Each loader reads local files (or a Hugging Face dataset already in the user's cache, `hf:<id>`) into
`BenchItem`s. Every file is read and checked whole before anything is returned, so nothing is ever
scored from a half-read file; bad input (missing columns, labels out of range, empty lines, a wrong
encoding) raises InputError naming the file and the line. Language codes go through the registry
(XWinograd's `jp` is `ja`).

Multiple-choice items carry (context, continuation) text pairs written as lm-evaluation-harness writes
them for the task; `xlt.evaluate.pipeline` either wraps each context in the model's prompt format
(`chat`, what SFT saw) or uses it as is (`raw`, lm-eval's zero-shot setting).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from xlt import languages
from xlt.errors import InputError
from xlt.evaluate import arena, flores
from xlt.evaluate.bench_files import (BenchItem, Benchmark, find_files, lang_of_file, prompt_rows, read_delimited,
                                       read_jsonl, require)


# ---------------------------------------------------------------------------------------------
# one parser per benchmark: a raw row -> BenchItem (InputError on bad content)

# lm-eval's XCOPA connectors (tasks/xcopa/utils.py), plus English COPA's.
XCOPA_CONNECTORS = {
    "en": ("because", "therefore"), "et": ("sest", "seetõttu"), "ht": ("poukisa", "donk sa"),
    "it": ("perché", "quindi"), "id": ("karena", "maka"), "qu": ("imataq", "chaymi"),
    "sw": ("kwa sababu", "kwa hiyo"), "zh": ("因为", "所以"), "ta": ("காரணமாக", "எனவே"),
    "th": ("เพราะ", "ดังนั้น"), "tr": ("çünkü", "bu yüzden"), "vi": ("bởi vì", "vì vậy"),
}


def _label(value, n_options: int, base: int, source: str, where: str, field: str) -> int:
    try:
        index = int(str(value).strip()) - base
    except ValueError:
        index = -1
    if not 0 <= index < n_options:
        raise InputError(f"{field} {value!r} out of range; expected {base}..{base + n_options - 1}", source=source, key=where)
    return index


def _mc(uid, lang, context, choices, gold, delimiter=" ") -> BenchItem:
    choices = tuple(str(c) for c in choices)
    return BenchItem(str(uid), lang, "multiple_choice", context, choices=choices, gold=gold,
                     requests=tuple((context, delimiter + c) for c in choices))


def parse_xcopa(row: dict, lang: str, n: int, source: str, where: str) -> BenchItem:
    require(row, ("premise", "choice1", "choice2", "question", "label"), source, where)
    if row["question"] not in ("cause", "effect"):
        raise InputError(f"question {row['question']!r}; expected 'cause' or 'effect'", source=source, key=where)
    cause, effect = XCOPA_CONNECTORS.get(lang, XCOPA_CONNECTORS["en"])
    context = str(row["premise"]).strip()[:-1] + " " + (cause if row["question"] == "cause" else effect)
    choices = [c[0].lower() + c[1:] if c else c for c in (str(row["choice1"]), str(row["choice2"]))]
    return _mc(row.get("idx", n), lang, context, choices, _label(row["label"], 2, 0, source, where, "label"))


_STORY_FIELDS = {  # the original release's CSV header -> the Hugging Face field names
    "InputStoryid": "story_id", "InputSentence1": "input_sentence_1", "InputSentence2": "input_sentence_2",
    "InputSentence3": "input_sentence_3", "InputSentence4": "input_sentence_4",
    "RandomFifthSentenceQuiz1": "sentence_quiz1", "RandomFifthSentenceQuiz2": "sentence_quiz2",
    "AnswerRightEnding": "answer_right_ending",
}


def parse_xstorycloze(row: dict, lang: str, n: int, source: str, where: str) -> BenchItem:
    row = {_STORY_FIELDS.get(k, k): v for k, v in row.items()}
    need = ("input_sentence_1", "input_sentence_2", "input_sentence_3", "input_sentence_4",
            "sentence_quiz1", "sentence_quiz2", "answer_right_ending")
    require(row, need, source, where)
    context = " ".join(str(row[f"input_sentence_{i}"]) for i in range(1, 5))
    gold = _label(row["answer_right_ending"], 2, 1, source, where, "answer_right_ending")
    return _mc(row.get("story_id", n), lang, context, [row["sentence_quiz1"], row["sentence_quiz2"]], gold)


def parse_xwinograd(row: dict, lang: str, n: int, source: str, where: str) -> BenchItem:
    """lm-eval's partial evaluation: the context ends with the option, the continuation is the rest."""
    require(row, ("sentence", "option1", "option2", "answer"), source, where)
    sentence = str(row["sentence"])
    if sentence.count("_") != 1:
        raise InputError("sentence must hold exactly one blank '_'", source=source, key=where)
    head, tail = sentence.split("_")
    options = (str(row["option1"]), str(row["option2"]))
    continuation = " " + tail.strip()
    gold = _label(row["answer"], 2, 1, source, where, "answer")
    return BenchItem(str(row.get("id", n)), lang, "multiple_choice", head, choices=options, gold=gold,
                     requests=tuple((head + o, continuation) for o in options))


def parse_belebele(row: dict, lang: str, n: int, source: str, where: str) -> BenchItem:
    need = ("flores_passage", "question", "mc_answer1", "mc_answer2", "mc_answer3", "mc_answer4", "correct_answer_num")
    require(row, need, source, where)
    answers = [str(row[f"mc_answer{i}"]) for i in range(1, 5)]
    context = (f"P: {row['flores_passage']}\nQ: {row['question']}\n"
               + "".join(f"{letter}: {a}\n" for letter, a in zip("ABCD", answers)) + "Answer:")
    gold = _label(row["correct_answer_num"], 4, 1, source, where, "correct_answer_num")
    uid = f"{row.get('link', '')}#{row.get('question_number', n)}" if row.get("link") else n
    return _mc(uid, lang, context, ["A", "B", "C", "D"], gold)


def parse_mgsm(row, lang: str, n: int, source: str, where: str) -> BenchItem:
    if isinstance(row, list):  # question<TAB>answer
        if len(row) != 2:
            raise InputError(f"{len(row)} tab-separated fields; expected question<TAB>answer", source=source, key=where)
        question, answer = row
    else:
        require(row, ("question",), source, where)
        question, answer = row["question"], row.get("answer_number", row.get("answer"))
    from xlt.evaluate.scorers import last_number

    if last_number(answer) is None:
        raise InputError(f"answer {answer!r} holds no number", source=source, key=where)
    return BenchItem(str(n), lang, "math", str(question), reference=str(answer))


def parse_xlsum(row: dict, lang: str, n: int, source: str, where: str) -> BenchItem:
    require(row, ("text", "summary"), source, where)
    return BenchItem(str(row.get("id", n)), lang, "summaries", str(row["text"]), reference=str(row["summary"]))


def few_shot(items: list[BenchItem], exemplars: list[BenchItem], shots: int, source: str) -> list[BenchItem]:
    """Each item's prompt preceded by the first `shots` solved exemplars of its language, each its question,
    a line break and its answer, blank lines between (lm-eval's n-shot generation layout); the exemplar
    files write any "Question:"/"Answer:" words themselves, as MGSM's train split does."""
    by_lang: dict[str, list[BenchItem]] = {}
    for e in exemplars:
        if e.reference is None or e.choices:
            raise InputError(f"exemplar {e.id} ({e.lang}) has no answer to show; expected a generation benchmark's solved items",
                             source=source)
        by_lang.setdefault(e.lang, []).append(e)
    out = []
    for item in items:
        if item.choices:
            raise InputError(f"shots are for generation benchmarks; {item.task} items are scored by option log-likelihood", source=source)
        pool = [e for e in by_lang.get(item.lang, []) if e.prompt != item.prompt][:shots]
        if len(pool) < shots:
            raise InputError(f"{len(pool)} exemplars in {item.lang}; expected {shots} (shots)", source=source)
        context = "".join(f"{e.prompt}\n{e.reference}\n\n" for e in pool)
        out.append(replace(item, prompt=context + item.prompt))
    return out


# ---------------------------------------------------------------------------------------------
# where files live


def _belebele_config(lang: str) -> tuple[str, ...]:
    """FLORES-200 codes that may name the language's config: est_Latn, but arb_Arab and nob_Latn."""
    script = languages.get(lang).script
    return tuple(f"{alpha3}_{script}" for alpha3 in languages.alpha3_spellings(lang))


BENCHMARKS: dict[str, Benchmark] = {
    "mgsm": Benchmark("mgsm", parse_mgsm, ("mgsm_{lang}.tsv", "{lang}/mgsm_{lang}.tsv"), "tsv", "test"),
    "xcopa": Benchmark("xcopa", parse_xcopa, ("{lang}/{split}.{lang}.jsonl", "{split}.{lang}.jsonl",
                                               "xcopa_{lang}_{split}.jsonl"), "jsonl", "test",
                       {"validation": "val"}),
    "xstorycloze": Benchmark("xstorycloze", parse_xstorycloze,
                             ("spring2016.val.{lang}.tsv.split_20_80_{split}.tsv",), "tsv_header", "eval",
                             {"test": "eval", "validation": "train"}),
    "xstorycloze_jsonl": Benchmark("xstorycloze", parse_xstorycloze, ("{lang}/{split}.jsonl",
                                   "xstorycloze_{lang}_{split}.jsonl"), "jsonl", "eval", {"test": "eval"}),
    "xwinograd": Benchmark("xwinograd", parse_xwinograd, ("{lang}/{split}.jsonl", "xwinograd_{lang}.jsonl",
                                                           "{lang}.jsonl"), "jsonl", "test",
                           hf_config=lambda l: {"ja": "jp"}.get(l, l)),
    "belebele": Benchmark("belebele", parse_belebele, ("{lang}.jsonl", "{lang}/{split}.jsonl"), "jsonl", "test",
                          hf_config=_belebele_config),
    "xlsum": Benchmark("xlsum", parse_xlsum, ("{lang}/{split}.jsonl", "{lang}_{split}.jsonl"), "jsonl", "test"),
    "flores": Benchmark("flores", None, flores.PATTERNS, "text", "devtest", load=flores.load),
    "m-arenahard": Benchmark("m-arenahard", None, arena.PATTERNS, "jsonl", "test", load=arena.load),
}


def benchmark_names() -> list[str]:
    return sorted({b.name for b in BENCHMARKS.values()} | {"prompts"})


def _read_file(bench: Benchmark, path: Path, lang: str) -> list[BenchItem]:
    source = str(path)
    if bench.fmt == "jsonl":
        rows = read_jsonl(path)
    else:
        rows = read_delimited(path, "\t", header=bench.fmt == "tsv_header")
    return [bench.parse(row, lang, i, source, f"line {n}") for i, (n, row) in enumerate(rows)]


def load_benchmark(name: str, data: str | Path, langs: list[str] | None = None, split: str | None = None,
                   limit: int | None = None, reference: str | None = None) -> list[BenchItem]:
    """Every item of a benchmark in the given languages (default: every language found), read whole.
    `reference`: m-ArenaHard's answers to judge against."""
    if name == "prompts":
        return load_prompts(data, langs=langs, limit=limit)
    bench = next((b for key, b in BENCHMARKS.items() if key == name or b.name == name), None)
    if bench is None:
        raise InputError(f"unknown benchmark {name!r}; expected one of {', '.join(benchmark_names())}", key="benchmark")
    if bench.load is not None:
        return bench.load(data, langs=langs, split=split, limit=limit, **({"reference": reference} if reference else {}))
    split = split or bench.default_split
    split = (bench.split_aliases or {}).get(split, split)
    wanted = [languages.normalize(l) for l in langs] if langs else None
    if str(data).startswith("hf:"):
        return _load_hf(bench, str(data)[3:], wanted, split, limit)
    data = Path(data)
    if not data.is_dir():
        raise InputError(f"expected a directory of {name} files", source=str(data))
    variants = [b for b in BENCHMARKS.values() if b.name == bench.name]
    found: dict[str, tuple[Benchmark, Path]] = {}
    for variant in variants:
        for lang, path in find_files(data, variant, split).items():
            found.setdefault(lang, (variant, path))
    if not found:
        raise InputError(f"no {name} files for split {split!r}; expected names like {', '.join(bench.patterns)}",
                         source=str(data))
    missing = [l for l in wanted or [] if l not in found]
    if missing:
        raise InputError(f"no {name} file for {', '.join(missing)} (split {split!r}); found {', '.join(sorted(found))}",
                         source=str(data))
    items = []
    for lang in wanted or sorted(found):
        variant, path = found[lang]
        items.extend(_read_file(variant, path, lang)[:limit])
    return items


def _load_hf(bench: Benchmark, dataset_id: str, langs, split: str, limit) -> list[BenchItem]:
    """A Hugging Face dataset from the local cache (one config per language)."""
    if not langs:
        raise InputError("a Hugging Face benchmark needs --langs", key="langs")
    import datasets

    items = []
    for lang in langs:
        configs = bench.hf_config(lang) if bench.hf_config else lang
        configs = (configs,) if isinstance(configs, str) else configs
        ds, errors = None, []
        for config in configs:  # the spellings a language's config may have, first found wins
            try:
                ds = datasets.load_dataset(dataset_id, config, split=split)
                break
            except Exception as exc:  # datasets raises many types; report which dataset/config failed
                errors.append(exc)
        if ds is None:
            tried = f" (also tried {', '.join(configs[1:])})" if len(configs) > 1 else ""
            raise InputError(f"cannot load {dataset_id} config {configs[0]!r} split {split!r}: {errors[0]}{tried}",
                             source=f"hf:{dataset_id}")
        rows = ds.select(range(min(limit, len(ds)))) if limit else ds
        items.extend(bench.parse(dict(r), lang, i, f"hf:{dataset_id}", f"row {i + 1}") for i, r in enumerate(rows))
    return items


# ---------------------------------------------------------------------------------------------
# prompt-only sets (open-ended, judged without gold)


PROMPT_FILE = re.compile(r"(?:(?:test|dev|val|validation|eval|train)[_.-])?(?P<lang>[^.]+)")  # test_de.jsonl, de.jsonl


def load_prompts(data: str | Path, langs: list[str] | None = None, limit: int | None = None,
                 task: str = "instruct") -> list[BenchItem]:
    """JSONL or Parquet rows with id, prompt, optional reference, and lang: a column, or the file's name
    (`test_{lang}.jsonl`, one file per language, as OpenAssistant's test prompts are published).
    `data`: one file, a directory of such files, or a glob (`oasst/test_*.jsonl`)."""
    wanted = {languages.normalize(l) for l in langs} if langs else None
    items, per_lang = [], {}
    for path in _prompt_files(str(data)):
        rows = prompt_rows(path)
        named = _lang_of_name(path) if any(row.get("lang") is None for _, row in rows) else None
        for where, row in rows:
            require(row, ("id", "prompt"), str(path), where)
            lang = _row_lang(row, named, str(path), where)
            if not str(row["prompt"]).strip():
                raise InputError("empty prompt", source=str(path), key=where)
            if wanted and lang not in wanted:
                continue
            if limit and per_lang.get(lang, 0) >= limit:
                continue
            per_lang[lang] = per_lang.get(lang, 0) + 1
            ref = row.get("reference")
            items.append(BenchItem(str(row["id"]), lang, str(row.get("task") or task), str(row["prompt"]),
                                   reference=None if ref is None else str(ref)))
    return items


def _prompt_files(data: str) -> list[Path]:
    """The .jsonl/.parquet files a prompt set names: a file, a directory (recursively) or a glob."""
    path = Path(data)
    if path.is_dir():
        paths = sorted(p for p in path.rglob("*") if p.suffix in (".jsonl", ".parquet"))
        if not paths:
            raise InputError("no .jsonl or .parquet files", source=data)
        return paths
    if any(c in data for c in "*?[") and not path.exists():
        import glob

        paths = sorted(Path(p) for p in glob.glob(data, recursive=True) if Path(p).is_file())
        if not paths:
            raise InputError("no files match; expected a file, a directory or a glob of .jsonl/.parquet prompt files", source=data)
        return paths
    return [path]


def _lang_of_name(path: Path) -> str | None:
    """The language a prompt file's name gives (test_de.jsonl, de.jsonl, test_eng_Latn.jsonl), or None."""
    m = PROMPT_FILE.fullmatch(path.stem)
    try:
        return lang_of_file(m["lang"], str(path)) if m else None
    except InputError:
        return None


def _row_lang(row: dict, named: str | None, source: str, where: str) -> str:
    """The row's lang column, else its file's name (a name is only read when the column is absent: names like
    bad.jsonl are language codes too)."""
    if row.get("lang") is None:
        if named is None:
            raise InputError("missing lang; expected a lang column or a file named by its language (test_{lang}.jsonl)",
                             source=source, key=where)
        return named
    try:
        lang = languages.normalize(str(row["lang"]))
    except languages.UnknownLanguage:
        raise InputError(f"unknown language code {row['lang']!r}", source=source, key=where) from None
    return lang
