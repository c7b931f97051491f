import json

import polars as pl
import pytest
from typer.testing import CliRunner

from xlt.cli import app
from xlt.errors import InputError
from xlt.predict import runs


def _write(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def test_jsonl_reads_counts_scores_and_aliases(tmp_path):
    path = _write(tmp_path / "runs.jsonl", [
        {"counts": {"en": 100, "spa": 50, "jp": 0}, "scores": {"en": 0.5, "jp": 0.25}, "task": "math"},
        {"counts": {}, "scores": {"en": 0.1}, "task": "math"},
    ])
    table = runs.load(path)
    assert table.runs[0].counts == {"en": 100.0, "es": 50.0}  # zero counts dropped, codes normalised
    assert table.runs[0].scores == {"en": 0.5, "ja": 0.25}
    assert table.runs[1].reference and table.task == "math"
    assert table.train_langs == ["en", "es"] and table.eval_langs == ["en", "ja"]


@pytest.mark.parametrize(
    "row, message",
    [
        ({"counts": {"en": 10}}, "missing 'scores'"),
        ({"counts": {"en": 10}, "scores": {}}, "non-empty"),
        ({"counts": {"en": -5}, "scores": {"en": 1.0}}, ">= 0"),
        ({"counts": {"en": "many"}, "scores": {"en": 1.0}}, "finite number"),
        ({"counts": {"en": True}, "scores": {"en": 1.0}}, "finite number"),
        ({"counts": {"xx-notalang": 5}, "scores": {"en": 1.0}}, "unknown language"),
        ({"counts": {"en": 5}, "scores": {"qqq1": 1.0}}, "unknown language"),
        ({"counts": {"en": 5}, "scores": {"en": "high"}}, "finite number"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path, row, message):
    path = _write(tmp_path / "bad.jsonl", [{"counts": {"en": 1}, "scores": {"en": 0.0}}, row])
    with pytest.raises(InputError, match=message) as err:
        runs.load(path)
    assert str(path) in str(err.value) and "line 2" in str(err.value)


def test_not_json_and_empty(tmp_path):
    with pytest.raises(InputError, match="line 1: not JSON"):
        runs.load(_write(tmp_path / "a.jsonl", ["{oops"]))
    with pytest.raises(InputError, match="no runs"):
        runs.load(_write(tmp_path / "b.jsonl", [""]))


def test_mixed_tasks_need_a_choice(tmp_path):
    path = _write(tmp_path / "m.jsonl", [
        {"counts": {"en": 1}, "scores": {"en": 0.1}, "task": "math"},
        {"counts": {"en": 1}, "scores": {"en": 0.2}, "task": "api"},
    ])
    with pytest.raises(InputError, match="--task"):
        runs.load(path)
    assert [r.scores["en"] for r in runs.load(path, task="api").runs] == [0.2]


def _results(rows):
    base = dict(model="micro", method="full", seed=0, designs=["custom"], kind="custom", label="x", params="{}",
                train_langs=[], total=0, task="math", metric="exact_match", n=50, ci_low=0.0, ci_high=1.0)
    return pl.DataFrame([{**base, **r} for r in rows])


def test_study_directory_on_the_contract(tmp_path):
    study = tmp_path / "study"
    study.mkdir()
    counts = json.dumps({"en": {"math": 300, "api": 100}, "sw": {"math": 50}})
    frame = _results([
        dict(run="r1", counts=counts, eval_lang="en", value=0.6),
        dict(run="r1", counts=counts, eval_lang="sw", value=0.3),
        dict(run="r1", counts=counts, eval_lang="sw", metric="lid_fidelity", value=0.9),
        dict(run="base", kind="reference", method="none", designs=["reference"], counts="{}", eval_lang="en", value=0.1),
        dict(run="r2", counts=json.dumps({"fi": {"math": 10}}), eval_lang="en", value=0.4),
    ])
    frame.write_parquet(study / "results.parquet")
    (study / "study.json").write_text(json.dumps({"tasks": ["math"], "resource": {"sw": "low"}, "exposure": {"micro": {"sw": 0.01}}}))
    table = runs.load(study)
    assert table.metric == "exact_match" and table.model == "micro" and table.task == "math"
    by_id = {r.run: r for r in table.runs}
    assert by_id["r1"].counts == {"en": 300.0, "sw": 50.0}  # the evaluated task's counts
    assert by_id["r1"].scores == {"en": 0.6, "sw": 0.3}
    assert by_id["base"].reference and by_id["base"].counts == {}
    assert table.resource == {"sw": "low"} and table.exposure == {"sw": 0.01}
    with pytest.raises(InputError, match="no results for metric"):
        runs.load(study, metric="rouge_l")


def test_study_directory_bad_counts(tmp_path):
    study = tmp_path / "study"
    study.mkdir()
    _results([dict(run="r1", counts=json.dumps({"en": {"math": -3}}), eval_lang="en", value=0.6)]).write_parquet(study / "results.parquet")
    with pytest.raises(InputError, match="run r1.*>= 0"):
        runs.load(study)


def test_cli_bad_input_exit_2(tmp_path):
    path = _write(tmp_path / "bad.jsonl", [{"counts": {"en": -1}, "scores": {"en": 0.5}}])
    result = CliRunner().invoke(app, ["predict", "cv", str(path), "--json"])
    assert result.exit_code == 2
    assert "line 1" in result.output and ">= 0" in result.output
