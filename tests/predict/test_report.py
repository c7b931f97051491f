import polars as pl

from tests.analysis import synthetic
from xlt.analysis.data import load_study_dir
from xlt.analysis.section import NotApplicable, Section
from xlt.predict.report import transfer_section
from xlt.report.sections import SECTIONS


def test_section_on_a_study_with_enough_runs(tmp_path):
    data = load_study_dir(synthetic.make_study_dir(tmp_path / "s", n_runs=16, seed=3, n_items=30))
    section = transfer_section(data.results, data.items, data.study)
    assert isinstance(section, Section)
    mae = {(r["held_out"], r["model"]): r["mae"] for r in section.table.iter_rows(named=True)}
    assert set(mae) == {(h, m) for h in ("run", "language") for m in ("xlt", "global_mean", "lang_mean", "gbm")}
    assert mae[("run", "xlt")] < mae[("run", "global_mean")]
    (fig,) = section.figures
    fig.figure.savefig(tmp_path / "heat.png")
    assert (tmp_path / "heat.png").stat().st_size > 5000
    assert transfer_section in SECTIONS


def test_not_applicable_below_ten_runs(tmp_path):
    data = load_study_dir(synthetic.make_study_dir(tmp_path / "s", n_runs=16, seed=3, n_items=30))
    tuned = data.results.filter(pl.col("kind") != "reference")["run"].unique().sort().to_list()
    few = data.results.filter(~pl.col("run").is_in(tuned[9:]))
    assert few.filter(pl.col("kind") != "reference")["run"].n_unique() == 9
    result = transfer_section(few, data.items, data.study)
    assert isinstance(result, NotApplicable) and "fewer than 10" in result.reason


def test_section_says_what_it_cross_validated(tmp_path, monkeypatch):
    """With more runs than the report cross-validates, the table note and text name the subsample,
    the folds and the lighter GBM, and the heatmap's model is still fitted on every run."""
    from xlt.predict import report

    data = load_study_dir(synthetic.make_study_dir(tmp_path / "s", n_runs=16, seed=3, n_items=30))
    monkeypatch.setattr(report, "CV_RUNS", 12)
    section = transfer_section(data.results, data.items, data.study)
    assert isinstance(section, Section)
    n_runs = data.results["run"].n_unique()
    assert f"12 of the {n_runs} runs, drawn at random with seed {report.CV_SEED}" in section.table_note
    assert f"in {report.CV_FOLDS} folds" in section.table_note
    assert all(f"{k} {v}" in section.table_note for k, v in report.CV_GBM.items())
    assert set(section.table["folds"].to_list()) == {report.CV_FOLDS}
    assert f"Cross-validated on 12 of the {n_runs} runs" in section.text[0]
    tuned = data.results.filter(pl.col("kind") != "reference")["run"].n_unique()
    assert f"on {tuned} runs" in section.figures[0].caption

