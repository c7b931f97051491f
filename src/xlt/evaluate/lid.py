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
def _lingua_by_code() -> dict[str, object]:
    """xlt code -> lingua.Language for every language lingua knows."""
    from lingua import Language

    out = {}
    for lang in Language.all():
        try:
            out[languages.normalize(lang.iso_code_639_1.name.lower())] = lang
        except languages.UnknownLanguage:
            continue
    return out


@cache
def _code_by_lingua() -> dict[object, str]:
    return {v: k for k, v in _lingua_by_code().items()}


def supported(code: str) -> bool:
    """Whether lingua can recognise the language."""
    return languages.normalize(code) in _lingua_by_code()


_lock = threading.Lock()


@cache
def _detector(codes: tuple[str, ...] | None):
    from lingua import LanguageDetectorBuilder

    with _lock:
        if codes is None:
            builder = LanguageDetectorBuilder.from_all_languages()
        else:
            known = [_lingua_by_code()[c] for c in codes if c in _lingua_by_code()]
            if len(known) < 2:  # lingua needs two; a one-language detector would always say yes
                known = list(_lingua_by_code().values())
            builder = LanguageDetectorBuilder.from_languages(*known)
        return builder.with_preloaded_language_models().build()


def detector(codes=None):
    """The (cached) lingua detector over `codes` (xlt codes; None: every language lingua knows)."""
    key = None if codes is None else tuple(sorted({languages.normalize(c) for c in codes}))
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
