"""A synthetic world with a known transfer matrix, shared by the predict tests (lang2vec is read once)."""

import pytest

from tests.predict import synthetic

CODES = ("en", "es", "fr", "de", "ru", "zh", "ja", "ar", "hi", "sw", "fi", "tr")
NOISE = 2.0


@pytest.fixture(scope="session")
def truth():
    return synthetic.truth(CODES, seed=1, noise=NOISE)


@pytest.fixture(scope="session")
def train_table(truth):
    return synthetic.runs_table(truth, 200, seed=2)


@pytest.fixture(scope="session")
def test_table(truth):
    return synthetic.runs_table(truth, 80, seed=3, reference=False)
