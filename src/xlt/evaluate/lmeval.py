"""lm-evaluation-harness tasks as a study's evaluation sets (optional extra `xlt[lmeval]`).

`[[eval.sets]] lmeval = "global_mmlu_full_{lang}"` names an lm-eval task (or group), or a template over
languages: `{lang}` (xlt's code, `de`), `{lang_Script}` (FLORES-200's `deu_Latn`), `{language}` (the English
name as lm-eval's task names write it, `german`). xlt does not re-implement those tasks: it calls lm-eval's
`simple_evaluate` on the model it already has in memory (`HFLM(pretrained=model)`), so prompts, few-shot
examples, filters and metrics are lm-eval's own, and turns lm-eval's per-document samples into xlt's item
rows (one per document and metric, the metric named as lm-eval names it: `acc`, `exact_match,strict-match`),
so bootstrap intervals, seen/unseen splits and reports work on them. Each row's value is the document's
value of a metric lm-eval averages, so a language's mean over its items is lm-eval's number (a group that
lm-eval weights by size, as Global-MMLU and INCLUDE are).

Offline data: `data = { test = "DIR/{lang}/test.jsonl", dev = "..." }` points the task (every task of a
group) at local files in the dataset's own columns (JSONL, Parquet or CSV) in place of the hub dataset.

How a set travels through `xlt run`: `set_items` writes one row per language whose prompt is the
language's lm-eval spec (task, overrides, a digest of the files, so a changed file is a new evaluation);
`evaluate_sets` runs every lmeval set of a model in one `simple_evaluate` call (more only where their
limits or shots differ).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import itertools
import json
import logging
import re
from pathlib import Path

from xlt import languages
from xlt.errors import InputError

log = logging.getLogger("xlt")

TASK = "lmeval"  # the items' task: its metrics are the ones lm-eval reports
PLACEHOLDERS = ("lang_Script", "language", "lang")  # FLORES-200 code, English name, xlt code
FORMATS = {".jsonl": "json", ".json": "json", ".parquet": "parquet", ".csv": "csv"}


def available() -> bool:
    return importlib.util.find_spec("lm_eval") is not None


def require(where: str = "lm-eval") -> None:
    """One line naming the extra to install, for a set that needs lm-eval where it is missing."""
    if not available():
        raise InputError("this set runs an lm-evaluation-harness task, which is not installed; pip install 'xlt[lmeval]'", key=where)


@functools.cache
def task_manager():
    """lm-eval's task index (seconds to build: once per process)."""
    from lm_eval.tasks import TaskManager

    return TaskManager()


def task_names() -> frozenset[str]:
    """Every task, group and tag lm-eval knows."""
    return frozenset(task_manager().task_index)


# --- a language's spellings in task names and file paths ------------------------------------------


# English names lm-eval's task names (INCLUDE's) write otherwise than the registry
NAMES = {"mk": ("North Macedonian",), "tl": ("Tagalog",), "fil": ("Tagalog",)}


def spellings(lang: str) -> dict[str, list[str]]:
    """Per placeholder, the spellings task families use for xlt's `lang`, the usual one first."""
    import langcodes

    tag = langcodes.get(languages.normalize(lang))  # not languages.get: its URIEL family lookup costs seconds
    names = [tag.display_name().split(" (")[0], *NAMES.get(lang, ())]
    alpha3 = languages.alpha3_spellings(lang)
    return {
        "lang": list(dict.fromkeys([lang, *alpha3])),
        "lang_Script": [f"{a}_{tag.maximize().script}" for a in alpha3],
        "language": list(dict.fromkeys(v for n in names for v in (n.lower().replace(" ", "_"), n.replace(" ", "_"), n.lower(), n))),
    }


def _lang_of_suffix(raw: str, source: str) -> str:
    """xlt's code for a task name's language suffix (de, deu_Latn, german, north_macedonian)."""
    from xlt.evaluate.bench_files import lang_of_file

    named = {v.lower().replace(" ", "_"): code for code, vs in NAMES.items() for v in vs}
    return named.get(raw.lower()) or languages.normalize(lang_of_file(raw, source))


