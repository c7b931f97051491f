"""Human ratings: a blinded rating sheet from two runs' generations, its import, and judge-human agreement.

`export_sheet` samples items per language (seeded), shows the two systems' responses in a per-row
shuffled order as response_1/response_2 with no model names, and asks for Shaham et al.'s rating of
each response (excellent / pass / fail) and a side-by-side choice (1 / 2 / tie). The key that maps
1/2 back to the runs is a sidecar JSON next to the sheet (SHEET.key.json), with a digest per row so
an edited or reordered sheet is refused on import. `import_sheet` validates every row against the key
and writes `<study>/human/ratings.parquet` (one row per item x system). `human_agreement` is a report
section: per-item agreement between the judge and the raters per language, and the system-level
Pearson r between judge and human scores (Shaham: 75-79.5% agreement; Chen: r 0.87-0.97).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import tempfile
from pathlib import Path

import polars as pl

from xlt import languages
from xlt.analysis.section import NotApplicable, Section
from xlt.errors import InputError
from xlt.store import write_parquet

RATINGS = {"excellent": 1.0, "pass": 0.5, "fail": 0.0}  # Shaham et al.'s scale, as a score
CHOICES = ("1", "2", "tie")
COLUMNS = ("row", "item", "lang", "task", "prompt", "response_1", "response_2", "rating_1", "rating_2", "preference",
           "rater", "comment")
RATER_COLUMNS = ("rating_1", "rating_2", "preference", "rater", "comment")
# per-item judge metrics, in order of preference, that say which response the judge found better
JUDGE_METRICS = ("judge", "exact_match", "call_match", "rouge_l")


# --- export ------------------------------------------------------------------------------------------


def _locate(source: str | Path, run: str | None) -> tuple[Path, str]:
    """(study dir, run id) from a run directory (<study>/runs/<id>) or a study directory plus a run id."""
    path = Path(source)
    if (path / "eval" / "items.parquet").exists() and path.parent.name == "runs":
        return path.parent.parent, path.name
    if (path / "runs").is_dir():
        runs = sorted(p.name for p in (path / "runs").iterdir() if (p / "eval" / "items.parquet").exists())
        if run is None or run not in runs:
            raise InputError(f"name the run to rate with --run (runs with generations: {', '.join(runs) or 'none'})",
                             source=str(path), key="run")
        return path, run
    raise InputError("expected a run directory (<study>/runs/<id>, holding eval/items.parquet) or a study directory",
                     source=str(path))


def _generations(study: Path, run: str) -> pl.DataFrame:
    """One row per generated item of a run: task, id, lang, prompt, output, and the judge's per-item score."""
    path = study / "runs" / run / "eval" / "items.parquet"
    if not path.exists():
        raise InputError(f"run {run!r} has no generations", source=str(path))
    try:
        table = pl.read_parquet(path)
    except Exception as exc:  # noqa: BLE001 - polars/pyarrow raise many types for a bad file
        raise InputError(f"cannot read as Parquet: {exc}", source=str(path)) from None
    missing = [c for c in ("id", "lang", "task", "prompt", "output", "metric", "value") if c not in table.columns]
    if missing:
        raise InputError(f"missing columns {missing}; expected id, lang, task, prompt, output, lid, metric, value",
                         source=str(path))
    if "set" in table.columns:  # an item is shown under its set's name, as results report it (two sets may share a task)
        table = table.with_columns(pl.col("set").alias("task"))
    return table.filter(pl.col("output").is_not_null()).unique(["task", "id", "lang"], keep="first", maintain_order=True)


def _digest(*parts: str) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def key_path(sheet: str | Path) -> Path:
    sheet = Path(sheet)
    return sheet.with_name(sheet.stem + ".key.json")


