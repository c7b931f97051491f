"""Exact counts → the rows of one training mixture, and its manifest.

Ids are drawn from the train split only, so validation and test ids never enter a mixture. For each
task one seeded permutation of the train ids orders every draw: languages take ids in allocation
order (English first), so a fixed English share is the same ids in every run of a study, and a
larger pinch extends a smaller one. `disjoint`: an id appears in one language only. `parallel`:
every language takes its ids from the ids present in all the mixture's languages (Bactrian-X-like
corpora miss some), the same ids where counts are equal.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from xlt.errors import InputError
from xlt.store import canonical_json, write_atomic, write_json

Counts = dict[str, dict[str, int]]


@dataclass(frozen=True)
class TrainPool:
    """The train split indexed for drawing: per task, the permuted ids and which languages have each."""

    ids: dict[str, np.ndarray]  # task -> ids in permutation order
    has: dict[str, dict[str, np.ndarray]]  # task -> lang -> bool mask over ids
    table: pl.DataFrame  # the train rows


def index_train(corpus: pl.DataFrame, seed: int, tasks: list[str] | None = None) -> TrainPool:
    """Permute each task's train ids with a seed; one pass, shared by every mixture of a study."""
    train = corpus.filter(pl.col("split") == "train")
    if tasks is not None:
        train = train.filter(pl.col("task").is_in(tasks))
    ids, has = {}, {}
    pairs = train.select("task", "lang", "id").unique()
    for (task,), group in pairs.group_by(["task"], maintain_order=False):
        uniq = np.sort(group["id"].unique().to_numpy().astype(str))
        rng = np.random.default_rng(_seed_ints(seed, task))
        perm = rng.permutation(len(uniq))
        where = np.empty_like(perm)
        where[perm] = np.arange(len(perm))  # where[j]: position of uniq[j] in the permutation
        ids[task] = uniq[perm]
        has[task] = {}
        for (lang,), lg in group.group_by(["lang"], maintain_order=False):
            mask = np.zeros(len(uniq), dtype=bool)
            mask[where[np.searchsorted(uniq, lg["id"].to_numpy().astype(str))]] = True
            has[task][lang] = mask
    return TrainPool(ids=ids, has=has, table=train)


def _seed_ints(seed: int, *names: str) -> list[int]:
    """A numpy seed sequence from an integer seed and names (stable across processes, unlike hash())."""
    digest = hashlib.sha256(canonical_json([seed, *names]).encode()).digest()
    return [seed, int.from_bytes(digest[:8], "big")]


def draw_ids(pool: TrainPool, counts: Counts, ids_rule: str, seed: int, pool_size: int | None = None) -> dict[tuple[str, str], np.ndarray]:
    """The ids each (lang, task) gets; InputError when the corpus cannot fill a count."""
    out = {}
    tasks = sorted({t for per in counts.values() for t in per})
    for task in tasks:
        if task not in pool.ids:
            raise InputError(f"task {task!r} has no train rows in the corpus", key="data.tasks")
        langs = [x for x in counts if counts[x].get(task, 0) > 0]
        order = pool.ids[task]
        masks = {}
        for x in langs:
            if x not in pool.has[task]:
                raise InputError(f"language {x!r} has no {task!r} train rows in the corpus", key="languages")
            masks[x] = pool.has[task][x]
        if ids_rule == "parallel" and len(langs) > 1:
            common = np.logical_and.reduce([masks[x] for x in langs])
            candidates = np.flatnonzero(common)
            need = max(pool_size or 0, max(counts[x][task] for x in langs))
            if len(candidates) < need:
                raise InputError(
                    f"parallel mixture needs {need} {task!r} ids present in all of {langs}, the corpus has {len(candidates)}",
                    key="data.budget",
                )
            for x in langs:
                n = counts[x][task]
                if pool_size and pool_size > n:
                    rng = np.random.default_rng(_seed_ints(seed, task, x, "pool"))
                    chosen = np.sort(rng.choice(pool_size, size=n, replace=False))
                    out[(x, task)] = order[candidates[chosen]]
                else:
                    out[(x, task)] = order[candidates[:n]]
        else:
            used = np.zeros(len(order), dtype=bool)
            for x in langs:
                n = counts[x][task]
                free = np.flatnonzero(masks[x] & ~used)
                if len(free) < n:
                    raise InputError(
                        f"{x} needs {n} {task!r} train ids not used by other languages, the corpus has {len(free)} left",
                        key="data.budget",
                    )
                picked = free[:n]
                used[picked] = True
                out[(x, task)] = order[picked]
    return out


def build_rows(pool: TrainPool, drawn: dict[tuple[str, str], np.ndarray]) -> pl.DataFrame:
    """The mixture's rows, in a canonical order (language, task, id)."""
    keys = pl.DataFrame(
        {
            "lang": [x for (x, _), v in drawn.items() for _ in range(len(v))],
            "task": [t for (_, t), v in drawn.items() for _ in range(len(v))],
            "id": [i for v in drawn.values() for i in v.tolist()],
        },
        schema={"lang": pl.Utf8, "task": pl.Utf8, "id": pl.Utf8},
    )
    rows = keys.join(pool.table, on=["lang", "task", "id"], how="left")
    missing = rows.filter(pl.col("prompt").is_null() | pl.col("response").is_null())
    if missing.height:
        r = missing.row(0, named=True)
        raise InputError(f"{missing.height} drawn rows lack a prompt or response (first: id {r['id']!r}, {r['lang']})", key="data.corpus")
    return rows.select("id", "lang", "task", "prompt", "response").sort("lang", "task", "id")


def manifest(rows: pl.DataFrame, *, seed: int, ids_rule: str, pool_size: int | None, design: dict) -> dict:
    """What a mixture holds: counts and characters per language and task, an ids digest, how it was drawn."""
    counts: Counts = {}
    chars: dict[str, int] = {}
    for (lang, task), g in rows.group_by(["lang", "task"], maintain_order=True):
        counts.setdefault(lang, {})[task] = g.height
        chars[lang] = chars.get(lang, 0) + int(g["prompt"].str.len_chars().sum() + g["response"].str.len_chars().sum())
    digest = hashlib.sha256("\n".join(f"{a}\t{b}\t{c}" for a, b, c in rows.select("lang", "task", "id").iter_rows()).encode())
    return {
        "counts": {k: dict(sorted(v.items())) for k, v in sorted(counts.items())},
        "total": rows.height,
        "chars": dict(sorted(chars.items())),
        "ids_digest": digest.hexdigest(),
        "ids": ids_rule,
        "pool": pool_size,
        "seed": seed,
        **design,
    }


def build_mixture(pool: TrainPool, counts: Counts, ids_rule: str, seed: int, pool_size: int | None = None, design: dict | None = None):
    """Rows and manifest of one mixture."""
    rows = build_rows(pool, draw_ids(pool, counts, ids_rule, seed, pool_size))
    return rows, manifest(rows, seed=seed, ids_rule=ids_rule, pool_size=pool_size, design=design or {})


def write_mixture(rows: pl.DataFrame, man: dict, out_dir: str | Path) -> None:
    """mixture.jsonl and manifest.json, each written atomically (byte-identical for the same inputs)."""
    out_dir = Path(out_dir)
    text = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows.iter_rows(named=True))
    write_atomic(out_dir / "mixture.jsonl", text)
    write_json(out_dir / "manifest.json", man)


def read_mixture(out_dir: str | Path) -> list[dict]:
    with open(Path(out_dir) / "mixture.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]
