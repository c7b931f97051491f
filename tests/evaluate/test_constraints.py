"""Checkers of the micro instruct constraints, and the rule judge on instruct items."""

from __future__ import annotations

import subprocess
import sys

import pytest

from xlt.corpus import micro
from xlt.corpus.micro import instruct
from xlt.errors import InputError
from xlt.evaluate import judges
from xlt.corpus.micro.constraints import CHECKS, check

FRUIT3 = {"cat": "fruit", "n": 3}

# kind, params, lang, passing response, failing response
CASES = [
    ("list_n", FRUIT3, "en", "Here are 3 fruits: pear, plum and cherry.", "Here are 3 fruits: pear and plum."),
    ("list_n", FRUIT3, "ru", "Вот: груша, слива и вишня.", "Вот: груша, слива и кошка."),
    ("list_n", FRUIT3, "zh", "这里有3种水果：梨、李子和樱桃。", "这里有3种水果：梨、梨和樱桃。"),
    ("list_n", FRUIT3, "ar", "إليك 3 فواكه: كمثرى، عنب وليمون.", "إليك 3 فواكه: كمثرى، عنب."),
    ("one_line", FRUIT3, "de", "Birne, Pflaume und Kirsche.", "Birne,\nPflaume und Kirsche."),
    ("bullets", FRUIT3, "hi", "यहाँ 3 फल हैं:\n- सेब\n- केला\n- अंगूर", "यहाँ 3 फल हैं: सेब, केला और अंगूर।"),
    ("bullets", FRUIT3, "ja", "果物です：\n- りんご\n- なし\n- ぶどう", "果物です：\n- りんご\n- なし\nぶどう"),
    ("numbered", FRUIT3, "ko", "과일:\n1. 사과\n2. 배\n3. 포도", "과일:\n1. 사과\n3. 배\n2. 포도"),
    ("json_list", FRUIT3, "fr", 'Voici : ["pomme", "poire", "prune"]', "Voici : [pomme, poire, prune]"),
    ("json_list", FRUIT3, "he", '["תפוח", "אגס", "שזיף"]', '["תפוח", "אגס", "שזיף", "תות"]'),
    ("semicolons", FRUIT3, "ar", "إليك: تفاحة؛ كمثرى؛ عنب.", "إليك: تفاحة، كمثرى، عنب."),
    ("semicolons", FRUIT3, "zh", "梨；李子；樱桃", "梨、李子、樱桃"),
    ("start_word", {**FRUIT3, "word": "pear"}, "es", "Pera, uva y limón son 3 frutas.", "Uva, pera y limón."),
    ("start_word", {**FRUIT3, "word": "pear"}, "ja", "なし、りんご、ぶどうは果物です。", "りんご、なし、ぶどう。"),
    ("start_word", {"cat": "animal", "n": 3, "word": "cow"}, "tr", "İnek, kedi ve at: bunlar 3 hayvan.",
     "Kedi, inek ve at."),
    ("end_word", {**FRUIT3, "word": "lemon"}, "it", "Ecco 3 frutti: mela, pera e limone.", "Limone, mela e pera."),
    ("end_word", {**FRUIT3, "word": "lemon"}, "zh", "水果：苹果、梨和柠檬。", "水果：柠檬、梨和苹果。"),
    ("exclude_word", {**FRUIT3, "word": "apple"}, "pt", "Aqui estão 3 frutas: pera, uva e limão.",
     "Aqui estão 3 frutas: pera, uva e maçã."),
    ("exclude_word", {**FRUIT3, "word": "pear"}, "ko", "과일 3가지: 사과, 포도, 딸기.", "과일 3가지: 사과, 배, 딸기."),
    ("quotes", FRUIT3, "de", "„Hier sind 3 Obstsorten: Apfel, Birne und Kirsche.“",
     "Hier sind 3 Obstsorten: Apfel, Birne und Kirsche."),
    ("quotes", FRUIT3, "ja", "「果物：りんご、なし、ぶどう。」", "「果物：りんご、なし、ぶどう。"),
    ("title", FRUIT3, "fi", "<<Hedelmät>>\nTässä: omena, päärynä ja luumu.", "Hedelmät\nTässä: omena, päärynä ja luumu."),
    ("repeat_word", {"word": "cat", "n": 3}, "en", "Here it is: cat cat cat.", "Here it is: cat cat."),
    ("repeat_word", {"word": "cat", "n": 3}, "zh", "这个词写了3遍：猫猫猫", "这个词写了3遍：猫、猫、狗"),
    ("repeat_word", {"word": "cat", "n": 4}, "ar", "قطة قطة قطة قطة", "قطة قطة قطة"),
    ("no_digits", {"n": 3}, "en", "Counting: one, two and three.", "Counting: 1, 2 and 3."),
    ("no_digits", {"n": 3}, "hi", "गिनती: एक, दो और तीन।", "गिनती: एक, दो और ३।"),
    ("no_digits", {"n": 4}, "cs", "Počítám: jedna, dvě, tři a čtyři.", "Počítám: jedna, dvě a tři."),
    ("filter", {"cat": "animal", "words": ["cat", "pear", "dog", "red", "cup"]}, "sw", "Wanyama ni: paka na mbwa.",
     "Wanyama ni: paka, mbwa na pea."),
    ("filter", {"cat": "animal", "words": ["cat", "pear", "dog", "red", "cup"]}, "he", "בעלי החיים הם: חתול וכלב.",
     "בעלי החיים הם: חתול."),
]


