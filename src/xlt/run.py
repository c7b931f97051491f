"""`xlt run`: a study from its file to its report, one content-addressed stage at a time.

    study ─► plan ─► mixtures ─► (per run) train ─► evaluate ─► results.parquet ─► report

Every stage writes one artifact under the hash of its inputs in `<out>/.store/` (see artifacts.py);
a stage whose artifact is complete is skipped. That gives resume after a crash, runs shared between
designs and studies trained once, and a second `xlt run` that only re-reads. `<out>/<study>/runs/<id>/`
links a run's artifacts and holds its spec; results, items and the report sit in `<out>/<study>/`.

This module orders the stages: prepare.py (everything before the runs), execute.py (the runs, on an
executor, each through job.py), stages/sxs.py (IF_L), results.py (the tables), report/ (the report).
docs/architecture.md maps the rest.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from xlt import artifacts
from xlt.execute import detach as submit_detached
from xlt.execute import execute
from xlt.logs import quiet_libraries, setup_log
from xlt.prepare import Prepared, prepare
from xlt.results import collect_long_prompts, collect_results
from xlt.stages.sxs import judge_pending
from xlt.store import canonical_json, content_hash, file_digest, write_json, write_parquet
from xlt.studydir import link_run, prune_runs, study_identity

log = logging.getLogger("xlt")
RESULT_FILES = ("results.parquet", "items.parquet", "long_prompts.json", "report/index.html")


def results_key(prep: Prepared) -> str:
    """What results, items and the report are computed from: every artifact's DONE marker and the code."""
    from xlt import __version__

    markers = [(Path(j.eval_dir) / artifacts.DONE).read_text() for j in prep.jobs]
    markers += [(Path(j.out_dir) / artifacts.DONE).read_text() for j in prep.sxs]
    from xlt.report import fingerprint

    code = fingerprint()
    return content_hash({"v": __version__, "code": code, "study": study_identity(prep.study), "markers": markers, "study.json": (prep.study_dir / "study.json").read_text()})


def write_results(prep: Prepared) -> Path:
    """results.parquet, items.parquet, long_prompts.json and the report, rebuilt only when an artifact or
    the report's code changed, or when one of them was damaged; returns the report's path."""
    report = prep.study_dir / "report" / "index.html"
    key_file = prep.study_dir / ".results-key"
    key = results_key(prep)
    if _read_json(key_file) != {"key": key, "files": _digests(prep.study_dir)}:
        results, items = collect_results(prep.jobs, prep.sxs, prep.study.seed)
        write_parquet(items, prep.study_dir / "items.parquet")
        write_parquet(results, prep.study_dir / "results.parquet")
        write_json(prep.study_dir / "long_prompts.json", collect_long_prompts(prep.jobs))
        from xlt.report.page import build_report

        report = build_report(prep.study_dir)
        write_json(key_file, {"key": key, "files": _digests(prep.study_dir)})
    return report


def _digests(study_dir: Path) -> dict:
    out = {}
    for name in RESULT_FILES:
        p = study_dir / name
        out[name] = file_digest(p) if p.is_file() else None
    return out


def _read_json(path: Path):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


@dataclass
class Summary:
    study: str
    study_dir: str
    report: str
    runs: int
    trained: int
    evaluated: int
    seconds: float
    executor: str
    submitted: int = 0  # runs submitted by --detach
    running: int = 0  # runs still running elsewhere (results and report wait for them)

    def as_dict(self) -> dict:
        return asdict(self)


def run_study(
    study_path: str | Path | None = None,
    out: str | Path = "xlt-out",
    executor: str | None = None,
    workers: int | None = None,
    address: str | None = None,
    progress: bool = True,
    overrides=(),
    smoke: bool = False,
    detach: bool = False,
) -> Summary:
    """The whole pipeline; every stage skipped where its artifact is complete, and every run that runs
    elsewhere (a live lease, a detached job still alive) left alone: results wait for it.

    detach: submit the runs with work left (execute.detach) and return without waiting; a later call
    collects them."""
    quiet_libraries()
    started = time.perf_counter()
    prep = prepare(study_path, out, progress=progress, overrides=overrides, smoke=smoke, on_study_dir=setup_log)
    ex = prep.study.execution
    executor = executor or ex.executor
    workers = workers or ex.workers
    if detach:
        sent = submit_detached(prep, executor)
        if sent["submitted"] or sent["running"]:
            return Summary(study=prep.study.name, study_dir=str(prep.study_dir), report="", runs=len(prep.jobs), trained=0,
                           evaluated=0, seconds=round(time.perf_counter() - started, 2), executor=executor,
                           submitted=len(sent["submitted"]), running=sent["running"])
    outcomes = execute(prep, executor=executor, workers=workers, address=address, progress=progress)
    finished = [job for job in prep.jobs if artifacts.is_complete(job.eval_dir)]
    for job in finished:
        link_run(prep.study_dir, job)
    running = len(prep.jobs) - len(finished)
    report = ""
    if not running:
        prune_runs(prep.study_dir, prep.jobs)
        if prep.sxs:
            judge_pending(prep.sxs, prep.jobs[0].eval_items)
        report = str(write_results(prep))
    else:
        log.info("%d runs still running elsewhere: results and report once they finish (xlt status %s)", running, prep.study_dir)
    seconds = time.perf_counter() - started
    summary = Summary(
        study=prep.study.name,
        study_dir=str(prep.study_dir),
        report=report,
        runs=len(prep.jobs),
        trained=sum(o.trained for o in outcomes),
        evaluated=sum(o.evaluated for o in outcomes),
        seconds=round(seconds, 2),
        executor=executor,
        running=running,
    )
    log.info("done: %s", canonical_json(summary.as_dict()))
    return summary
