"""The judge protocols value by value, fast (a scripted judge, the test endpoint scripted on 127.0.0.1, no LID
model): the tests the mutation bench points mutmut at for the judges. Every assertion is an exact value, so a
changed count, weight, retry or cache key shows. Written against the names `xlt.evaluate.judges` exports."""

from __future__ import annotations

import hashlib
import json
import math
import threading

import pytest

from tests.translate.endpoint import Endpoint
from xlt.errors import InputError
from xlt.evaluate import judges
from xlt.evaluate.judges import Item, JudgeUnavailable, Pair, Query, VerdictCache
from xlt.evaluate.judges.base import combine


class ByContent(judges.LLMJudge):
    """A thread-safe LLM judge whose answer is a function of the query; records every query it was asked."""

    name = "scripted"

    def __init__(self, answer):
        self.answer, self.asked, self.lock = answer, [], threading.Lock()

    def answers(self, queries, parse, cache, workers):
        return judges.ask(self, queries, parse, cache, workers)

    def complete(self, query: str) -> str:
        with self.lock:
            self.asked.append(query)
        return self.answer(query)


def _sxs_answer(query: str) -> str:
    """[[A]] when the response shown first holds GOOD and the second does not, [[B]] the other way, else a tie."""
    a = query.split("[The Start of Assistant A's Answer]\n")[1].split("\n[The End")[0]
    b = query.split("[The Start of Assistant B's Answer]\n")[1].split("\n[The End")[0]
    return "[[A]]" if "GOOD" in a and "GOOD" not in b else "[[B]]" if "GOOD" in b and "GOOD" not in a else "[[C]]"


# ---------------------------------------------------------------------------------------------- templates


def test_a_template_renders_only_its_placeholders_and_its_digest_is_the_texts_sha256():
    t = judges.Template("single", "Q: {question} in {language}; {other} {{x}}", "mine")
    assert t.render(question="Why?", language="German") == "Q: Why? in German; {other} {{x}}"
    assert t.digest == hashlib.sha256(t.text.encode("utf-8")).hexdigest()[:16]
    assert len(t.digest) == 16


def test_the_shipped_templates_and_their_sources():
    sxs, three, five = judges.load_template("sxs"), judges.load_template("single"), judges.load_template("single", scale=5)
    assert (sxs.kind, sxs.source) == ("sxs", "xlt/templates/sxs.txt")
    assert (three.kind, three.source) == ("single", "xlt/templates/single_3.txt")
    assert (five.kind, five.source) == ("single", "xlt/templates/single_5.txt")
    assert "scale of 1 to 3" in three.text and "scale of 1 to 3" not in five.text


