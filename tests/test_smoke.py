"""`xlt run STUDY --smoke`: the whole pipeline on the study's own model and data, cut to the bone, apart from the real run."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from tests.conftest import write_parallel_corpus
from tests.evaluate.conftest import build_tiny_model
from xlt.cli import app
from xlt.smoke import SMOKE_ITEMS, SMOKE_ROWS, SMOKE_STEPS, smoke_overrides

KINDS = ("pinch", "monolingual", "num_languages", "bilingual_pairs", "sets", "custom", "incremental", "budget", "progressive")


def smoke_study(root: Path) -> Path:
    write_parallel_corpus(root / "c.jsonl", ["en", "es", "ru", "zh"], 600)
    build_tiny_model(root / "tiny", chat=True)
    path = root / "big.toml"
    path.write_text(f"""
name = "big"
seeds = [3, 4, 5]
[models]
base = ["{root / 'tiny'}"]
method = ["full", "lora"]
reference = true
lora = {{ r = 4, alpha = 8, target_modules = ["q_proj", "v_proj"] }}
[data]
corpus = "jsonl:{root / 'c.jsonl'}"
budget = 400
[languages]
train = ["en", "es", "ru"]
eval = ["en", "es", "zh"]
[[design]]
kind = "pinch"
percent = [0, 1, 10, 50]
[[design]]
kind = "pinch"
name = "unseen"
languages = ["es", "ru"]
percent = [5]
[[design]]
kind = "monolingual"
[[design]]
kind = "num_languages"
k = [1, 2, 3]
[[design]]
kind = "bilingual_pairs"
pairs = 1
[[design]]
kind = "sets"
sets = [["en"], ["en", "es"]]
[[design]]
kind = "custom"
counts = {{ en = 300, ru = 100 }}
[[design]]
kind = "incremental"
english = 200
per_language = [0, 50, 100]
[[design]]
kind = "budget"
variants = ["monolingual", "multilingual"]
per_language = 100
[[design]]
kind = "progressive"
per_language = 100
[train]
epochs = 5
batch_size = 4
max_length = 48
eval_steps = 500  # a real study's: the Trainer still evaluates at the last of the few steps
[eval]
limit = 50
decoding = {{ max_new_tokens = 4 }}
""")
    return path


@pytest.mark.slow
def test_smoke_runs_every_design_kind_end_to_end_apart_from_the_real_run(tmp_path):
    path = smoke_study(tmp_path)
    out = tmp_path / "out"
    full = json.loads(CliRunner().invoke(app, ["plan", str(path), "--json"]).stdout)
    res = CliRunner().invoke(app, ["run", str(path), "--out", str(out), "--smoke", "--json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert summary["study_dir"] == str(out / "big-smoke") and not (out / "big").exists()
    assert summary["runs"] <= 12 < len(full)

    sdir = out / "big-smoke"
    results = pl.read_parquet(sdir / "results.parquet")
    kinds = {k for ks in results["designs"].to_list() for k in ks}
    assert kinds == set(KINDS) | {"reference"}
    assert set(results["method"]) == {"full", "lora", "none"} and set(results.filter(pl.col("method") != "none")["seed"]) == {3}
    assert set(results["eval_lang"]) == {"en", "es", "zh"} and results["n"].max() <= SMOKE_ITEMS
    reports = [json.loads((run / "model" / "train_report.json").read_text()) for run in (sdir / "runs").iterdir() if (run / "model").exists()]
    assert reports and all(r["steps"] == SMOKE_STEPS and sum(r["examples"].values()) <= SMOKE_ROWS for r in reports)
    page = (sdir / "report" / "index.html").read_text()
    assert "SMOKE" in page[: page.index("<header>")]
    assert "max_steps" in (sdir / "study.toml").read_text()

    again = CliRunner().invoke(app, ["run", str(path), "--out", str(out), "--smoke", "--json"])
    assert json.loads(again.stdout)["trained"] == 0  # smoke artifacts are content-addressed like real ones


def test_smoke_overrides_cut_seeds_steps_and_every_eval_set():
    data = {"name": "s", "seeds": [7, 8], "eval": {"sets": [{"name": "a"}, {"name": "b"}]},
            "models": {"override": [{"match": "*", "max_steps": 99}, {"match": "x", "eval_steps": 500}]}}
    assert smoke_overrides(data) == [
        'name="s-smoke"', "seeds=[7]", f"train.max_steps={SMOKE_STEPS}", f"models.override.0.max_steps={SMOKE_STEPS}",
        f"eval.limit={SMOKE_ITEMS}", f"eval.sets.0.limit={SMOKE_ITEMS}", f"eval.sets.1.limit={SMOKE_ITEMS}",
    ]


def test_smoke_overrides_train_every_design_at_the_studys_first_seed():
    data = {"name": "s", "design": [{"kind": "pinch", "seeds": [5, 6]}, {"kind": "monolingual"}, {"kind": "budget", "seeds": [9]}]}
    assert [o for o in smoke_overrides(data) if "seeds" in o] == ["design.0.seeds=[0]", "design.2.seeds=[0]"]
    assert [o for o in smoke_overrides({**data, "seed": 3}) if "seeds" in o] == ["design.0.seeds=[3]", "design.2.seeds=[3]"]
    assert [o for o in smoke_overrides({**data, "seeds": [4, 5]}) if "seeds" in o] == ["seeds=[4]", "design.0.seeds=[4]", "design.2.seeds=[4]"]


@pytest.mark.parametrize("bad", [{"seeds": "ab"}, {"seeds": ["x"]}, {"seed": "one", "design": [{"kind": "pinch", "seeds": [1]}]}])
def test_smoke_leaves_mistyped_seeds_to_validation(bad):
    """A mistyped seed is not cut (int() would crash): the study's validation names it in one line."""
    assert not [o for o in smoke_overrides({"name": "s", **bad}) if "seeds" in o]


@pytest.mark.slow
def test_smoke_translates_only_a_few_ids(tmp_path, monkeypatch):
    """A study that machine-translates its corpus sends a few requests under --smoke, not the corpus."""
    from tests.translate.endpoint import Endpoint

    src = write_parallel_corpus(tmp_path / "en.jsonl", ["en"], 400)
    build_tiny_model(tmp_path / "tiny", chat=True)
    path = tmp_path / "t.toml"
    path.write_text(f"""
name = "t"
[models]
base = ["{tmp_path / 'tiny'}"]
[data]
corpus = "jsonl:{src}"
budget = 300
translate = {{ from = "en", engine = "openai:mt", to = "train+eval" }}
[languages]
train = ["en", "es"]
eval = ["en", "es", "fr"]
[[design]]
kind = "pinch"
percent = [10]
[[design]]
kind = "monolingual"
[train]
batch_size = 4
max_length = 48
[eval]
decoding = {{ max_new_tokens = 4 }}
""")
    with Endpoint() as ep:
        monkeypatch.setenv("OPENAI_BASE_URL", ep.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
        res = CliRunner().invoke(app, ["run", str(path), "--out", str(tmp_path / "out"), "--smoke", "--json"])
        assert res.exit_code == 0, res.output
        full = 400 * 2 * 2  # ids x fields x target languages
        assert 0 < ep.received <= 2 * 2 * (SMOKE_ROWS + 6 + 16 + SMOKE_ITEMS) < full / 4
    results = pl.read_parquet(tmp_path / "out" / "t-smoke" / "results.parquet")
    assert set(results["eval_lang"]) == {"en", "es", "fr"}
