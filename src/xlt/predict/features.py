"""Features of (run, evaluation language) pairs and of (training language, evaluation language) pairs.

A `Space` indexes every language involved (training, evaluation, targets, pool) once and holds their
URIEL similarities (one lang2vec call per kind for all of them, cached per process), script and family
matches, resource levels and base-model exposure. Two views come from it:

- `pair_features`: phi(L, l) for the transfer model, whose transfer matrix is T[L, l] = w . phi(L, l)
  plus a per-pair residual, so a language never seen in the table still gets a transfer row/column;
- `row_features`: LITMUS-style features per (run, eval language) for gradient boosting: counts and
  log counts per training language, similarities aggregated over the mixture weighted by counts
  (Lucky 52's sum over training languages), script/family match shares, number of languages, whether
  the eval language is in the mixture, resource level and exposure.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from xlt import languages
from xlt.predict.runs import RESOURCE_LEVELS, RunsTable

KINDS = tuple(languages.SIMILARITY_FEATURES)
PAIR_FEATURES = ("any", "same", *KINDS, "same_script", "same_family")


@functools.cache
def _similarities(codes: tuple[str, ...]) -> np.ndarray:
    """(kinds, n, n) URIEL similarities, NaN (a language URIEL lacks) filled by the kind's mean.

    Read through the report's on-disk cache ($XLT_CACHE/similarity): lang2vec reloads its files on
    every call (seconds per kind), and the report's section would otherwise pay that on every run."""
    from xlt.analysis.languages import similarity_matrix  # here: xlt predict loads the analysis package only when it needs similarities

    out = np.stack([similarity_matrix(list(codes), kind) for kind in KINDS])
    for k in range(len(KINDS)):
        m = out[k]
        off = m[~np.eye(len(codes), dtype=bool)]
        fill = np.nanmean(off) if np.isfinite(off).any() else 0.0
        m[np.isnan(m)] = fill
        np.fill_diagonal(m, 1.0)
    out.setflags(write=False)
    return out


@functools.cache
def _facts(codes: tuple[str, ...]) -> list[dict]:
    """Script and URIEL family per language (`languages.get`), cached on disk beside the similarity
    matrices: a family is looked up in lang2vec, whose import alone reads URIEL's files (~3 s), and
    the report's section would otherwise pay that on every run. Resource levels are read live."""
    import hashlib
    import json
    from importlib.metadata import version

    from xlt.store import cache_dir, write_atomic

    root = cache_dir() / "similarity"
    key = hashlib.sha256(f"{version('lang2vec')}|{version('langcodes')}|facts|{','.join(codes)}".encode()).hexdigest()[:24]
    path = root / f"facts-{key}.json"
    if path.exists():
        facts = json.loads(path.read_text(encoding="utf-8"))
    else:
        facts = [{"script": i.script, "family": i.family} for i in map(languages.get, codes)]
        write_atomic(path, json.dumps(facts))
    return [{**f, "resource": languages.MICRO_RESOURCE.get(c)} for f, c in zip(facts, codes)]


@dataclass(frozen=True)
class Space:
    codes: tuple[str, ...]
    sims: np.ndarray  # (kinds, n, n)
    same_script: np.ndarray  # (n, n) 0/1
    same_family: np.ndarray  # (n, n) 0/1
    resource: np.ndarray  # (n,) 0 low, 1 mid, 2 high, NaN unknown
    exposure: np.ndarray  # (n,) share of pretraining, NaN unknown

    def index(self, codes) -> np.ndarray:
        pos = {c: i for i, c in enumerate(self.codes)}
        return np.array([pos[c] for c in codes], dtype=int)


def space(codes, resource: dict[str, str] | None = None, exposure: dict[str, float] | None = None) -> Space:
    """The feature space of a set of languages (resource/exposure from a study, else the registry)."""
    codes = tuple(sorted(set(codes)))
    resource, exposure = resource or {}, exposure or {}
    info = _facts(codes)
    script = np.array([i["script"] or f"?{c}" for i, c in zip(info, codes)])
    family = np.array([i["family"] or f"?{c}" for i, c in zip(info, codes)])
    level = [resource.get(c) or i["resource"] for i, c in zip(info, codes)]
    return Space(
        codes=codes,
        sims=_similarities(codes),
        same_script=(script[:, None] == script[None, :]).astype(float),
        same_family=(family[:, None] == family[None, :]).astype(float),
        resource=np.array([RESOURCE_LEVELS.index(x) if x in RESOURCE_LEVELS else np.nan for x in level]),
        exposure=np.array([exposure.get(c, np.nan) for c in codes], dtype=float),
    )