def test_an_own_template_is_read_and_checked(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Judge {question}: {answer}", encoding="utf-8")
    assert judges.load_template("single", good) == judges.Template("single", "Judge {question}: {answer}", str(good))
    with pytest.raises(InputError) as err:
        judges.load_template("sxs", good)
    assert str(err.value) == (f"{good}: a sxs judge template needs the placeholders {{question}}, {{answer_a}}, {{answer_b}} "
                              "(optional: {language}, {reference}); missing {answer_a}, {answer_b}")
    with pytest.raises(InputError) as err:
        judges.load_template("single", tmp_path / "absent.txt")
    assert str(err.value) == f"{tmp_path / 'absent.txt'}: judge template file not found"
    latin = tmp_path / "latin.txt"
    latin.write_bytes(b"{question} {answer} caf\xe9 x")
    with pytest.raises(InputError) as err:
        judges.load_template("single", latin)
    assert str(err.value) == f"{latin}: judge template is not UTF-8 (invalid continuation byte at byte 23)"
    with pytest.raises(InputError) as err:
        judges.load_template("pairwise")
    assert str(err.value) == "protocol: unknown judge protocol 'pairwise'; expected 'sxs' or 'single'"


# ---------------------------------------------------------------------------------------------- parsers


@pytest.mark.parametrize("text, verdict", [
    ("[[A]]", "A"), ("first [[B]] then [[ C ]]", "C"), ("[[ A ]]", "A"), ("[[D]]", None), ("[A]", None), ("", None),
    (None, None), ("[[a]]", None),
])
def test_parse_sxs_takes_the_last_verdict(text, verdict):
    assert judges.parse_sxs(text) == verdict


@pytest.mark.parametrize("text, scale, rating", [
    ("Rating: [[3]]", 3, 3.0), ("Rating: [[1]]", 3, 1.0), ("rating:[[ 2 ]]", 3, 2.0), ("Rating: [[2.5]]", 3, 2.5),
    ("Rating: [[4]]", 3, None), ("Rating: [[4]]", 5, 4.0), ("Rating: [[5]]", 5, 5.0), ("Rating: [[6]]", 5, None),
    ("Rating: [[0]]", 5, None), ("Rating: [[1]] and later Rating: [[2]]", 3, 2.0), ("[[2]]", 3, None), (None, 3, None),
])
def test_parse_rating_takes_the_last_rating_within_the_scale(text, scale, rating):
    assert judges.parse_rating(text, scale) == rating


# ---------------------------------------------------------------------------------------------- cache


def test_the_cache_stores_one_file_per_key_under_its_first_two_characters(tmp_path):
    cache = VerdictCache(tmp_path)
    cache.put("abcdef", {"judge": "j", "raw": "[[A]] é", "parsed": True})
    path = tmp_path / "ab" / "abcdef.json"
    assert path.read_text(encoding="utf-8") == '{"judge": "j", "raw": "[[A]] é", "parsed": true}'
    assert cache.get("abcdef") == {"judge": "j", "raw": "[[A]] é", "parsed": True}
    assert cache.get("abzzzz") is None
    path.write_text('{"raw": "x", "parsed": "yes"}')
    assert cache.get("abcdef") is None


def test_cache_keys_are_the_sha256_of_the_parts_as_json():
    assert judges.cache_key("j", 1, "é") == hashlib.sha256(json.dumps(["j", 1, "é"], ensure_ascii=False).encode("utf-8")).hexdigest()
    assert judges.cache_key("a", "b") != judges.cache_key("b", "a")


# ---------------------------------------------------------------------------------------------- ask


def test_ask_reads_hits_asks_misses_and_caches_each_answer(tmp_path):
    cache = VerdictCache(tmp_path)
    cache.put("hit", {"judge": "old", "raw": "[[B]]", "parsed": True})
    cache.put("unparsed", {"judge": "old", "raw": "no verdict", "parsed": False})
    judge = ByContent(lambda q: {"q1": "[[A]]", "q2": "[[C]]"}[q])
    queries = [Query("hit", "qh"), Query("k1", "q1"), Query("unparsed", "qu"), Query("k2", "q2")]
    assert judges.ask(judge, queries, judges.parse_sxs, cache, workers=3) == ["B", "A", None, "C"]
    assert sorted(judge.asked) == ["q1", "q2"]
    assert cache.get("k1") == {"judge": "scripted", "raw": "[[A]]", "parsed": True}
    assert cache.get("k2") == {"judge": "scripted", "raw": "[[C]]", "parsed": True}
    assert judges.ask(judge, queries, judges.parse_sxs, cache) == ["B", "A", None, "C"] and len(judge.asked) == 2


def test_ask_without_a_cache_asks_every_time():
    judge = ByContent(lambda q: "[[A]]")
    assert judges.ask(judge, [Query("k", "q")], judges.parse_sxs, None, workers=1) == ["A"]
    assert judges.ask(judge, [Query("k", "q")], judges.parse_sxs, None, workers=1) == ["A"]
    assert judge.asked == ["q", "q"]


def test_ask_asks_at_most_parse_attempts_times_and_keeps_the_last_answer(tmp_path):
    answers = iter(["one", "two", "three", "[[A]]"])
    judge = ByContent(lambda q: next(answers))
    cache = VerdictCache(tmp_path)
    assert judges.ask(judge, [Query("k", "q")], judges.parse_sxs, cache, workers=1, parse_attempts=2) == [None]
    assert judge.asked == ["q", "q"]
    assert cache.get("k") == {"judge": "scripted", "raw": "two", "parsed": False}
    answers = iter(["no", "still no", "[[B]]"])
    assert judges.ask(judge, [Query("k2", "q")], judges.parse_sxs, cache, workers=1) == ["B"]  # three by default
    assert len(judge.asked) == 5


class Flaky:
    """Down for the queries whose text starts with "down"; answers [[A]] to the rest."""

    name = "flaky"

    def complete(self, query):
        if query.startswith("down"):
            raise JudgeUnavailable("flaky: connection refused")
        return "[[A]]"


def test_ask_counts_the_unanswered_caches_the_answered_and_not_the_rest(tmp_path):
    cache = VerdictCache(tmp_path)
    queries = [Query("k1", "up 1"), Query("k2", "down 2"), Query("k3", "up 3"), Query("k4", "down 4"), Query("k5", "down 5")]
    with pytest.raises(JudgeUnavailable) as err:
        judges.ask(Flaky(), queries, judges.parse_sxs, cache, workers=2)
    assert str(err.value) == "flaky: 3 of 5 judge queries got no answer (2 answered now are cached; run again to ask the rest)"
    assert cache.get("k1")["parsed"] is True and cache.get("k3")["parsed"] is True
    assert [cache.get(k) for k in ("k2", "k4", "k5")] == [None, None, None]
    cache.put("k2", {"judge": "flaky", "raw": "[[B]]", "parsed": True})
    with pytest.raises(JudgeUnavailable, match=r"^flaky: 2 of 5 judge queries got no answer \(0 answered now"):
        judges.ask(Flaky(), queries, judges.parse_sxs, cache, workers=1)


class Batched:
    """A local-model judge: one batch of queries, answered in order."""

    name = "hf:batched"

    def __init__(self, answers):
        self.answers, self.batches = answers, []

    def complete_many(self, queries):
        self.batches.append(list(queries))
        return [self.answers[q] for q in queries]


def test_a_batched_judge_is_asked_once_for_the_misses_and_its_answers_cached(tmp_path):
    cache = VerdictCache(tmp_path)
    cache.put("k0", {"judge": "x", "raw": "[[C]]", "parsed": True})
    judge = Batched({"q1": "[[B]]", "q2": "nothing"})
    out = judges.ask_batched(judge, [Query("k0", "q0"), Query("k1", "q1"), Query("k2", "q2")], judges.parse_sxs, cache)
    assert out == ["C", "B", None]
    assert judge.batches == [["q1", "q2"]]
    assert cache.get("k2") == {"judge": "hf:batched", "raw": "nothing", "parsed": False}


# ---------------------------------------------------------------------------------------------- side by side


def test_combine_maps_both_orders_to_an_outcome():
    assert [combine(a, b) for a, b in [("A", "A"), ("B", "B"), ("A", "B"), ("B", "A"), ("C", "C"), ("A", "C"),
                                                ("A", None), (None, "A"), (None, None)]] == \
        ["win", "loss", "tie", "tie", "tie", "tie", None, None, None]


def test_sxs_asks_both_orders_and_counts_wins_ties_losses_and_unparsed(tmp_path):
    pairs = [
        Pair("1", "de", "Frage 1?", "GOOD eins", "schlecht eins"),  # win
        Pair("2", "de", "Frage 2?", "schlecht zwei", "GOOD zwei"),  # loss
        Pair("3", "de", "Frage 3?", "GOOD drei", "GOOD drei!"),  # tie
        Pair("4", "de", "Frage 4?", "GOOD vier", "schlecht vier"),  # judged only in one order: unparsed
        Pair("5", "de", "Frage 5?", "GOOD fünf", "schlecht fünf"),  # order-biased judge: a tie
    ]

    def answer(q):
        if "Frage 4?" in q and "Assistant A's Answer]\nschlecht vier" in q:
            return "I cannot decide."
        if "Frage 5?" in q:
            return "[[A]]"  # always the first shown: A in one order, B in the other
        return _sxs_answer(q)

    judge = ByContent(answer)
    result = judges.judge_sxs(pairs, judge, workers=2, cache=VerdictCache(tmp_path))
    assert result.outcomes == ("win", "loss", "tie", None, "tie")
    assert (result.n, result.wins, result.ties, result.losses, result.unparsed) == (5, 1, 2, 1, 1)
    assert result.score == (1 + 2 / 2) / 4
    assert result.summary() == {"n": 5, "wins": 1, "ties": 2, "losses": 1, "unparsed": 1, "score": 0.5}
    first = [q for q in judge.asked if "Frage 1?" in q]
    assert len(first) == 2 + 0  # both orders, each answered with a verdict at once
    assert sorted(q.index("GOOD eins") < q.index("schlecht eins") for q in first) == [False, True]
    assert all("German" in q for q in judge.asked)  # the language's English name, not its code
    assert len([q for q in judge.asked if "Frage 4?" in q]) == 1 + 3  # the unparsed order asked three times


def test_sxs_reruns_from_the_cache_and_keys_depend_on_the_order_and_the_responses(tmp_path):
    pairs = [Pair("1", "en", "Q?", "GOOD a", "b"), Pair("2", "en", "Q?", "b", "GOOD a")]
    judge = ByContent(_sxs_answer)
    cache = VerdictCache(tmp_path)
    first = judges.judge_sxs(pairs, judge, cache=cache)
    assert first.outcomes == ("win", "loss")
    assert len(judge.asked) == 4 and len(list(tmp_path.rglob("*.json"))) == 4
    again = judges.judge_sxs(pairs, judge, cache=cache)
    assert again == first and len(judge.asked) == 4


def test_sxs_with_nothing_judged_scores_nan(tmp_path):
    result = judges.judge_sxs([Pair("1", "en", "Q?", "a", "b")], ByContent(lambda q: "hmm"), cache=VerdictCache(tmp_path))
    assert (result.n, result.wins, result.ties, result.losses, result.unparsed) == (1, 0, 0, 0, 1)
    assert math.isnan(result.score)
    assert result.outcomes == (None,)


def test_sxs_queries_hold_the_reference_or_none(tmp_path):
    template = judges.Template("sxs", "{question}|{answer_a}|{answer_b}|{reference}|{language}", "t")
    judge = ByContent(lambda q: "[[C]]")
    judges.judge_sxs([Pair("1", "fr", "Q", "x", "y", "ref"), Pair("2", "es", "P", "u", "v")], judge, template=template,
                     cache=VerdictCache(tmp_path))
    assert sorted(judge.asked) == ["P|u|v|(none)|Spanish", "P|v|u|(none)|Spanish", "Q|x|y|ref|French", "Q|y|x|ref|French"]


# ---------------------------------------------------------------------------------------------- single answer


def _rating(q):
    return "Rating: [[3]]" if "GOOD" in q else "Rating: [[1]]" if "bad" in q else "Rating: [[9]]"


def test_single_answer_mean_sum_and_unparsed_without_lid(tmp_path):
    items = [Item("1", "en", "Q1", "GOOD"), Item("2", "en", "Q2", "bad"), Item("3", "en", "Q3", "GOOD too"),
             Item("4", "en", "Q4", "??")]
    judge = ByContent(_rating)
    r = judges.judge_single(items, judge, scale=3, cache=VerdictCache(tmp_path), lid=False)
    assert r.ratings == (3.0, 1.0, 3.0, None)
    assert (r.n, r.mean, r.sum, r.unparsed) == (4, 7 / 3, 7.0, 1)
    assert r.lids == (None, None, None, None)
    assert math.isnan(r.gated_mean)  # no LID: nothing to gate by
    assert r.summary() == {"n": 4, "mean": 7 / 3, "sum": 7.0, "unparsed": 1, "gated_mean": r.gated_mean}
    assert len(judge.asked) == 3 + 3  # the unparsable one asked three times


def test_single_answer_scales_are_three_or_five_and_change_the_cache_key(tmp_path):
    items = [Item("1", "en", "Q1", "GOOD")]
    judge = ByContent(lambda q: "Rating: [[4]]" if "1 to 5" in q else "Rating: [[2]]")
    cache = VerdictCache(tmp_path)
    assert judges.judge_single(items, judge, scale=3, cache=cache, lid=False).ratings == (2.0,)
    assert judges.judge_single(items, judge, scale=5, cache=cache, lid=False).ratings == (4.0,)
    assert len(list(tmp_path.rglob("*.json"))) == 2
    with pytest.raises(InputError) as err:
        judges.judge_single(items, judge, scale=4, lid=False)
    assert str(err.value) == "scale: scale must be 3 or 5, got 4"


def test_single_answer_with_nothing_parsed_is_nan(tmp_path):
    r = judges.judge_single([Item("1", "en", "Q", "x")], ByContent(lambda q: "none"), cache=VerdictCache(tmp_path), lid=False)
    assert r.ratings == (None,) and r.unparsed == 1 and r.sum == 0 and math.isnan(r.mean)


# ---------------------------------------------------------------------------------------------- rule judge


def test_rule_judge_without_lid_grades_by_the_gold_answer_alone():
    judge = judges.make_judge("rule", lid=False)
    items = [Item("1", "es", "¿?", "Son 3.", "3", "math"), Item("2", "es", "¿?", "Son 4.", "3", "math")]
    assert judge.grade(items) == [2, 0]
    assert judge.good(items) == [True, False]
    result = judges.judge_sxs([Pair("1", "es", "¿?", "Son 3.", "Son 4.", "3", "math"),
                               Pair("2", "es", "¿?", "Son 4.", "Son 3.", "3", "math"),
                               Pair("3", "es", "¿?", "Son 4.", "Son 5.", "3", "math")], judge)
    assert result.outcomes == ("win", "loss", "tie") and result.score == 0.5
    single = judges.judge_single(items, judge, scale=5, lid=False)
    assert single.ratings == (5.0, 1.0) and single.mean == 3.0


def test_a_registered_rule_check_decides_and_says_what_it_cannot_check():
    judges.register_rule_check("test_shout", lambda it: it.response.isupper(),
                               cannot=lambda it: None if it.prompt else "an empty prompt")
    try:
        judge = judges.make_judge("rule", lid=False)
        assert judge.grade([Item("1", "en", "say it", "HELLO", task="test_shout"),
                            Item("2", "en", "say it", "hello", task="test_shout")]) == [2, 0]
        assert judges.can_judge("rule", [Item("1", "en", "p", "A", task="test_shout"), Item("2", "en", "", "A", task="test_shout")]) \
            == "an empty prompt"
        with pytest.raises(InputError) as err:
            judge.grade([Item("7", "en", "", "A", task="test_shout")])
        assert str(err.value) == ("id 7: the rule judge cannot judge it: an empty prompt; "
                                  "judge such items with openai:<model> or hf:<path>")
    finally:
        judges.RULE_CHECKS.pop("test_shout")
        judges.RULE_CANNOT.pop("test_shout")


def test_can_judge_names_what_the_rule_judge_needs():
    assert judges.can_judge("openai:m", [Item("1", "en", "p", "r")]) is None
    assert judges.can_judge("hf:x", [Item("1", "en", "p", "r")]) is None
    assert judges.can_judge("rule", [Item("1", "en", "p", "r", "3", "math")]) is None
    assert judges.can_judge("rule", [Item("1", "en", "p", "r", "3", "math"), Item("x9", "en", "p", "r", None, "math")]) == \
        "it needs a reference answer or a checker for task 'math', and item 'x9' has no reference answer"
    why = judges.can_judge("rule", [Item("1", "en", "p", "r", "gold", "open_chat")])
    assert why.startswith("no scorer for task 'open_chat' (it scores math, api, summaries, summarization")


# ---------------------------------------------------------------------------------------------- make_judge, names


def test_make_judge_reads_the_spec():
    assert isinstance(judges.make_judge("rule"), judges.RuleJudge)
    assert judges.make_judge("rule").name == "rule" and judges.make_judge("rule").lid is True
    assert judges.make_judge("rule", lid=False).lid is False  # options reach the factory
    openai_judge = judges.make_judge("openai:gpt-x", lid=False)  # an LLM reads the language itself: lid is the protocol's
    assert (type(openai_judge), openai_judge.model, openai_judge.name, openai_judge.timeout) == \
        (judges.OpenAIJudge, "gpt-x", "openai:gpt-x", 60.0)
    hf = judges.make_judge("hf:/models/j:1")
    assert (type(hf), hf.path, hf.name) == (judges.HFJudge, "/models/j:1", "hf:/models/j:1")
    for bad in ("openai:", "hf:", "claude:x", "rules", ""):
        with pytest.raises(InputError) as err:
            judges.make_judge(bad)
        assert str(err.value) == f"judge: unknown judge {bad!r}; expected 'rule', 'openai:<model>' or 'hf:<path>'"


def test_openai_judge_defaults():
    j = judges.OpenAIJudge("m")
    assert (j.timeout, j.attempts, j.backoff, j.max_tokens) == (60.0, 6, 0.5, 1024)
    h = judges.HFJudge("p")
    assert (h.max_new_tokens, h.batch_size) == (256, 8)


def test_language_names_for_the_prompt():
    assert [judges.language_name(c) for c in ("de", "sw", "zh")] == ["German", "Swahili", "Chinese"]
    assert judges.language_name("not a code!") == "not a code!"


# ---------------------------------------------------------------------------------------------- files


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_response_files_become_items_and_pairs(tmp_path):
    a = _jsonl(tmp_path / "a.jsonl", [{"id": 1, "lang": "deu", "prompt": "P1", "response": 5, "reference": "5", "task": "math"},
                                      {"id": "2", "lang": "es", "prompt": "P2", "response": "r2"}])
    b = _jsonl(tmp_path / "b.jsonl", [{"id": "2", "lang": "es", "prompt": "P2", "response": "s2"},
                                      {"id": "1", "lang": "de", "prompt": "P1", "response": "s1"}])
    assert judges.items_from_file(a) == [Item("1", "de", "P1", "5", "5", "math"), Item("2", "es", "P2", "r2", None, None)]
    assert judges.pairs_from_files(a, b) == [Pair("1", "de", "P1", "5", "s1", "5", "math"), Pair("2", "es", "P2", "r2", "s2")]


def test_response_files_that_do_not_match_are_refused(tmp_path):
    a = _jsonl(tmp_path / "a.jsonl", [{"id": "1", "lang": "de", "prompt": "P1", "response": "r"}])
    other = _jsonl(tmp_path / "other.jsonl", [{"id": "1", "lang": "fr", "prompt": "P1", "response": "r"}])
    with pytest.raises(InputError) as err:
        judges.pairs_from_files(a, other)
    assert str(err.value) == (f"{other}: the two files must hold the same (id, lang) items; 1 of A's are missing from B "
                              "(first: [('1', 'de')]), A has 1 rows and B 1")
    longer = _jsonl(tmp_path / "longer.jsonl", [{"id": "1", "lang": "de", "prompt": "P1", "response": "r"},
                                                {"id": "2", "lang": "de", "prompt": "P2", "response": "r"}])
    with pytest.raises(InputError, match=r"0 of A's are missing from B \(first: \[\]\), A has 1 rows and B 2$"):
        judges.pairs_from_files(a, longer)
    reworded = _jsonl(tmp_path / "reworded.jsonl", [{"id": "1", "lang": "de", "prompt": "P1?", "response": "r"}])
    with pytest.raises(InputError) as err:
        judges.pairs_from_files(a, reworded)
    assert str(err.value) == f"{reworded}: item 1 (de) has different prompts in the two files"
    klingon = _jsonl(tmp_path / "k.jsonl", [{"id": "1", "lang": "de", "prompt": "P", "response": "r"},
                                            {"id": "2", "lang": "tlh-xx-yy", "prompt": "P", "response": "r"}])
    with pytest.raises(InputError) as err:
        judges.read_responses(klingon)
    assert str(err.value) == f"{klingon}: line 2: unknown language code 'tlh-xx-yy'"


# ---------------------------------------------------------------------------------------------- the OpenAI client


def _reply(content):
    return {"id": "x", "object": "chat.completion", "created": 0, "model": "m",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}]}


