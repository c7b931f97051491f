"""Shaham: the budget split over two languages, for seeded (or given) pairs."""

from __future__ import annotations

from typing import Literal

import numpy as np

from pydantic import field_validator

from xlt.designs.base import DesignBase
from xlt.designs.plans import MixturePlan, largest_remainder, make_plan
from xlt.schema import KeyedError, LanguageList, codes


class BilingualPairs(DesignBase):
    kind: Literal["bilingual_pairs"]
    pairs: int | list[LanguageList]  # seeded language pairs, or the pairs themselves

    @field_validator("pairs")
    @classmethod
    def _pairs(cls, v):
        if isinstance(v, int):
            if v < 1:
                raise ValueError("pairs must be at least 1")
            return v
        out = [codes(p) for p in v]
        if any(len(p) != 2 for p in out):
            raise ValueError("each pair must name exactly two languages")
        return out

    def check_languages(self, langs: list[str], have: str) -> None:
        if isinstance(self.pairs, int) and self.pairs > len(langs) // 2:
            raise KeyedError("pairs", f"{self.pairs} pairs need {2 * self.pairs} languages; the design has {have}")


def expand(d, langs, tasks, study) -> list[MixturePlan]:
    """Shaham: a seeded random partition of the languages into pairs (or the pairs given)."""
    if isinstance(d.pairs, list):
        pairs = d.pairs
    else:
        rng = np.random.default_rng([study.seed, 11])
        shuffled = [langs[i] for i in rng.permutation(len(langs))]
        pairs = [shuffled[i : i + 2] for i in range(0, len(shuffled) - 1, 2)][: d.pairs]
    plans = []
    for a, b in pairs:
        counts = largest_remainder(study.data.budget, [a, b])
        plans.append(make_plan("bilingual_pairs", f"pair {a}+{b}", {"pair": [a, b]}, counts, tasks, d.ids or "disjoint"))
    return plans
