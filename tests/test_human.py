"""Human rating sheets: blinded export, validated import, judge-human agreement as a report section."""

from __future__ import annotations

import csv
import json

import polars as pl
import pytest
from typer.testing import CliRunner

from xlt import human
from xlt.cli import app
from xlt.corpus import micro
from xlt.errors import InputError


def _run(study, name, outputs: dict, judge: dict, rows):
    """runs/<name>/eval/items.parquet as the pipeline writes it (id, lang, task, prompt, output, lid, metric, value)."""
    path = study / "runs" / name / "eval"
    path.mkdir(parents=True)
    recs = []
    for r in rows:
        out = outputs[(r["id"], r["lang"])]
        for metric, value in (("fidelity", 1.0), ("judge", judge[(r["id"], r["lang"])])):
            recs.append({"id": r["id"], "lang": r["lang"], "task": "instruct", "prompt": r["prompt"], "output": out,
                         "lid": r["lang"], "metric": metric, "value": value})
    pl.DataFrame(recs).write_parquet(path / "items.parquet")


@pytest.fixture
def study(tmp_path):
    rows = micro.generate(12, tasks=("instruct",), languages=("en", "ru", "ja")).to_dicts()
    root = tmp_path / "study"
    keys = [(r["id"], r["lang"]) for r in rows]
    # "tuned" answers with the reference (judge 3), "base" echoes the prompt (judge 1)
    _run(root, "tuned", {(r["id"], r["lang"]): r["response"] for r in rows}, dict.fromkeys(keys, 3.0), rows)
    _run(root, "base", {(r["id"], r["lang"]): r["prompt"] for r in rows}, dict.fromkeys(keys, 1.0), rows)
    (root / "study.json").write_text(json.dumps({"name": "t"}))
    return root