@pytest.fixture
def endpoint(monkeypatch):
    """serve((status, body), ...): the test endpoint answering with that script, and the environment pointing at it."""

    def serve(*script):
        server = Endpoint(script=list(script)).__enter__()
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-exact")
        started.append(server)
        return server

    started = []
    yield serve
    for server in started:
        server.__exit__()


def test_openai_judge_sends_one_stateless_greedy_message(endpoint):
    server = endpoint((200, _reply("Rating: [[2]]")))
    judge = judges.OpenAIJudge("judge-m", timeout=7.0, max_tokens=99)
    assert judge.complete("Is it good?") == "Rating: [[2]]"
    assert server.bodies == [{"model": "judge-m", "messages": [{"role": "user", "content": "Is it good?"}],
                              "temperature": 0.0, "max_tokens": 99}]
    assert server.authorizations == ["Bearer sk-exact"]
    client = judge.client()
    assert (client.max_retries, client.timeout) == (0, 7.0) and judge.client() is client


def test_openai_judge_retries_rate_limits_and_server_errors_then_answers(endpoint):
    server = endpoint((429, {"error": {"message": "slow down"}}), (503, {"error": {"message": "busy"}}), (200, _reply("[[B]]")))
    assert judges.OpenAIJudge("m", backoff=0.001).complete("q") == "[[B]]"
    assert server.requests == 3


