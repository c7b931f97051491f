"""The micro world's parallel corpus and pretraining text: coverage, parallel answers, grammar, scripts, LID."""

from __future__ import annotations

import json
import random
import re
import string

import numpy as np
import polars as pl
import pytest

from xlt.corpus import micro
from xlt.corpus.micro import parallel, render, world
from xlt.corpus.micro.grammar import josa, josa_ro
from xlt.errors import InputError

NON_LATIN = {
    "ru": "[\u0400-\u04ff]",
    "zh": "[\u4e00-\u9fff]",
    "ja": "[\u3040-\u30ff]",
    "ko": "[\uac00-\ud7a3]",
    "ar": "[\u0600-\u06ff]",
    "he": "[\u0590-\u05ff]",
    "hi": "[\u0900-\u097f]",
}
ANY_NON_LATIN = "|".join(NON_LATIN.values())


@pytest.fixture(scope="module")
def full() -> pl.DataFrame:
    return micro.generate()


@pytest.fixture(scope="module")
def sample() -> pl.DataFrame:
    return micro.generate(n_ids=400, seed=7)


def test_contract_constants():
    assert micro.LANGUAGES == tuple("en es fr it pt de cs et fi ru zh ja ko ar he hi sw tr".split())
    assert micro.TASKS == ("math", "api")
    assert set(micro.RESOURCE_PROFILE) == set(micro.LANGUAGES)
    levels = {lv: {c for c, x in micro.RESOURCE_PROFILE.items() if x == lv} for lv in ("high", "mid", "low")}
    assert levels == {"high": set("en es fr de ru zh ja".split()), "mid": set("it pt cs ar ko tr".split()),
                      "low": set("et fi he hi sw".split())}


def test_every_id_in_every_language(full):
    assert full.columns == ["id", "lang", "task", "prompt", "response"]
    assert full.height == 20000 * 2 * 18
    per_task = full.group_by("task").agg(pl.col("id").n_unique().alias("ids"))
    assert dict(per_task.iter_rows()) == {"math": 20000, "api": 20000}
    per_id = full.group_by("id").agg(pl.col("lang").n_unique().alias("n"), pl.len().alias("rows"))
    assert per_id["n"].min() == 18 and per_id["rows"].max() == 18
    assert full["prompt"].str.len_chars().min() >= 8
    assert full.filter(pl.col("id").str.starts_with(pl.col("task") + "-")).height == full.height


