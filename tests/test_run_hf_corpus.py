"""A study whose corpus is a Hugging Face dataset with only a train split selects by validation loss and
evaluates on held-out ids: hf: corpora get validation and test from their train ids."""

from __future__ import annotations

import json

import polars as pl
import pytest
from typer.testing import CliRunner

from tests.evaluate.conftest import build_tiny_model
from xlt.cli import app

pytestmark = pytest.mark.slow


def test_train_only_hf_dataset_runs_with_val_loss(tmp_path):
    root = tmp_path / "mt-math"  # one config per language, rows parallel by index, no id, no split but train
    configs = []
    for lang in ("en", "es"):
        rows = [{"question": f"[{lang}] question {i}", "answer": f"[{lang}] answer {i % 10}"} for i in range(300)]
        (root / lang).mkdir(parents=True)
        (root / lang / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
        configs.append(f"- config_name: {lang}\n  data_files:\n  - split: train\n    path: {lang}/train.jsonl\n")
    (root / "README.md").write_text("---\nconfigs:\n" + "".join(configs) + "---\n")
    build_tiny_model(tmp_path / "tiny", chat=True)
    study = tmp_path / "hf.toml"
    study.write_text(f"""
name = "hf"
[models]
base = ["{tmp_path / 'tiny'}"]
[data]
corpus = "hf:{root}"
fields = {{ prompt = "question", response = "answer", lang_value = "{{config}}", task_value = "math" }}
budget = 60
[languages]
train = ["en", "es"]
eval = ["en", "es"]
[[design]]
kind = "monolingual"
[train]
epochs = 1
batch_size = 16
max_length = 48
select = "val_loss"
[eval]
limit = 4
decoding = {{ max_new_tokens = 4 }}
""")
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["run", str(study), "--out", str(out), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["trained"] == 2
    results = pl.read_parquet(out / "hf" / "results.parquet")
    assert set(results["eval_lang"]) == {"en", "es"}
    assert results.filter(pl.col("metric") == "exact_match")["n"].unique().to_list() == [4]
