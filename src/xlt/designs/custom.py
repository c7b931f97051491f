"""A mixture written out: examples per language, or per language and task."""

from __future__ import annotations

from typing import Literal

from pydantic import field_validator

from xlt.designs.base import DesignBase
from xlt.designs.plans import MixturePlan, english_first, make_plan
from xlt.schema import codes


class Custom(DesignBase):
    kind: Literal["custom"]
    counts: dict[str, int | dict[str, int]]  # examples per language, or per language and task

    @field_validator("counts")
    @classmethod
    def _counts(cls, v):
        if not v:
            raise ValueError("counts is empty")
        out = {}
        for code, value in zip(codes(list(v)), v.values()):
            values = value.values() if isinstance(value, dict) else [value]
            if any(x < 0 for x in values):
                raise ValueError(f"negative count for {code}")
            out[code] = value
        return out


def expand(d, langs, tasks, study) -> list[MixturePlan]:
    flat = {x: v for x, v in d.counts.items() if not isinstance(v, dict)}
    nested = {x: {t: n for t, n in v.items() if n > 0} for x, v in d.counts.items() if isinstance(v, dict)}
    plan = make_plan("custom", d.name or "custom", {"counts": d.counts}, flat, tasks, d.ids or "disjoint")
    counts = dict(plan.counts)
    for x, per in nested.items():
        if per:
            counts[x] = per
    counts = {x: counts[x] for x in english_first(list(counts))}
    return [MixturePlan("custom", plan.label, plan.params, counts, plan.ids)]
