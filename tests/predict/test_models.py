import math

import numpy as np

from tests.predict import synthetic
from tests.predict.conftest import NOISE
from xlt.predict import features, validate
from xlt.predict.models import TransferModel


def test_xlt_model_reaches_the_noise_and_beats_every_baseline(train_table, test_table):
    out = validate.evaluate(train_table, test_table)
    noise_mae = NOISE * math.sqrt(2 / math.pi)  # E|e| for Gaussian noise
    assert out["n"] == sum(len(r.scores) for r in test_table.runs)
    assert out["mae"] <= 1.5 * noise_mae
    assert all(out["mae"] < v for v in out["baselines"].values()), out


def test_recovers_the_transfer_matrix(truth, train_table):
    sp = features.table_space(train_table)
    model = TransferModel().fit(validate.data_of(train_table, sp))
    _, t = model.transfer(sp)
    idx = sp.index(truth.codes)
    # The fitted g uses its own c; compare the gain from 1,000 examples, which does not depend on it.
    fitted = t[np.ix_(idx, idx)] * np.log1p(1000 / model.c)
    true = truth.transfer * np.log1p(1000 / truth.c)
    assert np.corrcoef(fitted.ravel(), true.ravel())[0, 1] > 0.95


def test_new_evaluation_language_from_features(truth):
    """A language never evaluated in the table is predicted from its features, better than the mean."""
    held = "es"
    train = synthetic.runs_table(truth, 150, seed=4, eval_langs=[c for c in truth.codes if c != held])
    test = synthetic.runs_table(truth, 40, seed=5, eval_langs=[held], reference=False)
    out = validate.evaluate(train, test)
    assert out["mae"] < out["baselines"]["global_mean"] and out["mae"] < out["baselines"]["lang_mean"]


def test_intervals_cover_the_truth(truth, train_table):
    sp = features.table_space(train_table)
    model = TransferModel().fit(validate.data_of(train_table, sp))
    rng = np.random.default_rng(9)
    inside, total = 0, 0
    for _ in range(30):
        langs = rng.choice(truth.codes, size=3, replace=False)
        counts = {str(c): float(rng.integers(100, 3000)) for c in langs}
        row = np.zeros((1, len(sp.codes)))
        for c, n in counts.items():
            row[0, sp.codes.index(c)] = n
        from xlt.predict.models import Data

        d = Data(sp, row, np.zeros(len(truth.codes), dtype=int), sp.index(truth.codes))
        mean, cov = model.predict_cov(d)
        sd = np.sqrt(np.diag(cov))
        true = truth.true_scores(counts, truth.codes)
        inside += int((np.abs(mean - true) <= 1.96 * sd).sum())
        total += len(true)
    assert 0.8 <= inside / total <= 1.0


def test_held_out_error_from_statistics_equals_row_by_row(train_table):
    """The inner cross-validation scores (c, lambda) from sufficient statistics alone; it must equal
    fitting each fold with `_solve` and summing squared errors over its held-out rows."""
    from xlt.predict.models import _as_stats, _cv_sse, _Rows, _solve, mixture_folds, saturate

    sp = features.table_space(train_table)
    d = validate.data_of(train_table, sp)
    model = TransferModel()
    phi, feats = features.pair_features(sp), features.lang_features(sp)
    train_idx = np.flatnonzero(d.counts.sum(0) > 0)
    dl = 1 + len(train_idx)
    folds = mixture_folds(d.counts, d.run, 4, seed=0)
    rows = _Rows.sorted(d, folds, 4, dl, feats, phi.shape[-1])
    rows.fill(saturate(d.counts, 300.0), train_idx, phi)
    parts = rows.stats(4)
    total = parts.sum(0)
    fast = _cv_sse(total - parts, parts, dl, model.lam_grid)
    fold_of_row = folds[np.argsort(folds * len(sp.codes) + d.lang, kind="stable")]
    w, y = rows.w[:, :-1], rows.w[:, -1]
    for lam, got in zip(model.lam_grid, fast):
        sse = 0.0
        for f in range(4):
            sol = _solve(_as_stats(total - parts[f]), dl, lam)
            held = fold_of_row == f
            theta = np.concatenate([sol.theta_l[rows.lang[held]], np.tile(sol.theta_g, (held.sum(), 1))], axis=1)
            sse += float((((w[held] * theta).sum(1) - y[held]) ** 2).sum())
        assert math.isclose(got, sse, rel_tol=1e-6)  # y'y - 2 theta'W'y + ...: some cancellation


def test_gbm_with_given_features_equals_its_own(train_table, test_table):
    """Cross-validation hands the GBM features it computed once; they must be the GBM's own."""
    from xlt.predict.models import GBM

    sp = features.space([*train_table.train_langs, *train_table.eval_langs, *test_table.eval_langs])
    fit_d, test_d = validate.data_of(train_table, sp), validate.data_of(test_table, sp)
    codes = GBM.train_codes_of(fit_d)
    own = GBM(n_estimators=20).fit(fit_d).predict(test_d)
    given = GBM(n_estimators=20).fit(fit_d, GBM.features(fit_d, codes)).predict(test_d, GBM.features(test_d, codes))
    assert np.array_equal(own, given)
