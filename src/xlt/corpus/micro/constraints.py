"""Checkers of the micro `instruct` constraints: does a response do what its prompt asked, in its language?

`check(kind, params, response, lang)` reads the response the way a strict reader would: the list after
the lead-in's colon ("Here are 3 fruits: pear, plum and cherry."), split on the language's separators
and its word for "and"; items compared with the language's category words (case-folded; Arabic and
Hebrew items may carry the attached "and"); words found by whitespace in spaced scripts and by
characters in Chinese and Japanese. It lives with the generator that writes the constraints; the rule
judge lists `check_item` and `cannot_check` as its check for task "instruct" (evaluate/judges/rule.py),
so the constraint comes from the id alone.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata

from xlt import languages
from xlt.corpus.micro import instruct, world
from xlt.errors import InputError

_SEPARATORS = re.compile(r"[,，、،;；؛\n]+")
_SEMICOLONS = re.compile(r"[;；؛]")
_COLON = re.compile(r"[:：]")
_PUNCT = " \t\r\n.,;:!?。！？、，；：؛،؟।«»“”„‟\"'‘’‚「」『』()（）[]【】-–—*•"
_BULLET = re.compile(r"^\s*[-*•]\s*(.+?)\s*$")
_NUMBERED = re.compile(r"^\s*(\d+)\s*[.)．、]\s*(.+?)\s*$")
_TITLE = re.compile(r"^\s*<<([^<>\n]+)>>\s*(.*)$", re.DOTALL)
_ASCII_QUOTES = (('"', '"'), ("“", "”"), ("«", "»"), ("„", "“"), ("„", "”"), ("「", "」"), ("『", "』"))


def _fold(text: str) -> str:
    """Case-folded, without the combining dot Turkish İ leaves behind."""
    return unicodedata.normalize("NFC", text.casefold().replace("\u0307", ""))


@functools.cache
def _lang(code: str) -> instruct.InstructLang:
    try:
        code = languages.normalize(code)
    except languages.UnknownLanguage:
        raise InputError(f"unknown language code {code!r}", key="lang") from None
    return instruct.lang(code)


@functools.cache
def _vocab(code: str) -> dict[str, str]:
    """Folded word -> world key, for every category word of the language."""
    return {_fold(w): k for k, w in _lang(code).words.items()}


def _key(item: str, lg: instruct.InstructLang) -> str | None:
    """The world key a listed item names in lg, or None."""
    vocab = _vocab(lg.code)
    word = _fold(item.strip(_PUNCT))
    if word in vocab:
        return vocab[word]
    if lg.code in ("ar", "he") and word[:1] in ("و", "ו"):  # the attached "and" of the last item
        return vocab.get(word[1:].lstrip("-"))
    return None


def _body(text: str) -> str:
    """What follows the lead-in: the text after the last colon (all of it when there is none)."""
    return _COLON.split(text)[-1]


def _split(body: str, lg: instruct.InstructLang, pattern: re.Pattern = _SEPARATORS) -> list[str]:
    parts = pattern.split(body)
    if lg.conj:
        if lg.spaced:
            conj = re.compile(r"\s+(?:" + "|".join(map(re.escape, lg.conj)) + r")\s+", re.IGNORECASE)
        else:
            conj = re.compile("|".join(map(re.escape, lg.conj)))
        parts = [q for p in parts for q in conj.split(" " + p + " " if lg.spaced else p)]
    if lg.code in ("ar", "he"):  # "grape and-lemon": the attached "and" starts the last item
        parts = [q for p in parts for q in re.split(r"\s+(?=[וو])", p.strip())]
    return [p.strip(_PUNCT) for p in parts if p.strip(_PUNCT)]


def _listed(items: list[str], lg, cat: str, n: int) -> bool:
    """Exactly n different words, all of category cat in lg."""
    keys = [_key(i, lg) for i in items]
    return (len(keys) == n and len(set(keys)) == n
            and all(k is not None and world.CATEGORY_OF[k] == cat for k in keys))


def _tokens(text: str) -> list[str]:
    return [t.strip(_PUNCT) for t in re.split(r"[\s,，、،;；؛]+", text) if t.strip(_PUNCT)]


def _lines(text: str) -> list[str]:
    return [ln for ln in text.strip().splitlines() if ln.strip()]


# --- one checker per kind -------------------------------------------------------------------------


def list_n(p, text, lg) -> bool:
    return _listed(_split(_body(text), lg), lg, p["cat"], p["n"])


def one_line(p, text, lg) -> bool:
    return len(_lines(text)) == 1 and list_n(p, text, lg)


def _marked_lines(text: str, pattern: re.Pattern) -> list[re.Match] | None:
    """The lines a pattern matches, when they are all the lines after the first one it matches."""
    lines = _lines(text)
    found = [pattern.match(ln) for ln in lines]
    first = next((i for i, m in enumerate(found) if m), None)
    if first is None or not all(found[first:]):
        return None
    return found[first:]


def bullets(p, text, lg) -> bool:
    found = _marked_lines(text, _BULLET)
    return found is not None and _listed([m.group(1) for m in found], lg, p["cat"], p["n"])


def numbered(p, text, lg) -> bool:
    found = _marked_lines(text, _NUMBERED)
    return (found is not None and [int(m.group(1)) for m in found] == list(range(1, len(found) + 1))
            and _listed([m.group(2) for m in found], lg, p["cat"], p["n"]))


def json_list(p, text, lg) -> bool:
    start, end = text.find("["), text.rfind("]")
    if start < 0 or end < start:
        return False
    try:
        value = json.loads(text[start : end + 1])
    except json.JSONDecodeError:
        return False
    return (isinstance(value, list) and all(isinstance(v, str) for v in value)
            and _listed(value, lg, p["cat"], p["n"]))


def semicolons(p, text, lg) -> bool:
    body = _body(text)
    return bool(_SEMICOLONS.search(body)) and _listed(_split(body, lg, _SEMICOLONS), lg, p["cat"], p["n"])


def _mentions(text: str, lg) -> list[str]:
    """World keys of the category words a text mentions anywhere (characters in zh/ja, words elsewhere)."""
    if not lg.spaced:
        folded = _fold(text)
        return [k for w, k in _vocab(lg.code).items() if w in folded]
    return [k for k in (_key(t, lg) for t in _tokens(text)) if k is not None]


def start_word(p, text, lg) -> bool:
    """Begins with the word, and names exactly n different words of the category (in any frame)."""
    word, folded = _fold(lg.words[p["word"]]), _fold(text).lstrip(_PUNCT)
    if not lg.spaced:
        first = folded.startswith(word)
    else:
        tokens = _tokens(folded)
        first = bool(tokens) and tokens[0] == word
    keys = _mentions(text, lg)
    return first and _listed([lg.words[k] for k in keys], lg, p["cat"], p["n"])


def end_word(p, text, lg) -> bool:
    """The list of n category words ends with the word."""
    word, folded = _fold(lg.words[p["word"]]), _fold(text).rstrip(_PUNCT)
    if not lg.spaced:
        last = folded.endswith(word)
    else:
        tokens = _tokens(folded)
        last = bool(tokens) and tokens[-1] == word
    return last and list_n(p, text, lg)


def exclude_word(p, text, lg) -> bool:
    word = _fold(lg.words[p["word"]])
    present = word in _fold(text) if not lg.spaced else word in _tokens(_fold(text))
    return not present and list_n(p, text, lg)


def quotes(p, text, lg) -> bool:
    text = text.strip()
    for open_, close in (*lg.quotes, *_ASCII_QUOTES):
        if len(text) > len(open_) + len(close) and text.startswith(open_) and text.endswith(close):
            return list_n(p, text[len(open_) : -len(close)], lg)
    return False


def title(p, text, lg) -> bool:
    m = _TITLE.match(text)
    return bool(m and m.group(1).strip() and list_n(p, m.group(2), lg))


def repeat_word(p, text, lg) -> bool:
    word, tokens = _fold(lg.words[p["word"]]), _tokens(_fold(_body(text)))
    if all(t == word for t in tokens) and len(tokens) == p["n"]:
        return True
    return not lg.spaced and "".join(tokens) == word * p["n"]


def no_digits(p, text, lg) -> bool:
    if not text.strip() or any(unicodedata.category(ch) == "Nd" for ch in text):
        return False
    return [_fold(t) for t in _split(_body(text), lg)] == [_fold(w) for w in lg.numbers[: p["n"]]]


def filter_(p, text, lg) -> bool:
    keys = [_key(i, lg) for i in _split(_body(text), lg)]
    wanted = [w for w in p["words"] if world.CATEGORY_OF[w] == p["cat"]]
    return len(keys) == len(set(keys)) and set(keys) == set(wanted)


CHECKS = {
    "list_n": list_n, "one_line": one_line, "bullets": bullets, "numbered": numbered, "json_list": json_list,
    "semicolons": semicolons, "start_word": start_word, "end_word": end_word, "exclude_word": exclude_word,
    "quotes": quotes, "title": title, "repeat_word": repeat_word, "no_digits": no_digits, "filter": filter_,
}
assert set(CHECKS) == set(instruct.KINDS)


def check(kind: str, params: dict, response: str, lang: str) -> bool:
    """Whether response meets the constraint (kind, params) in language lang (the prompt's)."""
    if kind not in CHECKS:
        raise InputError(f"unknown constraint kind {kind!r}; expected one of {', '.join(CHECKS)}", key="kind")
    return bool(CHECKS[kind](params, response or "", _lang(lang)))


def cannot_check(item) -> str | None:
    """Why the rule judge cannot check an instruct item: only a micro id carries its constraint."""
    try:
        instruct.constraint_for(item.id)
    except InputError:
        return (f"task 'instruct' is checked by the constraint a micro id carries (instruct-<number>), "
                f"and {item.id!r} is not one")
    return None


def check_item(item) -> bool:
    """The rule judge's check for a micro instruct item (a judges.Item): the constraint its id carries."""
    why = cannot_check(item)
    if why:
        raise InputError(f"{why}; judge other prompt sets with openai:<model> or hf:<path>", key=f"id {item.id}")
    c = instruct.constraint_for(item.id)
    return check(c.kind, c.params, item.response, item.lang)

