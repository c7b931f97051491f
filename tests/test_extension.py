"""A design kind, a judge and a benchmark are each one file plus one table entry.

Each toy below is what such a file would hold; the test registers it into its table (monkeypatch, as
the entry would be) and drives it through the public path: a study with the toy design plans and builds
its mixture, the toy judge scores through both protocols and the evaluation pipeline, the toy benchmark
is read from its files and scored.
"""

from __future__ import annotations

import json
from typing import Literal

import polars as pl
import pytest
from pydantic import Field

from tests.conftest import write_parallel_corpus, write_study
from tests.evaluate.conftest import build_tiny_model
from xlt.errors import InputError

LANGS = ["en", "es", "de", "fr"]


# --- a design kind: one file (its keys and its expand function), one entry in designs.DESIGNS --------

from xlt.designs.base import Axis, DesignBase, DesignKind  # noqa: E402
from xlt.designs.plans import largest_remainder, make_plan  # noqa: E402


class EnglishShare(DesignBase):
    kind: Literal["english_share"]
    share: list[float] = Field(min_length=1)  # the share of the budget in English; the rest split evenly


def expand_english_share(d, langs, tasks, study):
    plans = []
    for share in d.share:
        english = round(share * study.data.budget)
        counts = {"en": english, **largest_remainder(study.data.budget - english, [x for x in langs if x != "en"])}
        plans.append(make_plan("english_share", f"english {share:g}", {"share": share}, counts, tasks, d.ids or "disjoint"))
    return plans


@pytest.fixture
def toy_design(monkeypatch):
    from xlt.designs import DESIGNS

    monkeypatch.setitem(DESIGNS, "english_share", DesignKind(EnglishShare, expand_english_share,
                                                             Axis("share of English", "run", lambda p, n, k: p.get("share"))))


def _study(tmp_path, design: str) -> object:
    corpus = write_parallel_corpus(tmp_path / "c.jsonl", LANGS, 400)
    return write_study(tmp_path / "s.toml", f"""
name = "toy"
[data]
corpus = "jsonl:{corpus}"
tasks = ["math"]
budget = 90
[languages]
train = {json.dumps(LANGS)}
eval = {json.dumps(LANGS)}
{design}
""")


def test_a_toy_design_kind_plans_and_builds_its_mixture(tmp_path, toy_design):
    from xlt.analysis.curves import axes
    from xlt.mixture import read_mixture
    from xlt.plan import load_and_plan
    from xlt.stages.mixtures import build_mixtures

    path = _study(tmp_path, '[[design]]\nkind = "english_share"\nshare = [0.5, 1.0]\n[[design]]\nkind = "monolingual"\n')
    study, runs, corpus = load_and_plan(path, check_corpus=True)
    toy = [r for r in runs if "english_share" in r.design]
    assert sorted(r.counts["en"]["math"] for r in toy) == [45, 90]
    half = next(r for r in toy if r.counts["en"]["math"] == 45)
    assert {x: c["math"] for x, c in half.counts.items()} == {"en": 45, "es": 15, "de": 15, "fr": 15}
    shared = next(r for r in toy if r.counts["en"]["math"] == 90)
    assert set(shared.design) == {"english_share", "monolingual"}  # the same mixture as monolingual en: one run
    built = build_mixtures(study, runs, corpus, tmp_path / "store")
    rows = read_mixture(built[half.mixture])
    assert pl.DataFrame(rows).group_by("lang").len().sort("lang").rows() == [("de", 15), ("en", 45), ("es", 15), ("fr", 15)]
    assert "english_share" in axes()  # its axis entry puts it among the report's curves


def test_a_toy_design_kind_is_validated_with_dotted_keys(tmp_path, toy_design):
    from xlt.study import load_study

    with pytest.raises(InputError) as err:
        load_study(_study(tmp_path, '[[design]]\nkind = "monolingual"\n[[design]]\nkind = "english_share"\nshare = []\n'))
    assert err.value.key == "design[1].share"
    with pytest.raises(InputError, match="unknown key 'percent'") as err:
        load_study(_study(tmp_path, '[[design]]\nkind = "english_share"\nshare = [1]\npercent = [3]\n'))
    assert err.value.key == "design[0].percent"


def test_without_its_entry_the_kind_is_unknown(tmp_path):
    from xlt.study import load_study

    with pytest.raises(InputError, match="unknown design kind 'english_share'; expected one of"):
        load_study(_study(tmp_path, '[[design]]\nkind = "english_share"\nshare = [1]\n'))


# --- a judge: one file (its class and `make`), one entry in judges.registry.JUDGES -------------------

from xlt.evaluate.judges import Item, JudgeKind, Pair  # noqa: E402
from xlt.evaluate.judges.base import combine  # noqa: E402


class WordsJudge:
    """Good when a response has at least `words` words: offline, any prompt."""

    def __init__(self, words: int):
        self.words = words

    @property
    def name(self) -> str:
        return f"words:{self.words}"

    def cannot_judge(self, items):
        return None

    def _good(self, text: str) -> bool:
        return len(text.split()) >= self.words

    def compare(self, pairs, template, cache, workers):
        verdicts = ["A" if self._good(p.response_a) > self._good(p.response_b) else
                    "B" if self._good(p.response_b) > self._good(p.response_a) else "C" for p in pairs]
        return [combine(v, v) for v in verdicts]

    def rate(self, items, scale, template, cache, workers):
        return [float(scale) if self._good(it.response) else 1.0 for it in items]


