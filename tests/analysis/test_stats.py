import numpy as np
import pytest

from xlt import stats


def test_bootstrap_interval_covers_mean_and_is_seeded():
    x = np.random.default_rng(0).random((3, 200))
    m1, lo1, hi1 = stats.bootstrap_ci(x, seed=1)
    m2, lo2, hi2 = stats.bootstrap_ci(x, seed=1)
    assert np.array_equal(lo1, lo2) and np.array_equal(hi1, hi2)
    assert np.all(lo1 < m1) and np.all(m1 < hi1)
    # the half-width is close to 1.96 standard errors
    se = x.std(axis=1) / np.sqrt(200)
    assert np.allclose((hi1 - lo1) / 2, 1.96 * se, rtol=0.15)


def test_missing_items_are_left_out():
    x = np.array([[1.0, 0.0, np.nan, 1.0]])
    assert stats.bootstrap_ci(x)[0][0] == pytest.approx(2 / 3)


def test_paired_bootstrap_is_tighter_than_unpaired_and_detects_a_shift():
    rng = np.random.default_rng(1)
    difficulty = rng.normal(size=300)
    a = difficulty + 0.2 + rng.normal(scale=0.1, size=300)
    b = difficulty + rng.normal(scale=0.1, size=300)
    (d,) = stats.paired_bootstrap(a[None], b[None])
    assert d.low < 0.2 < d.high and d.p < 0.01
    unpaired = stats.mean_ci(a).high - stats.mean_ci(a).low
    assert d.high - d.low < unpaired / 3
    (same,) = stats.paired_bootstrap(b[None], b[None] + rng.normal(scale=0.1, size=300))
    assert same.p > 0.01


def test_pearson_matches_fisher_z():
    rng = np.random.default_rng(2)
    x = rng.normal(size=50)
    y = x + rng.normal(size=50)
    c = stats.pearson(x, y)
    assert c.r == pytest.approx(np.corrcoef(x, y)[0, 1])
    z = np.arctanh(c.r)
    assert c.low == pytest.approx(np.tanh(z - 1.959964 / np.sqrt(47)), abs=1e-6)
    assert 0 < c.p < 1e-3
    assert np.isnan(stats.pearson([1, 2], [3, 4]).r)


def test_seed_intervals_widen_with_seed_spread():
    rng = np.random.default_rng(3)
    items = rng.random(100)
    calm = np.stack([items + 0.001 * k for k in range(3)])
    noisy = np.stack([items + 0.2 * k for k in range(3)])
    wc = stats.seeds_items_ci(calm)
    wn = stats.seeds_items_ci(noisy)
    assert (wn.high - wn.low) > 2 * (wc.high - wc.low)


def test_a_correlation_that_cannot_be_computed_says_why_in_words():
    c = stats.pearson([1.0, 2.0], [3.0, 4.0])  # two pairs
    assert c.fmt() == "no correlation (n = 2: fewer than 3 pairs, or values that do not vary)"
    assert "n/a" not in stats.pearson([1.0, 2.0, 3.0], [5.0, 5.0, 5.0]).fmt()
