"""`xlt status`: where each run of a study stands, stage by stage, read from the study directory alone.

A stage (train, eval) is `done` when its artifact is complete, `running` while a live lease holds its
temporary folder (with the host and pid that renew it), `failed` when the run's submitted job ended
with an error (its one-line message), `queued` while that job is alive but has not reached the stage,
and `not started` otherwise. `<study dir>/jobs.json` (written by `xlt run`) names each run's artifacts;
`submitted.json` (submission.py) its job.
"""

from __future__ import annotations

import json
from pathlib import Path

from xlt import artifacts
from xlt.errors import InputError
from xlt.submission import job_state, read_record

JOBS = "jobs.json"
STATES = ("done", "running", "queued", "failed", "not started")


def write_jobs(study_dir: Path, jobs) -> None:
    """What `xlt status` needs of each run: its labels and its artifacts' folders."""
    from xlt.store import write_json

    write_json(study_dir / JOBS, [
        {"run": j.spec["id"], "label": j.spec["labels"][0], "model": j.spec["model"], "method": j.spec["method"],
         "train": None if j.spec["method"] == "none" else j.model_dir, "eval": j.eval_dir}
        for j in jobs
    ])


def study_status(study_dir: str | Path) -> list[dict]:
    """One entry per run: run, label, model, method, and per stage its state (see the module docstring)."""
    study_dir = Path(study_dir)
    try:
        runs = json.loads((study_dir / JOBS).read_text())
    except FileNotFoundError:
        raise InputError(f"no {JOBS} in {study_dir}: not a study directory written by `xlt run`", key="STUDY_DIR") from None
    except ValueError as exc:
        raise InputError(f"{JOBS} is not JSON ({exc})", source=str(study_dir / JOBS)) from None
    record = read_record(study_dir)
    out = []
    for r in runs:
        job = job_state(record, r["run"])
        stages, blocked = {}, False
        for stage in ("train", "eval"):
            if r[stage] is None:
                continue  # the untuned reference is not trained
            stages[stage] = _stage(Path(r[stage]), job, blocked)
            blocked = blocked or stages[stage]["state"] in ("failed", "queued", "running", "not started")
        out.append({k: r[k] for k in ("run", "label", "model", "method")} | {"job": job.job_id if job else None, "stages": stages})
    return out


def _stage(final: Path, job, after_unfinished: bool) -> dict:
    if artifacts.is_complete(final):
        return {"state": "done"}
    lease = artifacts.live_builder(final)
    if lease is not None:
        return {"state": "running", "host": lease["host"], "pid": lease["pid"]}
    if job is not None and job.state == "failed":
        return {"state": "not started"} if after_unfinished else {"state": "failed", "error": job.error}
    if job is not None and job.state == "alive":
        return {"state": "queued"}
    return {"state": "not started"}


def counts(status: list[dict]) -> dict[str, int]:
    """Stages per state, over the whole study."""
    out = dict.fromkeys(STATES, 0)
    for r in status:
        for s in r["stages"].values():
            out[s["state"]] += 1
    return out


def describe(stage: dict) -> str:
    """One stage for the terminal: "running on node-b (pid 123)", "failed: ValueError: ..."."""
    if stage["state"] == "running":
        return f"running on {stage['host']} (pid {stage['pid']})"
    if stage["state"] == "failed":
        return f"failed: {stage['error']}"
    return stage["state"]
