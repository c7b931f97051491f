"""[data] fields: a public layout's fields mapped to xlt's, by a preset name or a table, for every reader."""

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from tests.conftest import write_study
from xlt.cli import app
from xlt.corpus import corpus_stats, load_corpus, validate_corpus
from xlt.corpus.readers import FIELD_MAPS, field_map_for
from xlt.errors import InputError
from xlt.plan import load_and_plan

ALPACA_TABLE = {"prompt": "instruction", "input": "input", "response": "output", "lang_value": "{config}", "task_value": "instruct"}


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def alpaca_rows(n: int, lang: str = "en") -> list[dict]:
    return [{"instruction": f"[{lang}] do {i}", "input": "" if i % 2 else f"ctx {i}", "output": f"[{lang}] done {i}"} for i in range(n)]


def aya_rows(n: int, split: str) -> list[dict]:
    codes = ["eng", "arb", "zsm", "swh"]  # Aya writes ISO 639-3, individual languages where there is one
    return [{"inputs": f"{split} question {i}", "targets": f"answer {i}", "language": "x", "language_code": codes[i % 4],
             "annotation_type": "original-annotations", "user_id": f"u{i % 7}"} for i in range(n)]


def hf_folder(root: Path, configs: dict[str, dict[str, list[dict]]]) -> Path:
    """A local dataset repository: one folder per config, one JSONL file per split, configs in README.md."""
    lines = []
    for config, splits in configs.items():
        lines.append(f"- config_name: {config}\n  data_files:\n")
        for split, rows in splits.items():
            write_jsonl(root / config / f"{split}.jsonl", rows)
            lines.append(f"  - split: {split}\n    path: {config}/{split}.jsonl\n")
    (root / "README.md").write_text("---\nconfigs:\n" + "".join(lines) + "---\n")
    return root


def test_presets_by_dataset_id():
    assert field_map_for("yahma/alpaca-cleaned") == FIELD_MAPS["alpaca"]
    assert field_map_for("tatsu-lab/alpaca") == FIELD_MAPS["alpaca"]
    assert field_map_for("MBZUAI/Bactrian-X") == FIELD_MAPS["bactrian-x"]
    assert field_map_for("CohereForAI/aya_dataset") == FIELD_MAPS["aya"]
    assert field_map_for("someone/parallel-corpus") == FIELD_MAPS["corpus"]
    assert field_map_for("yahma/alpaca-cleaned", {"prompt": "q", "response": "a", "lang_value": "de", "task_value": "t"}).prompt == ("q",)


def test_a_table_maps_a_jsonl_file_with_its_own_columns(tmp_path):
    rows = [{"question": f"q{i}", "system": "" if i % 2 else "Be brief.", "answer": f"a{i}", "language_code": ["arb", "zsm", "nob"][i % 3],
             "category": "qa"} for i in range(30)]
    path = write_jsonl(tmp_path / "c.jsonl", rows)
    fields = {"prompt": ["system", "question"], "response": "answer", "lang": "language_code", "task": "category"}
    t = load_corpus(f"jsonl:{path}", fields=fields)
    assert corpus_stats(t) == {"ar": {"qa": 10}, "ms": {"qa": 10}, "no": {"qa": 10}}  # one code per language
    assert t.filter(pl.col("id") == "0")["prompt"].item() == "Be brief.\n\nq0"  # no id column: the row index
    assert t.filter(pl.col("id") == "1")["prompt"].item() == "q1"  # empty fields skipped
    assert validate_corpus(t).errors == []
    pl.DataFrame(rows).write_parquet(tmp_path / "raw.parquet")  # parquet: the same mapping, the same table
    assert load_corpus(f"parquet:{tmp_path / 'raw.parquet'}", fields=fields).equals(t)


def test_constants_and_an_id_column(tmp_path):
    rows = [{"uid": f"x{i}", "instruction": f"i{i}", "output": f"o{i}"} for i in range(10)]
    path = write_jsonl(tmp_path / "c.jsonl", rows)
    t = load_corpus(f"jsonl:{path}", fields={"id": "uid", "prompt": "instruction", "response": "output", "lang_value": "swh", "task_value": "chat"})
    assert set(t["lang"]) == {"sw"} and set(t["task"]) == {"chat"} and sorted(t["id"]) == sorted(f"x{i}" for i in range(10))


def test_row_index_ids_are_parallel_across_per_language_configs(tmp_path):
    """A translated Alpaca, one config per language, no id: row i is one example in every language."""
    root = hf_folder(tmp_path / "alpaca-mt", {lang: {"train": alpaca_rows(40, lang)} for lang in ("en", "es", "nb")})
    t = load_corpus(f"hf:{root}", fields=ALPACA_TABLE)
    assert corpus_stats(t) == {"en": {"instruct": 40}, "es": {"instruct": 40}, "no": {"instruct": 40}}
    assert validate_corpus(t).ids_missing_languages == {}
    assert t.filter(pl.col("id") == "4").sort("lang")["prompt"].to_list() == ["[en] do 4\n\nctx 4", "[es] do 4\n\nctx 4", "[nb] do 4\n\nctx 4"]
    assert t.group_by("id").agg(pl.col("split").n_unique().alias("k"))["k"].max() == 1