def table_space(table: RunsTable, extra=()) -> Space:
    return space([*table.train_langs, *table.eval_langs, *extra], table.resource, table.exposure)


def pair_features(sp: Space) -> np.ndarray:
    """(n, n, p) phi(L, l): what makes training language L transfer to evaluation language l."""
    n = len(sp.codes)
    phi = [np.ones((n, n)), np.eye(n), *sp.sims, sp.same_script, sp.same_family]
    return np.stack(phi, axis=-1)


def lang_features(sp: Space) -> np.ndarray:
    """(n, q) features of an evaluation language for its baseline level: intercept, resource
    level one-hot (unknown = all zero), exposure and whether exposure is known."""
    n = len(sp.codes)
    res = np.stack([(sp.resource == k).astype(float) for k in range(len(RESOURCE_LEVELS))], axis=1)
    known = np.isfinite(sp.exposure)
    return np.column_stack([np.ones(n), res, np.where(known, sp.exposure, 0.0), known.astype(float)])


@dataclass(frozen=True)
class Rows:
    """The long form of a runs table: one row per (run, evaluation language)."""

    run: np.ndarray  # (N,) index into table.runs
    lang: np.ndarray  # (N,) index into space.codes
    y: np.ndarray  # (N,)
    counts: np.ndarray  # (R, n) examples per space language per run


def rows(table: RunsTable, sp: Space) -> Rows:
    pos = {c: i for i, c in enumerate(sp.codes)}
    counts = np.zeros((len(table.runs), len(sp.codes)))
    run, lang, y = [], [], []
    for r, item in enumerate(table.runs):
        for code, n in item.counts.items():
            counts[r, pos[code]] = n
        for code, value in item.scores.items():
            run.append(r)
            lang.append(pos[code])
            y.append(value)
    return Rows(np.array(run, dtype=int), np.array(lang, dtype=int), np.array(y, dtype=float), counts)


def row_features(counts: np.ndarray, run: np.ndarray, lang: np.ndarray, sp: Space, train_cols) -> tuple[np.ndarray, list[str]]:
    """LITMUS-style features per (run, eval language); `train_cols` are the space indices of the
    training languages whose counts become columns (those of the fitting table)."""
    c = counts[run]  # (N, n)
    total = c.sum(axis=1)
    share = np.divide(c, total[:, None], out=np.zeros_like(c), where=total[:, None] > 0)
    present = c > 0
    cols, names = [], []
    train_cols = list(train_cols)
    cols += [c[:, train_cols], np.log1p(c[:, train_cols])]
    names += [f"n_{sp.codes[j]}" for j in train_cols] + [f"log_n_{sp.codes[j]}" for j in train_cols]
    for k, kind in enumerate(KINDS):
        s = sp.sims[k][:, lang].T  # (N, n): sim(L, eval lang)
        cols += [(share * s).sum(1), np.where(present, s, -np.inf).max(1, initial=-np.inf), (np.log1p(c) * s).sum(1)]
        names += [f"sim_{kind}_weighted", f"sim_{kind}_max", f"sim_{kind}_logsum"]
    script = sp.same_script[:, lang].T
    family = sp.same_family[:, lang].T
    own = c[np.arange(len(run)), lang]
    cols += [
        (share * script).sum(1),
        (share * family).sum(1),
        present.sum(1),
        np.log1p(total),
        (own > 0).astype(float),
        np.log1p(own),
        own / np.maximum(total, 1),
        sp.resource[lang],
        sp.exposure[lang],
    ]
    names += ["script_match", "family_match", "n_languages", "log_total", "in_mixture", "log_n_own", "share_own", "resource", "exposure"]
    x = np.column_stack(cols)
    x[np.isinf(x)] = np.nan  # the base model has no training language: no max similarity
    return x, names