def _fill(template: str, values: dict[str, str]) -> str:
    for key in PLACEHOLDERS:
        template = template.replace("{" + key + "}", values.get(key, "{" + key + "}"))
    return template


def _used(template: str) -> list[str]:
    return [k for k in PLACEHOLDERS if "{" + k + "}" in template]


def _fillings(template: str, lang: str):
    """Every way to write `lang` into `template`, the usual spelling first."""
    spell = spellings(lang)
    used = _used(template)
    for combo in itertools.product(*(spell[k] for k in used)):
        yield dict(zip(used, combo))


def resolve_task(template: str, lang: str, names: frozenset[str]) -> tuple[str, dict[str, str]]:
    """The task name `template` gives for `lang` (and the spellings used), or one error listing the family's languages."""
    for values in _fillings(template, lang):
        name = _fill(template, values)
        if name in names:
            return name, values
    have = family_languages(template, names)
    listed = ", ".join(have) if have else "none (no task name matches the template)"
    raise InputError(f"lm-eval task family {template!r} has no task for language {lang!r}; it has: {listed}")


def family_languages(template: str, names: frozenset[str]) -> list[str]:
    """xlt codes of the languages a task family has (the task names matching the template)."""
    rx = re.escape(template)
    for key in PLACEHOLDERS:
        rx = rx.replace(re.escape("{" + key + "}"), "(?P<%s>[A-Za-z_-]+?)" % key, 1)
    out = set()
    for name in names:
        m = re.fullmatch(rx, name)
        if not m:
            continue
        raw = next(v for v in m.groupdict().values() if v)
        try:
            out.add(_lang_of_suffix(raw, name))
        except (InputError, languages.UnknownLanguage):
            continue
    return sorted(out)


# --- the set's items: one spec per language --------------------------------------------------------


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def data_overrides(data: dict[str, str], lang: str, where: str) -> tuple[dict, dict]:
    """lm-eval config keys that read the split files of `lang` instead of the hub dataset, and their digests."""
    files, digests, fmt = {}, {}, None
    for split, template in sorted(data.items()):
        tried = [_fill(template, v) for v in _fillings(template, lang)] or [template]
        path = next((Path(p) for p in tried if Path(p).is_file()), None)
        if path is None:
            raise InputError(f"no {split} file for {lang}: {tried[0]} not found", key=f"{where}.data.{split}")
        kind = FORMATS.get(path.suffix.lower())
        if kind is None or (fmt and kind != fmt):
            raise InputError(f"{path.name}: expected .jsonl, .parquet or .csv files (all of one format)", key=f"{where}.data.{split}")
        fmt = kind
        files[split], digests[split] = str(path.resolve()), _digest(path)
    return {"dataset_path": fmt, "dataset_name": None, "dataset_kwargs": {"data_files": files}}, digests


def set_items(s, langs: list[str], where: str) -> list[dict]:
    """Rows of the eval items table for an lmeval set: one per language, its prompt the lm-eval spec."""
    require(where)
    template = s.lmeval
    if not _used(template):
        if len(langs) != 1:
            raise InputError(f"task {template!r} names no language; give languages = [its one language] or a template with {{lang}}",
                             key=f"{where}.languages")
    names = task_names()
    rows = []
    for lang in langs:
        if _used(template):
            try:
                task, _ = resolve_task(template, lang, names)
            except InputError as exc:
                raise InputError(str(exc), key=f"{where}.lmeval") from None
        elif template in names:
            task = template
        else:
            raise InputError(f"lm-eval has no task {template!r}", key=f"{where}.lmeval")
        spec = {"task": task, "limit": s.limit, "num_fewshot": s.num_fewshot}
        if s.data:
            spec["overrides"], spec["files"] = data_overrides(s.data, lang, where)
        rows.append({"id": task, "lang": lang, "task": TASK, "prompt": json.dumps(spec, sort_keys=True, ensure_ascii=False)})
    return rows


