"""What an analysis returns: a Section (table, figures, sentences) or NotApplicable (one line why).

An analysis is a plain function `(results, items, study) -> Section | NotApplicable | list[Section]`
whose docstring's first line names it. `xlt.report.sections.SECTIONS` lists them in report order; a
new section is one more entry there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl


@dataclass(frozen=True)
class Figure:
    """A matplotlib figure (drawn with the Agg canvas, no pyplot state) and what it shows."""

    name: str  # file stem, unique in the report
    figure: object  # matplotlib.figure.Figure
    caption: str  # what is compared, n, how the interval was computed


@dataclass(frozen=True)
class Section:
    key: str  # file stem for the CSV table and the page anchor
    title: str
    table: pl.DataFrame | None = None
    text: list[str] = field(default_factory=list)  # sentences computed from the data
    figures: list[Figure] = field(default_factory=list)
    headlines: list[str] = field(default_factory=list)  # the page's opening findings
    table_note: str = ""  # how the table's intervals were computed


@dataclass(frozen=True)
class NotApplicable:
    reason: str  # one line, e.g. "no monolingual runs: heatmap left out"
