import json
import re

import pytest

from tests.translate.endpoint import Endpoint, behaviour
from xlt.errors import InputError
from xlt.evaluate import judges
from xlt.evaluate.judges import Item, Pair, VerdictCache


def _pairs(n=40):
    # A good on even ids, B good on ids divisible by 3: wins, losses and ties all occur
    return [
        Pair(str(i), "en", f"Question {i}?", f"answer {i} {'GOOD' if i % 2 == 0 else 'bad'}",
             f"reply {i} {'GOOD' if i % 3 == 0 else 'meh'}")
        for i in range(n)
    ]


def _expected(pairs):
    out = []
    for p in pairs:
        a, b = "GOOD" in p.response_a, "GOOD" in p.response_b
        out.append("win" if a and not b else "loss" if b and not a else "tie")
    return out


@pytest.fixture
def openai_env(monkeypatch):
    def use(server):
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret")
    return use


def test_sxs_against_a_faulty_server_every_item_judged_or_unparsed_once(tmp_path, openai_env, caplog):
    pairs = _pairs(40)
    template = judges.load_template("sxs")
    cache = VerdictCache(tmp_path / "cache")
    with Endpoint(faults=True, stall=1.0) as server:
        openai_env(server)
        judge = judges.OpenAIJudge("judge-model", timeout=0.3, backoff=0.01)
        result = judges.judge_sxs(pairs, judge, template=template, workers=8, cache=cache)
        queries = list(server.attempts)
        first_requests = server.requests
        # a second run answers from the cache without a request
        again = judges.judge_sxs(pairs, judges.OpenAIJudge("judge-model", timeout=0.3, backoff=0.01),
                                 template=template, workers=8, cache=cache)
        assert server.requests == first_requests
    kinds = {behaviour(q, True) for q in queries}
    assert {"429", "500", "timeout", "garbage", "badbody", "ok"} <= kinds  # every fault was exercised
    assert len(queries) == 2 * len(pairs)  # both orders of every item
    assert max(server.verdicts.values()) == 1  # no query answered with a verdict twice
    expected = _expected(pairs)
    garbage = {i for i, p in enumerate(pairs) for q in queries
               if behaviour(q, True) == "garbage" and f"Question {p.id}?" in q and re.search(rf"answer {p.id} ", q)}
    for i, outcome in enumerate(result.outcomes):
        assert outcome == (None if i in garbage else expected[i])
    assert result.unparsed == len(garbage) > 0
    assert result.n == result.wins + result.ties + result.losses + result.unparsed == len(pairs)
    judged = result.n - result.unparsed
    assert result.score == pytest.approx((result.wins + result.ties / 2) / judged)
    assert again.outcomes == result.outcomes
    assert server.auth == {"Bearer sk-test-secret"}
    # the key never reaches logs or the cache
    assert "sk-test-secret" not in caplog.text
    assert not any("sk-test-secret" in p.read_text() for p in (tmp_path / "cache").rglob("*.json"))


def test_single_answer_scale_and_gate(tmp_path, openai_env):
    items = [Item(str(i), "en", f"Say something {i}", f"This is a GOOD English answer number {i}." if i % 2
                  else f"Esta es una respuesta en español número {i}, GOOD.") for i in range(10)]
    with Endpoint() as server:
        openai_env(server)
        judge = judges.OpenAIJudge("m", timeout=2, backoff=0.01)
        r3 = judges.judge_single(items, judge, scale=3, cache=VerdictCache(tmp_path))
        r5 = judges.judge_single(items, judge, scale=5, cache=VerdictCache(tmp_path))
    assert r3.ratings == (3.0,) * 10 and r3.mean == 3.0 and r3.sum == 30.0
    assert r3.gated_mean == pytest.approx(1.5)  # the Spanish answers are gated to 0
    # 1-5: the judge said 3, but an answer in the wrong language scores 1 (Shimabucoro)
    assert r5.ratings == tuple(3.0 if i % 2 else 1.0 for i in range(10))


def test_hf_judge_goes_through_the_same_protocol(tmp_path, tiny_model):
    pairs = _pairs(4)
    judge = judges.HFJudge(tiny_model, max_new_tokens=6)
    cache = VerdictCache(tmp_path)
    result = judges.judge_sxs(pairs, judge, workers=2, cache=cache)
    # a random model writes no verdict: every item is unparsed, none counted as a tie
    assert result.unparsed == 4 and result.ties == 0
    records = [json.loads(p.read_text()) for p in tmp_path.rglob("*.json")]
    assert len(records) == 8 and all(r["judge"] == f"hf:{tiny_model}" and not r["parsed"] for r in records)

    class Scripted(judges.HFJudge):  # same protocol code, verdicts scripted from the rendered prompt
        def complete_many(self, queries):
            from tests.translate.endpoint import verdict
            return [verdict(q) for q in queries]

    result = judges.judge_sxs(pairs, Scripted(tiny_model), workers=2, cache=VerdictCache(tmp_path / "b"))
    assert list(result.outcomes) == _expected(pairs)