# --- running lm-eval and reading its samples -------------------------------------------------------


def build_tasks(spec: dict) -> list:
    """lm-eval's Task objects for one language: the task, or every task of the group, with the data overrides
    applied to each. (lm-eval 0.4.13 hands an inline group's own keys down to its tasks, so a group with
    overrides cannot be given to simple_evaluate as a dict; its factory builds the registered entry with them.)"""
    manager = task_manager()
    built = manager._factory.build(manager.task_index[spec["task"]], overrides=spec.get("overrides") or None,
                                   registry=manager.task_index)
    if isinstance(built, list):  # a tag
        return built
    return built.get_all_tasks() if hasattr(built, "get_all_tasks") else [built]


def hf_model(lm, batch_size: int):
    """lm-eval's HF backend around a model already in memory (not loaded a second time)."""
    from lm_eval.models.huggingface import HFLM

    return HFLM(pretrained=lm.model, tokenizer=lm.tokenizer, batch_size=batch_size)


def batches(specs: list[tuple[str, str, dict]]) -> list[list[tuple[str, str, dict]]]:
    """The (set, language, spec) entries in as few simple_evaluate calls as lm-eval allows: one per limit and
    num_fewshot (they apply to a whole call), a task twice (two sets naming it) in another call."""
    out: list[tuple[tuple, set, list]] = []
    for entry in specs:
        key = (entry[2]["limit"], entry[2]["num_fewshot"])
        home = next((b for b in out if b[0] == key and entry[2]["task"] not in b[1]), None)
        if home is None:
            home = (key, set(), [])
            out.append(home)
        home[1].add(entry[2]["task"])
        home[2].append(entry)
    return [b[2] for b in out]


def run(model, specs: list[tuple[str, str, dict]]) -> tuple[dict, dict[tuple[str, str], list[str]]]:
    """lm-eval's simple_evaluate, with samples, on (set, language, spec) entries that share limit and
    num_fewshot; and the task names of each (set, language)."""
    from lm_eval import simple_evaluate

    tasks, leaves = [], {}
    for name, lang, spec in specs:
        try:
            built = build_tasks(spec)
        except IndexError as exc:  # a task whose documents filter to none (a file without one of a group's subjects)
            raise InputError(f"lm-eval found no documents for a task of {spec['task']} in the given files ({exc}); "
                             "expected every subject/category the task family filters on", key=f"set {name}") from None
        leaves[(name, lang)] = [t.task_name for t in built]
        tasks += built
    first = specs[0][2]
    out = simple_evaluate(model=model, tasks=tasks, task_manager=task_manager(), limit=first["limit"],
                          num_fewshot=first["num_fewshot"], log_samples=True)
    return out, leaves


def metric_name(metric: str, filter_name: str) -> str:
    """lm-eval's name for a metric under a filter: `acc` (no filter), `exact_match,strict-match`."""
    return metric if filter_name == "none" else f"{metric},{filter_name}"


def sample_rows(out: dict, leaves: dict[tuple[str, str], list[str]], specs: list[tuple[str, str, dict]]) -> list[dict]:
    """One xlt item row per (document, metric) of lm-eval's samples; ids are doc ids (`subtask/doc id` in a group)."""
    rows, skipped = [], set()
    for name, lang, spec in specs:
        for leaf in leaves[(name, lang)]:
            for sample in out["samples"].get(leaf, []):
                uid = str(sample["doc_id"]) if leaf == spec["task"] else f"{leaf}/{sample['doc_id']}"
                prompt = sample["arguments"][0][0] if sample.get("arguments") else None
                for metric in sample["metrics"]:
                    value = sample.get(metric)
                    if isinstance(value, (bool, int, float)):
                        rows.append({"id": uid, "lang": lang, "task": leaf, "set": name, "prompt": prompt, "output": None,
                                     "lid": None, "metric": metric_name(metric, sample["filter"]), "value": float(value),
                                     "truncated": False})
                    else:
                        skipped.add(metric)
    if skipped:
        log.warning("lm-eval metrics %s are corpus-level (no per-document value) and are not reported", sorted(skipped))
    return rows


