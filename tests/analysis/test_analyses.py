import numpy as np
import polars as pl
import pytest

from xlt.analysis import comparisons, curves, languages
from xlt.analysis.data import load_study_dir
from xlt.analysis.section import NotApplicable, Section
from tests.analysis.synthetic import DESIGNS, TransferModel, make_study_dir
from xlt.errors import InputError


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    path = make_study_dir(tmp_path_factory.mktemp("s") / "study", designs=DESIGNS, n_items=300, seeds=(0, 1),
                          methods=("full", "lora"), base_unseen=("sw",), judged=True)
    return load_study_dir(path)


def test_pinch_lift_recovers_the_known_effect(study):
    sections = curves.design_curves(study.results, study.items, study.study)
    pinch = next(s for s in sections if s.key == "curves_pinch")
    t = TransferModel()
    # P=1 against P=0 on languages outside the mixture: pinch_lift + diversity * log2(1 + 5)
    truth = 100 * (t.pinch_lift + t.diversity * np.log2(6))
    head = next(h for h in pinch.headlines if "exact_match" in h)
    lift = float(head.split(" by ")[1].split(" points")[0])
    lo, hi = (float(x) for x in head.split("[95% CI ")[1].split(";")[0].split(", "))
    assert lo - 2 < truth < hi + 2  # seed noise (sd 1 point per cell) sits on top of the item interval
    assert abs(lift - truth) < 5
    tab = pinch.table.filter((pl.col("metric") == "exact_match") & (pl.col("method") == "full"))
    assert set(tab["group"]) == {"English", "seen", "unseen"}
    assert (tab["ci_low"] <= tab["value"]).all() and (tab["value"] <= tab["ci_high"]).all()


def test_number_of_languages_correlates_with_unseen(study):
    sections = curves.design_curves(study.results, study.items, study.study)
    prog = next(s for s in sections if s.key == "curves_progressive")
    r = float(next(h for h in prog.headlines if "exact_match" in h).split("r = ")[1].split(" ")[0])
    assert r > 0.5  # the model adds diversity * log2(1 + k) outside the mixture


def test_heatmap_diagonal_is_highest(study):
    s = languages.monolingual_heatmap(study.results, study.items, study.study)
    t = s.table.filter(pl.col("metric") == "exact_match")
    diag = t.filter(pl.col("train_lang") == pl.col("eval_lang"))["value"].mean()
    off = t.filter(pl.col("train_lang") != pl.col("eval_lang"))["value"].mean()
    assert diag > off + 10


def test_exposure_groups_separate_languages_the_base_never_saw(study):
    s = languages.exposure_groups(study.results, study.items, study.study)
    t = s.table.filter(pl.col("metric") == "exact_match")
    unseen_base = t.filter((pl.col("base_model") == "unseen") & (pl.col("sft") == "unseen"))["value"][0]
    seen_base = t.filter((pl.col("base_model") == "seen") & (pl.col("sft") == "unseen"))["value"][0]
    assert unseen_base < seen_base


def test_robustness_drop_matches_fidelity(study):
    s = comparisons.robustness(study.results, study.items, study.study)
    t = s.table
    assert (t["drop"] > 0).mean() > 0.9  # the gate only removes points
    assert (t["ci_low"] <= t["drop"]).all()


def test_outlier_is_found_and_dropped(tmp_path):
    path = make_study_dir(tmp_path / "s", designs=("progressive",), outlier="first 6 languages", n_items=80,
                          truth=TransferModel(outlier_drop=0.4))
    d = load_study_dir(path)
    s = languages.similarity_correlations(d.results, d.items, d.study)
    assert "without first 6 languages" in set(s.table["runs"])
    assert s.figures and "Outlier left out" in s.figures[0].caption


def test_not_applicable_with_one_line_reason(tmp_path):
    path = make_study_dir(tmp_path / "s", designs=("pinch",), reference=False)
    d = load_study_dir(path)
    for fn in (languages.monolingual_heatmap, comparisons.paired_differences, comparisons.bilingual_pairs,
               comparisons.seeds, comparisons.recipe_tally, comparisons.if_l):
        out = fn(d.results, d.items, d.study)
        assert isinstance(out, NotApplicable) and "\n" not in out.reason and ":" in out.reason


def test_bad_results_raise_input_error(tmp_path):
    (tmp_path / "results.parquet").write_bytes(b"not parquet")
    with pytest.raises(InputError, match="Parquet"):
        load_study_dir(tmp_path)
    pl.DataFrame({"run": ["a"]}).write_parquet(tmp_path / "results.parquet")
    with pytest.raises(InputError, match="missing columns"):
        load_study_dir(tmp_path)


def test_zero_shot_and_recipe_tally_apply(study):
    z = languages.zero_shot_vs_direct(study.results, study.items, study.study)
    assert isinstance(z, Section) and z.table.height
    tally = comparisons.recipe_tally(study.results, study.items, study.study)
    assert tally.table["winner"].str.starts_with("full").mean() > 0.5  # LoRA costs 3 points in the model
