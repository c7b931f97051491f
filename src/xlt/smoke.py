"""`xlt run STUDY --smoke`: the study's whole pipeline cut to the bone, so a crash shows in minutes,
before a cluster spends GPU hours on the real run.

The cut keeps what can crash (the user's models, corpus, designs, eval sets, judges, translation engine)
and shrinks what costs time:
- runs: a handful that together cover every [[design]] table (its one- and many-language mixtures), design
  kind, base model and method, one seed (the study's first training seed, for designs with their own too);
- each run's mixture: scaled down to SMOKE_ROWS rows, every language and task it trains on kept;
- training: SMOKE_STEPS optimizer steps (the recipe's max_steps);
- evaluation: SMOKE_ITEMS items per language, task and eval set, so judges see a few requests;
- translation: only a few ids per task and split of the source are translated.
The smoke study is named `<name>-smoke`, so its results live in `<out>/<name>-smoke/`, never beside the
real ones, and its report says SMOKE at the top.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import polars as pl

from xlt.designs import largest_remainder
from xlt.plan import RunSpec
from xlt.store import content_hash

SMOKE_VERSION = 1  # bump when the cut changes, so smoke artifacts are not reused across versions
SMOKE_STEPS = 2
SMOKE_ITEMS = 4
SMOKE_ROWS = 32
SMOKE_VAL_IDS = 16  # validation ids per task kept for translation


def _first_seed(data: dict) -> int | None:
    """The study's first training seed; None where `seeds` or `seed` is mistyped (validation then says so)."""
    seeds, seed = data.get("seeds"), data.get("seed", 0)
    if seeds:
        return seeds[0] if isinstance(seeds, list) and type(seeds[0]) is int else None
    return seed if type(seed) is int else None


def smoke_overrides(data: dict) -> list[str]:
    """The smoke cuts of a study, as --set overrides applied after the user's (so the saved study shows them)."""
    out = [f"name={json.dumps(str(data.get('name', 'study')) + '-smoke')}"]
    seed = _first_seed(data)
    if data.get("seeds") and seed is not None:
        out.append(f"seeds=[{seed}]")
    for i, d in enumerate(data.get("design") or []):
        if isinstance(d, dict) and d.get("seeds") and seed is not None:
            out.append(f"design.{i}.seeds=[{seed}]")  # the study's seed: a smoke run trains at one seed
    out.append(f"train.max_steps={SMOKE_STEPS}")
    for i, o in enumerate((data.get("models") or {}).get("override") or []):
        if isinstance(o, dict) and "max_steps" in o:
            out.append(f"models.override.{i}.max_steps={SMOKE_STEPS}")
    out.append(f"eval.limit={SMOKE_ITEMS}")
    for i, _ in enumerate((data.get("eval") or {}).get("sets") or []):
        out.append(f"eval.sets.{i}.limit={SMOKE_ITEMS}")
    return out


def with_smoke(path: str | Path, overrides=(), smoke: bool = False) -> list[str]:
    """The overrides a command applies: the user's --set, then the smoke cuts when asked."""
    if not smoke:
        return list(overrides)
    from xlt.study import apply_overrides, read_study_data

    return list(overrides) + smoke_overrides(apply_overrides(read_study_data(path), overrides))


def _features(run: RunSpec) -> set:
    """What a smoke run must cover: each design table it came from, with one language or several (different
    code paths: a pinch of 0% is monolingual), each design kind, its model and its method."""
    several = len(run.train_langs) > 1
    tables = {("design", p.get("kind"), p.get("design"), several) for p in run.design_params}
    return tables | {("kind", k) for k in run.design} | {("model", run.model), ("method", run.method)}


def pick_runs(runs: list[RunSpec]) -> list[RunSpec]:
    """A handful of runs covering every feature of the plan: greedy set cover, the cheapest run on ties; plan order."""
    need = set().union(*(_features(r) for r in runs)) if runs else set()
    chosen: set[int] = set()
    while need:
        best = max(range(len(runs)), key=lambda i: (len(_features(runs[i]) & need), -runs[i].total, -i))
        chosen.add(best)
        need -= _features(runs[best])
    return [r for i, r in enumerate(runs) if i in chosen]


def shrink(run: RunSpec, rows: int = SMOKE_ROWS) -> RunSpec:
    """The run with its mixture scaled to about `rows` rows, at least one per (language, task) it trains on;
    a new mixture hash and run id, so smoke artifacts never pass for real ones."""
    cells = [(x, t) for x, per in run.counts.items() for t, n in per.items() if n > 0]
    if run.mixture is None or run.total <= rows:
        return run
    extra = largest_remainder(max(rows, len(cells)) - len(cells), cells, [run.counts[x][t] for x, t in cells])
    counts = {x: {t: (1 + extra[(x, t)] if n > 0 else 0) for t, n in per.items()} for x, per in run.counts.items()}
    pool = None if run.pool is None else max(n for per in counts.values() for n in per.values())
    mixture = content_hash({"smoke": SMOKE_VERSION, "mixture": run.mixture, "counts": counts, "pool": pool})
    return replace(
        run,
        id=content_hash({"smoke": SMOKE_VERSION, "run": run.id, "mixture": mixture}),
        counts=counts,
        total=sum(n for per in counts.values() for n in per.values()),
        pool=pool,
        mixture=mixture,
        updates=None if run.updates is None else min(run.updates, SMOKE_STEPS),
    )


def smoke_plan(runs: list[RunSpec]) -> list[RunSpec]:
    return [shrink(r) for r in pick_runs(runs)]


def cut_source(source: pl.DataFrame, seed: int, train_ids: int) -> pl.DataFrame:
    """The rows of a few ids per task and split (seeded), so that translation sends a few requests."""
    from xlt.corpus.readers import id_uniform

    keep = {"train": train_ids, "validation": SMOKE_VAL_IDS, "test": SMOKE_ITEMS}
    frames = []
    for (task, split), part in source.group_by(["task", "split"], maintain_order=True):
        ids = part["id"].unique(maintain_order=True).to_list()
        ranked = [x for _, x in sorted(zip(id_uniform(ids, seed).tolist(), ids))][: keep.get(split, SMOKE_ITEMS)]
        frames.append(part.filter(pl.col("id").is_in(ranked)))
    return pl.concat(frames) if frames else source