def export_sheet(source: str | Path, langs: list[str], n: int, out: str | Path, against: str | None = None,
                 run: str | None = None, seed: int = 0) -> Path:
    """Write a blinded rating sheet (CSV) and its key (SHEET.key.json); returns the sheet's path.

    The rated run is the run directory given (or --run in a study directory); it is compared with
    `against` (default: the untuned base model's run "base"). n items per language, sampled with the seed
    from the items both runs answered.
    """
    study, run = _locate(source, run)
    against = against or "base"
    if against == run:
        raise InputError("--against must name another run than the one rated", key="against")
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise InputError(f"--n must be a positive integer, got {n!r}", key="n")
    try:
        codes = [languages.normalize(code) for code in langs]
    except languages.UnknownLanguage as exc:
        raise InputError(f"unknown language code {exc.args[0]!r}", key="langs") from None
    a, b = _generations(study, run), _generations(study, against)
    both = a.select("task", "id", "lang", "prompt", "output").join(
        b.select("task", "id", "lang", pl.col("output").alias("output_b")), on=["task", "id", "lang"])
    rows, keys = [], []
    for code in codes:
        pool = both.filter(pl.col("lang") == code).sort("task", "id")
        if pool.height == 0:
            raise InputError(f"no items in {code!r} answered by both {run!r} and {against!r}", key="langs")
        rng = random.Random(f"xlt.human:{seed}:{code}")
        picked = sorted(rng.sample(range(pool.height), min(n, pool.height)))
        for i in picked:
            r = pool.row(i, named=True)
            flip = rng.random() < 0.5
            first, second = (r["output_b"], r["output"]) if flip else (r["output"], r["output_b"])
            row = len(rows) + 1
            rows.append({"row": str(row), "item": r["id"], "lang": code, "task": r["task"], "prompt": r["prompt"],
                         "response_1": first, "response_2": second, **dict.fromkeys(RATER_COLUMNS, "")})
            keys.append({"row": row, "task": r["task"], "id": r["id"], "lang": code,
                         "response_1": against if flip else run, "response_2": run if flip else against,
                         "digest": _digest(r["id"], code, r["task"], r["prompt"], first, second)})
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    key = {"version": 1, "study": str(study.resolve()), "run": run, "against": against, "seed": seed, "n": n,
           "langs": codes, "scale": list(RATINGS), "choices": list(CHOICES), "rows": keys}
    _atomic(key_path(out), lambda fh: json.dump(key, fh, ensure_ascii=False, indent=1))
    _atomic(out, lambda fh: _write_csv(fh, rows))
    return out


def _write_csv(fh, rows: list[dict]) -> None:
    writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def _atomic(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            write(fh)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


# --- import ------------------------------------------------------------------------------------------


def read_sheet(sheet: str | Path) -> tuple[dict, list[dict]]:
    """The key and the validated rows of a filled sheet; InputError naming the file and line otherwise."""
    key, rows, _ = _read_sheet(sheet)
    return key, rows


def _read_sheet(sheet: str | Path) -> tuple[dict, list[dict], list[str]]:
    """read_sheet, with the line each row starts on ("line 5"), for errors found later."""
    sheet = Path(sheet)
    kpath = key_path(sheet)
    if not sheet.is_file():
        raise InputError("rating sheet not found", source=str(sheet))
    try:
        key = json.loads(kpath.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("the sheet's key file is missing; import needs the SHEET.key.json written by the export",
                         source=str(kpath)) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg} at line {exc.lineno})", source=str(kpath)) from None
    if not isinstance(key, dict) or not isinstance(key.get("rows"), list):
        raise InputError("not a rating-sheet key (expected the JSON object the export wrote)", source=str(kpath))
    src = str(sheet)
    try:
        with sheet.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = reader.fieldnames or []
            if list(header) != list(COLUMNS):
                raise InputError(f"columns {header}; expected the exported columns {list(COLUMNS)}", source=src,
                                 key="line 1")
            rows, lines, start = [], [], 2
            for i, rec in enumerate(reader):
                line = f"line {start}"
                start = reader.line_num + 1
                if None in rec or any(v is None for v in rec.values()):
                    raise InputError(f"{len(header)} cells expected in every row", source=src, key=line)
                if i >= len(key["rows"]):
                    raise InputError(f"row not in the export (the export has {len(key['rows'])} rows)", source=src, key=line)
                _check_row(rec, key["rows"][i], src, line)
                rows.append(rec)
                lines.append(line)
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 ({exc.reason}); expected the CSV the export wrote", source=src) from None
    except csv.Error as exc:
        raise InputError(f"not a readable CSV ({exc})", source=src) from None
    if len(rows) != len(key["rows"]):
        raise InputError(f"{len(rows)} rows; the export has {len(key['rows'])} (rows must match the export)",
                         source=src, key=f"line {start}")
    return key, rows, lines


def _check_row(rec: dict, expected: dict, src: str, line: str) -> None:
    same = (rec["row"] == str(expected["row"]) and rec["item"] == expected["id"] and rec["lang"] == expected["lang"]
            and rec["task"] == expected["task"])
    if not same:
        raise InputError(
            f"row {rec['row']!r} item {rec['item']!r} ({rec['lang']}) does not match the export's row "
            f"{expected['row']} item {expected['id']!r} ({expected['lang']}); rows must keep the exported ids and order",
            source=src, key=line)
    if _digest(rec["item"], rec["lang"], rec["task"], rec["prompt"], rec["response_1"], rec["response_2"]) != expected["digest"]:
        raise InputError("the prompt or a response differs from the export; only the rating columns may be edited",
                         source=src, key=line)
    for col in ("rating_1", "rating_2"):
        value = rec[col].strip().lower()
        if value and value not in RATINGS:
            raise InputError(f"{col} {rec[col]!r}; expected one of {', '.join(RATINGS)} (or empty: not rated)",
                             source=src, key=line)
        rec[col] = value
    pref = rec["preference"].strip().lower()
    if pref and pref not in CHOICES:
        raise InputError(f"preference {rec['preference']!r}; expected 1, 2 or tie (or empty: not rated)",
                         source=src, key=line)
    rec["preference"] = pref


