"""Mixtures drawn from a corpus small enough to check by hand: which ids each language gets, in which order,
the manifest's every field, and each refusal's message. Fast, so the mutation bench runs it per mutant."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import polars as pl
import pytest

from xlt.errors import InputError
from xlt.mixture import build_mixture, build_rows, draw_ids, index_train, manifest, read_mixture, write_mixture


def _corpus(rows: dict[tuple[str, str], list[str]], split_of=lambda i: "train") -> pl.DataFrame:
    """(lang, task) -> ids; prompt and response spell out the row so lengths are known."""
    out = []
    for (lang, task), ids in rows.items():
        for i in ids:
            out.append({"id": i, "lang": lang, "task": task, "split": split_of(i), "prompt": f"p-{lang}-{i}",
                        "response": f"r{i}"})
    return pl.DataFrame(out)


IDS = [f"m{i}" for i in range(10)]
CORPUS = _corpus({("en", "math"): IDS, ("es", "math"): IDS[:6], ("de", "math"): IDS[3:], ("en", "api"): ["a1", "a2", "a3"],
                  ("en", "chat"): ["c1"]})


def test_index_train_permutes_each_tasks_train_ids_with_the_seed():
    pool = index_train(CORPUS, seed=0)
    assert sorted(pool.ids) == ["api", "chat", "math"]
    assert sorted(pool.ids["math"].tolist()) == IDS and sorted(pool.ids["api"].tolist()) == ["a1", "a2", "a3"]
    again = index_train(CORPUS, seed=0)
    assert pool.ids["math"].tolist() == again.ids["math"].tolist()
    other = [index_train(CORPUS, seed=s).ids["math"].tolist() for s in (1, 2, 3)]
    assert any(o != pool.ids["math"].tolist() for o in other)
    order = pool.ids["math"].tolist()
    assert [order[j] for j in np.flatnonzero(pool.has["math"]["es"])] == [i for i in order if i in IDS[:6]]
    assert [order[j] for j in np.flatnonzero(pool.has["math"]["de"])] == [i for i in order if i in IDS[3:]]
    assert pool.has["math"]["en"].all() and sorted(pool.has["math"]) == ["de", "en", "es"]
    assert pool.table.height == 10 + 6 + 7 + 3 + 1


def test_index_train_keeps_only_the_train_split_and_the_asked_tasks():
    corpus = _corpus({("en", "math"): IDS, ("en", "api"): ["a1"]}, split_of=lambda i: "test" if i in ("m0", "m1") else "train")
    pool = index_train(corpus, seed=0, tasks=["math"])
    assert list(pool.ids) == ["math"]
    assert sorted(pool.ids["math"].tolist()) == IDS[2:]
    assert set(pool.table["split"]) == {"train"} and set(pool.table["task"]) == {"math"}


def test_the_permutation_depends_on_the_task_name():
    corpus = _corpus({("en", "t1"): IDS, ("en", "t2"): IDS})
    pool = index_train(corpus, seed=0)
    assert pool.ids["t1"].tolist() != pool.ids["t2"].tolist()


def test_disjoint_languages_take_the_first_free_ids_in_allocation_order():
    pool = index_train(CORPUS, seed=0)
    order = pool.ids["math"].tolist()
    drawn = draw_ids(pool, {"en": {"math": 3}, "es": {"math": 2}, "de": {"math": 2, "api": 0}}, "disjoint", seed=0)
    assert list(drawn) == [("en", "math"), ("es", "math"), ("de", "math")]
    en = order[:3]
    es = [i for i in order if i in IDS[:6] and i not in en][:2]
    de = [i for i in order if i in IDS[3:] and i not in en + es][:2]
    assert [drawn[k].tolist() for k in drawn] == [en, es, de]


def test_parallel_languages_share_the_first_common_ids():
    pool = index_train(CORPUS, seed=0)
    order = pool.ids["math"].tolist()
    common = [i for i in order if i in IDS[3:6]]
    drawn = draw_ids(pool, {"en": {"math": 2}, "es": {"math": 3}, "de": {"math": 1}}, "parallel", seed=0)
    assert drawn[("en", "math")].tolist() == common[:2]
    assert drawn[("es", "math")].tolist() == common[:3]
    assert drawn[("de", "math")].tolist() == common[:1]


def test_parallel_with_one_language_draws_as_disjoint():
    pool = index_train(CORPUS, seed=0)
    assert draw_ids(pool, {"es": {"math": 6}}, "parallel", seed=0)[("es", "math")].tolist() == \
        [i for i in pool.ids["math"].tolist() if i in IDS[:6]]


def test_a_pool_larger_than_a_count_draws_a_seeded_subset_of_the_pool():
    pool = index_train(CORPUS, seed=0)
    common = [i for i in pool.ids["math"].tolist() if i in IDS[3:6]]
    counts = {"de": {"math": 2}, "es": {"math": 3}}
    drawn = draw_ids(pool, counts, "parallel", seed=0, pool_size=3)
    assert drawn[("es", "math")].tolist() == common  # count = pool: the whole pool
    en = drawn[("de", "math")].tolist()
    assert len(en) == 2 and set(en) <= set(common) and en == [i for i in common if i in en]  # in pool order
    subsets = {tuple(draw_ids(pool, counts, "parallel", seed=s, pool_size=3)[("de", "math")].tolist()) for s in range(12)}
    assert len(subsets) == 3  # the seed picks which 2 of the 3
    assert draw_ids(pool, counts, "parallel", seed=0, pool_size=3)[("de", "math")].tolist() == en
    with pytest.raises(InputError) as err:
        draw_ids(pool, counts, "parallel", seed=0, pool_size=4)
    assert str(err.value) == "data.budget: parallel mixture needs 4 'math' ids present in all of ['de', 'es'], the corpus has 3"


def test_refusals_name_the_key_and_the_numbers():
    pool = index_train(CORPUS, seed=0)
    cases = [
        ({"en": {"poetry": 1}}, "disjoint", "data.tasks: task 'poetry' has no train rows in the corpus"),
        ({"fr": {"math": 1}}, "disjoint", "languages: language 'fr' has no 'math' train rows in the corpus"),
        ({"es": {"math": 4}, "de": {"math": 4}}, "parallel",
         "data.budget: parallel mixture needs 4 'math' ids present in all of ['es', 'de'], the corpus has 3"),
        ({"en": {"math": 10}, "es": {"math": 2}}, "disjoint",
         "data.budget: es needs 2 'math' train ids not used by other languages, the corpus has 0 left"),
        ({"en": {"math": 11}}, "disjoint", "data.budget: en needs 11 'math' train ids not used by other languages, the corpus has 10 left"),
    ]
    for counts, rule, message in cases:
        with pytest.raises(InputError) as err:
            draw_ids(pool, counts, rule, seed=0)
        assert str(err.value) == message
    assert draw_ids(pool, {"en": {"math": 10}}, "disjoint", seed=0)[("en", "math")].tolist() == pool.ids["math"].tolist()
    assert draw_ids(pool, {"en": {"math": 5}, "es": {"math": 1}}, "disjoint", seed=0)[("es", "math")].size == 1


def test_rows_are_joined_and_sorted_and_a_row_without_text_is_refused():
    pool = index_train(CORPUS, seed=0)
    rows = build_rows(pool, {("es", "math"): np.array(["m2", "m0"]), ("en", "api"): np.array(["a3"]),
                             ("en", "math"): np.array(["m9"])})
    assert rows.columns == ["id", "lang", "task", "prompt", "response"]
    assert rows.rows() == [("a3", "en", "api", "p-en-a3", "ra3"), ("m9", "en", "math", "p-en-m9", "rm9"),
                           ("m0", "es", "math", "p-es-m0", "rm0"), ("m2", "es", "math", "p-es-m2", "rm2")]
    with pytest.raises(InputError) as err:
        build_rows(pool, {("es", "math"): np.array(["m1", "m8", "m9"])})
    assert str(err.value) == "data.corpus: 2 drawn rows lack a prompt or response (first: id 'm8', es)"


def test_the_manifest_counts_characters_and_digests_the_ids():
    pool = index_train(CORPUS, seed=0)
    rows = build_rows(pool, {("es", "math"): np.array(["m0", "m1"]), ("en", "api"): np.array(["a1"]),
                             ("en", "math"): np.array(["m5"])})
    man = manifest(rows, seed=7, ids_rule="parallel", pool_size=3, design={"design": "pinch", "seed": 99})
    digest = hashlib.sha256("en\tapi\ta1\nen\tmath\tm5\nes\tmath\tm0\nes\tmath\tm1".encode()).hexdigest()
    assert man == {
        "counts": {"en": {"api": 1, "math": 1}, "es": {"math": 2}},
        "total": 4,
        "chars": {"en": len("p-en-a1") + len("ra1") + len("p-en-m5") + len("rm5"), "es": 2 * (len("p-es-m0") + len("rm0"))},
        "ids_digest": digest,
        "ids": "parallel",
        "pool": 3,
        "seed": 99,  # the design's own keys come last and win
        "design": "pinch",
    }
    assert list(man["counts"]) == ["en", "es"] and list(man["counts"]["en"]) == ["api", "math"]


def test_build_write_and_read_a_mixture(tmp_path):
    pool = index_train(CORPUS, seed=0)
    rows, man = build_mixture(pool, {"en": {"math": 1}, "es": {"math": 1}}, "disjoint", seed=0)
    assert rows.height == 2 and man["total"] == 2 and man["ids"] == "disjoint" and man["pool"] is None and man["seed"] == 0
    assert "design" not in man
    write_mixture(rows, man, tmp_path / "mix")
    lines = (tmp_path / "mix" / "mixture.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines == [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows.iter_rows(named=True)]
    assert lines[0].startswith('{"id": ') and '"lang": "en"' in lines[0]
    assert read_mixture(tmp_path / "mix") == list(rows.iter_rows(named=True))
    assert json.loads((tmp_path / "mix" / "manifest.json").read_text()) == man
    _, with_design = build_mixture(pool, {"en": {"math": 1}}, "disjoint", seed=0, pool_size=None, design={"design": "d"})
    assert with_design["design"] == "d"


def test_unicode_text_is_written_as_is(tmp_path):
    corpus = pl.DataFrame([{"id": "1", "lang": "zh", "task": "t", "split": "train", "prompt": "猫", "response": "狗"}])
    pool = index_train(corpus, seed=0)
    rows, man = build_mixture(pool, {"zh": {"t": 1}}, "disjoint", seed=0)
    assert man["chars"] == {"zh": 2}
    write_mixture(rows, man, tmp_path)
    assert (tmp_path / "mixture.jsonl").read_text(encoding="utf-8") == \
        '{"id": "1", "lang": "zh", "prompt": "猫", "response": "狗", "task": "t"}\n'


def test_rows_sort_by_task_before_id():
    corpus = _corpus({("en", "api"): ["z1"], ("en", "math"): ["a1"]})
    pool = index_train(corpus, seed=0)
    rows = build_rows(pool, {("en", "math"): np.array(["a1"]), ("en", "api"): np.array(["z1"])})
    assert rows["id"].to_list() == ["z1", "a1"]


def test_a_pool_reaches_the_draw_and_its_subset_is_seeded_per_task():
    ids = [f"i{i}" for i in range(12)]
    corpus = _corpus({("en", "t1"): ids, ("es", "t1"): ids, ("en", "t2"): ids, ("es", "t2"): ids})
    pool = index_train(corpus, seed=0)
    counts = {"en": {"t1": 3, "t2": 3}, "es": {"t1": 3, "t2": 3}}
    _, with_pool = build_mixture(pool, counts, "parallel", seed=0, pool_size=12)
    rows, without = build_mixture(pool, counts, "parallel", seed=0)
    assert with_pool["ids_digest"] != without["ids_digest"] and with_pool["pool"] == 12
    picks = []
    for seed in range(6):  # each task draws its own subset of its pool: positions differ between tasks
        drawn = draw_ids(pool, counts, "parallel", seed=seed, pool_size=12)
        positions = [sorted(pool.ids[t].tolist().index(i) for i in drawn[("en", t)].tolist()) for t in ("t1", "t2")]
        picks.append(positions[0] != positions[1])
    assert any(picks)
