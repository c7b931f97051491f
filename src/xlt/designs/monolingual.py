"""Shaham's monolingual runs: the whole budget in one language, one run per language."""

from __future__ import annotations

from typing import Literal


from xlt.designs.base import DesignBase
from xlt.designs.plans import MixturePlan, make_plan


class Monolingual(DesignBase):
    kind: Literal["monolingual"]


def expand(d, langs, tasks, study) -> list[MixturePlan]:
    return [make_plan("monolingual", f"monolingual {x}", {"language": x}, {x: study.data.budget}, tasks, d.ids or "disjoint") for x in langs]
