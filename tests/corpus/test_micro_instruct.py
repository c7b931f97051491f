"""The micro `instruct` task: constraints carried by ids, parallel across languages, references that pass."""

from __future__ import annotations

import re
import unicodedata

import polars as pl
import pytest

from xlt.corpus import micro
from xlt.corpus.micro import instruct, world
from xlt.errors import InputError
from xlt.corpus.micro.constraints import check

N = 2000


@pytest.fixture(scope="module")
def table() -> pl.DataFrame:
    return micro.generate(N, seed=0, tasks=("instruct",))


def test_default_tasks_unchanged_and_instruct_on_request():
    assert micro.TASKS == ("math", "api")
    assert set(micro.generate(5)["task"]) == {"math", "api"}
    both = micro.generate(5, tasks=("math", "api", "instruct"))
    assert set(both["task"]) == {"math", "api", "instruct"}
    assert both.height == 3 * 5 * len(micro.LANGUAGES)
    # the math and api rows do not move when instruct is added
    assert both.filter(pl.col("task") != "instruct").equals(micro.generate(5))


def test_every_id_in_every_language_with_many_kinds(table):
    assert table.height == N * len(micro.LANGUAGES)
    assert table.group_by("id").len()["len"].unique().to_list() == [len(micro.LANGUAGES)]
    kinds = {instruct.constraint_for(i).kind for i in table["id"].unique()}
    assert kinds == set(instruct.KINDS) and len(kinds) >= 10
    assert table["id"][0] == "instruct-000000"


def test_the_constraint_is_a_function_of_the_id_alone(table):
    other = micro.generate(50, seed=7, tasks=("instruct",), languages=("en",))
    same = table.filter(pl.col("lang") == "en").head(50)
    assert other["id"].to_list() == same["id"].to_list()
    assert other["response"].to_list() != same["response"].to_list()  # the seed picks phrasings and words
    c = instruct.constraint_for("instruct-000042")
    assert c == instruct.constraint_for("instruct-42") and c.kind in instruct.KINDS
    with pytest.raises(InputError, match="not a micro instruct id"):
        instruct.constraint_for("math-000001")


def test_a_language_subset_renders_the_same_rows(table):
    sub = micro.generate(N, seed=0, tasks=("instruct",), languages=("ja", "sw"))
    assert sub.equals(table.filter(pl.col("lang").is_in(["ja", "sw"])).sort("id", pl.col("lang") == "sw"))


def test_every_reference_meets_its_constraint_in_every_language(table):
    failed = [(r["id"], r["lang"], r["response"]) for r in table.iter_rows(named=True)
              if not check(*_constraint(r["id"]), r["response"], r["lang"])]
    assert failed == []


def _constraint(item_id):
    c = instruct.constraint_for(item_id)
    return c.kind, c.params


SCRIPTS = {"ru": "CYRILLIC", "zh": "CJK", "ja": "HIRAGANA", "ko": "HANGUL", "ar": "ARABIC", "he": "HEBREW",
           "hi": "DEVANAGARI"}


@pytest.mark.parametrize("code", micro.LANGUAGES)
def test_prompts_in_the_languages_own_script_with_several_phrasings(table, code):
    rows = table.filter(pl.col("lang") == code)
    if code in SCRIPTS:
        for prompt in rows["prompt"].head(200):
            letters = [unicodedata.name(ch, "") for ch in prompt if ch.isalpha()]
            native = sum(name.startswith(SCRIPTS[code]) or (code == "ja" and name.startswith(("CJK", "KATAKANA")))
                         for name in letters)
            assert native >= 0.6 * len(letters), prompt
    lg = instruct.lang(code)
    words = sorted(lg.words.values(), key=len, reverse=True)
    masked: dict[str, set[str]] = {}
    for item_id, prompt in rows.select("id", "prompt").iter_rows():
        skeleton = re.sub(r"\d+", "N", prompt)
        for w in words:
            skeleton = skeleton.replace(w, "W")
        masked.setdefault(instruct.constraint_for(item_id).kind, set()).add(skeleton)
    few = {k: len(v) for k, v in masked.items() if len(v) < 2}
    assert few == {}, few


@pytest.mark.parametrize("code", micro.LANGUAGES)
def test_category_words_are_distinct_and_cover_the_world(code):
    lg = instruct.lang(code)
    assert set(lg.words) == set(world.WORD_KEYS)
    folded = [w.casefold() for w in lg.words.values()]
    assert len(set(folded)) == len(folded)
    assert len(lg.numbers) >= max(world.INSTRUCT_N)
    for cat, words in world.CATEGORIES.items():
        assert 6 <= len(words) <= 10 and lg.category[cat] and lg.title[cat]


def test_same_content_in_every_language(table):
    """A list item names the same world keys everywhere: the English reference's words, translated."""
    first = table.filter(pl.col("id") == "instruct-000003")
    c = instruct.constraint_for("instruct-000003")
    if c.kind in instruct.LIST_KINDS:
        en = first.filter(pl.col("lang") == "en")["response"][0]
        keys = [k for k, w in instruct.lang("en").words.items() if re.search(rf"\b{w}\b", en)]
        for code, response in first.select("lang", "response").iter_rows():
            lg = instruct.lang(code)
            assert all(lg.words[k] in response for k in keys), (code, response)


def test_pretraining_text_covers_the_task_vocabulary():
    docs = micro.pretraining_documents(seed=0)
    for code, ds in docs.items():
        text = "\n".join(ds)
        lg = instruct.lang(code)
        missing = [w for w in (*lg.words.values(), *lg.numbers) if w not in text]
        assert missing == [], (code, missing)


def test_prompts_are_short():
    rows = micro.generate(300, tasks=("instruct",))
    assert rows["prompt"].str.len_chars().max() < 200
    assert rows["response"].str.len_chars().max() < 200
