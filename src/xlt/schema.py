"""The pieces every part of the study file is built from: strict tables, language lists, keyed errors.

study.py and each design kind (designs/) use them; they sit below both so a design kind is one file
that study.py never has to name.
"""

from __future__ import annotations

import re
from typing import Literal, Union

from pydantic import BaseModel, ConfigDict, ValidationError

from xlt import languages

LanguageList = list[str]
LanguageRef = Union[Literal["train", "eval"], LanguageList]

# a design's name labels its runs, names its curves and reaches file names in the report: a plain label
DESIGN_NAME = re.compile(r"\w[\w .,+()-]*")
DESIGN_NAME_MAX = 80


def design_name(v: str | None) -> str | None:
    """A design (or set) name as a plain label, else ValueError: no '/', '\\', control characters or leading '.',
    so no name can become a path of its own once the report writes files named after it."""
    if v is not None and not (len(v) <= DESIGN_NAME_MAX and DESIGN_NAME.fullmatch(v) and not v.endswith(" ")):
        raise ValueError(f"design name {v!r} labels runs and report files: expected letters, digits, spaces and "
                         f"_ - . , + ( ), starting with a letter or digit, at most {DESIGN_NAME_MAX} characters")
    return v


def codes(values: list[str]) -> list[str]:
    """xlt's codes of a language list; ValueError (pydantic's message) on an unknown code or a repeat."""
    out = []
    for v in values:
        try:
            out.append(languages.normalize(v))
        except languages.UnknownLanguage as exc:
            raise ValueError(str(exc)) from None
    if len(set(out)) != len(out):
        raise ValueError(f"language listed twice in {values}")
    return out


def each_at_least(values: list[int], least: int, message: str) -> list[int]:
    """A list validator: every value at least `least`, else ValueError(message)."""
    if any(x < least for x in values):
        raise ValueError(message)
    return values


SEED_LIMIT = 2**32  # numpy's and torch's seeds are non-negative integers below it


def valid_seed(v: int) -> int:
    """A value numpy and torch accept as a seed, else ValueError."""
    if not 0 <= v < SEED_LIMIT:
        raise ValueError(f"seed {v} is outside 0 .. 2**32 - 1")
    return v


def valid_seeds(v: list[int] | None) -> list[int] | None:
    """Training-seed replicates (the study's or a design's `seeds`): none, or distinct valid seeds."""
    if v is not None:
        if not v:
            raise ValueError("empty list: no run would be trained; omit seeds for the default (the study's `seed`, or its `seeds` for a design)")
        for x in v:
            valid_seed(x)
        if len(set(v)) != len(v):
            raise ValueError(f"a seed listed twice in {v}: each seed is one run")
    return v


class KeyedError(ValueError):
    """A check across fields that knows which key it is about: the error then names that key, not its table."""

    def __init__(self, key: str, message: str):
        super().__init__(message)
        self.key = key


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _location(loc: tuple) -> str:
    parts = []
    for i, x in enumerate(loc):
        if isinstance(x, int):
            parts.append(f"[{x}]")
        elif x in ("function-after", "function-before"):
            continue  # a validator's name, not a key the user wrote
        else:
            parts.append(("." if parts else "") + str(x))
    return "".join(parts)


def first_error(exc: ValidationError) -> tuple[str, str]:
    """(key, message) of a pydantic error's first problem, in the words a study file's author reads."""
    err = exc.errors()[0]
    key = _location(err["loc"])
    keyed = (err.get("ctx") or {}).get("error")
    if isinstance(keyed, KeyedError):
        return (f"{key}." if key else "") + keyed.key, str(keyed)
    if err["type"] == "extra_forbidden":
        return key, f"unknown key {key.rsplit('.', 1)[-1]!r}"
    if err["type"] == "missing":
        return key, "missing required key"
    msg = err["msg"].removeprefix("Value error, ")
    return key, f"{msg} (got {err.get('input')!r})" if err["type"] != "value_error" else msg
