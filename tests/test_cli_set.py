"""`--set KEY=VALUE` on `xlt plan` and `xlt run`, and `xlt plan --smoke` (no training here)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.conftest import write_parallel_corpus, write_study
from xlt.cli import app
from xlt.errors import InputError
from xlt.study import apply_overrides, parse_override


def test_values_are_toml_else_bare_strings():
    assert parse_override("train.learning_rate=2e-5") == ("train.learning_rate", 2e-5)
    assert parse_override('models.base=["/models/q", "x"]') == ("models.base", ["/models/q", "x"])
    assert parse_override("data.corpus=jsonl:data.jsonl") == ("data.corpus", "jsonl:data.jsonl")
    assert parse_override("models.reference=true") == ("models.reference", True)
    assert parse_override("models.lora={ r = 8 }") == ("models.lora", {"r": 8})
    assert parse_override("name=a=b") == ("name", "a=b")
    for bad in ("novalue", "=1", "a..b=1"):
        with pytest.raises(InputError, match="--set"):
            parse_override(bad)


def test_dotted_keys_reach_tables_and_list_items():
    data = {"eval": {"sets": [{"name": "m", "data": "old"}]}, "train": {"epochs": 3}}
    out = apply_overrides(data, ["eval.sets.0.data=new", "train.epochs=1", "eval.sets.1.name=x", "execution.workers=4"])
    assert out == {"eval": {"sets": [{"name": "m", "data": "new"}, {"name": "x"}]}, "train": {"epochs": 1}, "execution": {"workers": 4}}
    assert data["eval"]["sets"][0]["data"] == "old"  # the study's dict is left alone
    assert apply_overrides({}, ["eval.sets.0.name=m"]) == {"eval": {"sets": [{"name": "m"}]}}
    with pytest.raises(InputError, match=r"eval\.sets\.5.*2 entries"):
        apply_overrides(out, ["eval.sets.5.data=x"])
    with pytest.raises(InputError, match=r"'train.epochs' is a value"):
        apply_overrides(out, ["train.epochs.x=1"])


STUDY = """
name = "s"
[models]
base = ["m1"]
[data]
corpus = "jsonl:{corpus}"
budget = 100
[languages]
train = ["en", "es", "ru"]
eval = ["en", "es"]
[[design]]
kind = "pinch"
percent = [0, 10]
[[design]]
kind = "monolingual"
name = "mono"
[[design]]
kind = "num_languages"
k = [2]
"""


@pytest.fixture
def study(tmp_path):
    corpus = write_parallel_corpus(tmp_path / "c.jsonl", ["en", "es", "ru", "zh"], 300)
    return write_study(tmp_path / "s.toml", STUDY.format(corpus=corpus))


def plan(*args):
    res = CliRunner().invoke(app, ["plan", *map(str, args), "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_plan_takes_overrides(study):
    runs = plan(study, "--set", "data.budget=60", "--set", 'models.base=["a", "b"]', "--set", "models.method=['full', 'lora']")
    assert {r["total"] for r in runs} == {60} and {r["model"] for r in runs} == {"a", "b"} and {r["method"] for r in runs} == {"full", "lora"}
    assert len(runs) == 2 * 2 * len(plan(study))


def test_bad_override_names_the_dotted_key_and_set(study):
    res = CliRunner().invoke(app, ["plan", str(study), "--set", "train.learning_rate=fast"])
    assert res.exit_code == 2 and "with --set" in res.stderr and "train.learning_rate" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    res = CliRunner().invoke(app, ["plan", str(study), "--set", "languages.eval.7=en"])
    assert res.exit_code == 2 and "languages.eval.7" in res.stderr
    res = CliRunner().invoke(app, ["plan", str(study), "--set", "data.budget=-3"])
    assert res.exit_code == 2 and "data.budget: Input should be greater than 0" in res.stderr  # "budget" is also a design kind
    res = CliRunner().invoke(app, ["plan", str(study), "--set", "design.0.percent=[200]"])
    assert res.exit_code == 2 and "design[0].percent" in res.stderr


def test_plan_smoke_covers_every_design_model_and_method_with_a_handful_of_small_runs(study):
    full = plan(study, "--set", 'models.base=["a", "b"]', "--set", "models.method=['full', 'lora']", "--set", "models.reference=true")
    cut = plan(study, "--smoke", "--set", 'models.base=["a", "b"]', "--set", "models.method=['full', 'lora']", "--set", "models.reference=true")
    assert len(cut) < len(full) / 3
    assert {k for r in cut for k in r["design"]} == {k for r in full for k in r["design"]} == {"pinch", "monolingual", "num_languages", "reference"}
    assert {r["model"] for r in cut} == {"a", "b"} and {r["method"] for r in cut} == {"full", "lora", "none"}
    assert all(r["total"] <= 32 for r in cut) and all(r["recipe"]["max_steps"] == 2 for r in cut if r["method"] != "none")
    trained = [r for r in cut if r["total"]]
    for r in trained:  # every language the full run trains on is still there
        original = next(f for f in full if f["labels"] == r["labels"] and f["model"] == r["model"] and f["method"] == r["method"])
        assert {x for x, per in r["counts"].items() if sum(per.values())} == {x for x, per in original["counts"].items() if sum(per.values())}
        assert r["id"] != original["id"] and r["mixture"] != original["mixture"]
