"""Lucky 52: one run per prefix of an order of languages, N per language on the same ids."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from xlt.designs.base import Axis, DesignBase
from xlt.designs.plans import MixturePlan, make_plan
from xlt.errors import InputError
from xlt.schema import KeyedError, LanguageList, codes


class Progressive(DesignBase):
    """Lucky 52: one run per prefix of `order`, N per language on the same ids.

    `world_size` is the devices W the paper trains each prefix on (one entry per language count): the
    global batch batch_size x grad_accum x W grows with the languages and the run makes
    U = ceil(N·L·E / (B·W)) updates. Without it, every run keeps [train]'s global batch."""

    kind: Literal["progressive"]
    order: LanguageList | None = None  # the order languages are added (default: the design's languages)
    per_language: int = Field(gt=0)  # N examples per language
    world_size: list[int] | None = None  # devices W per language count: the global batch grows with the languages (see the class docstring)

    _o = field_validator("order")(lambda cls, v: None if v is None else codes(v))

    @field_validator("world_size")
    @classmethod
    def _world(cls, v):
        if v is not None and (not v or any(w < 1 for w in v)):
            raise ValueError("world_size needs one device count (at least 1) per language count")
        return v

    def check_languages(self, langs: list[str], have: str) -> None:
        if self.world_size is not None and len(self.world_size) != len(self.order or langs):
            raise KeyedError("world_size", f"world_size has {len(self.world_size)} entries for {len(self.order or langs)} language counts; "
                             "expected one per prefix of the order")


AXIS = Axis("number of training languages (parallel data grows with it)", "run")


def expand(d, langs, tasks, study) -> list[MixturePlan]:
    """Lucky 52: one run per prefix of the order, N per language on the same ids, each on its world size."""
    order = d.order or langs
    if d.world_size is not None and len(d.world_size) != len(order):
        raise InputError(
            f"world_size has {len(d.world_size)} entries for {len(order)} language counts; expected one per prefix of the order",
            key="world_size",
        )
    plans = []
    for k in range(1, len(order) + 1):
        counts = {x: d.per_language for x in order[:k]}
        extra = {"world_size": d.world_size[k - 1]} if d.world_size else {}
        plans.append(
            make_plan("progressive", f"progressive k={k}", {"k": k, "order": order[:k]}, counts, tasks, d.ids or "parallel", extra=extra)
        )
    return plans
