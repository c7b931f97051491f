"""What a claim is, how its verdict is decided, and the table of verdicts for one study.

A claim is one finding of one paper, tested by one measurement on a study's results: a number with a
95% interval (`Evidence`). Its `Rule` reads the interval, not only the number, so a difference inside the
noise never counts as reproduced. A claim whose designs or data the study lacks is not testable, with the
one-line reason its measurement gives.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

REPRODUCED, NOT_REPRODUCED, NOT_TESTABLE = "reproduced", "not reproduced", "not testable"


@dataclass(frozen=True)
class Evidence:
    """The measured number, its 95% interval and what it compares (`detail`, one line)."""

    value: float
    low: float
    high: float
    unit: str  # "points" (0-1 metrics x 100), "units" (a judge's scale), "r"
    detail: str


class NotTestable(Exception):
    """Raised by a measurement when the study lacks what the claim needs; the message is the reason."""


@dataclass(frozen=True)
class Rule:
    """Reproduced when the whole 95% interval lies above `above`, below `below`, or both (a band)."""

    above: float | None = None
    below: float | None = None

    def decide(self, e: Evidence) -> str:
        if any(math.isnan(x) for x in (e.value, e.low, e.high)):
            return NOT_TESTABLE
        ok = (self.above is None or e.low > self.above) and (self.below is None or e.high < self.below)
        return REPRODUCED if ok else NOT_REPRODUCED

    def text(self) -> str:
        if self.above is not None and self.below is not None:
            return f"95% interval inside ({self.above:g}, {self.below:g})"
        if self.above is not None:
            return f"95% interval above {self.above:g}"
        return f"95% interval below {self.below:g}"


@dataclass(frozen=True)
class Claim:
    id: str  # SH1, LK4, ...
    paper: str
    sentence: str  # the finding, in the paper's terms
    measurement: str  # what xlt computes to test it
    needs: str  # the designs and data the measurement reads
    measure: Callable  # (Study) -> Evidence, or raises NotTestable
    rule: Rule


@dataclass(frozen=True)
class Verdict:
    claim: Claim
    verdict: str
    evidence: Evidence | None
    reason: str = ""  # why not testable

    def row(self) -> dict:
        e, c = self.evidence, self.claim
        return dict(id=c.id, paper=c.paper, claim=c.sentence, verdict=self.verdict,
                    value=e.value if e else None, ci_low=e.low if e else None, ci_high=e.high if e else None,
                    unit=e.unit if e else "", rule=c.rule.text(), detail=e.detail if e else self.reason)


def check(claim: Claim, study) -> Verdict:
    """One claim's verdict on one study (`measures.Study`)."""
    try:
        e = claim.measure(study)
    except NotTestable as why:
        return Verdict(claim, NOT_TESTABLE, None, str(why))
    verdict = claim.rule.decide(e)
    return Verdict(claim, verdict, e, "" if verdict != NOT_TESTABLE else "the measurement has no value")


TABLE_SCHEMA = {"id": pl.String, "paper": pl.String, "claim": pl.String, "verdict": pl.String, "value": pl.Float64,
                "ci_low": pl.Float64, "ci_high": pl.Float64, "unit": pl.String, "rule": pl.String, "detail": pl.String}


def table(verdicts: list[Verdict]) -> pl.DataFrame:
    return pl.DataFrame([v.row() for v in verdicts], schema=TABLE_SCHEMA)
