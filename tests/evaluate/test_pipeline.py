import json

import polars as pl
import pytest

from xlt.evaluate.pipeline import evaluate, summarize, write_items


def test_evaluate_generation_and_choice_rows(tiny_model, tmp_path):
    items = pl.DataFrame({
        "id": ["m1", "m2", "c1"], "lang": ["en", "es", "en"], "task": ["math", "math", "multiple_choice"],
        "prompt": ["How many?", "¿Cuántos?", "The cat sat"], "response": ["3", "4", "on the mat"],
        "options": [None, None, ["on the mat", "in the sky"]],
    })
    scored = evaluate(tiny_model, items, decoding={"max_new_tokens": 4})
    metrics = set(zip(scored["id"], scored["metric"]))
    assert {("m1", "exact_match"), ("m1", "exact_match_gated"), ("m1", "fidelity"), ("c1", "acc"), ("c1", "acc_norm")} <= metrics
    path = write_items(scored, tmp_path / "items.parquet")
    back = pl.read_parquet(path)
    assert back.columns == ["id", "lang", "task", "prompt", "output", "lid", "metric", "value"]
    assert back.height == scored.height
    summary = summarize(scored)
    assert summary["en"]["n"] == 2 and summary["es"]["n"] == 1
    assert "robustness_exact_match" in summary["es"]


def test_instruct_items_are_judged(tiny_model, monkeypatch):
    from xlt.evaluate import judges

    monkeypatch.setitem(judges.RULE_CHECKS, "instruct", lambda item: len(item.response) >= 0)
    items = pl.DataFrame({"id": ["i1"], "lang": ["en"], "task": ["instruct"], "prompt": ["Say hi"], "response": [None]})
    scored = evaluate(tiny_model, items, decoding={"max_new_tokens": 4}, judge="rule", lid=False)
    (value,) = scored.filter(pl.col("metric") == "judge")["value"].to_list()
    assert value == 3.0  # the registered checker accepts it; LID off


def test_cli_eval_json(tiny_model, tmp_path):
    from typer.testing import CliRunner

    from xlt.cli import app

    (tmp_path / "mgsm_en.tsv").write_text("How many cats? 3\t3\nTwo plus two?\t4\n", encoding="utf-8")
    out = CliRunner().invoke(app, ["eval", tiny_model, "--benchmark", "mgsm", "--data", str(tmp_path), "--langs", "en",
                                   "--limit", "1", "--max-new-tokens", "3", "--items", str(tmp_path / "i.parquet"), "--json"])
    assert out.exit_code == 0, out.output
    res = json.loads(out.stdout)["results"]["en"]
    assert res["n"] == 1 and 0.0 <= res["exact_match"] <= 1.0
    assert pl.read_parquet(tmp_path / "i.parquet")["id"].unique().to_list() == ["0"]
    bad = CliRunner().invoke(app, ["eval", tiny_model, "--benchmark", "nope", "--data", str(tmp_path), "--json"])
    assert bad.exit_code == 2 and "unknown benchmark" in bad.output
