"""The papers' claims, checked on a study's results: the registry, the verdicts, and the report's section.

`check_study(dir)` gives every claim's verdict on one study directory; `combine` merges several studies'
verdicts into one table (each claim from the first study that can test it); `claims_section` is the
report's "Claims" section. The claims themselves are listed in registry.py, one entry each.
"""

from __future__ import annotations

import polars as pl

from xlt.analysis.claims.core import NOT_REPRODUCED, NOT_TESTABLE, REPRODUCED, Claim, Verdict, check, table
from xlt.analysis.claims.measures import study_of
from xlt.analysis.claims.registry import CLAIMS
from xlt.analysis.section import NotApplicable, Section

__all__ = ["CLAIMS", "NOT_REPRODUCED", "NOT_TESTABLE", "REPRODUCED", "Claim", "check_all", "check_study",
           "claims_section", "combine"]


def check_all(results, items, info, claims: list[Claim] | None = None) -> list[Verdict]:
    s = study_of(results, items, info)
    return [check(c, s) for c in (CLAIMS if claims is None else claims)]


def check_study(directory) -> pl.DataFrame:
    """Every claim's verdict on one study directory (InputError if it is not one)."""
    from xlt.analysis.data import load_study_dir

    data = load_study_dir(directory)
    return table(check_all(data.results, data.items, data.study)).with_columns(pl.lit(data.study["name"]).alias("study"))


def combine(tables: list[pl.DataFrame]) -> pl.DataFrame:
    """One row per claim: from the first study that can test it, else 'not testable' with every study's reason."""
    rows = []
    for claim in CLAIMS:
        mine = [t.filter(pl.col("id") == claim.id) for t in tables]
        tested = [t for t in mine if t.height and t["verdict"][0] != NOT_TESTABLE]
        if tested:
            rows.append(tested[0])
            continue
        why = "; ".join(f"{t['study'][0]}: {t['detail'][0]}" for t in mine if t.height)
        rows.append(mine[0].with_columns(pl.lit(why).alias("detail"), pl.lit("all").alias("study")))
    return pl.concat(rows, how="vertical_relaxed") if rows else pl.DataFrame()


def claims_section(results, items, study) -> Section | NotApplicable:
    """Claims of the five papers, checked on this study"""
    verdicts = check_all(results, items, study)
    tested = [v for v in verdicts if v.verdict != NOT_TESTABLE]
    if not tested:
        return NotApplicable("no claim of the five papers can be tested with this study's designs")
    held = sum(v.verdict == REPRODUCED for v in tested)
    untested = [v.claim.id for v in verdicts if v.verdict == NOT_TESTABLE]
    text = [f"{v.claim.id} ({v.verdict}): {v.claim.sentence} {v.evidence.value:.2f} {v.evidence.unit} "
            f"[95% CI {v.evidence.low:.2f}, {v.evidence.high:.2f}]; rule: {v.claim.rule.text()}." for v in tested]
    if untested:
        text.append(f"Not testable with this study's designs: {', '.join(untested)} (`xlt claims DIR` says why).")
    return Section("claims", "Claims of the five papers", table(tested), text=text,
                   headlines=[f"{held} of {len(tested)} testable claims of the five papers reproduce on this study."],
                   table_note="value in points (0-1 metrics x 100; a judge's range as 100) or Pearson r; 95% "
                   "intervals: paired bootstrap over items (with several training seeds: resampling seeds, then "
                   "items), Fisher z for r, bootstrap over languages or pairs for means of them. Verdicts are "
                   "whatever the data say.")


def render_text(tab: pl.DataFrame) -> str:
    """The table as plain lines for a terminal: id, verdict, number [interval], and the detail or the reason."""
    lines = []
    for r in tab.iter_rows(named=True):
        where = f" ({r['study']})" if r.get("study") and r["study"] != "all" and tab["study"].n_unique() > 1 else ""
        if r["verdict"] == NOT_TESTABLE:
            lines.append(f"{r['id']:<4} {r['verdict']:<15} {r['claim']} -- {r['detail']}")
        else:
            lines.append(f"{r['id']:<4} {r['verdict']:<15} {r['value']:.2f} {r['unit']} [{r['ci_low']:.2f}, "
                         f"{r['ci_high']:.2f}]{where} {r['claim']} -- {r['detail']}; rule: {r['rule']}")
    held = int((tab["verdict"] == REPRODUCED).sum())
    tested = int((tab["verdict"] != NOT_TESTABLE).sum())
    lines.append(f"{held} of {tested} testable claims reproduced; {tab.height - tested} of {tab.height} not testable")
    return "\n".join(lines) + "\n"
