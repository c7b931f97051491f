"""The study report: DIR/report/index.html with PNG figures and CSV tables beside it.

`build_report(study_dir)` runs every section in `xlt.report.sections.SECTIONS` on the study directory and
writes the page atomically (built in a temporary folder, then swapped in). The page opens with the
headline findings the analyses computed, then one section per analysis, then the analyses that did
not apply with the reason.
"""

from __future__ import annotations

import hashlib
import html
import logging
import math
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from xlt.analysis.data import StudyDir, load_study_dir
from xlt.analysis.section import NotApplicable, Section
from xlt.report.sections import SECTIONS

MAX_TABLE_ROWS = 40
log = logging.getLogger("xlt")


@dataclass(frozen=True)
class Outcome:
    title: str
    sections: list[Section]
    skipped: str | None  # the reason, when the analysis did not apply
    seconds: float
    failed: str | None = None  # one line, when the analysis raised: it fails alone, the report is still written

    @property
    def key(self) -> str:
        return "failed-" + re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")


def analysis_title(fn) -> str:
    doc = (fn.__doc__ or fn.__name__).strip().splitlines()[0]
    return doc.rstrip(".")


def run_analyses(data: StudyDir, analyses=None) -> list[Outcome]:
    """Every analysis on one study directory, in order; one that raises is reported in its place, not fatal
    (a report of 52 trained runs must not be lost to one section's missing package or edge case)."""
    out = []
    for fn in analyses if analyses is not None else SECTIONS:
        t = time.perf_counter()
        try:
            res = fn(data.results, data.items, data.study)
        except Exception as exc:  # noqa: BLE001 - any failure of one section
            reason = " ".join(f"{type(exc).__name__}: {exc}".split())
            log.warning("report section %r failed: %s", analysis_title(fn), reason)
            out.append(Outcome(analysis_title(fn), [], None, time.perf_counter() - t, failed=reason))
            continue
        dt = time.perf_counter() - t
        if isinstance(res, NotApplicable):
            out.append(Outcome(analysis_title(fn), [], res.reason, dt))
        else:
            sections = [res] if isinstance(res, Section) else list(res)
            out.append(Outcome(analysis_title(fn), sections, None, dt))
    return out


def build_report(study_dir: str | os.PathLike, analyses=None) -> Path:
    """Rebuild STUDY_DIR/report/ (index.html, PNG figures, CSV tables) and return the page's path."""
    data = load_study_dir(study_dir)
    outcomes = run_analyses(data, analyses)
    target = Path(study_dir) / "report"
    tmp = Path(tempfile.mkdtemp(prefix=".report-", dir=Path(study_dir)))
    try:
        _write(tmp, data, outcomes)
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=".report-old-", dir=Path(study_dir)))
            os.replace(target, old / "report")
        os.replace(tmp, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target / "index.html"


def _write(folder: Path, data: StudyDir, outcomes: list[Outcome]) -> None:
    for o in outcomes:
        for s in o.sections:
            if s.table is not None and s.table.height:
                _csv(s.table).write_csv(folder / f"{file_stem(s.key)}.csv")
            for f in s.figures:
                f.figure.savefig(folder / f"{file_stem(f.name)}.png", dpi=100)
    (folder / "index.html").write_text(render_html(data, outcomes), encoding="utf-8")


def file_stem(name: str) -> str:
    """A section's or figure's name as a file name in the report folder. Names carry design names from the
    study ("pinch:a/../b"): anything but letters, digits, '_' and '-' becomes '-', and a changed name gets a
    short hash of the original so two names never share a file."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")
    return stem if stem == name else f"{stem or 'x'}-{hashlib.sha256(name.encode()).hexdigest()[:8]}"


def _csv(table: pl.DataFrame) -> pl.DataFrame:
    """CSV cannot hold lists: join them."""
    return table.with_columns(pl.col(c).list.eval(pl.element().cast(pl.String)).list.join(" ")
                              for c, t in table.schema.items() if isinstance(t, pl.List))


def render_html(data: StudyDir, outcomes: list[Outcome]) -> str:
    study = data.study
    runs = data.results["run"].n_unique()
    headlines = [h for o in outcomes for s in o.sections for h in s.headlines]
    skipped = [(o.title, o.skipped) for o in outcomes if o.skipped]
    smoke = bool(study.get("smoke"))
    e = html.escape
    parts = [f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{"SMOKE · " if smoke else ""}{e(study.get('name', 'study'))} · xlt report</title>
<style>{CSS}</style></head><body>
{SMOKE_BANNER if smoke else ""}<header><h1>{e(study.get('name', 'study'))}</h1>
<p class="meta">{runs} runs · {len(study['eval'])} evaluation languages · trained on {e(' '.join(study['train']))}
 · tasks {e(', '.join(sorted(data.results['task'].unique().to_list())))}
 · models {e(', '.join(study.get('models') or []))}</p></header>
<main>
<section id="findings"><h2>Findings</h2>"""]
    if headlines:
        parts.append("<ul class='findings'>" + "".join(f"<li>{e(h)}</li>" for h in headlines) + "</ul>")
    else:
        parts.append("<p>No analysis produced a headline for this study.</p>")
    parts.append("</section><nav><h2>Contents</h2><ol>")
    for o in outcomes:
        entries = [(o.key, o.title + " (failed)")] if o.failed else [(s.key, s.title) for s in o.sections]
        parts += [f"<li><a href='#{e(k)}'>{e(t)}</a></li>" for k, t in entries]
    if skipped:
        parts.append("<li><a href='#skipped'>Analyses left out</a></li>")
    parts.append("</ol></nav>")
    for o in outcomes:
        if o.failed:
            parts.append(f"<section id='{e(o.key)}'><h2>{e(o.title)}</h2>\n<p class='failed'>This section failed: {e(o.failed)}</p></section>")
        parts += [_section_html(s) for s in o.sections]
    if skipped:
        parts.append("<section id='skipped'><h2>Analyses left out</h2><ul>")
        parts += [f"<li><b>{e(t)}</b>: {e(r)}</li>" for t, r in skipped]
        parts.append("</ul></section>")
    parts.append("</main><footer>Written by <code>xlt report</code> from results.parquet, items.parquet and "
                 "study.json. Intervals: 95% bootstrap over items (1,000 seeded resamples) unless a caption "
                 "says otherwise.</footer></body></html>")
    return "\n".join(parts)


