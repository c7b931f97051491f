"""Language identification with lingua (its models ship in the wheel: works offline).

Building the all-languages detector takes ~15 s, so detectors are built once per process and kept
(one per language set). A detector restricted to the study's languages is faster and can only answer
with one of them: use it when every response is expected in a known set, the full one otherwise.
"""

from __future__ import annotations

import threading
from functools import cache

from xlt import languages


@cache
def _lingua_by_code() -> dict[str, tuple[object, ...]]:
    """xlt code -> the lingua.Languages that are it, for every language lingua knows (lingua tells
    Bokmål from Nynorsk; both are xlt's `no`)."""
    from lingua import Language

    out: dict[str, tuple[object, ...]] = {}
    for lang in sorted(Language.all(), key=lambda x: x.name):
        try:
            code = languages.normalize(lang.iso_code_639_1.name.lower())
        except languages.UnknownLanguage:
            continue
        out[code] = out.get(code, ()) + (lang,)
    return out


@cache
def _code_by_lingua() -> dict[object, str]:
    return {lang: code for code, langs in _lingua_by_code().items() for lang in langs}


def supported(code: str) -> bool:
    """Whether lingua can recognise the language."""
    return languages.normalize(code) in _lingua_by_code()


_lock = threading.Lock()


@cache
def _detector(codes: tuple[str, ...] | None):
    from lingua import LanguageDetectorBuilder

    if codes is None:
        builder = LanguageDetectorBuilder.from_all_languages()
    else:
        known = [c for c in codes if c in _lingua_by_code()]
        if len(known) < 2:  # a one-language detector would always say yes
            known = list(_lingua_by_code())
        builder = LanguageDetectorBuilder.from_languages(*(lang for c in known for lang in _lingua_by_code()[c]))
    return builder.with_preloaded_language_models().build()


def detector(codes=None):
    """The (cached) lingua detector over `codes` (xlt codes; None: every language lingua knows)."""
    key = None if codes is None else tuple(sorted({languages.normalize(c) for c in codes}))
    with _lock:  # one build per language set, even when a warm-up thread asks first
        return _detector(key)


def detect(texts: list[str], codes=None) -> list[str | None]:
    """The language of each text as an xlt code, or None where lingua cannot tell (empty, digits only)."""
    found = detector(codes).detect_languages_in_parallel_of([t or "" for t in texts])
    return [None if lang is None else _code_by_lingua().get(lang) for lang in found]


def gate(scores, lids, langs) -> list[float]:
    """LID-gated scores: score × [detected language = prompt language]."""
    return [float(s) * float(d == languages.normalize(l)) for s, d, l in zip(scores, lids, langs, strict=True)]


def fidelity(lids, langs) -> float:
    """Share of responses in their prompt's language."""
    langs = [languages.normalize(l) for l in langs]
    return sum(d == l for d, l in zip(lids, langs, strict=True)) / len(langs) if langs else float("nan")


def robustness(scores, lids, langs) -> float:
    """Mean score minus mean LID-gated score: how much of the score was earned in the wrong language."""
    if not len(scores):
        return float("nan")
    gated = gate(scores, lids, langs)
    return sum(map(float, scores)) / len(scores) - sum(gated) / len(gated)