def _check_in_study(study: Path, keys: list[dict], lines: list[str], src: str) -> None:
    """Every row's runs, language and item are in the study's results now (a run re-evaluated or removed since
    the export would otherwise leave ratings no judge score can meet); InputError naming the sheet and line."""
    runs = sorted(p.name for p in (study / "runs").glob("*") if (p / "eval" / "items.parquet").exists())
    found: dict[str, tuple[set, set]] = {}  # run -> (its languages, its (task, id, lang) items)
    for k, line in zip(keys, lines, strict=True):
        for run in (k["response_1"], k["response_2"]):
            if run not in runs:
                raise InputError(f"run {run!r} is not in the study's results ({study}; runs with generations: "
                                 f"{', '.join(runs) or 'none'})", source=src, key=line)
            if run not in found:
                items = _generations(study, run).select("task", "id", "lang")
                found[run] = (set(items["lang"]), set(items.iter_rows()))
            langs, items = found[run]
            if k["lang"] not in langs:
                raise InputError(f"language {k['lang']!r} is not in run {run!r}'s results (it has "
                                 f"{', '.join(sorted(langs)) or 'none'})", source=src, key=line)
            if (k["task"], k["id"], k["lang"]) not in items:
                raise InputError(f"item {k['id']!r} ({k['lang']}, {k['task']}) is not in run {run!r}'s results",
                                 source=src, key=line)


RATINGS_SCHEMA = {"sheet": pl.String, "row": pl.Int64, "task": pl.String, "id": pl.String, "lang": pl.String,
                  "run": pl.String, "other": pl.String, "rating": pl.String, "score": pl.Float64,
                  "preference": pl.String, "rater": pl.String}


def import_sheet(sheet: str | Path) -> Path:
    """Validate a filled sheet against its key and write <study>/human/ratings.parquet; returns its path.

    One row per item x system: its rating (excellent/pass/fail, score 1/0.5/0) and the raters' side-by-side
    outcome for that system (win/tie/loss). A re-import of the same sheet replaces its rows.
    """
    key, rows, lines = _read_sheet(sheet)
    study = Path(key["study"])
    if not study.is_dir():
        raise InputError(f"the study directory {study} named in the key does not exist", source=str(key_path(sheet)))
    _check_in_study(study, key["rows"], lines, str(sheet))
    name = Path(sheet).name
    records = []
    for rec, k in zip(rows, key["rows"], strict=True):
        for slot in ("1", "2"):
            run, other = k[f"response_{slot}"], k["response_2" if slot == "1" else "response_1"]
            pref = rec["preference"]
            outcome = None if not pref else "tie" if pref == "tie" else "win" if pref == slot else "loss"
            rating = rec[f"rating_{slot}"] or None
            records.append({"sheet": name, "row": k["row"], "task": k["task"], "id": k["id"], "lang": k["lang"],
                            "run": run, "other": other, "rating": rating,
                            "score": None if rating is None else RATINGS[rating], "preference": outcome,
                            "rater": rec["rater"].strip() or None})
    new = pl.DataFrame(records, schema=RATINGS_SCHEMA)
    out = study / "human" / "ratings.parquet"
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        old = pl.read_parquet(out)
        new = pl.concat([old.filter(pl.col("sheet") != name), new])
    return write_parquet(new, out)


# --- agreement (a report section) -------------------------------------------------------------------


def _judge_scores(study: Path, runs: list[str]) -> pl.DataFrame:
    """Per item and run the judge's score (the first of JUDGE_METRICS a task has), from each run's eval items."""
    frames = []
    for run in runs:
        path = study / "runs" / run / "eval" / "items.parquet"
        if not path.exists():
            continue
        t = pl.read_parquet(path).filter(pl.col("metric").is_in(JUDGE_METRICS) & pl.col("value").is_not_null())
        rank = pl.col("metric").replace_strict({m: i for i, m in enumerate(JUDGE_METRICS)}, return_dtype=pl.Int64)
        t = t.with_columns(rank.alias("rank")).sort("rank").unique(["task", "id", "lang"], keep="first")
        frames.append(t.select("task", "id", "lang", pl.lit(run).alias("run"), pl.col("value").alias("judge")))
    return pl.concat(frames) if frames else pl.DataFrame(schema={"task": pl.String, "id": pl.String, "lang": pl.String,
                                                                 "run": pl.String, "judge": pl.Float64})


