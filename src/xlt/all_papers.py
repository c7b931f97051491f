"""`xlt run --all-papers`: the five papers' micro studies in one output folder, and one claims table.

The studies run one after another into the same `--out`, so they share its store: a run two studies
define alike (pinch_micro's monolingual runs are alpaca_budget_micro's; coverage_micro's English-only
sets are posttrainer_micro's) is trained and evaluated once. Then every claim is taken from the first
study that can test it (analysis/claims) and written to `<out>/claims.json` (`claims-smoke.json` for
--smoke), the table BENCHMARKS.md records.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xlt.run import Summary, run_study
from xlt.store import write_json
from xlt.study import builtin_study_path

# the shipped micro study of each paper, in the order they run (the largest, with the most runs to share, first)
PAPER_STUDIES = ("pinch_micro", "alpaca_budget_micro", "lucky52_micro", "posttrainer_micro", "coverage_micro")


@dataclass(frozen=True)
class AllPapers:
    studies: list[Summary]
    claims: str  # the combined table's path
    reproduced: int
    testable: int
    total: int

    def as_dict(self) -> dict:
        return {"studies": [s.as_dict() for s in self.studies], "claims": self.claims, "reproduced": self.reproduced,
                "testable": self.testable, "total": self.total}


def run_all_papers(out: str | Path = "xlt-out", *, smoke: bool = False, overrides=(), **run_options) -> AllPapers:
    """Run the five micro studies (each through `run_study`, with the same overrides) and combine their claims."""
    from xlt.analysis import claims

    summaries = [run_study(builtin_study_path(name), out, overrides=overrides, smoke=smoke, **run_options)
                 for name in PAPER_STUDIES]
    table = claims.combine([claims.check_study(s.study_dir) for s in summaries])
    path = Path(out) / ("claims-smoke.json" if smoke else "claims.json")
    write_json(path, table.to_dicts())
    tested = int((table["verdict"] != claims.NOT_TESTABLE).sum())
    return AllPapers(summaries, str(path), int((table["verdict"] == claims.REPRODUCED).sum()), tested, table.height)
