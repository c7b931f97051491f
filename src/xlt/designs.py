"""The papers' mixture designs: one function per kind, each turning a design into exact counts.

A design knows nothing of the corpus: it says how many examples of each task each language gets
(`counts`), and whether the languages share ids (`parallel`) or not (`disjoint`). mixture.py then
draws the ids. Counts are exact: largest-remainder rounding, ties going to the earlier language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from xlt.errors import InputError
from xlt.study import Study

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


def _english_first(langs: list[str]) -> list[str]:
    """Allocation order: English first, so fixed English shares draw the same ids in every run."""
    return (["en"] if "en" in langs else []) + [x for x in langs if x != "en"]


def _plan(kind, label, params, counts: dict[str, int], tasks, ids, pool=None, extra=None) -> MixturePlan:
    counts = {lang: counts[lang] for lang in _english_first(list(counts)) if counts[lang] > 0}
    return MixturePlan(kind, label, params, per_task(counts, tasks), ids, pool, extra or {})


# --- the designs --------------------------------------------------------------------------------


def monolingual(d, langs, tasks, study: Study) -> list[MixturePlan]:
    return [_plan("monolingual", f"monolingual {x}", {"language": x}, {x: study.data.budget}, tasks, d.ids or "disjoint") for x in langs]


def pinch(d, langs, tasks, study: Study) -> list[MixturePlan]:
    """Shaham: round(P% of B) split evenly over T (English included), the rest English."""
    budget = study.data.budget
    plans = []
    for p in d.percent:
        share = largest_remainder(round_half_up(p / 100 * budget), langs)
        counts = dict(share)
        counts["en"] = counts.get("en", 0) + budget - sum(share.values())
        label = f"pinch P={p:g}"
        plans.append(_plan("pinch", label, {"percent": p}, counts, tasks, d.ids or "disjoint"))
    return plans


def permutations_of(langs: list[str], spec, seed: int) -> list[list[str]]:
    """The orders a num_languages design adds languages in: explicit lists, or the given order then seeded shuffles."""
    if isinstance(spec, list):
        return [list(p) for p in spec]
    rng = np.random.default_rng([seed, 7])
    orders = [list(langs)]
    while len(orders) < spec:
        orders.append([langs[i] for i in rng.permutation(len(langs))])
    return orders


def num_languages(d, langs, tasks, study: Study) -> list[MixturePlan]:
    plans = []
    for i, order in enumerate(permutations_of(langs, d.permutations, study.seed)):
        for k in d.k:
            if k > len(order):
                continue
            counts = largest_remainder(study.data.budget, order[:k])
            label = f"{k} languages (order {i + 1})"
            plans.append(_plan("num_languages", label, {"k": k, "permutation": i + 1, "order": order[:k]}, counts, tasks, d.ids or "disjoint"))
    return plans


def bilingual_pairs(d, langs, tasks, study: Study) -> list[MixturePlan]:
    """Shaham: a seeded random partition of the languages into pairs (or the pairs given)."""
    if isinstance(d.pairs, list):
        pairs = d.pairs
    else:
        rng = np.random.default_rng([study.seed, 11])
        shuffled = [langs[i] for i in rng.permutation(len(langs))]
        pairs = [shuffled[i : i + 2] for i in range(0, len(shuffled) - 1, 2)][: d.pairs]
    plans = []
    for a, b in pairs:
        counts = largest_remainder(study.data.budget, [a, b])
        plans.append(_plan("bilingual_pairs", f"pair {a}+{b}", {"pair": [a, b]}, counts, tasks, d.ids or "disjoint"))
    return plans


def update_count(examples: int, epochs: float, global_batch: int) -> int:
    """Lucky 52's U = ceil(N·L·E / (B·W)): optimizer updates over N·L examples, B·W examples per update."""
    return math.ceil(examples * epochs / global_batch)


def progressive(d, langs, tasks, study: Study) -> list[MixturePlan]:
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
            _plan("progressive", f"progressive k={k}", {"k": k, "order": order[:k]}, counts, tasks, d.ids or "parallel", extra=extra)
        )
    return plans


def budget(d, langs, tasks, study: Study) -> list[MixturePlan]:
    """Chen: monolingual, multilingual (N per language, parallel), English-only, downsampled multilingual."""
    n = d.per_language
    plans = []
    for variant in d.variants:
        if variant == "monolingual":
            for x in langs:
                plans.append(_plan("budget", f"budget monolingual {x}", {"variant": variant, "language": x}, {x: n}, tasks, d.ids or "disjoint"))
        elif variant == "multilingual":
            plans.append(_plan("budget", "budget multilingual", {"variant": variant}, {x: n for x in langs}, tasks, d.ids or "parallel"))
        elif variant == "english_only":
            plans.append(_plan("budget", "budget english_only", {"variant": variant}, {"en": n}, tasks, d.ids or "disjoint"))
        elif variant == "downsampled":
            rng = np.random.default_rng([study.seed, 13])
            drawn = rng.choice(n * len(langs), size=n, replace=False) // n
            counts = {x: int((drawn == i).sum()) for i, x in enumerate(langs)}
            plans.append(_plan("budget", "budget downsampled", {"variant": variant}, counts, tasks, d.ids or "parallel", pool=n))
    return plans


def incremental(d, langs, tasks, study: Study) -> list[MixturePlan]:
    """Shimabucoro: a fixed English share plus n per non-English language."""
    plans = []
    for n in d.per_language:
        counts = {x: (d.english if x == "en" else n) for x in langs}
        counts.setdefault("en", d.english)
        plans.append(_plan("incremental", f"+{n} per language", {"per_language": n, "english": d.english}, counts, tasks, d.ids or "disjoint"))
    return plans


def sets(d, langs, tasks, study: Study) -> list[MixturePlan]:
    names = d.names or ["+".join(s) for s in d.sets]
    plans = []
    for name, s in zip(names, d.sets):
        counts = {x: d.per_language for x in s} if d.per_language else largest_remainder(study.data.budget, s)
        params = {"set": name, "languages": s, "coverage": len(s)}
        plans.append(_plan("sets", f"set {name}", params, counts, tasks, d.ids or ("parallel" if d.per_language else "disjoint")))
    return plans


def custom(d, langs, tasks, study: Study) -> list[MixturePlan]:
    flat = {x: v for x, v in d.counts.items() if not isinstance(v, dict)}
    nested = {x: {t: n for t, n in v.items() if n > 0} for x, v in d.counts.items() if isinstance(v, dict)}
    plan = _plan("custom", d.name or "custom", {"counts": d.counts}, flat, tasks, d.ids or "disjoint")
    counts = dict(plan.counts)
    for x, per in nested.items():
        if per:
            counts[x] = per
    counts = {x: counts[x] for x in _english_first(list(counts))}
    return [MixturePlan("custom", plan.label, plan.params, counts, plan.ids)]


DESIGNS = {
    "monolingual": monolingual,
    "pinch": pinch,
    "num_languages": num_languages,
    "bilingual_pairs": bilingual_pairs,
    "progressive": progressive,
    "budget": budget,
    "incremental": incremental,
    "sets": sets,
    "custom": custom,
}


def expand(design, study: Study) -> list[MixturePlan]:
    """A design's mixtures, over its own languages and tasks."""
    langs = study.design_languages(design)
    tasks = design.tasks or study.data.tasks
    plans = DESIGNS[design.kind](design, langs, tasks, study)
    if design.name:
        plans = [MixturePlan(p.kind, f"{design.name}: {p.label}", p.params, p.counts, p.ids, p.pool, p.extra) for p in plans]
    return plans