def evaluate_sets(lm, items, batch_size: int = 32):
    """The lmeval sets' rows (see `set_items`) scored by lm-eval on the loaded model, every set in one
    simple_evaluate call where lm-eval allows (batches): xlt's items table."""
    import polars as pl

    from xlt.evaluate.pipeline import ITEM_SCHEMA

    require()
    specs = [(r["set"], r["lang"], json.loads(r["prompt"])) for r in items.iter_rows(named=True)]
    model = hf_model(lm, batch_size)
    rows = []
    for batch in batches(specs):
        out, leaves = run(model, batch)
        rows += sample_rows(out, leaves, batch)
    return pl.DataFrame(rows, schema=ITEM_SCHEMA)


# --- a multiple-choice task of xlt's own items, to check xlt's scoring against lm-eval's -------------


def write_task(items, directory: str | Path, name: str) -> Path:
    """A local multiple-choice lm-eval task (YAML + JSONL) holding the items' contexts and options.

    Items must share one context per item (not XWinograd's per-option contexts); continuations are the
    options after lm-eval's default target delimiter " ".
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    data = directory / f"{name}.jsonl"
    with data.open("w", encoding="utf-8") as fh:
        for it in items:
            if it.requests and len({c for c, _ in it.requests}) != 1:
                raise ValueError(f"item {it.id}: per-option contexts cannot be written as a plain lm-eval task")
            fh.write(json.dumps({"id": it.id, "context": it.prompt, "choices": list(it.choices), "gold": it.gold},
                                ensure_ascii=False) + "\n")
    yaml = directory / f"{name}.yaml"
    yaml.write_text(
        f"task: {name}\n"
        "dataset_path: json\n"
        f"dataset_kwargs:\n  data_files:\n    test: {json.dumps(str(data))}\n"
        "test_split: test\n"
        "output_type: multiple_choice\n"
        "doc_to_text: \"{{context}}\"\n"
        "doc_to_choice: \"{{choices}}\"\n"
        "doc_to_target: gold\n"
        "metric_list:\n  - metric: acc\n    aggregation: mean\n    higher_is_better: true\n  - metric: acc_norm\n    aggregation: mean\n    higher_is_better: true\n",
        encoding="utf-8",
    )
    return yaml


def run_tasks(model_path: str, tasks: list, include_path: str | Path | None = None, limit: int | None = None,
              batch_size: int = 32, device: str = "cpu", log_samples: bool = False, num_fewshot: int | None = None) -> dict:
    """lm-eval's own `simple_evaluate` with the HF backend loading `model_path` (what lm-eval's CLI does);
    returns its results dict ({task: {metric: value}}) and, with log_samples, the samples under "samples"."""
    require()
    from lm_eval import simple_evaluate as lm_simple_evaluate
    from lm_eval.tasks import TaskManager

    from xlt.evaluate.models import hf_model_args

    manager = TaskManager(include_path=str(include_path) if include_path else None)
    out = lm_simple_evaluate(
        model="hf",
        model_args=f"{hf_model_args(model_path)},trust_remote_code=False",
        tasks=list(tasks),
        task_manager=manager,
        limit=limit,
        num_fewshot=num_fewshot,
        batch_size=batch_size,
        device=device,
        log_samples=log_samples,
    )
    results = {task: {k.split(",")[0]: v for k, v in metrics.items() if isinstance(v, (int, float)) and "stderr" not in k}
               for task, metrics in out["results"].items()}
    if log_samples:
        results["samples"] = out["samples"]
    return results
