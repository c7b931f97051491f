import pytest

from xlt.designs import expand, largest_remainder, round_half_up, update_count
from xlt.errors import InputError
from xlt.study import parse_study

SHAHAM = ["ar", "zh", "cs", "en", "et", "fi", "he", "hi", "it", "ru", "es", "sw"]


def study(designs, train=SHAHAM, budget=4640, tasks=("math",), **extra):
    return parse_study(
        {
            "name": "t",
            "data": {"corpus": "jsonl:x", "tasks": list(tasks), "budget": budget},
            "languages": {"train": train, "eval": train},
            "design": designs,
            **extra,
        }
    )


def test_largest_remainder_is_exact_and_ordered():
    assert largest_remainder(46, list("abcdefghijkl")) == {k: (4 if i < 10 else 3) for i, k in enumerate("abcdefghijkl")}
    assert sum(largest_remainder(1001, list("abc"), [1, 2, 3]).values()) == 1001
    assert round_half_up(46.4) == 46 and round_half_up(0.5) == 1


def test_pinch_one_percent_of_4640_over_shaham_languages():
    s = study([{"kind": "pinch", "percent": [1]}])
    (m,) = expand(s.design[0], s)
    flat = {x: sum(per.values()) for x, per in m.counts.items()}
    assert m.total == 4640
    non_en = {x: n for x, n in flat.items() if x != "en"}
    assert len(non_en) == 11 and sum(non_en.values()) in (42, 43)
    assert set(non_en.values()) <= {3, 4}
    assert flat["en"] == 4640 - sum(non_en.values())
    assert 46 == sum(non_en.values()) + (flat["en"] - (4640 - 46))  # the multilingual share is 46
    assert m.ids == "disjoint" and list(m.counts)[0] == "en"


def test_pinch_extremes():
    s = study([{"kind": "pinch", "percent": [0, 100]}])
    zero, full = expand(s.design[0], s)
    assert zero.counts == {"en": {"math": 4640}}
    assert {sum(p.values()) for p in full.counts.values()} <= {386, 387} and full.total == 4640


def test_num_languages_with_permutations():
    s = study([{"kind": "num_languages", "k": [1, 2, 3], "permutations": 3}], train=["en", "ar", "fi", "it", "ru", "sw"], budget=600)
    plans = expand(s.design[0], s)
    assert len(plans) == 9
    assert plans[0].params["order"] == ["en"] and plans[2].params["order"] == ["en", "ar", "fi"]
    assert all(p.total == 600 for p in plans)
    orders = {tuple(p.params["order"]) for p in plans if p.params["k"] == 3}
    assert len(orders) == 3  # three different permutations
    explicit = study([{"kind": "num_languages", "k": [2], "permutations": [["ru", "sw"], ["fi", "it"]]}], train=["en", "ar", "fi", "it", "ru", "sw"])
    assert [list(p.counts) for p in expand(explicit.design[0], explicit)] == [["ru", "sw"], ["fi", "it"]]


def test_bilingual_pairs_partition():
    s = study([{"kind": "bilingual_pairs", "pairs": 6}])
    plans = expand(s.design[0], s)
    langs = [x for p in plans for x in p.params["pair"]]
    assert sorted(langs) == sorted(SHAHAM)  # a partition
    assert all(sorted(sum(v.values()) for v in p.counts.values()) == [2320, 2320] for p in plans)


def test_progressive_parallel_growing():
    s = parse_study(
        {
            "name": "t",
            "data": {"corpus": "jsonl:x", "tasks": ["math"]},
            "languages": {"train": ["en", "zh", "ar"], "eval": ["en"]},
            "design": [{"kind": "progressive", "order": ["en", "zh", "ar"], "per_language": 1000, "world_size": [2, 4, 8]}],
        }
    )
    plans = expand(s.design[0], s)
    assert [p.total for p in plans] == [1000, 2000, 3000]
    assert all(p.ids == "parallel" for p in plans)
    assert [p.extra["world_size"] for p in plans] == [2, 4, 8]
    assert update_count(3000, 3, 4 * 4 * 8) == 71  # ceil(1000·3·3 / (4·4·8))


def test_progressive_world_size_needs_one_entry_per_language_count():
    with pytest.raises(InputError, match=r"design\[0\]\.world_size: world_size has 2 entries for 3 language counts"):
        parse_study(
            {
                "name": "t",
                "data": {"corpus": "jsonl:x", "tasks": ["math"]},
                "languages": {"train": ["en", "zh", "ar"], "eval": ["en"]},
                "design": [{"kind": "progressive", "per_language": 10, "world_size": [2, 4]}],
            }
        )


def test_budget_variants():
    s = study([{"kind": "budget", "variants": ["monolingual", "multilingual", "english_only", "downsampled"], "per_language": 100}], train=["en", "es", "zh"])
    plans = expand(s.design[0], s)
    labels = [p.label for p in plans]
    assert labels == ["budget monolingual en", "budget monolingual es", "budget monolingual zh", "budget multilingual", "budget english_only", "budget downsampled"]
    multi, eng, down = plans[3], plans[4], plans[5]
    assert multi.total == 300 and multi.ids == "parallel"
    assert eng.counts == {"en": {"math": 100}}
    assert down.total == 100 and down.pool == 100 and down.ids == "parallel"