def test_rule_judge_uses_gold_and_language():
    pairs = [
        Pair("1", "es", "¿Cuántos gatos hay?", "Hay 3 gatos en la casa.", "Hay 4 gatos en la casa.", "3", "math"),
        Pair("2", "es", "¿Cuántos perros hay?", "There are 5 dogs in the house.", "Hay 5 perros en la casa.", "5", "math"),
        Pair("3", "es", "¿Cuántas aves hay?", "Hay 2 aves.", "Hay 2 aves.", "2", "math"),
        # both wrong: the one in the question's language wins; both wrong in Spanish: a tie
        Pair("4", "es", "¿Cuántos peces hay?", "Hay 7 peces en el río.", "There are 7 fish in the river.", "6", "math"),
        Pair("5", "es", "¿Cuántas vacas hay?", "Hay 8 vacas en el campo.", "Hay 9 vacas en el campo.", "6", "math"),
    ]
    result = judges.judge_sxs(pairs, judges.make_judge("rule"))
    assert result.outcomes == ("win", "loss", "tie", "win", "tie")
    assert result.score == pytest.approx(3.0 / 5)
    with pytest.raises(InputError, match="reference answer or a checker"):
        judges.judge_sxs([Pair("9", "es", "p", "a", "b")], judges.make_judge("rule"))


def test_templates_checked_and_parsers():
    bad = pytest.importorskip("pathlib").Path
    for kind in ("sxs", "single"):
        t = judges.load_template(kind)
        for placeholder in judges.REQUIRED[kind]:
            assert placeholder in t.text
    assert "Rating: [[n]]" in judges.load_template("single", scale=5).text
    assert judges.parse_sxs("blah [[A]] then [[B]]") == "B"
    assert judges.parse_sxs("[[D]]") is None
    assert judges.parse_rating("Rating: [[2]]", 3) == 2.0
    assert judges.parse_rating("Rating: [[4]]", 3) is None
    assert bad


def test_own_template_missing_placeholder(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("Compare {question} with {answer_a}.", encoding="utf-8")
    with pytest.raises(InputError, match=r"missing \{answer_b\}") as exc:
        judges.load_template("sxs", path)
    assert str(path) in str(exc.value)


def test_cli_judge_sxs_and_single(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from xlt.cli import app

    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    rows_a = [{"id": str(i), "lang": "en", "prompt": f"Question {i}?", "response": f"GOOD answer {i}" if i % 2 else "bad"}
              for i in range(6)]
    rows_b = [dict(r, response="meh") for r in rows_a]
    a.write_text("".join(json.dumps(r) + "\n" for r in rows_a))
    b.write_text("".join(json.dumps(r) + "\n" for r in rows_b))
    monkeypatch.setenv("XLT_CACHE", str(tmp_path / "cache"))
    with Endpoint() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        monkeypatch.setenv("OPENAI_API_KEY", "k")
        out = CliRunner().invoke(app, ["judge", "sxs", str(a), str(b), "--judge", "openai:m", "--json"])
        assert out.exit_code == 0, out.output
        assert json.loads(out.stdout) == {"n": 6, "wins": 3, "ties": 3, "losses": 0, "unparsed": 0, "score": 0.75}
        out = CliRunner().invoke(app, ["judge", "single", str(a), "--judge", "openai:m", "--json"])
        summary = json.loads(out.stdout)
        assert summary["n"] == 6 and summary["sum"] == 12 and summary["unparsed"] == 0
    assert (tmp_path / "cache" / "judge").is_dir()
    bad = tmp_path / "bad.txt"
    bad.write_text("no placeholders")
    out = CliRunner().invoke(app, ["judge", "sxs", str(a), str(b), "--template", str(bad), "--json"])
    assert out.exit_code == 2 and "placeholders" in out.output


def test_can_judge_says_what_the_rule_judge_cannot_check():
    from xlt.evaluate.judges import Item, can_judge

    math = [Item("1", "en", "2+2?", "", "4", "math")]
    micro = [Item("instruct-000007", "en", "List 3 fruits.", "", None, "instruct")]
    open_prompt = [Item("oa-1", "en", "Write a poem.", "", None, "instruct")]
    assert can_judge("rule", math) is None and can_judge("rule", micro) is None
    assert "'oa-1' is not one" in can_judge("rule", math + open_prompt)
    assert "no reference answer" in can_judge("rule", [Item("1", "en", "2+2?", "", None, "math")])
    assert can_judge("openai:gpt-4o", open_prompt) is None and can_judge("hf:/models/j", open_prompt) is None


def test_a_rejected_judge_request_names_the_status_not_the_servers_body(monkeypatch):
    """A 4xx is not retried; the error says which status, never the server's raw body."""
    from tests.translate.endpoint import SECRET_BODY, Endpoint
    from xlt.evaluate.judges import JudgeUnavailable, OpenAIJudge

    with Endpoint(reject=400) as ep:
        monkeypatch.setenv("OPENAI_BASE_URL", ep.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "k")
        with pytest.raises(JudgeUnavailable) as info:
            OpenAIJudge("m").complete("[The End of Assistant's Answer]")
    assert "HTTP 400" in str(info.value) and SECRET_BODY not in str(info.value)
    assert ep.received == 1
