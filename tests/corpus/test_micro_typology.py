"""The typology ladder: each transform changes one factor of English, registered with its own code and typology."""

from __future__ import annotations

import re

import pytest

from xlt import languages
from xlt.corpus.micro import generate, transfer, typology
from xlt.errors import InputError

TEXT = "At the market Anna buys 57 pens and 12 cups. How many cups does Anna buy? Anna buys 12 cups at 07:30."


def words(text):
    return re.findall(r"[^\W\d_]+", text)


def test_script_writes_the_same_words_in_georgian():
    out = typology.apply("qaa", TEXT)
    assert not re.search("[A-Za-z]", out) and re.search("[\u10d0-\u10ff]", out)
    assert re.findall(r"\d+(?::\d+)?", out) == re.findall(r"\d+(?::\d+)?", TEXT)
    assert len(words(out)) == len(words(TEXT))


def test_relex_replaces_every_word_but_names_and_digits():
    out = typology.apply("qab", TEXT)
    assert set(words(out)) & set(words(TEXT)) == {"Anna"}
    assert re.findall(r"\d+", out) == re.findall(r"\d+", TEXT)
    assert typology.relex_word("cups") == typology.relex_word("cups") != typology.relex_word("pens")
    assert typology.relex_word("Cups") == typology.relex_word("cups").capitalize()


def test_order_reverses_each_sentence():
    assert typology.apply("qac", "Anna buys 12 cups. How many cups?") == "cups 12 buys Anna. cups many How?"


def test_agglutinative_turns_function_words_into_suffixes():
    out = typology.apply("qad", TEXT)
    assert "marketehtta" in out and "Annaseod" in out
    assert not set(w.lower() for w in words(out)) & {"the", "does"}


def test_combinations_compose_the_single_transforms():
    assert typology.apply("qae", TEXT) == typology.apply("qaa", typology.apply("qac", TEXT))
    assert typology.apply("qaf", TEXT) == typology.apply("qac", typology.apply("qab", TEXT))
    assert typology.apply("qah", TEXT) == typology.apply("qaa", typology.apply("qag", TEXT))


def test_ladder_languages_are_registered_with_typology():
    assert languages.normalize("QAH") == "qah" and languages.synthetic_codes() == tuple(typology.LADDER)
    entry = languages.get("qah")
    assert entry.script == "Geor" and entry.family == "Synthetic" and "synthetic" in entry.name
    t = languages.typology("qag")
    assert (t.base, t.word_order, t.morphology, t.lexicon, t.script, t.distance) == (
        "en", "reversed", "agglutinative", "relexified", "Latn", 3)
    assert [languages.typology(c).distance for c in ("qaa", "qae", "qag", "qah")] == [1, 2, 3, 4]
    assert languages.typology("en") is None and languages.get("en").family == "Indo-European"


def test_parallel_corpus_renders_the_ladder_from_english():
    df = generate(40, tasks=("math", "api"), languages=("en", "qab", "qah"))
    rows = {(r["id"], r["lang"]): r for r in df.iter_rows(named=True)}
    for i in range(40):
        en, syn = rows[(f"math-{i:06d}", "en")], rows[(f"math-{i:06d}", "qah")]
        assert re.findall(r"\d+", syn["response"]) == re.findall(r"\d+", en["response"])
        assert syn["prompt"] == typology.apply("qah", en["prompt"])
        assert rows[(f"api-{i:06d}", "qab")]["response"] == rows[(f"api-{i:06d}", "en")]["response"]
    # English's rows do not change when ladder languages join
    assert generate(40, languages=("en",))["prompt"].to_list() == df.filter(df["lang"] == "en")["prompt"].to_list()
    with pytest.raises(InputError, match="instruct"):
        generate(5, tasks=("instruct",), languages=("en", "qaa"))


def test_pretraining_text_holds_ladder_languages():
    recipe = transfer.TextRecipe(profile={"en": "high", "qac": "low"}, docs_per_unit=10)
    docs = transfer.documents(recipe)
    kinds = transfer.schedule(recipe.shares, len(docs["qac"]))
    for text, en, kind in zip(docs["qac"], docs["en"], kinds):
        if kind in ("story", "qa", "copy"):
            assert sorted(re.findall(r"\d+", text)) == sorted(re.findall(r"\d+", en))
            assert text != en


def test_the_builtin_corpus_holds_the_ladder_so_a_study_can_name_it(tmp_path, monkeypatch):
    """`builtin:micro` carries the ladder's languages in math and api (they have no instruct), with the same ids
    as English, so a study's `languages` can list qaa-qah like any other code."""
    from xlt.corpus.readers import load_corpus

    monkeypatch.setenv("XLT_CACHE", str(tmp_path))
    table = load_corpus("builtin:micro?n=30")
    for code in typology.LADDER:
        rows = table.filter(table["lang"] == code)
        assert sorted(set(rows["task"].to_list())) == ["api", "math"], code
        assert set(rows["id"].to_list()) == set(table.filter((table["lang"] == "en") & (table["task"] != "instruct"))["id"].to_list())
    natural = table.filter(~table["lang"].is_in(list(typology.LADDER)))
    assert natural.height == 30 * 3 * 18  # the 18 languages' rows are unchanged