def test_incremental_and_multitask_split():
    s = study([{"kind": "incremental", "english": 15000, "per_language": [0, 300]}], train=["en", "es", "ja"], tasks=("a", "b", "c"))
    zero, three = expand(s.design[0], s)
    assert zero.counts == {"en": {"a": 5000, "b": 5000, "c": 5000}}
    assert three.counts["es"] == {"a": 100, "b": 100, "c": 100}
    single = study([{"kind": "incremental", "english": 10000, "per_language": [400], "tasks": ["b"]}], train=["en", "es"], tasks=("a", "b"))
    assert expand(single.design[0], single)[0].counts == {"en": {"b": 10000}, "es": {"b": 400}}


def test_sets_and_custom():
    s = study(
        [
            {"kind": "sets", "sets": [["en", "es", "fr"], ["en", "ja", "zh"]], "names": ["latin", "mixed"]},
            {"kind": "custom", "counts": {"es": 10, "en": {"math": 5}}},
        ],
        train=["en", "es", "fr", "ja", "zh"],
        budget=900,
    )
    latin, mixed = expand(s.design[0], s)
    assert latin.params["set"] == "latin" and latin.total == 900 and mixed.counts["ja"] == {"math": 300}
    (c,) = expand(s.design[1], s)
    assert c.counts == {"en": {"math": 5}, "es": {"math": 10}}


def test_design_languages_override():
    s = study([{"kind": "monolingual", "languages": "eval"}, {"kind": "monolingual", "languages": ["fi"]}], train=["en"], budget=10)
    s = parse_study({**s.model_dump(by_alias=True, exclude_none=True), "languages": {"train": ["en"], "eval": ["en", "he"]}})
    assert [p.label for p in expand(s.design[0], s)] == ["monolingual en", "monolingual he"]
    assert [p.label for p in expand(s.design[1], s)] == ["monolingual fi"]


# Every design's plans carry their kind, label, parameters and id rule exactly: runs are merged, labelled
# and reported by them (a mutation that blanks one must fail here, not only in a slow end-to-end run).
RECORDS = [
    ({"kind": "monolingual"}, ["en", "es"],
     [("monolingual en", {"language": "en"}, "disjoint"), ("monolingual es", {"language": "es"}, "disjoint")]),
    ({"kind": "pinch", "percent": [0, 50]}, ["en", "es"],
     [("pinch P=0", {"percent": 0}, "disjoint"), ("pinch P=50", {"percent": 50}, "disjoint")]),
    ({"kind": "num_languages", "k": [1, 2]}, ["en", "es"],
     [("1 languages (order 1)", {"k": 1, "permutation": 1, "order": ["en"]}, "disjoint"),
      ("2 languages (order 1)", {"k": 2, "permutation": 1, "order": ["en", "es"]}, "disjoint")]),
    ({"kind": "bilingual_pairs", "pairs": [["en", "es"]]}, ["en", "es"], [("pair en+es", {"pair": ["en", "es"]}, "disjoint")]),
    ({"kind": "progressive", "per_language": 5}, ["en", "es"],
     [("progressive k=1", {"k": 1, "order": ["en"]}, "parallel"), ("progressive k=2", {"k": 2, "order": ["en", "es"]}, "parallel")]),
    ({"kind": "budget", "variants": ["monolingual", "multilingual", "english_only", "downsampled"], "per_language": 4}, ["en", "es"],
     [("budget monolingual en", {"variant": "monolingual", "language": "en"}, "disjoint"),
      ("budget monolingual es", {"variant": "monolingual", "language": "es"}, "disjoint"),
      ("budget multilingual", {"variant": "multilingual"}, "parallel"),
      ("budget english_only", {"variant": "english_only"}, "disjoint"),
      ("budget downsampled", {"variant": "downsampled"}, "parallel")]),
    ({"kind": "incremental", "english": 10, "per_language": [3]}, ["en", "es"], [("+3 per language", {"per_language": 3, "english": 10}, "disjoint")]),
    ({"kind": "sets", "sets": [["en", "es"]]}, ["en", "es"], [("set en+es", {"set": "en+es", "languages": ["en", "es"], "coverage": 2}, "disjoint")]),
    ({"kind": "custom", "counts": {"en": 3}}, ["en", "es"], [("custom", {"counts": {"en": 3}}, "disjoint")]),
]


@pytest.mark.parametrize("design, train, expected", RECORDS, ids=[r[0]["kind"] for r in RECORDS])
def test_each_design_records_its_kind_label_parameters_and_id_rule(design, train, expected):
    s = study([design], train=train, budget=40)
    plans = expand(s.design[0], s)
    assert [(p.kind, p.label, p.params, p.ids) for p in plans] == [(design["kind"], *e) for e in expected]
    named = study([{**design, "name": "mine"}], train=train, budget=40)
    own = "mine" if design["kind"] == "custom" else None  # a custom design's label is its name
    assert [p.label for p in expand(named.design[0], named)] == [f"mine: {own or e[0]}" for e in expected]
