"""xlt's model on real published transfer tables (SumEval 2022 extracts, tests/predict/data/README.md):
never worse than the simple baselines, on held-out test sets and under cross-validation."""

import functools
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from xlt.cli import app
from xlt.predict import features, runs, validate
from xlt.predict.models import _as_stats, _leave_language_out, _Rows, _solve, mixture_folds, saturate, TransferModel

DATA = Path(__file__).parent / "data"
TABLES = ("sumeval_xnli_xlmr", "sumeval_udpos_xlmr", "sumeval_wikiann_xlmr")


def _load(name, split):
    return runs.load(DATA / f"{name}_{split}.jsonl")


@functools.cache
def _evaluate(name, split):
    """`xlt predict eval TRAIN SPLIT`, once per table and split for all the tests here."""
    return validate.evaluate(_load(name, "train"), _load(name, split), reps=200)


@pytest.mark.parametrize("name", TABLES)
def test_seen_languages_no_worse_than_the_per_language_mean_and_better_than_litmus(name):
    """New mixtures of seen languages. On UDPOS one lambda for every language overfitted the many
    languages no mixture moves (MAE 0.0259 against LightGBM's 0.0247); each now leans on its own
    mean as far as the inner cross-validation says."""
    out = _evaluate(name, "test")
    assert out["new_languages"] == []
    assert out["mae"] <= out["baselines"]["lang_mean"], out
    assert out["mae"] < out["baselines"]["gbm"], out
    d = out["difference"]["lang_mean"]
    assert d["low"] <= d["mean"] <= d["high"]
    assert abs(d["mean"] - (out["baselines"]["lang_mean"] - out["mae"])) < 1e-12


@pytest.mark.parametrize("name", TABLES)
def test_surprise_languages_no_worse_than_the_global_mean(name):
    out = _evaluate(name, "surprise")
    assert set(out["new_languages"]) == set(_load(name, "surprise").eval_langs)
    assert out["mae"] <= out["baselines"]["global_mean"], out
    assert set(out["difference_by_language"]) == set(validate.BASELINES)


def test_pooled_over_the_tables_better_than_litmus():
    """Every held-out score of every table's test and surprise sets together: xlt's model beats the
    LITMUS-style gradient boosting (on the surprise sets alone it does not: README of the data)."""
    outs = [_evaluate(name, split) for name in TABLES for split in ("test", "surprise")]
    n = sum(o["n"] for o in outs)
    xlt = sum(o["mae"] * o["n"] for o in outs) / n
    gbm = sum(o["baselines"]["gbm"] * o["n"] for o in outs) / n
    assert xlt < gbm, (xlt, gbm)


@pytest.mark.parametrize("name", TABLES)
def test_cross_validation_no_worse_than_the_baselines(name):
    """Leave-run-out: no worse than the per-language mean; leave-language-out: no worse than the
    global mean (on XNLI, whose languages' levels their URIEL features do not predict, the model
    must fall back to it). 15 folds: XNLI's 15 languages each held out alone (the old model lost to
    the mean there, 0.0283 against 0.0239). A lighter GBM: it is not what this test checks."""
    cv = validate.cross_validate(_load(name, "train"), max_folds=15, reps=200, gbm=dict(n_estimators=20))
    run, lang = cv["leave_one_run_out"]["mae"], cv["leave_one_language_out"]["mae"]
    assert run["xlt"] <= run["lang_mean"], cv
    assert lang["xlt"] <= lang["global_mean"] + 1e-12, cv


def test_leaving_a_language_out_from_statistics_equals_refitting_without_it():
    """The leave-one-language-out fit used to choose how new languages borrow must equal `_solve` on
    the statistics of the other languages."""
    table = _load("sumeval_xnli_xlmr", "train")
    sp = features.table_space(table)
    d = validate.data_of(table, sp)
    phi, feats = features.pair_features(sp), features.lang_features(sp)
    train_idx = np.flatnonzero(d.counts.sum(0) > 0)
    dl = 1 + len(train_idx)
    folds = mixture_folds(d.counts, d.run, 1)
    rows = _Rows.sorted(d, folds, 1, dl, feats, phi.shape[-1])
    rows.fill(saturate(d.counts, 1000.0), train_idx, phi)
    total = rows.stats(1)[0]
    seen = np.unique(d.lang)
    theta_g, theta_l = _leave_language_out(total[seen], dl, 3.0)
    for j in (0, 5, len(seen) - 1):
        keep = np.delete(seen, j)
        sol = _solve(_as_stats(total[keep]), dl, 3.0)
        assert np.allclose(theta_g[j], sol.theta_g, rtol=1e-6, atol=1e-8)
        assert np.allclose(np.delete(theta_l[j], j, axis=0), sol.theta_l, rtol=1e-6, atol=1e-8)


def test_new_language_gets_the_global_mean_where_features_do_not_help():
    table = _load("sumeval_xnli_xlmr", "train")
    sp = features.space([*table.train_langs, *table.eval_langs, "as"])
    model = TransferModel().fit(validate.data_of(table, sp))
    assert model.borrow.alpha == 0.0
    base, t = model.transfer(sp)
    i = sp.codes.index("as")
    assert base[i] == pytest.approx(model.mean) and np.all(t[:, i] == 0)


def test_cli_eval_shows_each_baseline_with_its_interval():
    args = ["predict", "eval", str(DATA / "sumeval_udpos_xlmr_train.jsonl"), str(DATA / "sumeval_udpos_xlmr_test.jsonl")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    for name in validate.BASELINES:
        assert f"{name} - xlt: " in result.stdout
    out = json.loads(CliRunner().invoke(app, [*args, "--json"]).stdout)
    assert set(out["difference"]) == set(validate.BASELINES) and out["unit"] == "run"


def test_uncertainty_shrinks_with_the_share_of_the_model():
    """A new language that gets the global mean (XNLI) has no model uncertainty left; a seen one
    keeps a positive variance."""
    from xlt.predict.models import Data

    table = _load("sumeval_xnli_xlmr", "train")
    sp = features.space([*table.train_langs, *table.eval_langs, "as"])
    model = TransferModel().fit(validate.data_of(table, sp))
    counts = np.zeros((1, len(sp.codes)))
    counts[0, sp.codes.index("en")] = 1000.0
    mean, cov = model.predict_cov(Data(sp, counts, np.zeros(2, dtype=int), sp.index(["as", "en"])))
    assert cov[0, 0] == 0.0 and cov[1, 1] > 0.0
    assert mean[0] == pytest.approx(model.mean)
