"""The judge protocol under faults: an answer without a verdict is asked again, a damaged cache entry is
asked again and rewritten, and a judge endpoint that is down fails with a count and caches nothing."""

import json
import socket

import pytest

from xlt.evaluate import judges
from xlt.evaluate.judges import JudgeUnavailable, Pair, Query, VerdictCache


class ScriptedJudge:
    """Answers each query with the next of `answers` (the last one repeated); counts the calls."""

    name = "scripted"

    def __init__(self, *answers):
        self.answers, self.calls = list(answers), 0

    def complete(self, query: str) -> str:
        self.calls += 1
        return self.answers[min(self.calls, len(self.answers)) - 1]


def test_an_answer_without_a_verdict_is_asked_again(tmp_path):
    judge = ScriptedJudge("Both answers are fine, I think.", "On reflection: [[A]]")
    cache = VerdictCache(tmp_path)
    assert judges.ask(judge, [Query("k1", "which is better?")], judges.parse_sxs, cache, workers=1) == ["A"]
    assert judge.calls == 2
    assert cache.get("k1") == {"judge": "scripted", "raw": "On reflection: [[A]]", "parsed": True}


def test_asking_stops_after_parse_attempts_and_caches_the_unparsed_answer(tmp_path):
    judge = ScriptedJudge("no verdict here")
    cache = VerdictCache(tmp_path)
    assert judges.ask(judge, [Query("k1", "q")], judges.parse_sxs, cache, workers=1, parse_attempts=3) == [None]
    assert judge.calls == 3
    assert cache.get("k1")["parsed"] is False


@pytest.mark.parametrize("damage", [b"", b"{not json", b"\xff\xfe\x00garbage", b"[1, 2]", b'{"parsed": true}',
                                    b'{"raw": 5, "parsed": true}', b'{"raw": "no verdict", "parsed": true}'])
def test_a_damaged_verdict_cache_entry_is_asked_again_and_rewritten(tmp_path, damage):
    cache = VerdictCache(tmp_path)
    path = tmp_path / "k1"[:2] / "k1.json"
    path.parent.mkdir(parents=True)
    path.write_bytes(damage)
    judge = ScriptedJudge("[[B]]")
    assert judges.ask(judge, [Query("k1", "q")], judges.parse_sxs, cache, workers=1) == ["B"]
    assert judge.calls == 1
    assert json.loads(path.read_text()) == {"judge": "scripted", "raw": "[[B]]", "parsed": True}


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: connections are refused


def test_a_judge_endpoint_down_for_the_whole_run_fails_with_a_count_and_caches_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{_closed_port()}/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    pairs = [Pair(str(i), "en", f"Question {i}?", f"a{i}", f"b{i}") for i in range(3)]
    judge = judges.OpenAIJudge("judge-model", timeout=1.0, attempts=2, backoff=0.01)
    with pytest.raises(JudgeUnavailable, match=r"6 of 6 judge queries got no answer"):
        judges.judge_sxs(pairs, judge, cache=VerdictCache(tmp_path / "cache"), workers=2)
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]


def test_a_judge_rejecting_every_request_fails_the_same_way(tmp_path, monkeypatch):
    from tests.translate.endpoint import Endpoint

    with Endpoint(reject=500) as ep:
        monkeypatch.setenv("OPENAI_BASE_URL", ep.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        judge = judges.OpenAIJudge("judge-model", timeout=1.0, attempts=2, backoff=0.01)
        items = [judges.Item(str(i), "en", f"Question {i}?", f"answer {i}") for i in range(4)]
        with pytest.raises(JudgeUnavailable, match=r"4 of 4 judge queries got no answer") as err:
            judges.judge_single(items, judge, cache=VerdictCache(tmp_path / "cache"), workers=2, lid=False)
    assert "SECRET" not in str(err.value)
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]


@pytest.mark.parametrize("command", ["sxs", "single"])
def test_xlt_judge_with_the_endpoint_refusing_every_request_is_one_line_and_exit_3(tmp_path, monkeypatch, command):
    from typer.testing import CliRunner

    from tests.translate.endpoint import SECRET_BODY, Endpoint
    from xlt.cli import EXIT_UNAVAILABLE, app

    responses = tmp_path / "a.jsonl"
    responses.write_text("".join(json.dumps({"id": str(i), "lang": "en", "prompt": f"Question {i}?", "response": f"answer {i}"})
                                 + "\n" for i in range(3)), encoding="utf-8")
    monkeypatch.setenv("XLT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key")
    with Endpoint(reject=404) as ep:  # a client error: not retried, so the command gives up at once
        monkeypatch.setenv("OPENAI_BASE_URL", ep.base_url)
        files = [str(responses)] * (2 if command == "sxs" else 1)
        res = CliRunner().invoke(app, ["judge", command, *files, "--judge", "openai:judge-model", "--workers", "2"])
    assert res.exit_code == EXIT_UNAVAILABLE == 3, res.output
    assert res.stderr.splitlines() == [
        f"error: the judge endpoint at 127.0.0.1:{ep.port} did not answer: 3 of 3 items not judged (no verdict cached "
        "for them); finished stages are kept: run the same command again when the endpoint is up"]
    assert res.stdout == ""
    assert "sk-test-secret-key" not in res.output and SECRET_BODY not in res.output
    assert not [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]


def test_xlt_eval_with_the_judge_endpoint_down_is_one_line_and_exit_3(tiny_model, tmp_path, monkeypatch):
    """`xlt eval` on prompts with references judges them: an endpoint that refuses every request ends it as
    `xlt judge` does (it printed a traceback before)."""
    from typer.testing import CliRunner

    from tests.translate.endpoint import SECRET_BODY, Endpoint
    from xlt.cli import EXIT_UNAVAILABLE, app

    prompts = tmp_path / "test_en.jsonl"
    prompts.write_text("".join(json.dumps({"id": str(i), "prompt": f"Question {i}?", "reference": f"answer {i}"}) + "\n"
                               for i in range(2)), encoding="utf-8")
    monkeypatch.setenv("XLT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key")
    with Endpoint(reject=404) as ep:
        monkeypatch.setenv("OPENAI_BASE_URL", ep.base_url)
        res = CliRunner().invoke(app, ["eval", tiny_model, "--benchmark", "prompts", "--data", str(prompts),
                                       "--max-new-tokens", "3", "--judge", "openai:judge-model", "--json"])
    assert res.exit_code == EXIT_UNAVAILABLE == 3, res.output
    (line,) = [x for x in res.stderr.splitlines() if "error" in x]  # beside transformers' weight-loading bar
    assert line.startswith(f"error: the judge endpoint at 127.0.0.1:{ep.port} did not answer: 2 of 2 items not judged"), line
    assert res.stdout == ""
    assert "sk-test-secret-key" not in res.output and SECRET_BODY not in res.output
