"""m-ArenaHard (Cohere's 23-language Arena-Hard) as an evaluation set: a win rate against reference answers.

Files, as the release lays them out under `data`: `{lang}/test-00000-of-00001.parquet` (or `{lang}/test.jsonl`,
`{lang}.jsonl`), columns question_id, category, subcategory, prompt, language.

`reference` names the answers each model's answer is judged against, side by side (judges.judge_sxs: both
orders, a win needs both verdicts, disagreement is a tie): a file per language (`answers/{lang}.jsonl`), a
folder of `{lang}.jsonl`, or one file with a `language` column. A row holds question_id and the answer, as
`answer` or in Arena-Hard's model-answer layout (`choices[0].turns[0].content`).

Metrics: `win_rate` (win 1, tie 1/2, loss 0 per question) and `win_rate_gated`, the language gate: an answer
not in the question's language loses.
"""

from __future__ import annotations

from pathlib import Path

from xlt import languages
from xlt.errors import InputError
from xlt.evaluate.bench_files import Benchmark, BenchItem, find_files, lang_of_file, prompt_rows, require

TASK = "arena"
PATTERNS = ("{lang}/{split}-00000-of-00001.parquet", "{lang}/{split}.parquet", "{lang}/{split}.jsonl", "{lang}.jsonl",
            "{lang}.parquet")
COLUMNS = ("question_id", "prompt")


def _answer(row: dict, source: str, where: str) -> str:
    if row.get("answer") is not None:
        return str(row["answer"])
    try:
        return str(row["choices"][0]["turns"][0]["content"])
    except (KeyError, IndexError, TypeError):
        raise InputError("no answer; expected an answer column or Arena-Hard's choices[0].turns[0].content",
                         source=source, key=where) from None


def _reference_file(reference: str, lang: str) -> tuple[Path, bool]:
    """The answers file of `lang`, and whether it holds only that language."""
    if "{lang}" in reference:
        return Path(reference.replace("{lang}", lang)), True
    if Path(reference).is_dir():
        return Path(reference) / f"{lang}.jsonl", True
    return Path(reference), False


def reference_answers(reference: str, lang: str) -> dict[str, str]:
    """{question_id: answer} of the reference model in `lang`."""
    path, own = _reference_file(reference, lang)
    if not path.is_file():
        raise InputError(f"no reference answers for {lang}; expected {path}", source=reference, key="reference")
    out = {}
    for where, row in prompt_rows(path):
        if row.get("question_id") is None:
            raise InputError("missing question_id", source=str(path), key=where)
        row_lang = row.get("language", row.get("lang"))
        if not own and (row_lang is None or lang_of_file(str(row_lang), str(path)) != lang):
            if row_lang is None:
                raise InputError("missing language; one answers file for every language needs a language column",
                                 source=str(path), key=where)
            continue
        out[str(row["question_id"])] = _answer(row, str(path), where)
    return out


def load(data: str | Path, langs: list[str] | None = None, split: str | None = None, limit: int | None = None,
         reference: str | None = None):
    """BenchItems (task `arena`, the reference answer as each item's reference) in every language asked."""
    if reference is None:
        raise InputError("m-arenahard needs reference: the answers each model is judged against", key="reference")
    split = split or "test"
    data = Path(data)
    if not data.is_dir():
        raise InputError("expected the m-ArenaHard folder ({lang}/test-00000-of-00001.parquet)", source=str(data))
    found = find_files(data, Benchmark("m-arenahard", None, PATTERNS, "", split), split)
    wanted = [languages.normalize(x) for x in langs] if langs else sorted(found)
    missing = [x for x in wanted if x not in found]
    if missing:
        raise InputError(f"no m-ArenaHard file for {', '.join(missing)} (split {split!r}); found {', '.join(sorted(found)) or 'none'}",
                         source=str(data))
    items = []
    for lang in wanted:
        answers = reference_answers(reference, lang)
        for where, row in prompt_rows(found[lang])[:limit]:
            require(row, COLUMNS, str(found[lang]), where)
            qid = str(row["question_id"])
            if qid not in answers:
                raise InputError(f"no reference answer for question {qid} in {lang}", source=reference, key="reference")
            items.append(BenchItem(qid, lang, TASK, str(row["prompt"]), reference=answers[qid]))
    return items
