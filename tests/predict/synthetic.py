"""Synthetic runs tables from a known transfer matrix, to check that the models recover what they should.

The truth follows the shape xlt's model assumes (saturating returns, transfer driven by language
similarity plus a language-pair residual the features do not explain), with Gaussian noise per score.
Tests and bench/bench_predict.py use it; `true_scores` gives the noiseless score of any mixture, so a
recommendation can be scored against the brute-force optimum.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xlt.predict import features
from xlt.predict.runs import Run, RunsTable

# Transfer weights on phi(L, l) (features.PAIR_FEATURES): any data helps a little, the language
# itself most, then genetic/syntactic neighbours and a shared script.
TRUE_W = {"any": 0.8, "same": 6.0, "syntactic": 1.5, "genetic": 2.0, "same_script": 1.0}


@dataclass(frozen=True)
class Truth:
    codes: tuple[str, ...]
    base: np.ndarray  # (n,) score of the untuned model per language
    transfer: np.ndarray  # (n, n) T[L, l]
    c: float  # saturation scale of g(n) = log1p(n / c)
    noise: float  # standard deviation of a score around its expectation

    def true_scores(self, counts: dict[str, float], langs) -> np.ndarray:
        g = np.zeros(len(self.codes))
        for code, n in counts.items():
            g[self.codes.index(code)] = np.log1p(n / self.c)
        idx = [self.codes.index(c) for c in langs]
        return self.base[idx] + g @ self.transfer[:, idx]


def truth(codes, *, seed: int = 0, c: float = 150.0, noise: float = 1.0, residual: float = 0.4) -> Truth:
    rng = np.random.default_rng(seed)
    sp = features.space(codes)
    phi = features.pair_features(sp)
    w = np.array([TRUE_W.get(name, 0.0) for name in features.PAIR_FEATURES])
    t = phi @ w + residual * rng.standard_normal(phi.shape[:2])
    base = 20.0 + 5.0 * np.nan_to_num(sp.resource, nan=1.0) + 3.0 * rng.standard_normal(len(sp.codes))
    return Truth(sp.codes, base, t, c, noise)


def runs_table(
    tr: Truth,
    n_runs: int,
    *,
    seed: int = 0,
    train=None,
    eval_langs=None,
    budget: tuple[int, int] = (200, 4000),
    max_langs: int | None = None,
    reference: bool = True,
) -> RunsTable:
    """Random mixtures over `train` (default: all languages), scored with noise on `eval_langs`."""
    rng = np.random.default_rng(seed)
    train = list(train or tr.codes)
    eval_langs = list(eval_langs or tr.codes)
    max_langs = min(max_langs or len(train), len(train))
    runs = []
    if reference:
        runs.append(Run("base", {}, _scores(tr, {}, eval_langs, rng), reference=True))
    while len(runs) < n_runs:
        k = int(rng.integers(1, max_langs + 1))
        langs = rng.choice(train, size=k, replace=False)
        total = int(rng.integers(budget[0], budget[1] + 1))
        share = rng.dirichlet(np.ones(k))
        counts = {str(code): float(n) for code, n in zip(langs, np.round(share * total)) if n > 0}
        runs.append(Run(f"run{len(runs)}", counts, _scores(tr, counts, eval_langs, rng)))
    return RunsTable(tuple(runs), source="synthetic", task="synthetic", metric="score")


def _scores(tr: Truth, counts, eval_langs, rng) -> dict[str, float]:
    mean = tr.true_scores(counts, eval_langs)
    return {code: float(v) for code, v in zip(eval_langs, mean + tr.noise * rng.standard_normal(len(mean)))}
