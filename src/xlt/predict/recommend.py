"""Recommend a training mixture under a budget: the counts per pool language, in steps, summing to
the budget, that maximise the predicted mean (or minimum) score over the target languages.

Under xlt's model a mixture's score on target l is a_l + sum_L T[L, l] g(n_L) with g concave, so the
mean objective is a sum of one concave function per pool language: adding the budget step by step to
the language with the largest marginal gain (greedy marginal allocation) is optimal. The minimum is
not separable; greedy by the minimum (ties broken by the mean) is followed by a local search that
moves 1, 2, 4, ... steps between any two languages while that helps, from several starting mixtures.
"""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path

import numpy as np

from xlt import languages
from xlt.errors import InputError
from xlt.predict import features
from xlt.predict.models import Data, TransferModel
from xlt.predict.runs import RunsTable
from xlt.predict.validate import data_of

OBJECTIVES = ("mean", "min")
MAX_UNITS = 20_000


def _codes(values, key: str) -> list[str]:
    out = []
    for v in values:
        try:
            code = languages.normalize(v)
        except languages.UnknownLanguage as exc:
            raise InputError(str(exc), key=key) from None
        if code not in out:
            out.append(code)
    if not out:
        raise InputError("expected at least one language code", key=key)
    return out


def default_step(budget: int) -> int:
    """The largest divisor of the budget that is at most a twentieth of it (20+ steps)."""
    for s in range(max(1, budget // 20), 0, -1):
        if budget % s == 0:
            return s
    return 1


def _objective(scores: np.ndarray, objective: str) -> np.ndarray:
    """Objective over the last axis, with the mean as a tie-breaker for the minimum."""
    if objective == "mean":
        return scores.mean(-1)
    return scores.min(-1) + 1e-9 * scores.mean(-1)


def search(base: np.ndarray, transfer: np.ndarray, gtab: np.ndarray, units: int, objective: str) -> np.ndarray:
    """Units per pool language (summing to `units`) maximising the objective of
    base + sum_L transfer[L] * gtab[m_L], with transfer (pool x targets) and gtab[u] = g(u * step)."""
    n_pool = transfer.shape[0]

    def scores(m):
        return base + gtab[m] @ transfer

    def greedy(start):
        m = start.copy()
        cur = scores(m)
        for _ in range(units - int(m.sum())):
            gain = (gtab[m + 1] - gtab[m])[:, None] * transfer  # (pool, targets)
            j = int(np.argmax(_objective(cur[None, :] + gain, objective)))
            m[j] += 1
            cur = cur + gain[j]
        return m

    def local(m):
        cur_obj = _objective(scores(m), objective)
        size = 1 << max(0, int(math.log2(max(units, 1))))
        while size >= 1:
            improved = True
            while improved:
                improved = False
                cur = scores(m)
                can = m >= size
                add_to = np.minimum(m + size, units)
                remove = (gtab[np.where(can, m - size, m)] - gtab[m])[:, None] * transfer  # (pool, targets)
                add = (gtab[add_to] - gtab[m])[:, None] * transfer
                new = cur[None, None, :] + remove[:, None, :] + add[None, :, :]  # (from, to, targets)
                obj = _objective(new, objective)
                obj[~can, :] = -np.inf
                np.fill_diagonal(obj, -np.inf)
                i, j = np.unravel_index(int(np.argmax(obj)), obj.shape)
                if obj[i, j] > cur_obj + 1e-12:
                    m[i] -= size
                    m[j] += size
                    cur_obj = obj[i, j]
                    improved = True
            size //= 2
        return m

    starts = [np.zeros(n_pool, dtype=int), np.full(n_pool, units // n_pool), _relaxed(base, transfer, gtab, units, objective)]
    best, best_obj = None, -np.inf
    for start in starts:
        m = local(greedy(start))
        obj = _objective(scores(m), objective)
        if obj > best_obj:
            best, best_obj = m, obj
    return best


def _relaxed(base, transfer, gtab, units: int, objective: str) -> np.ndarray:
    """A start from the continuous problem (concave where transfer >= 0): maximise t subject to
    every target's score >= t (or the mean), units spread continuously; rounded down, the rest greedy."""
    from scipy.optimize import minimize

    n_pool = transfer.shape[0]
    c = 1.0 / np.expm1(gtab[1]) if len(gtab) > 1 and gtab[1] > 0 else 1.0  # g(u) = log1p(u / c) in units

    def scores(x):
        return base + np.log1p(np.clip(x, 0, None) / c) @ transfer

    x0 = np.full(n_pool + 1, units / n_pool)
    x0[-1] = scores(x0[:-1]).min()
    if objective == "mean":
        fun, cons = (lambda z: -scores(z[:-1]).mean()), []
    else:
        fun = lambda z: -z[-1]  # noqa: E731
        cons = [{"type": "ineq", "fun": lambda z: scores(z[:-1]) - z[-1]}]
    cons.append({"type": "eq", "fun": lambda z: z[:-1].sum() - units})
    bounds = [(0, units)] * n_pool + [(None, None)]
    res = minimize(fun, x0, method="SLSQP", bounds=bounds, constraints=cons, options={"maxiter": 200})
    m = np.floor(np.clip(res.x[:-1], 0, units) + 1e-9).astype(int)
    return m if m.sum() <= units else np.zeros(n_pool, dtype=int)


def _uniform(budget: int, pool: list[str]) -> dict[str, int]:
    """The budget split evenly over the pool (largest remainder), as the `sets` design does."""
    q, r = divmod(budget, len(pool))
    return {code: q + (1 if i < r else 0) for i, code in enumerate(pool)}


def _summary(model: TransferModel, sp, counts: dict[str, float], targets, objective: str, seed: int) -> dict:
    """Predicted scores per target with 95% intervals, and the objective's value with its interval
    (posterior draws: the minimum of means is not the mean of minima)."""
    row = np.zeros((1, len(sp.codes)))
    for code, n in counts.items():
        row[0, sp.codes.index(code)] = n
    d = Data(sp, row, np.zeros(len(targets), dtype=int), sp.index(targets))
    mean, cov = model.predict_cov(d)
    sd = np.sqrt(np.clip(np.diag(cov), 0, None))
    draws = np.random.default_rng(seed).multivariate_normal(mean, cov, size=4000, method="eigh")
    value = draws.mean(1) if objective == "mean" else draws.min(1)
    point = float(mean.mean() if objective == "mean" else mean.min())
    return {
        "mixture": {k: int(v) for k, v in sorted(counts.items(), key=lambda kv: -kv[1]) if v > 0},
        "value": {"mean": point, "low": float(np.quantile(value, 0.025)), "high": float(np.quantile(value, 0.975))},
        "predicted": {
            code: {"mean": float(m), "low": float(m - 1.96 * s), "high": float(m + 1.96 * s)}
            for code, m, s in zip(targets, mean, sd)
        },
    }


def recommend(
    table: RunsTable,
    budget: int,
    targets,
    *,
    pool=None,
    objective: str = "mean",
    step: int | None = None,
    alternatives: int = 3,
    seed: int = 0,
) -> dict:
    """The best mixture under the budget, its predicted scores, and runner-up alternatives: the best
    mixture without each of the winner's main languages, and the uniform mixture over the pool."""
    if objective not in OBJECTIVES:
        raise InputError(f"unknown objective {objective!r}; expected one of {list(OBJECTIVES)}", key="objective")
    targets = _codes(targets, "targets")
    pool = _codes(pool, "pool") if pool else table.train_langs
    if not pool:
        raise InputError("no pool: the runs table has no training language; name one with --pool", source=table.source)
    step = default_step(budget) if step is None and budget >= 1 else step
    if step is None or step < 1:
        raise InputError(f"step must be a positive number of examples, got {step!r}", key="step")
    if budget < step:
        raise InputError(f"budget {budget} is below the smallest count step {step}", key="budget")
    if budget % step:
        raise InputError(f"budget {budget} is not a multiple of the step {step}", key="budget")
    units = budget // step
    if units > MAX_UNITS:
        raise InputError(f"{units} steps of {step} is too fine a search; use --step >= {math.ceil(budget / MAX_UNITS)}", key="step")

    sp = features.table_space(table, extra=[*targets, *pool])
    model = TransferModel(seed=seed).fit(data_of(table, sp))
    base, t = model.transfer(sp)
    ti, pi = sp.index(targets), sp.index(pool)
    gtab = np.log1p(np.arange(units + 1) * step / model.c)

    def best(allowed: list[str]) -> dict[str, int]:
        idx = [pool.index(c) for c in allowed]
        m = search(base[ti], t[np.ix_(pi[idx], ti)], gtab, units, objective)
        return {code: int(u * step) for code, u in zip(allowed, m)}

    winner = best(pool)
    out = {
        "budget": budget,
        "step": step,
        "objective": objective,
        "targets": targets,
        "pool": pool,
        "task": table.task,
        "metric": table.metric,
        "model": table.model,
        **_summary(model, sp, winner, targets, objective, seed),
        "noise_sd": float(math.sqrt(model.sigma2)),
        "saturation_c": float(model.c),
    }
    seen_max = {c: max((r.counts.get(c, 0) for r in table.runs), default=0) for c in pool}
    out["extrapolated"] = sorted(c for c, n in winner.items() if n > seen_max[c])
    alts = []
    for code in [c for c, n in sorted(winner.items(), key=lambda kv: -kv[1]) if n > 0][:alternatives]:
        rest = [c for c in pool if c != code]
        if rest:
            alts.append({"label": f"without {code}", **_summary(model, sp, best(rest), targets, objective, seed)})
    alts.append({"label": "uniform", **_summary(model, sp, _uniform(budget, pool), targets, objective, seed)})
    out["alternatives"] = alts
    return out


def study_file(rec: dict, *, name: str = "recommended", model: str | None = None, corpus: str = "builtin:micro", task: str | None = None) -> dict:
    """A study (docs/study-file.md) that trains the recommendation next to the uniform mixture
    over the same pool, so `xlt run` verifies the prediction."""
    task = task or rec.get("task")
    if not task:
        raise InputError("the runs table names no task; give one with --task to write a study file", key="task")
    mixture = rec["mixture"]
    return {
        "name": name,
        "seed": 0,
        "models": {"base": [model or rec.get("model") or "micro"], "method": ["full"], "reference": True},
        "data": {"corpus": corpus, "tasks": [task], "budget": rec["budget"]},
        "languages": {"train": list(rec["pool"]), "eval": sorted({*rec["targets"], *rec["pool"]})},
        "design": [
            {"kind": "custom", "counts": {lang: int(n) for lang, n in mixture.items()}},
            {"kind": "sets", "sets": [list(rec["pool"])], "names": ["uniform"]},
        ],
        "eval": {"tasks": [task]},
    }


def write_study(path, study: dict) -> None:
    import tomli_w

    path = Path(path)
    text = (
        "# Written by `xlt recommend`: the recommended mixture (custom) next to the uniform mixture over\n"
        "# the same pool (sets), so that `xlt run` measures what the prediction promised.\n" + tomli_w.dumps(study)
    )
    fd, tmp = tempfile.mkstemp(dir=path.parent or ".", prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)
