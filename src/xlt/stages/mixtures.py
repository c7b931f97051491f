"""Training mixtures: each distinct one once, with the validation rows checkpoint selection uses."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl

from xlt import artifacts
from xlt.designs import largest_remainder
from xlt.errors import InputError
from xlt.plan import RunSpec
from xlt.store import write_atomic
from xlt.study import Study

VAL_MAX = 256  # validation rows per run for checkpoint selection


def validation_rows(corpus: pl.DataFrame, counts: dict, seed: int) -> pl.DataFrame:
    """Validation rows in the mixture's languages and tasks, in proportion to its counts."""
    from xlt.corpus.readers import id_uniform

    cells = [(x, t, n) for x, per in counts.items() for t, n in per.items() if n > 0]
    total = sum(n for *_, n in cells)
    want = largest_remainder(min(VAL_MAX, max(32, total // 10)), [(x, t) for x, t, _ in cells], [n for *_, n in cells])
    val = corpus.filter(pl.col("split") == "validation")
    frames = []
    for (x, t), n in want.items():
        part = val.filter((pl.col("lang") == x) & (pl.col("task") == t) & pl.col("response").is_not_null())
        if part.height == 0 or n == 0:
            continue
        part = part.with_columns(pl.Series("u", id_uniform(part["id"].to_list(), seed))).sort("u").head(n)
        frames.append(part.select("id", "lang", "task", "prompt", "response"))
    if not frames:
        raise InputError("the corpus has no validation rows in the mixture's languages; lower select or add [data] holdout", key="train.select")
    return pl.concat(frames)


def build_mixtures(study: Study, runs: list[RunSpec], corpus: pl.DataFrame, store: Path) -> dict[str, Path]:
    """Each distinct mixture once, in `.store/mixtures/<hash>/` (rows, validation rows, manifest)."""
    from xlt.mixture import build_mixture, index_train, write_mixture

    pool = None
    out = {}
    for r in runs:
        if r.mixture is None or r.mixture in out:
            continue
        final = store / "mixtures" / r.mixture
        if not artifacts.is_complete(final):
            pool = pool or index_train(corpus, study.seed, study.data.tasks)
            design = {"design": r.design, "labels": r.labels, "params": r.design_params}
            rows, manifest = build_mixture(pool, r.counts, r.ids, study.seed, r.pool, design)
            if r.updates is not None:
                manifest["updates"] = r.updates
            tmp = artifacts.staging(final)
            write_mixture(rows, manifest, tmp)
            val = validation_rows(corpus, r.counts, study.seed)
            write_atomic(tmp / "val.jsonl", "".join(json.dumps(v, ensure_ascii=False, sort_keys=True) + "\n" for v in val.iter_rows(named=True)))
            artifacts.commit(tmp, final)
        out[r.mixture] = final
    return out
