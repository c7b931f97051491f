import json

from typer.testing import CliRunner

from tests.predict import synthetic
from xlt.cli import app
from xlt.predict import runs, validate


def test_cross_validation_reports_both_schemes(truth):
    table = synthetic.runs_table(truth, 60, seed=7)
    out = validate.cross_validate(table, max_folds=5, reps=300)
    for scheme in ("leave_one_run_out", "leave_one_language_out"):
        block = out[scheme]
        assert block["folds"] == 5
        assert set(block["mae"]) == {"xlt", "global_mean", "lang_mean", "gbm"}
        for name, diff in block["difference"].items():
            assert diff["low"] <= diff["mean"] <= diff["high"]
            assert abs(diff["mean"] - (block["mae"][name] - block["mae"]["xlt"])) < 1e-9
        assert block["difference"]["global_mean"]["low"] > 0  # xlt's model clearly better than the mean
    # held-out runs are easier than held-out languages for the per-language mean
    assert out["leave_one_run_out"]["mae"]["lang_mean"] < out["leave_one_language_out"]["mae"]["lang_mean"]


def test_cli_eval_and_cv_json(tmp_path, truth):
    train, test = tmp_path / "train.jsonl", tmp_path / "test.jsonl"
    runs.write_jsonl(synthetic.runs_table(truth, 40, seed=11), train)
    runs.write_jsonl(synthetic.runs_table(truth, 10, seed=12, reference=False), test)
    result = CliRunner().invoke(app, ["predict", "eval", str(train), str(test), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["n"] == 10 * len(truth.codes) and set(out["baselines"]) == {"global_mean", "lang_mean", "gbm"}
    result = CliRunner().invoke(app, ["predict", "cv", str(train), "--max-folds", "4", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["leave_one_run_out"]["folds"] == 4


def test_cross_validation_on_a_subsample_of_runs(truth):
    table = synthetic.runs_table(truth, 40, seed=7)
    out = validate.cross_validate(table, max_folds=3, reps=100, max_runs=25, gbm=dict(n_estimators=10))
    assert out["runs"] == 25 and out["sampled_from"] == 40
    assert out["rows"] == 25 * len(truth.codes)
    assert "sampled_from" not in validate.cross_validate(table, max_folds=3, reps=100, max_runs=40)
