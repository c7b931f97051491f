"""Scorers: one response (or one set of option log-likelihoods) against its gold answer.

Each scorer is a plain function returning a float in [0, 1]; `xlt.evaluate.tasks` says which task
uses which. Multilingual details matter here: native digits, grouping marks, non-Latin tokenization.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from functools import lru_cache

import numpy as np
import regex

# ---------------------------------------------------------------------------------------------
# exact_match (math)

# Native digit blocks models write: Arabic-Indic, Extended Arabic-Indic (Persian/Urdu), Devanagari,
# and full-width digits (CJK input methods). Each block is ten consecutive code points 0..9.
_DIGIT_BLOCKS = (0x0660, 0x06F0, 0x0966, 0xFF10)
_TRANSLATE = {start + i: str(i) for start in _DIGIT_BLOCKS for i in range(10)}
_TRANSLATE.update(
    {
        0x066B: ".",  # Arabic decimal separator
        0xFF0E: ".",  # full-width full stop
        0xFF0C: ",",  # full-width comma
        0x066C: ",",  # Arabic thousands separator
        0x2212: "-",  # minus sign
        0xFF0D: "-",  # full-width hyphen-minus
    }
)
# Grouping marks between groups of three digits: comma, apostrophe (de-CH), no-break spaces and thin
# spaces (fr, ru). A plain space is not taken as a grouping mark: "3 100" is more often two numbers.
_NUMBER = re.compile(r"-?(?:\d{1,3}(?:[,'\u00a0\u202f\u2009]\d{3})+|\d+)(?:\.\d+)?")
_GROUPING = re.compile(r"[,'\u00a0\u202f\u2009]")


def to_ascii_digits(text: str) -> str:
    """Native digits and separators mapped to ASCII, so one regex finds numbers in every script."""
    return text.translate(_TRANSLATE)


def last_number(text) -> float | None:
    """The last number written in `text` (grouping marks removed), or None when there is none."""
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return float(text)
    found = _NUMBER.findall(to_ascii_digits(str(text)))
    return float(_GROUPING.sub("", found[-1])) if found else None


def exact_match(response: str, gold) -> float:
    """1.0 when the response's last number equals the gold number (gold: a number or a gold response)."""
    want, got = last_number(gold), last_number(response)
    if want is None:
        raise ValueError(f"gold answer has no number: {gold!r}")
    return float(got is not None and math.isclose(got, want, rel_tol=0.0, abs_tol=1e-9))


# ---------------------------------------------------------------------------------------------
# call_match (api)

_NAME_KEYS = ("name", "api_name", "function")
_ARG_KEYS = ("arguments", "parameters", "args")


def first_json_object(text: str) -> dict | None:
    """The first `{...}` in the text that parses as a JSON object (code fences and prose around it ignored)."""
    decoder = json.JSONDecoder()
    for match in re.finditer(r"\{", text):
        try:
            obj, _ = decoder.raw_decode(text, match.start())
        except json.JSONDecodeError:
            continue
        if isinstance(obj, dict):
            return obj
    return None


def _canonical(value):
    """Canonical form of a JSON value: key order ignored, 4 == 4.0, strings NFC with whitespace collapsed.

    Case is kept: an API call's values ("Paris", "USD") are exact in Dhaliwal et al.'s measure.
    Booleans stay booleans (True is not 1).
    """
    if isinstance(value, dict):
        return tuple(sorted((unicodedata.normalize("NFC", str(k)).strip(), _canonical(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("__list__", tuple(_canonical(v) for v in value))
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return ("__num__", float(value))
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def _call_parts(obj: dict) -> tuple | None:
    """(name, arguments) of a call object; arguments given as a JSON string (OpenAI style) are parsed."""
    name = next((obj[k] for k in _NAME_KEYS if k in obj), None)
    if name is None:
        return None
    args = next((obj[k] for k in _ARG_KEYS if k in obj), {})
    if isinstance(args, str):
        try:
            args = json.loads(args)
        except json.JSONDecodeError:
            return None
    if not isinstance(args, dict):
        return None
    return _canonical(name), _canonical(args)


def call_match(response: str, gold) -> float:
    """1.0 when the response's first JSON object names the gold function with equal arguments.

    `gold` is a dict or a text holding the gold call. Objects without a name key are compared whole.
    """
    want_obj = gold if isinstance(gold, dict) else first_json_object(str(gold))
    if want_obj is None:
        raise ValueError(f"gold call is not a JSON object: {gold!r}")
    got_obj = first_json_object(response or "")
    if got_obj is None:
        return 0.0
    want, got = _call_parts(want_obj), _call_parts(got_obj)
    if want is None:
        return float(_canonical(want_obj) == _canonical(got_obj))
    return float(got == want)


# ---------------------------------------------------------------------------------------------
# rouge_l (summaries)

# Scripts written without spaces between words: one token per character.
_CHAR_SCRIPTS = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}"
# A grapheme cluster (letter plus its combining marks) per character in unspaced scripts.
_TOKEN = regex.compile(rf"(?=[{_CHAR_SCRIPTS}])\X|[^\s\p{{P}}\p{{S}}{_CHAR_SCRIPTS}]+")


class MultilingualTokenizer:
    """rouge_score tokenizer that keeps every script: words for spaced scripts, characters for Han,
    Kana, Thai and other unspaced scripts. Lower-cased, NFKC, punctuation and symbols dropped."""

    def tokenize(self, text: str) -> list[str]:
        return _TOKEN.findall(unicodedata.normalize("NFKC", text or "").casefold())


@lru_cache(maxsize=1)
def _rouge_scorer():
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rougeL"], tokenizer=MultilingualTokenizer())


def rouge_l(response: str, reference: str) -> float:
    """ROUGE-L F-measure of a response against a reference, in any script."""
    return float(_rouge_scorer().score(reference or "", response or "")["rougeL"].fmeasure)


# ---------------------------------------------------------------------------------------------
# acc / acc_norm (multiple choice by log-likelihood)


def choice_metrics(loglikelihoods, choices: list[str], gold: int, is_greedy=None) -> dict[str, float]:
    """lm-evaluation-harness 0.4's multiple-choice metrics for one item.

    acc: argmax of the summed continuation log-likelihoods is the gold option.
    acc_norm: argmax of log-likelihood divided by the option's length in characters (`len(str)`,
    which is what lm-eval's code does although its docs speak of bytes).
    acc_bytes: divided by the option's UTF-8 byte length (lm-eval's `acc_bytes`).
    exact_match: the gold option is the greedy continuation (lm-eval's `is_greedy`), when given.
    Ties go to the first option, as numpy's argmax.
    """
    lls = np.asarray(loglikelihoods, dtype=np.float64)
    if not 0 <= gold < len(choices) or len(lls) != len(choices):
        raise ValueError(f"gold {gold} and {len(lls)} log-likelihoods for {len(choices)} options")
    chars = np.array([float(len(c)) for c in choices])
    nbytes = np.array([float(len(c.encode("utf-8"))) for c in choices])
    out = {
        "acc": float(np.argmax(lls) == gold),
        "acc_norm": float(np.argmax(lls / chars) == gold),
        "acc_bytes": float(np.argmax(lls / nbytes) == gold),
    }
    if is_greedy is not None:
        out["exact_match"] = float(bool(is_greedy[gold]))
    return out
