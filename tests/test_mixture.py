import json

import numpy as np
import polars as pl
import pytest

from tests.conftest import write_parallel_corpus
from xlt.corpus import load_corpus
from xlt.errors import InputError
from xlt.mixture import build_mixture, index_train, write_mixture


@pytest.fixture
def corpus(tmp_path):
    langs = ["en", "es", "ru", "zh", "ar", "sw", "fi", "it", "cs", "et", "he", "hi"]
    path = write_parallel_corpus(tmp_path / "c.jsonl", langs, 6000)
    return load_corpus(f"jsonl:{path}")


def _ids(rows, lang):
    return set(rows.filter(pl.col("lang") == lang)["id"])


def test_disjoint_mixture_has_exact_counts_and_no_shared_ids(corpus):
    pool = index_train(corpus, seed=0)
    counts = {"en": {"math": 4598}, **{x: {"math": 4} for x in ["es", "ru", "zh", "ar", "sw", "fi", "it", "cs", "et", "he"]}, "hi": {"math": 2}}
    rows, man = build_mixture(pool, counts, "disjoint", seed=0)
    assert rows.height == sum(v["math"] for v in counts.values()) == man["total"]
    seen = set()
    for lang in counts:
        ids = _ids(rows, lang)
        assert len(ids) == counts[lang]["math"] and not ids & seen
        seen |= ids
    test_ids = set(corpus.filter(pl.col("split") != "train")["id"])
    assert not seen & test_ids  # validation and test ids never enter a mixture
    assert man["counts"]["hi"] == {"math": 2} and len(man["ids_digest"]) == 64


def test_parallel_mixture_uses_the_same_ids(corpus):
    pool = index_train(corpus, seed=0)
    rows, _ = build_mixture(pool, {x: {"math": 1000} for x in ["en", "zh", "ar"]}, "parallel", seed=0)
    assert _ids(rows, "en") == _ids(rows, "zh") == _ids(rows, "ar")
    assert rows.height == 3000
    # prefixes nest: the 2-language run's ids are the 3-language run's ids
    rows2, _ = build_mixture(pool, {x: {"math": 1000} for x in ["en", "zh"]}, "parallel", seed=0)
    assert _ids(rows2, "en") == _ids(rows, "en")


def test_parallel_uses_only_ids_present_in_all_languages(tmp_path):
    missing = {"zh": {f"math-{i:05d}" for i in range(0, 300)}}
    path = write_parallel_corpus(tmp_path / "c.jsonl", ["en", "zh"], 400, missing=missing)
    pool = index_train(load_corpus(f"jsonl:{path}", holdout=0.0), seed=0)
    rows, _ = build_mixture(pool, {"en": {"math": 100}, "zh": {"math": 100}}, "parallel", seed=0)
    assert _ids(rows, "en") == _ids(rows, "zh") and not _ids(rows, "en") & missing["zh"]
    with pytest.raises(InputError, match="present in all"):
        build_mixture(pool, {"en": {"math": 101}, "zh": {"math": 101}}, "parallel", seed=0)


def test_downsampled_pool_draws_subsets_of_the_shared_ids(corpus):
    pool = index_train(corpus, seed=0)
    rows, man = build_mixture(pool, {"en": {"math": 30}, "es": {"math": 40}, "zh": {"math": 30}}, "parallel", seed=0, pool_size=100)
    full, _ = build_mixture(pool, {x: {"math": 100} for x in ["en", "es", "zh"]}, "parallel", seed=0)
    assert _ids(rows, "es") <= _ids(full, "es") and len(_ids(rows, "es")) == 40
    assert man["pool"] == 100


def test_same_seed_byte_identical_other_seed_other_ids(corpus, tmp_path):
    counts = {"en": {"math": 500}, "es": {"math": 20}}
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write_mixture(*build_mixture(index_train(corpus, seed=1), counts, "disjoint", seed=1), a)
    write_mixture(*build_mixture(index_train(corpus, seed=1), counts, "disjoint", seed=1), b)
    write_mixture(*build_mixture(index_train(corpus, seed=2), counts, "disjoint", seed=2), c)
    for name in ("mixture.jsonl", "manifest.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    ids_a = {json.loads(line)["id"] for line in (a / "mixture.jsonl").open()}
    ids_c = {json.loads(line)["id"] for line in (c / "mixture.jsonl").open()}
    assert ids_a != ids_c


def test_budget_the_corpus_cannot_fill(corpus):
    pool = index_train(corpus, seed=0)
    with pytest.raises(InputError, match="data.budget"):
        build_mixture(pool, {"en": {"math": 6000}}, "disjoint", seed=0)