@pytest.mark.parametrize("status, requests, message", [
    (500, 3, "openai:m: no answer after 3 attempts (HTTP 500)"),  # retried until the attempts run out
    (404, 1, "openai:m: HTTP 404 from the judge endpoint (not retried)"),  # a client error is not retried
])
def test_openai_judge_gives_up_naming_the_failure_not_the_body(endpoint, status, requests, message):
    server = endpoint((status, {"error": {"message": "no such model secret-body"}}))
    with pytest.raises(JudgeUnavailable) as err:
        judges.OpenAIJudge("m", attempts=3, backoff=0.001).complete("q")
    assert str(err.value) == message
    assert server.requests == requests


def test_openai_judge_retries_a_reply_that_is_not_a_completion(endpoint):
    server = endpoint((200, {"id": "x", "choices": []}), (200, _reply(None)))
    assert judges.OpenAIJudge("m", backoff=0.001).complete("q") == ""  # no content: an empty answer, then unparsed
    assert server.requests == 2
    endpoint((200, {"id": "x", "choices": []}))
    with pytest.raises(JudgeUnavailable) as err:
        judges.OpenAIJudge("m", attempts=2, backoff=0.001).complete("q")
    assert str(err.value) == "openai:m: no answer after 2 attempts (malformed reply (IndexError))"