def _read(sheet):
    with open(sheet, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write(sheet, rows):
    with open(sheet, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=human.COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def _fill(sheet, key_file, truthful=True):
    """Raters who rate the reference excellent and the echo fail, and prefer the reference."""
    key = json.loads(key_file.read_text())
    rows = _read(sheet)
    for row, k in zip(rows, key["rows"], strict=True):
        good = "1" if k["response_1"] == "tuned" else "2"
        row[f"rating_{good}"] = "excellent"
        row[f"rating_{'2' if good == '1' else '1'}"] = "fail"
        row["preference"] = good if truthful else ("2" if good == "1" else "1")
        row["rater"] = "r1"
    _write(sheet, rows)


def test_export_is_blinded_seeded_and_shuffled(study, tmp_path):
    sheet = tmp_path / "sheet.csv"
    out = CliRunner().invoke(app, ["human", "export", str(study / "runs" / "tuned"), "--langs", "en,ru,ja", "--n", "5",
                                   "--against", "base", "--out", str(sheet)])
    assert out.exit_code == 0, out.output
    rows = _read(sheet)
    assert len(rows) == 15 and [r["lang"] for r in rows] == ["en"] * 5 + ["ru"] * 5 + ["ja"] * 5
    text = sheet.read_text(encoding="utf-8")
    assert "tuned" not in text and "base" not in text  # model names hidden
    key = json.loads(human.key_path(sheet).read_text())
    assert {k["response_1"] for k in key["rows"]} == {"tuned", "base"}  # order shuffled per row
    assert all(r["rating_1"] == r["rating_2"] == r["preference"] == "" for r in rows)
    again = tmp_path / "again.csv"
    human.export_sheet(study / "runs" / "tuned", ["en", "ru", "ja"], 5, again, against="base")
    assert again.read_text(encoding="utf-8") == text  # seeded
    other = tmp_path / "other.csv"
    human.export_sheet(study, ["en", "ru", "ja"], 5, other, run="tuned", seed=1)
    assert other.read_text(encoding="utf-8") != text


def test_import_writes_ratings_and_the_report_section(study, tmp_path):
    sheet = tmp_path / "sheet.csv"
    human.export_sheet(study / "runs" / "tuned", ["en", "ru", "ja"], 6, sheet)  # against defaults to base
    _fill(sheet, human.key_path(sheet))
    out = CliRunner().invoke(app, ["human", "import", str(sheet)])
    assert out.exit_code == 0, out.output
    ratings = pl.read_parquet(study / "human" / "ratings.parquet")
    assert ratings.height == 2 * 18
    tuned = ratings.filter(pl.col("run") == "tuned")
    assert set(tuned["rating"]) == {"excellent"} and set(tuned["preference"]) == {"win"}
    table, r, n_systems = human.agreement(study)
    assert table["agreement"].to_list() == [1.0, 1.0, 1.0] and table["items"].to_list() == [6, 6, 6]
    assert n_systems == 6 and r == pytest.approx(1.0)
    # re-importing the same sheet replaces its rows, and the section reads the study directory
    human.import_sheet(sheet)
    assert pl.read_parquet(study / "human" / "ratings.parquet").height == 36
    from xlt.analysis.data import ItemScores
    from xlt.analysis.section import Section
    from xlt.report.sections import SECTIONS

    assert human.human_agreement in SECTIONS
    section = human.human_agreement(None, ItemScores(None, str(study / "items.parquet")), {"name": "t"})
    assert isinstance(section, Section) and "100.0%" in section.headlines[0]


def test_raters_who_disagree_lower_agreement(study, tmp_path):
    sheet = tmp_path / "sheet.csv"
    human.export_sheet(study / "runs" / "tuned", ["en"], 8, sheet)
    _fill(sheet, human.key_path(sheet), truthful=False)
    human.import_sheet(sheet)
    table, _, _ = human.agreement(study)
    assert table["agreement"].to_list() == [0.0]


@pytest.mark.parametrize("damage", ["swap", "value", "edit", "drop"])
def test_a_sheet_that_does_not_match_the_export_is_refused(study, tmp_path, damage):
    sheet = tmp_path / "sheet.csv"
    human.export_sheet(study / "runs" / "tuned", ["en", "ru"], 4, sheet)
    _fill(sheet, human.key_path(sheet))
    rows = _read(sheet)
    if damage == "swap":
        rows[1], rows[2] = rows[2], rows[1]
    elif damage == "value":
        rows[2]["rating_1"] = "great"
    elif damage == "edit":
        rows[2]["response_2"] += " (edited)"
    else:
        rows.pop()
    _write(sheet, rows)
    out = CliRunner().invoke(app, ["human", "import", str(sheet)])
    assert out.exit_code == 2
    lines = out.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {sheet}: line ")
    if damage != "drop":
        # rows 1..3 are single-line or multi-line CSV records: the error names where the bad record starts
        with pytest.raises(InputError) as exc:
            human.read_sheet(sheet)
        bad_line = exc.value.key
        text = sheet.read_text(encoding="utf-8").split("\n")
        assert text[int(bad_line.split()[1]) - 1].startswith(rows[2 if damage != "swap" else 1]["row"] + ",")
    assert not (study / "human").exists()  # nothing written


def test_export_bad_input(study, tmp_path):
    out = CliRunner().invoke(app, ["human", "export", str(study / "runs" / "tuned"), "--langs", "xx-bad",
                                   "--out", str(tmp_path / "s.csv")])
    assert out.exit_code == 2 and "unknown language code" in out.output
    out = CliRunner().invoke(app, ["human", "export", str(study), "--langs", "en", "--out", str(tmp_path / "s.csv")])
    assert out.exit_code == 2 and "--run" in out.output and "tuned" in out.output
    assert not (tmp_path / "s.csv").exists()


def test_items_of_two_sets_with_one_task_stay_apart(tmp_path):
    """Eval items carry their set (what results report) apart from their task: a sheet shows the set."""
    root = tmp_path / "study"
    for run, answer in (("tuned", "good"), ("base", "bad")):
        path = root / "runs" / run / "eval"
        path.mkdir(parents=True)
        pl.DataFrame([{"id": "1", "lang": "en", "task": "instruct", "set": s, "prompt": f"{s} prompt", "output": f"{answer} {s}",
                       "lid": "en", "metric": "judge", "value": 1.0} for s in ("oasst", "alpacafarm")]).write_parquet(path / "items.parquet")
    sheet = human.export_sheet(root / "runs" / "tuned", ["en"], 5, tmp_path / "s.csv")
    assert sorted((r["task"], r["prompt"]) for r in _read(sheet)) == [("alpacafarm", "alpacafarm prompt"), ("oasst", "oasst prompt")]


@pytest.mark.parametrize("change, words", [
    ("run removed", ["run 'base' is not in the study's results", "runs with generations: tuned"]),
    ("language dropped", ["language 'ru' is not in run 'tuned''s results (it has en, ja)"]),
    ("item dropped", ["is not in run 'tuned''s results"]),
])
def test_a_sheet_row_the_studys_results_no_longer_hold_is_refused(study, tmp_path, change, words):
    sheet = tmp_path / "sheet.csv"
    human.export_sheet(study / "runs" / "tuned", ["en", "ru"], 3, sheet)
    _fill(sheet, human.key_path(sheet))
    key = json.loads(human.key_path(sheet).read_text())
    items = study / "runs" / "tuned" / "eval" / "items.parquet"
    if change == "run removed":
        (study / "runs" / "base").rename(study / "runs-base-old")
        bad = 0  # every row names both runs: the first one is refused
    elif change == "language dropped":  # re-evaluated since the export, without Russian
        pl.read_parquet(items).filter(pl.col("lang") != "ru").write_parquet(items)
        bad = next(i for i, k in enumerate(key["rows"]) if k["lang"] == "ru")
    else:
        gone = key["rows"][1]
        pl.read_parquet(items).filter((pl.col("id") != gone["id"]) | (pl.col("lang") != gone["lang"])).write_parquet(items)
        bad = 1
        words = [f"item {gone['id']!r} ({gone['lang']}, instruct)", *words]
    out = CliRunner().invoke(app, ["human", "import", str(sheet)])
    assert out.exit_code == 2, out.output
    lines = out.output.strip().splitlines()
    line = human._read_sheet(sheet)[2][bad]
    assert len(lines) == 1 and lines[0].startswith(f"error: {sheet}: {line}: "), lines
    for w in words:
        assert w in lines[0], lines[0]
    assert not (study / "human").exists()  # nothing written
