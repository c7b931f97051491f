"""How well each model predicts scores it has not seen: held-out test tables and cross-validation.

Mean absolute error (LITMUS's measure), in the units of the scores. Cross-validation holds out
whole runs (seed replicates of one mixture together) and, separately, whole evaluation languages
(the model must predict a language from its features alone). Differences between xlt's model and
each baseline come with paired bootstrap intervals over the held-out units (runs or languages).
"""

from __future__ import annotations

import numpy as np

from xlt.predict import features
from xlt.predict.models import GBM, Data, GlobalMean, LangMean, TransferModel, mixture_folds
from xlt.errors import InputError
from xlt.predict.runs import RunsTable

BASELINES = ("global_mean", "lang_mean", "gbm")


def new_models(seed: int = 0, gbm: dict | None = None) -> dict:
    """xlt's model and the baselines; `gbm`: LightGBM settings in place of GBM's defaults."""
    return {"xlt": TransferModel(seed=seed), "global_mean": GlobalMean(), "lang_mean": LangMean(), "gbm": GBM(seed=seed, **(gbm or {}))}


def data_of(table: RunsTable, sp: features.Space) -> Data:
    rows = features.rows(table, sp)
    return Data(sp, rows.counts, rows.run, rows.lang, rows.y)


def evaluate(train: RunsTable, test: RunsTable, seed: int = 0, reps: int = 2000) -> dict:
    """Fit every model on `train`, report MAE on every (run, eval language) score of `test`, and
    each baseline's MAE minus xlt's with a 95% paired bootstrap interval over the test runs
    (and, where the test has several evaluation languages, over its languages too: a test of new
    languages is as much a sample of languages as of runs)."""
    sp = features.space(
        [*train.train_langs, *train.eval_langs, *test.train_langs, *test.eval_langs],
        {**test.resource, **train.resource},
        {**test.exposure, **train.exposure},
    )
    fit_d, test_d = data_of(train, sp), data_of(test, sp)
    err = {}
    for name, model in new_models(seed).items():
        err[name] = np.abs(model.fit(fit_d).predict(test_d) - test_d.y)
    mae = {name: float(e.mean()) for name, e in err.items()}
    seen = set(np.unique(fit_d.lang))
    new_langs = sorted({sp.codes[i] for i in np.unique(test_d.lang) if i not in seen})
    out = {
        "n": int(len(test_d.y)),
        "runs": len(test.runs),
        "new_languages": new_langs,
        "mae": mae["xlt"],
        "baselines": {name: mae[name] for name in BASELINES},
        "difference": {name: _paired_bootstrap(err["xlt"], err[name], test_d.run, reps, seed) for name in BASELINES},
        "unit": "run",
    }
    if len(np.unique(test_d.lang)) > 1:
        out["difference_by_language"] = {name: _paired_bootstrap(err["xlt"], err[name], test_d.lang, reps, seed) for name in BASELINES}
    return out


def _paired_bootstrap(err_a: np.ndarray, err_b: np.ndarray, unit: np.ndarray, reps: int, seed: int) -> dict:
    """MAE(b) - MAE(a) with a 95% interval, resampling held-out units (runs or languages) with replacement."""
    units, inv = np.unique(unit, return_inverse=True)
    diff_sum = np.bincount(inv, weights=err_b - err_a, minlength=len(units))
    count = np.bincount(inv, minlength=len(units)).astype(float)
    draws = np.random.default_rng(seed).integers(0, len(units), size=(reps, len(units)))
    boot = diff_sum[draws].sum(1) / count[draws].sum(1)
    return {
        "mean": float((err_b - err_a).mean()),
        "low": float(np.quantile(boot, 0.025)),
        "high": float(np.quantile(boot, 0.975)),
    }


def _cross_validate(d: Data, folds: np.ndarray, unit: np.ndarray, seed: int, reps: int, gbm_x: dict, gbm: dict | None) -> dict:
    """`gbm_x` caches the GBM's features of every row of `d` per set of training languages: a fold
    whose training runs cover the same languages as another's gets the same features, so they are
    computed once and sliced (per row they depend only on the run, the language and that set)."""
    preds = {name: np.empty(len(d.y)) for name in new_models()}
    for f in np.unique(folds):
        held = folds == f
        fit_d, test_d = d.take(~held), d.take(held)
        for name, model in new_models(seed, gbm).items():
            if isinstance(model, GBM):
                codes = GBM.train_codes_of(fit_d)
                if codes not in gbm_x:
                    gbm_x[codes] = GBM.features(d, codes)
                x = gbm_x[codes]
                preds[name][held] = model.fit(fit_d, x[~held]).predict(test_d, x[held])
            else:
                preds[name][held] = model.fit(fit_d).predict(test_d)
    err = {name: np.abs(p - d.y) for name, p in preds.items()}
    return {
        "folds": int(len(np.unique(folds))),
        "mae": {name: float(e.mean()) for name, e in err.items()},
        "difference": {  # baseline MAE minus xlt's MAE: > 0 where xlt's model is better
            name: _paired_bootstrap(err["xlt"], err[name], unit, reps, seed) for name in BASELINES
        },
    }


def cross_validate(
    table: RunsTable, max_folds: int = 20, seed: int = 0, reps: int = 2000, max_runs: int | None = None, gbm: dict | None = None
) -> dict:
    """Leave-one-run-out and leave-one-eval-language-out MAE of xlt's model and the baselines.

    With more mixtures (or languages) than `max_folds`, they are dealt into `max_folds` folds (a
    leave-several-out that is, if anything, harder); `max_folds=0` holds each one out on its own.
    `max_runs`: with more runs than that, cross-validate on that many drawn at random (seeded), and
    say so in the result (`sampled_from`); `gbm`: LightGBM settings in place of GBM's defaults.
    """
    sampled_from = None
    if max_runs is not None and len(table.runs) > max_runs:
        sampled_from = len(table.runs)
        table = table.subset(np.sort(np.random.default_rng(seed).choice(len(table.runs), size=max_runs, replace=False)))
    sp = features.table_space(table)
    d = data_of(table, sp)
    k = max_folds if max_folds > 0 else len(d.y)
    run_folds = mixture_folds(d.counts, d.run, k, seed)
    langs = np.unique(d.lang)
    perm = np.random.default_rng(seed).permutation(len(langs))
    fold_of_lang = np.empty(len(langs), dtype=int)
    fold_of_lang[perm] = np.arange(len(langs)) % max(1, min(k, len(langs)))
    lang_folds = fold_of_lang[np.searchsorted(langs, d.lang)]
    if len(np.unique(run_folds)) < 2 or len(langs) < 2:
        raise InputError("cross-validation needs at least two mixtures and two evaluation languages", source=table.source)
    gbm_x: dict = {}
    return {
        "runs": len(table.runs),
        "rows": int(len(d.y)),
        "task": table.task,
        "metric": table.metric,
        "leave_one_run_out": _cross_validate(d, run_folds, _mixture_unit(d), seed, reps, gbm_x, gbm),
        "leave_one_language_out": _cross_validate(d, lang_folds, d.lang, seed, reps, gbm_x, gbm),
        **({"sampled_from": sampled_from} if sampled_from else {}),
    }


def _mixture_unit(d: Data) -> np.ndarray:
    """Per row, the id of its mixture (the unit resampled by the paired bootstrap)."""
    used = np.unique(d.run)
    _, group = np.unique(d.counts[used], axis=0, return_inverse=True)
    return group.ravel()[np.searchsorted(used, d.run)]