def agreement(study: str | Path) -> tuple[pl.DataFrame, float | None, int]:
    """(per-language table, system-level Pearson r or None, number of systems) from <study>/human/ratings.parquet.

    Per item, the judge prefers the run with the higher per-item judge score (equal: tie); the raters'
    choice is the majority over raters (no majority: tie). Systems are (run, language) cells; r compares
    their mean human score with their mean judge score over the rated items.
    """
    study = Path(study)
    ratings = pl.read_parquet(study / "human" / "ratings.parquet")
    judge = _judge_scores(study, sorted(set(ratings["run"])))
    rated = ratings.join(judge, on=["task", "id", "lang", "run"], how="left")
    other = judge.rename({"run": "other", "judge": "judge_other"})
    rated = rated.join(other, on=["task", "id", "lang", "other"], how="left")
    prefs = (rated.filter(pl.col("preference").is_not_null() & pl.col("judge").is_not_null()
                          & pl.col("judge_other").is_not_null())
             .group_by("task", "id", "lang", "run")
             .agg(pl.col("preference").mode().alias("modes"), pl.col("judge").first(), pl.col("judge_other").first()))
    prefs = prefs.with_columns(
        pl.when(pl.col("modes").list.len() == 1).then(pl.col("modes").list.first()).otherwise(pl.lit("tie")).alias("human"),
        pl.when(pl.col("judge") > pl.col("judge_other")).then(pl.lit("win"))
        .when(pl.col("judge") < pl.col("judge_other")).then(pl.lit("loss")).otherwise(pl.lit("tie")).alias("judged"),
    )
    # each item appears once per system; count it once, from the first run's side
    first_run = ratings.group_by("sheet", "task", "id", "lang").agg(pl.col("run").first())
    prefs = prefs.join(first_run.select("task", "id", "lang", "run").unique(), on=["task", "id", "lang", "run"])
    per_lang = (prefs.group_by("lang").agg(pl.len().alias("items"), (pl.col("human") == pl.col("judged")).mean().alias("agreement"))
                .sort("lang"))
    systems = (rated.filter(pl.col("score").is_not_null() & pl.col("judge").is_not_null())
               .group_by("run", "lang").agg(pl.col("score").mean().alias("human"), pl.col("judge").mean().alias("judge"),
                                            pl.len().alias("n")))
    table = per_lang.join(
        systems.group_by("lang").agg(pl.col("human").mean().alias("human_score"), pl.col("judge").mean().alias("judge_score")),
        on="lang", how="full", coalesce=True).sort("lang")
    r = None
    if systems.height >= 3 and systems["human"].std() > 0 and systems["judge"].std() > 0:
        r = float(pl.DataFrame({"h": systems["human"], "j": systems["judge"]}).select(pl.corr("h", "j")).item())
    return table, r, systems.height


def human_agreement(results, items, study):
    """Human ratings: judge-rater agreement per language and system-level Pearson r"""
    root = Path(study["path"]) if study.get("path") else Path(getattr(items, "source", "items.parquet")).parent
    if not (root / "human" / "ratings.parquet").exists():
        return NotApplicable("no human ratings (xlt human export, then xlt human import)")
    table, r, n_systems = agreement(root)
    if table.height == 0:
        return NotApplicable("the human ratings have no item the judge also scored")
    text = []
    rated = table.filter(pl.col("items").is_not_null() & (pl.col("items") > 0))
    for lang, n, share in rated.select("lang", "items", "agreement").iter_rows():
        text.append(f"{lang}: judge and raters chose the same side on {share:.1%} of {n} items.")
    if r is None:
        text.append(f"System-level Pearson r needs at least 3 rated systems (run x language) with varying scores; "
                    f"there are {n_systems}.")
    else:
        text.append(f"System-level Pearson r between judge and human scores over {n_systems} run x language cells: {r:.2f}.")
    headline = []
    if rated.height:
        total = rated["items"].sum()
        overall = float((rated["agreement"] * rated["items"]).sum() / total)
        headline.append(f"Judge-human agreement {overall:.1%} over {total} rated items"
                        + (f"; system-level r = {r:.2f}" if r is not None else "") + ".")
    return Section(key="human_agreement", title="Human ratings against the judge", table=table, text=text,
                   headlines=headline,
                   table_note="agreement: share of items where the raters' side-by-side choice (majority over raters) "
                              "equals the judge's (higher per-item judge score; equal: tie); scores: means of "
                              "excellent=1, pass=0.5, fail=0 and of the judge's per-item score.")
