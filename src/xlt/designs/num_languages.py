"""Shaham: the budget split evenly over the first k languages of seeded (or given) orders."""

from __future__ import annotations

from typing import Literal

import numpy as np

from pydantic import Field, field_validator

from xlt.designs.base import Axis, DesignBase
from xlt.designs.plans import MixturePlan, largest_remainder, make_plan
from xlt.schema import KeyedError, LanguageList, codes, each_at_least


class NumLanguages(DesignBase):
    kind: Literal["num_languages"]
    k: list[int] = Field(min_length=1)  # numbers of languages, the budget split evenly
    permutations: int | list[LanguageList] = 1  # seeded language orders, or the orders themselves

    _k = field_validator("k")(lambda cls, v: each_at_least(v, 1, "k must be at least 1"))

    @field_validator("permutations")
    @classmethod
    def _perms(cls, v):
        if isinstance(v, int):
            if v < 1:
                raise ValueError("permutations must be at least 1")
            return v
        return [codes(order) for order in v]

    def check_languages(self, langs: list[str], have: str) -> None:
        given = isinstance(self.permutations, list)
        for j, order in enumerate(self.permutations if given else [langs], 1):
            for k in (k for k in self.k if k > len(order)):
                has = f"permutation {j} has {len(order)} language{'s' * (len(order) != 1)}" if given else f"the design has {have}"
                raise KeyedError("k", f"k = {k} needs {k} languages; {has}")


AXIS = Axis("number of training languages", "run")


def permutations_of(langs: list[str], spec, seed: int) -> list[list[str]]:
    """The orders a num_languages design adds languages in: explicit lists, or the given order then seeded shuffles."""
    if isinstance(spec, list):
        return [list(p) for p in spec]
    rng = np.random.default_rng([seed, 7])
    orders = [list(langs)]
    while len(orders) < spec:
        orders.append([langs[i] for i in rng.permutation(len(langs))])
    return orders


def expand(d, langs, tasks, study) -> list[MixturePlan]:
    plans = []
    for i, order in enumerate(permutations_of(langs, d.permutations, study.seed)):
        for k in d.k:
            if k > len(order):
                continue
            counts = largest_remainder(study.data.budget, order[:k])
            label = f"{k} languages (order {i + 1})"
            plans.append(make_plan("num_languages", label, {"k": k, "permutation": i + 1, "order": order[:k]}, counts, tasks, d.ids or "disjoint"))
    return plans
