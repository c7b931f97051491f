"""The papers' mixture designs: one file per kind, each turning a design into exact counts.

`DESIGNS` is the table of kinds: a kind's keys (a pydantic model), its `expand` function and, for
kinds the report draws as curves, its axis. Adding a kind is one file and one entry here; study
validation (`validate_design`), the plan (`expand`) and the report's curves read the table.
"""

from __future__ import annotations

from xlt.designs import (
    bilingual_pairs, budget, custom, incremental, monolingual, num_languages, pinch, progressive, sets,
)
from xlt.designs.base import Axis, DesignBase, DesignKind
from xlt.designs.plans import MixturePlan, largest_remainder, round_half_up, update_count

# In the order the report draws the kinds' curves and the study-file reference lists their keys.
DESIGNS: dict[str, DesignKind] = {
    "monolingual": DesignKind(monolingual.Monolingual, monolingual.expand),
    "pinch": DesignKind(pinch.Pinch, pinch.expand, pinch.AXIS),
    "incremental": DesignKind(incremental.Incremental, incremental.expand, incremental.AXIS),
    "num_languages": DesignKind(num_languages.NumLanguages, num_languages.expand, num_languages.AXIS),
    "bilingual_pairs": DesignKind(bilingual_pairs.BilingualPairs, bilingual_pairs.expand),
    "progressive": DesignKind(progressive.Progressive, progressive.expand, progressive.AXIS),
    "budget": DesignKind(budget.Budget, budget.expand),
    "sets": DesignKind(sets.Sets, sets.expand),
    "custom": DesignKind(custom.Custom, custom.expand),
}

__all__ = ["DESIGNS", "Axis", "DesignBase", "DesignKind", "MixturePlan", "expand", "largest_remainder",
           "round_half_up", "update_count", "validate_design"]


def validate_design(value) -> DesignBase:
    """One [[design]] table as its kind's model (pydantic errors keep the keys under the design's index)."""
    if isinstance(value, DesignBase):
        return value
    if not isinstance(value, dict) or "kind" not in value:
        raise ValueError(f"design needs a 'kind' (one of {list(DESIGNS)})")
    kind = DESIGNS.get(value["kind"]) if isinstance(value["kind"], str) else None
    if kind is None:
        raise ValueError(f"unknown design kind {value['kind']!r}; expected one of {list(DESIGNS)}")
    return kind.model.model_validate(value)


def expand(design: DesignBase, study) -> list[MixturePlan]:
    """A design's mixtures, over its own languages and tasks."""
    langs = study.design_languages(design)
    tasks = design.tasks or study.data.tasks
    plans = DESIGNS[design.kind].expand(design, langs, tasks, study)
    if design.name:
        plans = [MixturePlan(p.kind, f"{design.name}: {p.label}", p.params, p.counts, p.ids, p.pool, p.extra) for p in plans]
    return plans