def make_words(target: str, lid: bool = True) -> WordsJudge:
    return WordsJudge(int(target))


@pytest.fixture
def toy_judge(monkeypatch):
    from xlt.evaluate.judges.registry import JUDGES

    monkeypatch.setitem(JUDGES, "words", JudgeKind("words:<n>", make_words, target=True))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny"))


def test_a_toy_judge_scores_through_both_protocols(toy_judge):
    from xlt.evaluate import judges

    judge = judges.make_judge("words:3")
    pairs = [Pair("1", "en", "q", "one two three", "one"), Pair("2", "en", "q", "one", "one two three four"),
             Pair("3", "en", "q", "a b c", "d e f")]
    sxs = judges.judge_sxs(pairs, judge)
    assert sxs.outcomes == ("win", "loss", "tie") and sxs.score == pytest.approx(0.5)
    single = judges.judge_single([Item("1", "en", "q", "one two three"), Item("2", "en", "q", "no")], judge, lid=False)
    assert single.ratings == (3.0, 1.0)
    assert judges.can_judge("words:3", [Item("1", "en", "q", "")]) is None
    assert judges.spec_error("words:3") is None and "'words:<n>'" in judges.spec_error("words")


def test_a_toy_judge_is_a_study_judge_and_scores_in_the_pipeline(tmp_path, toy_judge, tiny):
    from xlt.evaluate.pipeline import evaluate
    from xlt.study import load_study

    path = _study(tmp_path, '[[design]]\nkind = "monolingual"\n[eval]\njudge = "words:1"\n')
    assert load_study(path).eval.judge == "words:1"
    items = pl.DataFrame({"id": ["a", "b"], "lang": ["en", "en"], "task": ["instruct"] * 2,
                          "prompt": ["Say hi.", "Say bye."], "response": [None, None]})
    scored = evaluate(tiny, items, decoding={"max_new_tokens": 6}, judge="words:1", lid=False)
    outputs = dict(zip(scored["id"], scored["output"]))
    expected = {i: 3.0 if len(outputs[i].split()) >= 1 else 1.0 for i in outputs}
    judged = scored.filter(pl.col("metric") == "judge")
    assert dict(zip(judged["id"], judged["value"])) == expected


def test_without_its_entry_the_judge_is_refused(tmp_path):
    from xlt.study import load_study

    with pytest.raises(InputError, match="judge 'words:1': expected 'rule', 'openai:<model>' or 'hf:<path>'"):
        load_study(_study(tmp_path, '[[design]]\nkind = "monolingual"\n[eval]\njudge = "words:1"\n'))


# --- a benchmark: one parse function, one entry in evaluate.benchmarks.BENCHMARKS -------------------

from xlt.evaluate.bench_files import Benchmark, BenchItem, require  # noqa: E402


def parse_sums(row: dict, lang: str, n: int, source: str, where: str) -> BenchItem:
    """A sum to work out: {"a": 2, "b": 3} -> "2 + 3 = ?", answer "5"."""
    require(row, ("a", "b"), source, where)
    return BenchItem(f"sum-{n}", lang, "math", f"{row['a']} + {row['b']} = ?", reference=str(int(row["a"]) + int(row["b"])))


@pytest.fixture
def toy_benchmark(monkeypatch):
    from xlt.evaluate.benchmarks import BENCHMARKS

    monkeypatch.setitem(BENCHMARKS, "sums", Benchmark("sums", parse_sums, ("sums_{lang}.jsonl",), "jsonl", "test"))


def test_a_toy_benchmark_parses_and_scores(tmp_path, toy_benchmark, tiny):
    from xlt.evaluate.benchmarks import benchmark_names, load_benchmark
    from xlt.evaluate.pipeline import benchmark_items, evaluate

    data = tmp_path / "sums"
    data.mkdir()
    (data / "sums_en.jsonl").write_text('{"a": 2, "b": 3}\n{"a": 1, "b": 1}\n')
    (data / "sums_de.jsonl").write_text('{"a": 4, "b": 4}\n')
    assert "sums" in benchmark_names()
    items = load_benchmark("sums", data)
    assert [(i.lang, i.prompt, i.reference) for i in items] == [("de", "4 + 4 = ?", "8"), ("en", "2 + 3 = ?", "5"),
                                                               ("en", "1 + 1 = ?", "2")]
    scored = evaluate(tiny, benchmark_items(items), decoding={"max_new_tokens": 4}, lid=False)
    assert scored.filter(pl.col("metric") == "exact_match").height == 3
    assert set(scored["value"].to_list()) <= {0.0, 1.0}
    (data / "sums_de.jsonl").write_text('{"a": 4}\n')
    with pytest.raises(InputError, match="missing b") as err:
        load_benchmark("sums", data)
    assert err.value.key == "line 1" and "sums_de.jsonl" in err.value.source
