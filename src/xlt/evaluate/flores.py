"""FLORES-200 / FLORES+ as an evaluation set: translation into and out of English, scored with chrF++.

Files, as the releases lay them out under the folder `data` names (split `devtest` unless the set says `dev`):
- FLORES-200 (flores200_dataset/): `{split}/{lang_Script}.{split}`, one sentence per line;
- FLORES+ on GitHub: `{split}/{split}.{lang_Script}`, one sentence per line;
- FLORES+ on Hugging Face: `{split}/{lang_Script}.parquet`, column `text` (and `id`).
Line i of every language is the same sentence, so English (`eng_Latn`) is the source or the reference.

Each language gets two items per sentence: English -> language (metric `chrf++_en_xx`) and language ->
English (`chrf++_xx_en`), both reported under the language. chrF++ is sacrebleu's (character 6-grams and
word bigrams, beta 2), per sentence and scaled to [0, 1]; the set's number is the mean over sentences
(papers report corpus-level chrF++, which pools n-gram counts and differs slightly).
"""

from __future__ import annotations

import functools
from pathlib import Path

from xlt import languages
from xlt.errors import InputError
from xlt.evaluate.bench_files import Benchmark, BenchItem, find_files

TASKS = {"translation_en_xx": "chrf++_en_xx", "translation_xx_en": "chrf++_xx_en"}
PATTERNS = ("{split}/{lang}.{split}", "{split}/{split}.{lang}", "{split}/{lang}.parquet")


def chrf_pp(hypothesis: str, reference) -> float:
    """sacrebleu's sentence chrF++ in [0, 1]."""
    return _chrf().sentence_score(hypothesis or "", [str(reference)]).score / 100


@functools.cache
def _chrf():
    from sacrebleu.metrics import CHRF

    return CHRF(word_order=2)


def _sentences(path: Path) -> list[str]:
    """A FLORES file's sentences: lines of a text file, or the `text` column of a Parquet file."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        if "text" not in table.column_names:
            raise InputError(f"no text column; expected FLORES+ columns (id, text, ...), found {', '.join(table.column_names)}",
                             source=str(path))
        if "id" in table.column_names:
            table = table.sort_by("id")
        return [str(t) for t in table.column("text").to_pylist()]
    from xlt.lines import read_lines

    return [text for _, text in read_lines(path)]


def prompt(text: str, source: str, target: str) -> str:
    return (f"Translate the following sentence from {languages.get(source).name} to {languages.get(target).name}. "
            f"Answer with the translation only.\n\n{text}")


def load(data: str | Path, langs: list[str] | None = None, split: str | None = None, limit: int | None = None):
    """BenchItems of both directions for every language (default: every language found but English)."""
    split = split or "devtest"
    data = Path(data)
    if not data.is_dir():
        raise InputError("expected a FLORES-200 or FLORES+ folder (devtest/, dev/)", source=str(data))
    found = find_files(data, Benchmark("flores", None, PATTERNS, "", split), split)
    if "en" not in found:
        raise InputError(f"no English file (eng_Latn) for split {split!r}; the source and reference of every direction",
                         source=str(data))
    wanted = [languages.normalize(x) for x in langs] if langs else sorted(x for x in found if x != "en")
    missing = [x for x in wanted if x not in found and x != "en"]
    if missing:
        raise InputError(f"no FLORES file for {', '.join(missing)} (split {split!r}); found {', '.join(sorted(found))}",
                         source=str(data))
    english = _sentences(found["en"])
    items = []
    for lang in wanted:
        if lang == "en":
            continue  # English is every direction's other side
        own = _sentences(found[lang])
        if len(own) != len(english):
            raise InputError(f"{len(own)} sentences, English has {len(english)}; FLORES files are line-parallel",
                             source=str(found[lang]))
        for i, (en, xx) in enumerate(list(zip(english, own))[:limit]):
            items.append(BenchItem(f"{i}:en-{lang}", lang, "translation_en_xx", prompt(en, "en", lang), reference=xx))
            items.append(BenchItem(f"{i}:{lang}-en", lang, "translation_xx_en", prompt(xx, lang, "en"), reference=en))
    return items