@pytest.mark.parametrize(("kind", "params", "lang", "good", "bad"), CASES)
def test_checker_accepts_and_rejects(kind, params, lang, good, bad):
    assert check(kind, params, good, lang) is True
    assert check(kind, params, bad, lang) is False


def test_every_kind_is_exercised_and_a_wrong_language_list_fails():
    assert {c[0] for c in CASES} == set(CHECKS) == set(instruct.KINDS)
    # English words do not count as Spanish fruits
    assert not check("list_n", FRUIT3, "Here are 3 fruits: pear, plum and cherry.", "es")
    assert not check("list_n", FRUIT3, "", "en")


def test_unknown_kind_or_language_is_input_error():
    with pytest.raises(InputError, match="unknown constraint kind"):
        check("shout", {}, "x", "en")
    with pytest.raises(InputError, match="unknown language code"):
        check("list_n", FRUIT3, "x", "xx-not-a-language")


def test_rule_judge_sxs_on_instruct_items():
    rows = micro.generate(30, tasks=("instruct",), languages=("en",)).to_dicts()
    bad = "I would rather not."
    good_vs_bad = [judges.Pair(r["id"], "en", r["prompt"], r["response"], bad, None, "instruct") for r in rows]
    res = judges.judge_sxs(good_vs_bad, judges.RuleJudge(lid=False))
    assert (res.wins, res.ties, res.losses, res.unparsed, res.score) == (30, 0, 0, 0, 1.0)
    both = [judges.Pair(r["id"], "en", r["prompt"], r["response"], r["response"], None, "instruct") for r in rows]
    neither = [judges.Pair(r["id"], "en", r["prompt"], bad, bad, None, "instruct") for r in rows]
    for pairs in (both, neither):
        res = judges.judge_sxs(pairs, judges.RuleJudge(lid=False))
        assert (res.ties, res.score) == (30, 0.5)
    flipped = [judges.Pair(p.id, p.lang, p.prompt, bad, p.response_a, None, "instruct") for p in good_vs_bad]
    assert judges.judge_sxs(flipped, judges.RuleJudge(lid=False)).losses == 30


@pytest.mark.slow
def test_rule_judge_needs_the_prompts_language():
    """References pass with lingua in the loop; the same words in another language's frame do not."""
    rows = micro.generate(60, tasks=("instruct",), languages=("es", "ru", "ja", "ar")).to_dicts()
    items = [judges.Item(r["id"], r["lang"], r["prompt"], r["response"], None, "instruct") for r in rows]
    good = judges.RuleJudge().good(items)
    assert sum(good) / len(good) >= 0.95
    # the Russian reference offered as the answer to the Spanish prompt
    ru = {r["id"]: r["response"] for r in rows if r["lang"] == "ru"}
    swapped = [judges.Item(it.id, it.lang, it.prompt, ru[it.id], None, "instruct") for it in items if it.lang == "es"]
    assert not any(judges.RuleJudge().good(swapped))


def test_rule_judge_loads_the_checker_itself():
    code = (
        "import sys\n"
        "from xlt.corpus import micro\n"
        "from xlt.evaluate import judges\n"
        "assert 'xlt.corpus.micro.constraints' not in sys.modules\n"
        "r = micro.generate(3, tasks=('instruct',), languages=('en',)).row(0, named=True)\n"
        "items = [judges.Item(r['id'], 'en', r['prompt'], r['response'], None, 'instruct'),\n"
        "         judges.Item(r['id'], 'en', r['prompt'], 'no', None, 'instruct')]\n"
        "print(judges.RuleJudge(lid=False).good(items))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[True, False]"
