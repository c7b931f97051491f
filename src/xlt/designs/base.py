"""What every design kind shares: its common keys, and its row in the design table.

A design kind is one file in this folder (a pydantic model of its keys, subclassing DesignBase, and
an `expand` function that turns one design into mixtures) plus one entry in designs.DESIGNS. Study
validation, the plan and the report's curves all read that table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from pydantic import field_validator

from xlt.schema import LanguageRef, Strict, codes, design_name, valid_seeds


class DesignBase(Strict):
    """The keys every [[design]] table has; a kind adds `kind: Literal["<kind>"]` and its own."""

    languages: LanguageRef = "train"  # the design's languages: "train", "eval" or a list
    tasks: list[str] | None = None  # the tasks of its mixtures (default: [data] tasks)
    ids: Literal["disjoint", "parallel"] | None = None  # whether languages share example ids (default: the design kind's own choice)
    name: str | None = None  # names the design's runs apart in results (instances "kind:name")
    seeds: list[int] | None = None  # training-seed replicates of this design's runs (default: the study's seeds)

    @field_validator("languages")
    @classmethod
    def _langs(cls, v):
        if isinstance(v, list):
            if not v:
                raise ValueError("empty language list")
            return codes(v)
        return v

    @field_validator("name")
    @classmethod
    def _name(cls, v):
        return design_name(v)

    _seeds = field_validator("seeds")(lambda cls, v: valid_seeds(v))

    def check_languages(self, langs: list[str], have: str) -> None:
        """Refuse parameters the design's languages cannot meet (KeyedError naming the key); `have` says
        how many languages there are and where they come from, for the message."""


def languages_on_axis(params: dict, counts: dict[str, int], pool_size: int) -> float | None:
    """The x of a run on a language-count axis: its `k`, else the languages its mixture trains on."""
    if "k" in params:
        return float(params["k"])
    return float(len(counts))


@dataclass(frozen=True)
class Axis:
    """How the report draws a design kind as a curve (analysis/curves.py)."""

    label: str  # the x-axis label
    seen: Literal["pool", "run"]  # "pool": seen means in any of the design's mixtures; "run": in that run's
    # where a run sits on the axis from its params (the kind's own runs), else from its mixture's counts
    # (a run shared with another design) and the number of languages in the design's pool
    x: Callable[[dict, dict[str, int], int], float | None] = languages_on_axis
    step: str | None = None  # a stepped axis: its smallest step against x = 0, e.g. "a pinch of {step:g}%"
    against: str = "none"  # what x = 0 is, in that sentence


@dataclass(frozen=True)
class DesignKind:
    model: type[DesignBase]  # its keys
    expand: Callable  # (design, languages, tasks, study) -> list[MixturePlan]
    axis: Axis | None = None  # drawn as a curve in the report, or not