def test_aya_layout_by_dataset_id(tmp_path):
    """Aya: inputs/targets/language_code, a default config beside a demographics one, train and test splits."""
    root = hf_folder(tmp_path / "aya_dataset", {
        "default": {"train": aya_rows(400, "train"), "test": aya_rows(20, "test")},
        "demographics": {"train": [{"user_id": "u1", "age_range": [20, 30], "gender": "x"}]},
    })
    t = load_corpus(f"hf:{root}", holdout=0.1)
    assert set(t["lang"]) == {"en", "ar", "ms", "sw"} and set(t["task"]) == {"instruct"}
    test = t.filter(pl.col("split") == "test")
    assert test.height == 20 and test["prompt"].str.starts_with("test question").all()  # the source's test split, kept
    assert 5 <= t.filter(pl.col("split") == "validation").height <= 40  # carved from train, there being none
    assert t["id"].n_unique() == t.height  # row indexes do not collide across splits
    assert t.filter(pl.col("prompt") == "train question 3")["response"].item() == "answer 3"


def test_a_corpus_lacking_fields_gets_one_line_naming_them_and_the_mapping(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", alpaca_rows(5))
    with pytest.raises(InputError) as err:
        load_corpus(f"jsonl:{path}")
    msg = str(err.value)
    assert len(msg.splitlines()) == 1 and str(path) in msg
    assert "has input, instruction, output" in msg
    assert 'add [data] fields = { prompt = "instruction", input = "input", response = "output", lang_value = "<code>", task_value = "<task>" }' in msg
    assert 'or fields = "alpaca"' in msg

    root = hf_folder(tmp_path / "other", {"default": {"train": [{"inputs": "q", "targets": "a", "lang": "de"}]}})
    with pytest.raises(InputError, match=r'has inputs, lang, targets; add \[data\] fields = \{ prompt = "inputs", response = "targets", lang = "lang"'):
        load_corpus(f"hf:{root}")
    with pytest.raises(InputError, match=r"lacks field\(s\) \['question'\]"):
        load_corpus(f"jsonl:{path}", fields={"prompt": "question", "response": "output", "lang_value": "en", "task_value": "t"})


@pytest.mark.parametrize(
    "fields, message",
    [
        ('"alpacca"', "data.fields: unknown field mapping 'alpacca'"),
        ("3", "data.fields: expected a preset name or a table, got 3"),
        ('{ prompt = 1, response = "o", lang_value = "en", task_value = "t" }', "data.fields: prompt must be a field name"),
        ('{ promt = "instruction" }', "data.fields: unknown key 'promt'"),
        ('{ prompt = "instruction", response = "output", lang = "l", lang_value = "en", task_value = "t" }', "data.fields: lang and lang_value"),
        ('{ prompt = "instruction", response = "output", task_value = "t" }', "data.fields: no language: add lang"),
        ('{ prompt = "instruction", response = "output", lang_value = "xx", task_value = "t" }', "data.fields: lang_value: unknown language code 'xx'"),
        ('{ response = "output", lang_value = "en", task_value = "t" }', "data.fields: no prompt"),
    ],
)
def test_bad_mappings_are_refused_when_the_study_loads(tmp_path, fields, message):
    path = write_study(tmp_path / "s.toml", study(tmp_path, f"fields = {fields}"))
    res = CliRunner().invoke(app, ["plan", str(path)])
    assert res.exit_code == 2 and len(res.stderr.strip().splitlines()) == 1 and message in res.stderr, res.stderr


def study(tmp_path: Path, fields_line: str) -> str:
    write_jsonl(tmp_path / "alpaca.jsonl", alpaca_rows(300))
    return f"""
name = "t"
[data]
corpus = "jsonl:{tmp_path / 'alpaca.jsonl'}"
tasks = ["instruct"]
budget = 100
{fields_line}
[languages]
train = ["en"]
eval = ["en"]
[[design]]
kind = "monolingual"
"""


def test_a_study_maps_its_corpus_with_a_table_or_a_preset(tmp_path):
    for fields in ('{ prompt = "instruction", input = "input", response = "output", lang_value = "en", task_value = "instruct" }', '"alpaca"'):
        _, runs, corpus = load_and_plan(write_study(tmp_path / "s.toml", study(tmp_path, f"fields = {fields}")))
        assert runs[0].counts == {"en": {"instruct": 100}} and corpus.filter(pl.col("id") == "0")["prompt"].item() == "[en] do 0\n\nctx 0"


def test_corpus_command_takes_a_preset_or_a_table(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", alpaca_rows(12))
    for fields in ("alpaca", '{ prompt = "instruction", response = "output", lang_value = "de", task_value = "instruct" }'):
        res = CliRunner().invoke(app, ["corpus", f"jsonl:{path}", "--fields", fields, "--json"])
        assert res.exit_code == 0, res.output
        assert list(json.loads(res.stdout).values()) == [{"instruct": 12}]
    res = CliRunner().invoke(app, ["corpus", f"jsonl:{path}", "--fields", "{ prompt = "])
    assert res.exit_code == 2 and "--fields" in res.stderr
