"""The counts a design asks for, and the exact rounding every design kind uses.

A design knows nothing of the corpus: it says how many examples of each task each language gets
(`counts`), and whether the languages share ids (`parallel`) or not (`disjoint`). mixture.py then
draws the ids. Counts are exact: largest-remainder rounding, ties going to the earlier language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

Counts = dict[str, dict[str, int]]


@dataclass(frozen=True)
class MixturePlan:
    """One run's data as a design asks for it."""

    kind: str
    label: str
    params: dict
    counts: Counts  # {lang: {task: n}}, languages in allocation order
    ids: str  # "disjoint" | "parallel"
    pool: int | None = None  # parallel only: each language draws its n from the first `pool` shared ids
    extra: dict = field(default_factory=dict)  # e.g. progressive's update count

    @property
    def total(self) -> int:
        return sum(n for per_task in self.counts.values() for n in per_task.values())


def largest_remainder(total: int, keys: list, weights: list[float] | None = None) -> dict:
    """Split `total` over `keys` in proportion to `weights` (default equal), exactly, ties to earlier keys."""
    if not keys:
        return {}
    weights = weights or [1.0] * len(keys)
    s = float(sum(weights))
    quotas = [total * w / s for w in weights]
    base = [math.floor(q) for q in quotas]
    left = total - sum(base)
    order = sorted(range(len(keys)), key=lambda i: (-(quotas[i] - base[i]), i))
    for i in order[:left]:
        base[i] += 1
    return dict(zip(keys, base))


def round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def per_task(counts: dict[str, int], tasks: list[str]) -> Counts:
    """Each language's count split evenly over tasks (multi-task runs)."""
    return {lang: largest_remainder(n, tasks) for lang, n in counts.items()}


def english_first(langs: list[str]) -> list[str]:
    """Allocation order: English first, so fixed English shares draw the same ids in every run."""
    return (["en"] if "en" in langs else []) + [x for x in langs if x != "en"]


def make_plan(kind, label, params, counts: dict[str, int], tasks, ids, pool=None, extra=None) -> MixturePlan:
    counts = {lang: counts[lang] for lang in english_first(list(counts)) if counts[lang] > 0}
    return MixturePlan(kind, label, params, per_task(counts, tasks), ids, pool, extra or {})



def update_count(examples: int, epochs: float, global_batch: int) -> int:
    """Lucky 52's U = ceil(N·L·E / (B·W)): optimizer updates over N·L examples, B·W examples per update."""
    return math.ceil(examples * epochs / global_batch)
