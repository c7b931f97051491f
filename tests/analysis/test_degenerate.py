"""Degenerate results never break or mislead the report: all-zero, all-NaN and null scores, a single run,
a design name with a slash, an evaluation language without scores. Each case is a study directory written
by the synthetic generator and then damaged the way a real study can be."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from xlt.analysis import PAPER_ANALYSES, comparisons, curves
from xlt.report.page import build_report
from tests.analysis.synthetic import DESIGNS, make_study_dir
from xlt.cli import app


def _set_values(path: Path, value) -> None:
    for name in ("results.parquet", "items.parquet"):
        df = pl.read_parquet(path / name)
        df.with_columns(value=pl.lit(value, dtype=pl.Float64)).write_parquet(path / name)


def _single_run(path: Path) -> None:
    results = pl.read_parquet(path / "results.parquet")
    run = results.filter(pl.col("kind") != "reference")["run"][0]
    for name in ("results.parquet", "items.parquet"):
        pl.read_parquet(path / name).filter(pl.col("run") == run).write_parquet(path / name)


def _slash_in_design_name(path: Path) -> None:
    results = pl.read_parquet(path / "results.parquet")
    results.with_columns(instances=pl.col("designs").list.eval(pl.element() + ":a/../b")).write_parquet(
        path / "results.parquet")


def _language_without_scores(path: Path) -> None:
    study = json.loads((path / "study.json").read_text())
    study["eval"].append("yo")
    study["unseen"].append("yo")
    (path / "study.json").write_text(json.dumps(study))


CASES = {
    "all_zero": lambda p: _set_values(p, 0.0),
    "all_nan": lambda p: _set_values(p, float("nan")),
    "null": lambda p: _set_values(p, None),
    "single_run": _single_run,
    "slash": _slash_in_design_name,
    "no_items_language": _language_without_scores,
}


@pytest.fixture(scope="module", params=list(CASES))
def case(request, tmp_path_factory):
    path = make_study_dir(tmp_path_factory.mktemp(request.param) / "study", designs=DESIGNS, n_items=8, judged=True)
    CASES[request.param](path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        page = build_report(path, PAPER_ANALYSES)
    return request.param, page, page.read_text(), caught


def _findings(html: str) -> list[str]:
    m = re.search(r"<ul class='findings'>(.*?)</ul>", html, re.S)
    return [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<li>(.*?)</li>", m.group(1), re.S)] if m else []


def test_no_section_fails(case):
    name, _, html, _ = case
    assert "class='failed'" not in html, (name, re.findall(r"<p class='failed'>([^<]*)</p>", html))


def test_no_number_is_nan_or_infinite(case):
    name, _, html, _ = case
    text = re.sub(r"<[^>]+>", " ", html.split("<main>")[1])
    assert not re.findall(r"[+-]?\b(?:nan|inf)\b", text, re.I), (name, re.findall(r".{80}\bnan\b.{40}", text, re.I))


def test_no_warning_escapes_the_analyses(case):
    name, _, _, caught = case
    ours = [f"{w.filename}:{w.lineno}: {w.message}" for w in caught if "xlt" in w.filename]
    assert not ours, (name, ours)


def test_findings_state_ties_as_ties(case):
    name, _, html, _ = case
    for h in _findings(html):
        assert not re.search(r"(lifted|lowered) .* by 0\.0 ", h), (name, h)
        best_worst = re.search(r"on (\S+) transfers best .* on (\S+) worst", h)
        assert not (best_worst and best_worst.group(1) == best_worst.group(2)), (name, h)
        most_least = re.search(r"most robust recipe: (.*?) \(.*least: (.*?) \(", h)
        assert not (most_least and most_least.group(1) == most_least.group(2)), (name, h)
        assert "n/a" not in h, (name, h)  # a finding says what is missing in words


def test_every_figure_and_table_lies_in_the_report_folder(case):
    name, page, html, _ = case
    links = re.findall(r"(?:src|href)='([^'#]+)'", html)
    assert links or name in ("all_nan", "null")
    for link in links:
        assert "/" not in link and not link.startswith("."), link
        assert (page.parent / link).is_file(), link
    assert {p.parent for p in page.parent.rglob("*")} == {page.parent}


def test_null_scores_report_through_the_cli(tmp_path):
    path = make_study_dir(tmp_path / "study", designs=("pinch",), n_items=8)
    _set_values(path, None)
    res = CliRunner().invoke(app, ["report", str(path)])
    assert res.exit_code == 0, res.output
    html = (path / "report" / "index.html").read_text()
    assert "no task has a score" in html
    assert "section failed" not in html  # every section, the transfer one included, says why it is left out instead


def test_a_language_without_scores_is_not_counted(tmp_path):
    path = make_study_dir(tmp_path / "study", designs=("pinch",), n_items=8)
    _language_without_scores(path)
    html = build_report(path, [curves.design_curves]).read_text()
    pinch = [h for h in _findings(html) if h.startswith("A pinch of 1%")]
    assert pinch and "unseen languages (6)" in pinch[0], pinch


@pytest.mark.parametrize("case", ["all_nan", "null"], indirect=True)
def test_without_any_score_the_report_says_why_sections_are_left_out(case):
    _, _, html, _ = case
    assert "No analysis produced a headline" in html
    assert "no scores" in html


def test_seen_unseen_gap_is_the_difference_of_the_numbers_shown(tmp_path):
    path = make_study_dir(tmp_path / "study", designs=("pinch", "num_languages"), n_items=20)
    html = build_report(path, [comparisons.seen_unseen]).read_text()
    found = 0
    for h in _findings(html):
        m = re.search(r"mixture scored (-?[\d.]+) and languages outside it (-?[\d.]+) .*: a gap of (-?[\d.]+) ", h)
        if m:
            seen, unseen, gap = map(float, m.groups())
            assert abs((seen - unseen) - gap) <= 0.1 + 1e-9, h
            found += 1
    assert found


def test_pinch_with_equal_scores_says_unchanged(tmp_path):
    path = make_study_dir(tmp_path / "study", designs=("pinch",), n_items=8)
    _set_values(path, 0.0)
    html = build_report(path, [curves.design_curves]).read_text()
    pinch = [h for h in _findings(html) if h.startswith("A pinch of 1%")]
    assert pinch and "did not change" in pinch[0] and "lowered" not in pinch[0], pinch