def test_openai_judge_needs_a_key(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(InputError) as err:
        judges.OpenAIJudge("m").complete("q")
    assert str(err.value) == "OPENAI_API_KEY: the openai judge needs OPENAI_API_KEY in the environment"


def test_judge_sxs_through_the_endpoint_end_to_end(endpoint, tmp_path):
    endpoint((200, _reply("[[A]]")), (200, _reply("[[B]]")))  # A first, then B (the swapped order): A wins twice
    result = judges.judge_sxs([Pair("1", "en", "Q?", "x", "y")], judges.OpenAIJudge("m", backoff=0.001), workers=1,
                              cache=VerdictCache(tmp_path))
    assert result.outcomes == ("win",) and result.score == 1.0


# ---------------------------------------------------------------------------------------------- a judge that stays down


def test_the_endpoint_is_named_by_host_without_credentials(monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "https://user:s3cret@judge.example.org:8443/v1/")
    assert judges.OpenAIJudge("m").endpoint == "judge.example.org:8443"
    monkeypatch.setenv("OPENAI_BASE_URL", "http://token@10.0.0.7/v1")
    assert judges.OpenAIJudge("m").endpoint == "10.0.0.7"
    monkeypatch.delenv("OPENAI_BASE_URL")
    assert judges.OpenAIJudge("m").endpoint == "api.openai.com"


class DownFor(ByContent):
    """Down for the queries holding one of `words`; [[A]] and a rating for the rest."""

    name = "openai:down"
    endpoint = "127.0.0.1:9"

    def __init__(self, *words):
        super().__init__(self.reply)
        self.words = words

    def reply(self, query):
        if any(w in query for w in self.words):
            raise JudgeUnavailable("down")
        return "[[A]] Rating: [[2]]"


def test_a_judge_down_reports_how_many_items_were_not_judged(tmp_path):
    import pickle

    pairs = [Pair(str(i), "en", f"Q{i}?", f"a{i}", f"b{i}") for i in range(4)]
    with pytest.raises(JudgeUnavailable) as err:  # Q1 and a2 down in both orders: two items, four queries
        judges.judge_sxs(pairs, DownFor("Q1?", "a2"), workers=2, cache=VerdictCache(tmp_path / "sxs"))
    exc = err.value
    assert (exc.endpoint, exc.unanswered, exc.queries, exc.items_missing, exc.items) == ("127.0.0.1:9", 4, 8, 2, 4)
    assert exc.missing == [2, 3, 4, 5]
    assert str(exc) == "openai:down: 4 of 8 judge queries got no answer (4 answered now are cached; run again to ask the rest)"
    back = pickle.loads(pickle.dumps(exc))  # a pool worker's exception reaches the parent whole
    assert (type(back), str(back), back.endpoint, back.items_missing, back.items, back.missing) == \
        (JudgeUnavailable, str(exc), "127.0.0.1:9", 2, 4, [2, 3, 4, 5])
    items = [Item(str(i), "en", f"Q{i}?", f"r{i}") for i in range(3)]
    with pytest.raises(JudgeUnavailable) as err:
        judges.judge_single(items, DownFor("Q0?", "Q2?"), cache=VerdictCache(tmp_path / "single"), lid=False)
    assert (err.value.items_missing, err.value.items, err.value.unanswered, err.value.queries) == (2, 3, 2, 3)
    assert len(list((tmp_path / "single").rglob("*.json"))) == 1


def test_the_line_for_a_judge_down():
    from xlt.cli import EXIT_UNAVAILABLE

    exc = JudgeUnavailable("x", endpoint="judge.local:8000", unanswered=6, queries=8, items_missing=3, items=4)
    assert exc.line() == (
        "the judge endpoint at judge.local:8000 did not answer: 3 of 4 items not judged (no verdict cached for "
        "them); finished stages are kept: run the same command again when the endpoint is up")
    assert JudgeUnavailable("x", unanswered=2, queries=5).line().startswith(
        "the judge endpoint did not answer: 2 of 5 judge queries not answered (no verdict cached for them); ")
    assert JudgeUnavailable("openai:m: HTTP 404 from the judge endpoint (not retried)", endpoint="h:1").line() == (
        "the judge endpoint at h:1 did not answer: openai:m: HTTP 404 from the judge endpoint (not retried); "
        "finished stages are kept: run the same command again when the endpoint is up")
    assert EXIT_UNAVAILABLE == 3


# ---------------------------------------------------------------------------------------------- the cache's keys


def test_verdicts_are_cached_under_keys_of_everything_that_decides_them(tmp_path):
    """The cache's file names are its on-disk format: a change here would silently re-ask (or mix up) verdicts."""
    cache = VerdictCache(tmp_path)
    sxs_t, single_t = judges.load_template("sxs"), judges.load_template("single", scale=5)
    judges.judge_sxs([Pair("1", "de", "Q?", "x", "y", "ref")], ByContent(lambda q: "[[C]]"), cache=cache)
    judges.judge_single([Item("2", "es", "P?", "r", "gold")], ByContent(lambda q: "Rating: [[2]]"), scale=5, cache=cache,
                        lid=False)
    expected = {
        judges.cache_key("scripted", sxs_t.digest, "sxs", "de", "Q?", "x", "y", "ab", "ref"),
        judges.cache_key("scripted", sxs_t.digest, "sxs", "de", "Q?", "y", "x", "ba", "ref"),
        judges.cache_key("scripted", single_t.digest, "single", 5, "es", "P?", "r", "gold"),
    }
    assert {p.stem for p in tmp_path.rglob("*.json")} == expected
    assert all(p.parent.name == p.stem[:2] for p in tmp_path.rglob("*.json"))


def test_without_a_cache_the_default_one_under_xlt_cache_is_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XLT_CACHE", str(tmp_path / "xc"))
    assert judges.default_cache_dir() == tmp_path / "xc" / "judge"
    judges.judge_single([Item("1", "en", "P?", "r")], ByContent(lambda q: "Rating: [[3]]"), lid=False)
    judges.judge_sxs([Pair("1", "en", "Q?", "x", "y")], ByContent(lambda q: "[[A]]"))
    assert len(list((tmp_path / "xc" / "judge").rglob("*.json"))) == 3
