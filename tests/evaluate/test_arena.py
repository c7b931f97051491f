"""m-ArenaHard: the release's layout, reference answers in their layouts, the win rate with its language gate."""

from __future__ import annotations

import json

import polars as pl
import pytest

from tests import standins
from tests.translate.endpoint import Endpoint
from xlt.errors import InputError
from xlt.evaluate.benchmarks import load_benchmark


def test_questions_carry_the_reference_answer(tmp_path):
    data, answers = standins.write_m_arenahard(tmp_path, langs=("de", "es"), n=3)
    items = load_benchmark("m-arenahard", data, langs=["es"], reference=str(answers))
    assert [(i.id, i.lang, i.task) for i in items] == [("q000", "es", "arena"), ("q001", "es", "arena"), ("q002", "es", "arena")]
    assert items[1].reference == "GOOD return 3" and items[1].prompt.startswith("pregunta")


def test_one_answers_file_with_a_language_column(tmp_path):
    data, _ = standins.write_m_arenahard(tmp_path, langs=("de",), n=2)
    one = tmp_path.parent / f"{tmp_path.name}-answers.jsonl"
    one.write_text("".join(json.dumps({"question_id": f"q{i:03d}", "language": lang, "answer": f"{lang} {i}"}) + "\n"
                           for lang in ("de", "fr") for i in range(2)))
    assert [i.reference for i in load_benchmark("m-arenahard", data, reference=str(one))] == ["de 0", "de 1"]


def test_missing_answers_and_reference_are_refused(tmp_path):
    data, answers = standins.write_m_arenahard(tmp_path, langs=("de",), n=2)
    with pytest.raises(InputError, match="needs reference"):
        load_benchmark("m-arenahard", data)
    (tmp_path / "answers" / "de.jsonl").write_text(json.dumps({"question_id": "q000", "answer": "x"}) + "\n")
    with pytest.raises(InputError, match="no reference answer for question q001 in de"):
        load_benchmark("m-arenahard", data, reference=str(answers))


def test_win_rate_both_orders_and_the_language_gate(tiny_model, monkeypatch, tmp_path):
    """The scripted judge prefers GOOD: a reference answer saying GOOD beats the model (0), else a tie (1/2);
    gated, an answer not in the question's language loses."""
    from xlt.evaluate.pipeline import evaluate

    rows = [{"id": f"q{i}", "lang": "de", "task": "arena", "prompt": "Schreibe eine Funktion.",
             "response": "GOOD answer" if i % 2 else "plain answer"} for i in range(4)]
    monkeypatch.setenv("XLT_CACHE", str(tmp_path))
    with Endpoint() as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        out = evaluate(tiny_model, pl.DataFrame(rows), judge="openai:j", decoding={"max_new_tokens": 4})
        assert sum(server.verdicts.values()) == 8  # both orders of each pair
    win = out.filter(pl.col("metric") == "win_rate").sort("id")
    assert win["value"].to_list() == [0.5, 0.0, 0.5, 0.0]
    gated = out.filter(pl.col("metric") == "win_rate_gated").sort("id")
    assert gated["value"].to_list() == [v * (lid == "de") for v, lid in zip(win["value"], win["lid"])]
