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
    assert back.columns == ["id", "lang", "task", "set", "prompt", "output", "lid", "metric", "value", "truncated"]
    assert set(back["set"]) == {"math", "multiple_choice"}  # without a set column an item is reported under its task
    assert back.height == scored.height
    summary = summarize(scored)
    assert summary["en"]["n"] == 2 and summary["es"]["n"] == 1
    assert "robustness_exact_match" in summary["es"]


def test_a_set_keeps_its_task_for_metrics_and_its_name_for_reports(tiny_model):
    items = pl.DataFrame({"id": ["0"], "lang": ["en"], "task": ["math"], "set": ["mgsm"], "prompt": ["1+1?"], "response": ["2"]})
    scored = evaluate(tiny_model, items, decoding={"max_new_tokens": 2}, lid=False)
    assert scored.select("task", "set", "metric").rows() == [("math", "mgsm", "exact_match")]


def test_long_prompts_are_cut_in_the_middle_or_skipped(tiny_model):
    """A prompt longer than the context (512 positions less the answer's room) must not abort the run."""
    from transformers import AutoTokenizer

    from xlt.chat import format_prompt
    from xlt.evaluate.models import encode
    from xlt.evaluate.pipeline import prompt_fit

    article = "Summarize: " + " ".join(f"word{i}" for i in range(900)) + " END TL;DR"
    items = pl.DataFrame({"id": ["long", "short"], "lang": ["en", "en"], "task": ["summaries"] * 2, "set": ["xlsum"] * 2,
                          "prompt": [article, "Summarize: a cat."], "response": ["a", "b"]})
    scored = evaluate(tiny_model, items, decoding={"max_new_tokens": 8}, lid=False)
    cut = scored.filter(pl.col("id") == "long").row(0, named=True)
    assert cut["truncated"] and cut["prompt"].startswith("Summarize: word0") and cut["prompt"].endswith("END TL;DR")
    tok = AutoTokenizer.from_pretrained(tiny_model)
    assert 400 < len(encode(tok, format_prompt(tok, cut["prompt"]))) <= 512 - 8
    assert not scored.filter(pl.col("id") == "short")["truncated"].any()
    assert prompt_fit(items, scored).rows() == [("xlsum", "en", 2, 1, 0)]
    skipped = evaluate(tiny_model, items, decoding={"max_new_tokens": 8}, lid=False, long_prompts="skip")
    assert skipped["id"].to_list() == ["short"]
    assert prompt_fit(items, skipped).rows() == [("xlsum", "en", 2, 0, 1)]
    capped = evaluate(tiny_model, items, decoding={"max_new_tokens": 8}, lid=False, max_prompt_tokens=160)
    assert capped["truncated"].to_list() == [True, False]


def test_instruct_items_are_judged(tiny_model, monkeypatch):
    from xlt.evaluate import judges

    monkeypatch.setitem(judges.RULE_CHECKS, "instruct", lambda item: len(item.response) >= 0)
    monkeypatch.setitem(judges.RULE_CANNOT, "instruct", lambda item: None)  # the checker takes any id
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


def test_cli_eval_draws_no_library_progress_bars(tiny_model, tmp_path):
    """`xlt eval` prints its table, not transformers' weight-loading bar on stderr."""
    import subprocess
    import sys
    from pathlib import Path

    (tmp_path / "mgsm_en.tsv").write_text("How many cats? 3\t3\n", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    res = subprocess.run([sys.executable, "-m", "xlt", "eval", tiny_model, "--benchmark", "mgsm", "--data", str(tmp_path),
                          "--limit", "1", "--max-new-tokens", "3", "--json"], capture_output=True, text=True, env=env, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "%|" not in res.stderr and "it/s" not in res.stderr, res.stderr[-2000:]
    assert json.loads(res.stdout)["results"]["en"]["n"] == 1