def test_same_answer_in_every_language(full):
    math = full.filter(pl.col("task") == "math")
    assert math["response"].str.contains(r"[0-9]+\z").all()  # ends with ASCII digits, no trailing period
    last = math.with_columns(pl.col("response").str.extract(r"([0-9]+)\z").alias("answer"))
    assert last.group_by("id").agg(pl.col("answer").n_unique())["answer"].max() == 1
    api = full.filter(pl.col("task") == "api")
    assert api.group_by("id").agg(pl.col("response").n_unique())["response"].max() == 1
    calls = [json.loads(r) for r in api.filter(pl.col("lang") == "en")["response"]]
    assert {c["name"] for c in calls} == set(world.FUNCTIONS)
    for raw, call in zip(api.filter(pl.col("lang") == "en")["response"], calls):
        assert set(call) == {"name", "arguments"} and isinstance(call["arguments"], dict)
        assert raw == json.dumps(call, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        args = call["arguments"]
        assert args.get("city", "paris") in world.CITIES and args.get("day", "today") in world.DAYS
        assert re.fullmatch(r"\d\d:\d\d", args.get("time", "07:30"))


def test_numbers_in_prompts_and_answers_are_right():
    """Every prompt states the item's numbers in order, as ASCII digits; the response ends with the answer."""
    items = world.math_items(300, np.random.default_rng(3))
    assert {i.kind for i in items} == set(world.MATH_KINDS)
    for code in micro.LANGUAGES:
        lg = parallel.lang(code)
        for pick, item in enumerate(items):
            prompt, response = render.math_prompt(lg, item, pick)
            numbers = [int(x) for x in re.findall(r"[0-9]+", prompt)]
            expected = [n for _, n in item.pairs] + ([item.b] if item.kind != "read" else [])
            assert numbers == expected, (code, prompt)
            assert response.endswith(str(item.answer)) and not response[-len(str(item.answer)) - 1].isdigit()
            if item.kind == "read":
                assert item.answer == dict(item.pairs)[item.ask]
            else:
                a = item.pairs[0][1]
                assert item.answer == (a + item.b if item.kind == "add" else a - item.b) >= 0


def _pattern(template: str) -> re.Pattern:
    parts = []
    for literal, field, _, _ in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if field is not None:
            parts.append("(.+?)")
    return re.compile("".join(parts))


@pytest.mark.parametrize("code", micro.LANGUAGES)
def test_at_least_four_templates_per_task_are_used(sample, code):
    lg = parallel.lang(code)
    templates = {"math": lg.read + lg.add + lg.sub, "api": tuple(t for ts in lg.api.values() for t in ts)}
    for task, tpls in templates.items():
        patterns = [_pattern(t) for t in tpls]
        used = set()
        for prompt in sample.filter((pl.col("lang") == code) & (pl.col("task") == task))["prompt"]:
            hits = [i for i, p in enumerate(patterns) if p.fullmatch(prompt)]
            assert hits, (code, prompt)
            used.update(hits)
        assert len(used) >= 4, (code, task, len(used))


@pytest.mark.parametrize("code", micro.LANGUAGES)
def test_prompts_are_in_the_languages_script(sample, code):
    prompts = sample.filter(pl.col("lang") == code)["prompt"]
    if code in NON_LATIN:
        assert prompts.str.contains(NON_LATIN[code]).all()
    else:
        assert prompts.str.contains("[A-Za-z]").all()
        assert not prompts.str.contains(ANY_NON_LATIN).any()
    if code == "zh":
        assert not prompts.str.contains(NON_LATIN["ja"]).any()  # no kana in Chinese
    assert not prompts.str.contains("[{}]").any()  # no unfilled slot


def test_grammar_of_counted_nouns():
    ru, cs, ar = (__import__(f"xlt.corpus.micro.langs.{c}", fromlist=["count"]) for c in ("ru", "cs", "ar"))
    assert [ru.count(n, "pen") for n in (3, 5, 12, 21, 22)] == ["3 ручки", "5 ручек", "12 ручек", "21 ручка", "22 ручки"]
    assert [cs.count(n, "pen") for n in (3, 5, 21)] == ["3 tužky", "5 tužek", "21 tužek"]
    assert [ar.count(n, "pen") for n in (3, 10, 11, 99)] == ["3 أقلام", "10 أقلام", "11 قلمًا", "99 قلمًا"]
    assert ru.minutes(5) == "5 минут" and ru.people(3) == "3 человека" and ar.minutes(15) == "15 دقيقة"
    assert josa("책 5권", "과", "와").endswith("과") and josa("펜 3자루", "과", "와").endswith("와")
    assert josa_ro("엔") == "엔으로" and josa_ro("달러") == "달러로" and josa_ro("유로") == "유로로"


def test_deterministic_and_subsets_match(sample):
    assert micro.generate(n_ids=400, seed=7).equals(sample)
    assert not micro.generate(n_ids=400, seed=8)["prompt"].equals(sample["prompt"])
    part = micro.generate(n_ids=400, seed=7, tasks=["api"], languages=["ru", "en"])
    expected = sample.filter((pl.col("task") == "api") & pl.col("lang").is_in(["en", "ru"]))
    assert part.sort("id", "lang").equals(expected.sort("id", "lang"))


@pytest.mark.parametrize(
    "kwargs", [{"n_ids": 0}, {"n_ids": 2.5}, {"tasks": ["poetry"]}, {"languages": ["xx"]}, {"languages": []}]
)
def test_bad_arguments_raise_input_error(kwargs):
    with pytest.raises(InputError):
        micro.generate(**kwargs)


def test_language_identification(sample):
    """lingua names the right language for >= 90% of concatenated prompts and of pretraining documents."""
    lingua = pytest.importorskip("lingua")
    langs = [lingua.Language.from_iso_code_639_1(getattr(lingua.IsoCode639_1, c.upper())) for c in micro.LANGUAGES]
    detector = lingua.LanguageDetectorBuilder.from_languages(*langs).build()
    rng = random.Random(0)
    docs = micro.pretraining_documents(seed=1, scale=0.05)
    shares = {}
    for code in micro.LANGUAGES:
        prompts = sample.filter(pl.col("lang") == code)["prompt"].to_list()
        texts = [" ".join(rng.sample(prompts, 3)) for _ in range(60)] + docs[code][:20]
        found = detector.detect_languages_in_parallel_of(texts)
        shares[code] = sum(f is not None and f.iso_code_639_1.name.lower() == code for f in found) / len(texts)
    print("lingua shares:", shares)
    assert min(shares.values()) >= 0.9, shares


def test_pretraining_follows_the_profile():
    docs = micro.pretraining_documents(seed=0, scale=0.1)
    assert set(docs) == set(micro.LANGUAGES)
    n = {c: len(v) for c, v in docs.items()}
    assert n["en"] == 2 * n["it"] == 4 * n["sw"] > 0
    assert n["ru"] > n["tr"] > n["he"]
    some = micro.pretraining_documents({"en": "low", "ru": "high"}, seed=0, scale=0.1)
    assert set(some) == {"en", "ru"} and len(some["ru"]) == 4 * len(some["en"])
    assert micro.pretraining_documents({"en": "low", "ru": "high"}, seed=0, scale=0.1) == some
    assert micro.pretraining_documents({"en": "low"}, seed=1, scale=0.1)["en"] != some["en"]
    assert len(micro.pretraining_documents({"en": "low"}, scale=0.2)["en"]) == 2 * len(some["en"])


def test_pretraining_is_plain_text_with_question_answer_passages(sample):
    docs = micro.pretraining_documents(seed=0)
    size = sum(len(d.encode()) for ds in docs.values() for d in ds)
    assert 1.5e6 <= size <= 3.5e6
    for code, ds in docs.items():
        text = "\n".join(ds)
        assert not re.search(r"<\||\[INST\]|###|\b(User|Assistant):", text)
        assert sum(bool(re.search(r"[?？؟]\s*\S", d)) for d in ds) >= 0.8 * len(ds)  # a question, then its answer
        for prompt in sample.filter(pl.col("lang") == code)["prompt"].head(100):
            assert prompt not in text, (code, prompt)


@pytest.mark.parametrize(
    "profile", [{"xx": "high"}, {"en": "huge"}, ["en"]],
)
def test_bad_profile_raises_input_error(profile):
    with pytest.raises(InputError):
        micro.pretraining_documents(profile)


def test_bad_scale_raises_input_error():
    with pytest.raises(InputError):
        micro.pretraining_documents(scale=0)
