"""Prompt-only evaluation sets and judging without gold answers; bad input names file and line, exit 2."""

from __future__ import annotations

import json

import polars as pl
import pytest
from typer.testing import CliRunner

from xlt.cli import app
from xlt.corpus import micro
from xlt.errors import InputError
from xlt.evaluate import judges
from xlt.evaluate.benchmarks import load_prompts


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_parquet_prompt_set_errors_name_file_and_row(tmp_path):
    good = tmp_path / "ok.parquet"
    pl.DataFrame({"id": ["a", "b"], "lang": ["sw", "he"], "prompt": ["Habari?", "מה שלומך?"],
                  "reference": [None, "טוב"]}).write_parquet(good)
    items = load_prompts(good)
    assert [(i.id, i.lang, i.reference, i.task) for i in items] == [("a", "sw", None, "instruct"), ("b", "he", "טוב", "instruct")]
    bad = tmp_path / "bad.parquet"
    pl.DataFrame({"id": ["a", "b"], "lang": ["en", "en"], "prompt": ["Hi", None]}).write_parquet(bad)
    with pytest.raises(InputError) as exc:
        load_prompts(bad)
    assert str(exc.value).startswith(f"{bad}: row 2: missing prompt")
    unknown = tmp_path / "unknown.parquet"
    pl.DataFrame({"id": ["a"], "lang": ["klingon"], "prompt": ["Hi"]}).write_parquet(unknown)
    with pytest.raises(InputError, match=r"unknown\.parquet: row 1: unknown language code 'klingon'"):
        load_prompts(unknown)


def test_rule_judge_on_other_prompt_sets_says_what_to_use():
    item = judges.Item("17", "en", "Write a poem.", "A poem.", None, "instruct")
    with pytest.raises(InputError, match="openai:<model> or hf:<path>"):
        judges.RuleJudge(lid=False).good([item])


def _instruct_files(tmp_path, langs=("en", "es", "zh")):
    rows = micro.generate(8, tasks=("instruct",), languages=langs).to_dicts()
    a = [{"id": r["id"], "lang": r["lang"], "prompt": r["prompt"], "response": r["response"], "task": "instruct"}
         for r in rows]
    b = [dict(r, response=r["prompt"]) for r in a]  # echoing the prompt meets no constraint
    return _jsonl(tmp_path / "a.jsonl", a), _jsonl(tmp_path / "b.jsonl", b), len(a)


@pytest.mark.slow
def test_cli_judges_instruct_items_without_gold(tmp_path, monkeypatch):
    monkeypatch.setenv("XLT_CACHE", str(tmp_path / "cache"))
    a, b, n = _instruct_files(tmp_path)
    out = CliRunner().invoke(app, ["judge", "sxs", str(a), str(b), "--judge", "rule", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout) == {"n": n, "wins": n, "ties": 0, "losses": 0, "unparsed": 0, "score": 1.0}
    out = CliRunner().invoke(app, ["judge", "single", str(b), "--judge", "rule", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["mean"] == 1.0


@pytest.mark.parametrize(
    ("row", "message"),
    [({"id": "x", "lang": "en", "response": "r"}, "line 2: missing prompt"),
     ({"id": "x", "lang": "qq-zz", "prompt": "p", "response": "r"}, "line 2: unknown language code 'qq-zz'")],
)
def test_cli_bad_eval_file_is_one_error_line_and_exit_2(tmp_path, row, message):
    good = {"id": "y", "lang": "en", "prompt": "p", "response": "r"}
    a = _jsonl(tmp_path / "a.jsonl", [good, row])
    b = _jsonl(tmp_path / "b.jsonl", [good, good])
    before = sorted(tmp_path.rglob("*"))
    for args in (["judge", "sxs", str(a), str(b)], ["judge", "single", str(a)]):
        out = CliRunner().invoke(app, [*args, "--json"])
        assert out.exit_code == 2
        lines = [ln for ln in out.output.splitlines() if ln.strip()]
        assert lines == [f"error: {a}: {message}" + lines[0].split(message, 1)[1]]
    assert sorted(tmp_path.rglob("*")) == before


@pytest.mark.parametrize(("command", "text", "missing"), [
    ("sxs", "Which is better? {question} {answer_a}", "{answer_b}"),
    ("single", "Rate this: {answer}", "{question}"),
])
def test_cli_template_without_placeholders_exits_2(tmp_path, command, text, missing):
    a, b, _ = _instruct_files(tmp_path, langs=("en",))
    template = tmp_path / "mine.txt"
    template.write_text(text, encoding="utf-8")
    files = [str(a), str(b)] if command == "sxs" else [str(a)]
    out = CliRunner().invoke(app, ["judge", command, *files, "--judge", "openai:m", "--template", str(template)])
    assert out.exit_code == 2
    assert str(template) in out.output and f"missing {missing}" in out.output
    assert len(out.output.strip().splitlines()) == 1
