"""Chen: budget-controlled variants (monolingual, multilingual, English-only, downsampled)."""

from __future__ import annotations

from typing import Literal

import numpy as np

from pydantic import Field

from xlt.designs.base import DesignBase
from xlt.designs.plans import MixturePlan, make_plan


class Budget(DesignBase):
    kind: Literal["budget"]
    variants: list[Literal["monolingual", "multilingual", "english_only", "downsampled"]] = Field(min_length=1)  # Chen et al.'s budget-controlled variants
    per_language: int = Field(gt=0)  # N examples per language


def expand(d, langs, tasks, study) -> list[MixturePlan]:
    """Chen: monolingual, multilingual (N per language, parallel), English-only, downsampled multilingual."""
    n = d.per_language
    plans = []
    for variant in d.variants:
        if variant == "monolingual":
            for x in langs:
                plans.append(make_plan("budget", f"budget monolingual {x}", {"variant": variant, "language": x}, {x: n}, tasks, d.ids or "disjoint"))
        elif variant == "multilingual":
            plans.append(make_plan("budget", "budget multilingual", {"variant": variant}, {x: n for x in langs}, tasks, d.ids or "parallel"))
        elif variant == "english_only":
            plans.append(make_plan("budget", "budget english_only", {"variant": variant}, {"en": n}, tasks, d.ids or "disjoint"))
        elif variant == "downsampled":
            rng = np.random.default_rng([study.seed, 13])
            drawn = rng.choice(n * len(langs), size=n, replace=False) // n
            counts = {x: int((drawn == i).sum()) for i, x in enumerate(langs)}
            plans.append(make_plan("budget", "budget downsampled", {"variant": variant}, counts, tasks, d.ids or "parallel", pool=n))
    return plans
