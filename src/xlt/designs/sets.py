"""Dhaliwal: one run per language set (coverage)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from xlt.designs.base import DesignBase
from xlt.designs.plans import MixturePlan, largest_remainder, make_plan
from xlt.schema import KeyedError, LanguageList, codes, design_name


class Sets(DesignBase):
    kind: Literal["sets"]
    sets: list[LanguageList] = Field(min_length=1)  # one run per language set
    names: list[str] | None = None  # a label per set
    per_language: int | None = Field(None, gt=0)  # N per language (Dhaliwal) instead of the budget split evenly

    @field_validator("sets")
    @classmethod
    def _sets(cls, v):
        if any(not s for s in v):
            raise ValueError("empty language list in sets")
        return [codes(s) for s in v]

    @field_validator("names")
    @classmethod
    def _labels(cls, v):
        return v if v is None else [design_name(n) for n in v]  # each labels its set's run, as a design's name does

    @model_validator(mode="after")
    def _names(self):
        if self.names is not None and len(self.names) != len(self.sets):
            raise KeyedError("names", f"names has {len(self.names)} entries for {len(self.sets)} sets")
        twice = sorted({n for n in self.names or [] if self.names.count(n) > 1})
        if twice:
            raise KeyedError("names", f"set name(s) {twice} used twice; each set needs its own name (runs are labelled by it)")
        return self


def expand(d, langs, tasks, study) -> list[MixturePlan]:
    names = d.names or ["+".join(s) for s in d.sets]
    plans = []
    for name, s in zip(names, d.sets):
        counts = {x: d.per_language for x in s} if d.per_language else largest_remainder(study.data.budget, s)
        params = {"set": name, "languages": s, "coverage": len(s)}
        plans.append(make_plan("sets", f"set {name}", params, counts, tasks, d.ids or ("parallel" if d.per_language else "disjoint")))
    return plans
