"""Small grammar helpers the language modules share: CLDR plural categories, Korean particles."""

from __future__ import annotations

import functools

from babel import Locale


def cap(text: str) -> str:
    """Upper-case the first letter only (sentence-initial slots such as "Cuántas tazas")."""
    return text[:1].upper() + text[1:]


@functools.cache
def _plural_table(lang: str) -> tuple[str, ...]:
    rule = Locale(lang).plural_form
    return tuple(rule(n) for n in range(1000))


def plural(lang: str, n: int) -> str:
    """CLDR plural category of the integer n in lang ("one", "two", "few", "many", "other", "zero")."""
    table = _plural_table(lang)
    return table[n] if 0 <= n < len(table) else Locale(lang).plural_form(n)


def has_final_consonant(word: str) -> bool:
    """Whether a Hangul word ends in a syllable with a final consonant (batchim); digits count by reading."""
    last = word[-1]
    if "가" <= last <= "힣":
        return (ord(last) - 0xAC00) % 28 != 0
    # Sino-Korean readings of a final digit: 0 영, 1 일, 2 이, 3 삼, 4 사, 5 오, 6 육, 7 칠, 8 팔, 9 구.
    return last in "013678"


def josa(word: str, after_consonant: str, after_vowel: str) -> str:
    """Attach the Korean particle form that fits the word's last sound (은/는, 이/가, 을/를, 과/와)."""
    return word + (after_consonant if has_final_consonant(word) else after_vowel)


def josa_ro(word: str) -> str:
    """Attach 으로/로: 로 after a vowel or a final ㄹ, 으로 after any other consonant."""
    last = word[-1]
    if "가" <= last <= "힣" and (ord(last) - 0xAC00) % 28 not in (0, 8):
        return word + "으로"
    return word + "로"
