"""The typology ladder: synthetic languages derived from English, one transform at a time, then combined.

Deshpande et al. (2022) built such languages to find what cross-lingual transfer needs; here they
are micro languages like any other, so a study can vary the distance to English one factor at a
time and see transfer fall as transforms combine. Each transform is a function of English text alone
(deterministic, no randomness), applied in a fixed order:

- agglutinative: function words (articles, prepositions, auxiliaries) become suffixes of the next word
  ("at the market" -> "marketehtta");
- relex: every word gets a new, made-up form (a hash of the word: same word, same form everywhere);
  the world's person names and all digits stay as they are (the shared anchors);
- order: the words of every sentence in reverse order (its final punctuation stays last);
- script: Latin letters written in Georgian letters (a script none of the micro languages uses).

Codes are ISO 639's private-use range (qaa-qtz); `xlt.languages` registers them with these entries.
"""

from __future__ import annotations

import functools
import hashlib
import re

TRANSFORMS = ("agglutinative", "relex", "order", "script")  # the order they are applied in

# code -> transforms; the ladder climbs from one transform to all four
LADDER = {
    "qaa": ("script",),
    "qab": ("relex",),
    "qac": ("order",),
    "qad": ("agglutinative",),
    "qae": ("order", "script"),
    "qaf": ("relex", "order"),
    "qag": ("agglutinative", "relex", "order"),
    "qah": ("agglutinative", "relex", "order", "script"),
}

FUNCTION_WORDS = frozenset(
    "the a an in at on to for of from with into by does do is are".split()
)
KEEP = frozenset(("Anna", "Tom", "Emma", "Jack", "Lucy", "Sam", "Mia", "Ben"))  # en NAMES: shared anchors
GEORGIAN = {c: chr(0x10D0 + i) for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")}
CONSONANTS, VOWELS = "bdfgklmnprstvz", "aeiou"

TOKEN = re.compile(r"\d+(?::\d+)?|[^\W\d_]+(?:'[^\W\d_]+)?|\S")  # a clock time (07:30), a possessive (Anna's): one token
SENTENCE_END = frozenset(".?!")


def name(code: str) -> str:
    return "English, " + " + ".join(LADDER[code]) + " (synthetic)"


def _agglutinate(tokens: list[str]) -> list[str]:
    out: list[str] = []
    pending = ""
    for tok in tokens:
        if tok.lower() in FUNCTION_WORDS and tok.isalpha():
            pending = tok.lower()[::-1] + pending  # the nearest function word ends up first after the stem
            continue
        if pending and tok[:1].isalpha():
            out.append(tok + pending)
        else:
            if pending:  # a function word before a number or punctuation keeps its own place
                out.append(pending[::-1])
            out.append(tok)
        pending = ""
    if pending:
        out.append(pending[::-1])
    return out


@functools.lru_cache(maxsize=65536)
def relex_word(word: str) -> str:
    """A made-up word for `word`: 2-3 consonant-vowel syllables from its hash; capitalisation kept."""
    if "'" in word:  # a possessive: each part on its own (Anna's -> Anna's, Tom's -> Tom'x)
        return "'".join(relex_word(part) for part in word.split("'"))
    if word in KEEP or not word.isalpha() or not word.isascii():
        return word
    h = hashlib.sha256(word.lower().encode()).digest()
    n = 2 + (h[0] % 2) + (len(word) > 6)
    made = "".join(CONSONANTS[h[1 + 2 * i] % len(CONSONANTS)] + VOWELS[h[2 + 2 * i] % len(VOWELS)] for i in range(n))
    return made.capitalize() if word[0].isupper() else made


def _reverse(tokens: list[str]) -> list[str]:
    out, sentence = [], []
    for tok in tokens:
        if tok in SENTENCE_END:
            out += sentence[::-1] + [tok]
            sentence = []
        else:
            sentence.append(tok)
    return out + sentence[::-1]


def _script(text: str) -> str:
    return "".join(GEORGIAN.get(c.lower(), c) for c in text)


def _join(tokens: list[str]) -> str:
    return re.sub(r" ([.,?!;:])", r"\1", " ".join(tokens))


def apply(code: str, text: str) -> str:
    """English text in the synthetic language `code`, line by line (translation pairs keep their lines)."""
    transforms = LADDER[code]
    lines = []
    for line in text.split("\n"):
        tokens = TOKEN.findall(line)
        if "agglutinative" in transforms:
            tokens = _agglutinate(tokens)
        if "relex" in transforms:
            tokens = [relex_word(t) for t in tokens]
        if "order" in transforms:
            tokens = _reverse(tokens)
        out = _join(tokens)
        lines.append(_script(out) if "script" in transforms else out)
    return "\n".join(lines)
