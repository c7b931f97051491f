"""What a translation must not change, and the check that it did not.

Code blocks, inline code, URLs and JSON objects are *extracted*: each is replaced by a marker
``⟦n⟧`` before the text reaches an engine and put back afterwards, so an engine never sees them.
A field that is wholly a JSON value (an api task's function call) becomes one marker and is copied
verbatim, keys and values alike: the micro world's api calls (corpus/micro) have values that do not
depend on the language, and a translated argument would no longer match the gold call.

Numbers stay in the text (an engine has to place them in the target sentence) and are *checked*:
the translation must hold the same digit runs as the source, as a multiset, so "1,000.5" may become
"1.000,5" but "3 apples" may not become "three apples" or "4 apples". Native digits count as the
digits they stand for.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

MARKER = "⟦{}⟧"
_MARKER_RE = re.compile(r"⟦(\d+)⟧")

# Order matters: a fenced block may hold URLs, inline code and braces.
_SPAN_PATTERNS = (
    re.compile(r"```.*?```", re.DOTALL),  # fenced code block
    re.compile(r"⟦\d+⟧"),  # a literal marker in the input must survive as it is
    re.compile(r"`[^`\n]+`"),  # inline code
    re.compile(r"(?:https?|ftp)://[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]]"),  # URL without trailing punctuation
    re.compile(r"\bwww\.[^\s<>\"'`]+[^\s<>\"'`.,;:!?)\]]"),
)
_SPAN_TRIGGERS = ("`", "://", "www.", "⟦", "{")  # a text without any of these has no span to protect
_DIGIT_RUN = re.compile(r"\d+")


@dataclass(frozen=True)
class Masked:
    """A field's text as an engine sees it: protected spans replaced by markers, outer space removed."""

    text: str  # what is translated (and the cache key's text)
    spans: tuple[str, ...]  # marker n stands for spans[n]
    lead: str = ""  # whitespace around the field, put back unchanged
    trail: str = ""

    @property
    def translatable(self) -> bool:
        """Whether anything is left to translate once markers are removed (letters in any script)."""
        text = _MARKER_RE.sub("", self.text) if self.spans else self.text
        return any(ch.isalpha() for ch in text)


def _json_spans(text: str) -> list[tuple[int, int]]:
    """Every top-level JSON object in `text` (as a span), found by decoding from each '{'."""
    decoder, spans, i = json.JSONDecoder(), [], text.find("{")
    while i != -1:
        try:
            value, end = decoder.raw_decode(text, i)
        except ValueError:
            i = text.find("{", i + 1)
            continue
        if isinstance(value, dict):
            spans.append((i, end))
            i = text.find("{", end)
        else:
            i = text.find("{", i + 1)
    return spans


def mask(text: str) -> Masked:
    """Replace what must not change by markers; a text that is one JSON value becomes one marker."""
    core = text.strip()
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    try:
        whole = json.loads(core) if core[:1] in "{[" and core else None
    except ValueError:
        whole = None
    if isinstance(whole, (dict, list)):
        return Masked(MARKER.format(0), (core,), lead, trail)

    if not any(t in core for t in _SPAN_TRIGGERS):  # most prose: nothing to protect
        return Masked(core, (), lead, trail)
    spans: list[tuple[int, int]] = []
    taken = [False] * len(core)
    for pattern in _SPAN_PATTERNS:
        for m in pattern.finditer(core):
            if not any(taken[m.start() : m.end()]):
                spans.append((m.start(), m.end()))
                taken[m.start() : m.end()] = [True] * (m.end() - m.start())
    # JSON objects inside prose, outside spans already taken (e.g. not inside a code block).
    for start, end in _json_spans(core):
        if not any(taken[start:end]):
            spans.append((start, end))
            taken[start:end] = [True] * (end - start)

    spans.sort()
    out, kept, pos = [], [], 0
    for start, end in spans:
        out.append(core[pos:start])
        out.append(MARKER.format(len(kept)))
        kept.append(core[start:end])
        pos = end
    out.append(core[pos:])
    return Masked("".join(out), tuple(kept), lead, trail)


def _digits(text: str) -> Counter:
    runs = _DIGIT_RUN.findall(_MARKER_RE.sub(" ", text))
    return Counter("".join(str(unicodedata.digit(ch)) for ch in run) for run in runs)


def check(source: Masked, translation: str) -> list[str]:
    """What a translation broke: markers missing, repeated or invented; numbers changed. Empty if fine."""
    problems = []
    want = Counter(_MARKER_RE.findall(source.text))
    got = Counter(_MARKER_RE.findall(translation))
    if want != got:
        missing = sorted((want - got).elements(), key=int)
        extra = sorted((got - want).elements(), key=int)
        parts = [f"missing {' '.join(MARKER.format(n) for n in missing)}" if missing else "",
                 f"unexpected {' '.join(MARKER.format(n) for n in extra)}" if extra else ""]
        problems.append("protected spans: " + ", ".join(p for p in parts if p))
    src_digits, out_digits = _digits(source.text), _digits(translation)
    if src_digits != out_digits:
        lost = sorted((src_digits - out_digits).elements())
        added = sorted((out_digits - src_digits).elements())
        parts = [f"lost {', '.join(lost)}" if lost else "", f"added {', '.join(added)}" if added else ""]
        problems.append("numbers: " + ", ".join(p for p in parts if p))
    if source.translatable and not translation.strip():
        problems.append("empty translation")
    return problems


def unmask(masked: Masked, translation: str) -> str:
    """The translated field: markers replaced by their spans, the field's outer whitespace restored."""
    def span(m: re.Match) -> str:
        n = int(m.group(1))
        return masked.spans[n] if n < len(masked.spans) else m.group(0)

    body = _MARKER_RE.sub(span, translation.strip())
    return masked.lead + body + masked.trail
