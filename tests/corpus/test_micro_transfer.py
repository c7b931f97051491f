"""The transfer pretraining text: shares respected in every language, deterministic, comparable, bridges ablatable."""

from __future__ import annotations

import re

import pytest

from xlt.corpus.micro import transfer
from xlt.corpus.micro.parallel import LANGUAGES
from xlt.errors import InputError

SMALL = transfer.TextRecipe(docs_per_unit=25, english_units=8)
LATIN_WORD = re.compile(r"\b(How many|buys|At the market)\b")


@pytest.fixture(scope="module")
def docs():
    return transfer.documents(SMALL)


def test_every_language_present_with_its_amount(docs):
    assert list(docs) == list(LANGUAGES)
    for code, texts in docs.items():
        assert len(texts) == SMALL.documents_for(code)
        assert all(texts)
    assert len(docs["en"]) == 200 and len(docs["de"]) == 100 and len(docs["ko"]) == 50 and len(docs["sw"]) == 25
    assert re.search("[\u4e00-\u9fff]", docs["zh"][0]) and re.search("[\u0590-\u05ff]", docs["he"][0])


def test_schedule_holds_every_share_in_every_prefix():
    shares = {"story": 0.15, "qa": 0.52, "copy": 0.18, "code_switch": 0.10, "translation": 0.05}
    kinds = transfer.schedule(shares, 1000)
    for n in (1, 7, 25, 100, 333, 1000):
        for kind, share in shares.items():
            assert abs(kinds[:n].count(kind) - share * n) <= 1, (n, kind)
    assert transfer.schedule({"qa": 1.0}, 5) == ["qa"] * 5


def test_translation_share_is_what_each_language_gets(docs):
    """Only translation documents hold line breaks: one per language, as many as the share says."""
    for code, texts in docs.items():
        n = len(texts)
        expected = transfer.schedule(SMALL.shares, n).count("translation")
        assert sum("\n" in t for t in texts) == expected
        assert abs(expected - SMALL.shares["translation"] * n) <= 1


def test_deterministic_and_seeded(docs):
    assert transfer.documents(SMALL) == docs
    other = transfer.documents(SMALL.model_copy(update={"seed": 1}))
    assert other["en"] != docs["en"]


def test_documents_are_comparable_across_languages(docs):
    """Document i tells the same facts everywhere: the same numbers in story/qa/copy documents."""
    kinds = transfer.schedule(SMALL.shares, 200)
    for i in range(25):
        if kinds[i] in ("story", "qa", "copy"):
            en = sorted(re.findall(r"\d+", docs["en"][i]))
            for code in ("ru", "zh", "sw", "hi"):
                assert sorted(re.findall(r"\d+", docs[code][i])) == en, (i, code)


def test_code_switching_brings_in_english_and_can_be_ablated(docs):
    kinds = transfer.schedule(SMALL.shares, len(docs["ru"]))
    switched = [t for t, k in zip(docs["ru"], kinds) if k == "code_switch"]
    plain = [t for t, k in zip(docs["ru"], kinds) if k in ("story", "qa")]
    assert switched and sum(bool(LATIN_WORD.search(t)) for t in switched) >= len(switched) // 2
    assert not any(LATIN_WORD.search(t) for t in plain)
    off = SMALL.model_copy(update={"shares": {"story": 0.2, "qa": 0.6, "copy": 0.2}})
    assert not any(LATIN_WORD.search(t) for t in transfer.documents(off)["ru"])


def test_copy_documents_state_a_value_once_and_ask_it_back(docs):
    kinds = transfer.schedule(SMALL.shares, 200)
    kv = [t for t, k in zip(docs["en"], kinds) if k == "copy" and ";" in t]
    assert kv
    for text in kv:
        for passage in re.findall(r"([^.]*)\. ([^.:]+): (\d+)\.", text):
            listed, key, value = passage
            assert listed.count(f"{key} {value}") == 1


def test_shared_names_anchor_every_language():
    every = transfer.documents(SMALL.model_copy(update={"shared_names": 1.0, "docs_per_unit": 2}))
    none = transfer.documents(SMALL.model_copy(update={"shared_names": 0.0, "docs_per_unit": 2}))
    names = "|".join(transfer.SHARED_NAMES)
    assert all(re.search(names, every[c][0]) for c in ("ru", "zh", "ar", "hi", "ko"))
    assert not any(re.search(names, none[c][0]) for c in ("ru", "zh", "ar", "hi", "ko"))


@pytest.mark.parametrize(
    "data, key",
    [
        ({"shares": {"qa": 0.5}}, None),
        ({"shares": {"qa": 0.5, "poems": 0.5}}, None),
        ({"profile": {"xx": "high"}}, "profile"),
        ({"profile": {"en": "huge"}}, None),
        ({"shared_names": 2}, None),
        ({"docs": 3}, "docs"),
    ],
)
def test_bad_recipe_is_an_input_error(data, key):
    with pytest.raises(InputError) as err:
        transfer.load_text_recipe(data, source="r.toml")
    assert str(err.value).startswith("r.toml")
    if key:
        assert key in str(err.value)


def test_repeat_documents_say_a_run_twice():
    recipe = SMALL.model_copy(update={"shares": {"qa": 0.5, "repeat": 0.5}, "docs_per_unit": 4})
    docs = transfer.documents(recipe)
    kinds = transfer.schedule(recipe.shares, len(docs["ko"]))
    runs = [t for t, k in zip(docs["ko"], kinds) if k == "repeat"]
    assert len(runs) == kinds.count("repeat") >= 1
    for text in runs:
        for first, second in re.findall(r"([^|.]+) \| ([^|.]+)\.", text):
            assert first.strip() == second.strip() and len(first.split()) >= 4
    assert "repeat" not in transfer.TextRecipe().shares  # off unless a recipe asks
