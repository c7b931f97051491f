"""Shimabucoro: a fixed English share plus n per non-English language."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from xlt.designs.base import Axis, DesignBase
from xlt.designs.plans import MixturePlan, make_plan
from xlt.schema import each_at_least


class Incremental(DesignBase):
    kind: Literal["incremental"]
    english: int = Field(ge=0)  # English examples in every run
    per_language: list[int] = Field(min_length=1)  # n per non-English language, one run each

    _nonneg = field_validator("per_language")(lambda cls, v: each_at_least(v, 0, "per_language counts must be non-negative"))


def per_language_of(params: dict, counts: dict[str, int], pool_size: int) -> float | None:
    """n of a run: its per_language, else the most any non-English language has in its mixture."""
    if "per_language" in params:
        return float(params["per_language"])
    return float(max([v for k, v in counts.items() if k != "en"], default=0))


AXIS = Axis("examples per non-English language (English fixed)", "pool", per_language_of,
            step="adding {step:g} examples per language")


def expand(d, langs, tasks, study) -> list[MixturePlan]:
    """Shimabucoro: a fixed English share plus n per non-English language."""
    plans = []
    for n in d.per_language:
        counts = {x: (d.english if x == "en" else n) for x in langs}
        counts.setdefault("en", d.english)
        plans.append(make_plan("incremental", f"+{n} per language", {"per_language": n, "english": d.english}, counts, tasks, d.ids or "disjoint"))
    return plans