def _section_html(s: Section) -> str:
    e = html.escape
    parts = [f"<section id='{e(s.key)}'><h2>{e(s.title)}</h2>"]
    parts += [f"<p>{e(t)}</p>" for t in s.text]
    for f in s.figures:
        parts.append(f"<figure><img src='{e(file_stem(f.name))}.png' alt='{e(f.caption)}'>"
                     f"<figcaption>{e(f.caption)}</figcaption></figure>")
    if s.table is not None and s.table.height:
        parts.append(_html_table(s.table))
        more = f"first {MAX_TABLE_ROWS} of {s.table.height} rows; " if s.table.height > MAX_TABLE_ROWS else ""
        note = f"{e(s.table_note)} " if s.table_note else ""
        parts.append(f"<p class='note'>{note}{more}full table: <a href='{e(file_stem(s.key))}.csv'>{e(file_stem(s.key))}.csv</a></p>")
    parts.append("</section>")
    return "\n".join(parts)


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if math.isnan(v):
            return "–"
        return f"{v:.3g}" if abs(v) < 1 else f"{v:.1f}" if abs(v) < 1e4 else f"{v:.3g}"
    if isinstance(v, list):
        return " ".join(str(x) for x in v)
    return str(v)


def _html_table(table: pl.DataFrame) -> str:
    e = html.escape
    head = "".join(f"<th>{e(c)}</th>" for c in table.columns)
    num = [t.is_numeric() for t in table.dtypes]
    body = "".join(
        "<tr>" + "".join(f"<td class='{'num' if isnum else ''}'>{e(_cell(v))}</td>" for v, isnum in zip(row, num))
        + "</tr>" for row in table.head(MAX_TABLE_ROWS).iter_rows())
    return f"<div class='table'><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"


SMOKE_BANNER = ("<p class='smoke'>SMOKE: xlt run --smoke cut this study to a few runs, optimizer steps and items "
                "to show that every stage runs; the numbers below are not results.</p>\n")

CSS = """
:root { --ink:#1f2933; --muted:#616e7c; --line:#e4e7eb; --accent:#2e86c1; --bg:#fbfbfc; }
* { box-sizing: border-box; }
body { margin:0; font: 15px/1.55 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       color:var(--ink); background:var(--bg); }
header { background:#fff; border-bottom:1px solid var(--line); padding:28px max(24px, calc(50% - 520px)) 18px; }
h1 { margin:0 0 4px; font-size:28px; letter-spacing:-0.01em; }
.meta { margin:0; color:var(--muted); font-size:14px; }
main { max-width:1040px; margin:0 auto; padding:8px 24px 40px; }
section { background:#fff; border:1px solid var(--line); border-radius:10px; padding:18px 22px; margin:18px 0; }
h2 { font-size:19px; margin:0 0 10px; }
ul.findings { padding-left:20px; margin:0; }
ul.findings li { margin:6px 0; }
nav { margin:18px 0; padding:0 4px; }
nav h2 { font-size:15px; color:var(--muted); text-transform:uppercase; letter-spacing:.06em; }
nav ol { columns:2; margin:0; padding-left:20px; font-size:14px; }
a { color:var(--accent); text-decoration:none; } a:hover { text-decoration:underline; }
figure { margin:14px 0; }
figure img { max-width:100%; height:auto; display:block; margin:0 auto; }
figcaption { font-size:13px; color:var(--muted); margin-top:6px; }
.table { overflow-x:auto; margin-top:10px; }
table { border-collapse:collapse; font-size:12.5px; width:100%; }
th { text-align:left; font-weight:600; border-bottom:2px solid var(--line); padding:5px 8px; white-space:nowrap;
     position:sticky; top:0; background:#fff; }
td { border-bottom:1px solid var(--line); padding:4px 8px; white-space:nowrap; }
td.num { text-align:right; font-variant-numeric:tabular-nums; }
tbody tr:nth-child(even) { background:#f7f9fb; }
.note { font-size:12.5px; color:var(--muted); }
.failed { color:#b03a2e; }
.smoke { margin:0; padding:10px 24px; background:#b03a2e; color:#fff; font-weight:600; text-align:center; }
footer { max-width:1040px; margin:0 auto 30px; padding:0 24px; color:var(--muted); font-size:12.5px; }
"""
