"""Shaham's pinch: P% of the budget spread evenly over the languages, the rest English."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from xlt.designs.base import Axis, DesignBase
from xlt.designs.plans import MixturePlan, largest_remainder, make_plan, round_half_up


class Pinch(DesignBase):
    kind: Literal["pinch"]
    percent: list[float] = Field(min_length=1)  # P% of the budget in the other languages, the rest English (Shaham)

    @field_validator("percent")
    @classmethod
    def _range(cls, v):
        for p in v:
            if not 0 <= p <= 100:
                raise ValueError(f"percent {p} is outside 0..100")
        return v


def percent_of(params: dict, counts: dict[str, int], pool_size: int) -> float | None:
    """P of a run: its percent, else what its mixture implies (the non-English share, scaled by the pool)."""
    if "percent" in params:
        return float(params["percent"])
    total = sum(counts.values())
    if not total or pool_size < 2:
        return None
    return round(100 * (total - counts.get("en", 0)) / total * pool_size / (pool_size - 1), 1)


AXIS = Axis("P: % of examples spread evenly over the training languages", "pool", percent_of,
            step="a pinch of {step:g}%", against="English-only tuning (P = 0)")


def expand(d, langs, tasks, study) -> list[MixturePlan]:
    """Shaham: round(P% of B) split evenly over T (English included), the rest English."""
    budget = study.data.budget
    plans = []
    for p in d.percent:
        share = largest_remainder(round_half_up(p / 100 * budget), langs)
        counts = dict(share)
        counts["en"] = counts.get("en", 0) + budget - sum(share.values())
        label = f"pinch P={p:g}"
        plans.append(make_plan("pinch", label, {"percent": p}, counts, tasks, d.ids or "disjoint"))
    return plans
