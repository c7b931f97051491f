"""A sweep submitted and left (`xlt run --detach`): what was submitted where, and what became of each job.

The record is `<study dir>/submitted.json`: submitit's folder, the cluster ("slurm", or "local" for
submitit's local executor where there is no SLURM), the host that submitted, and each run's job id.
`xlt status` reads it to tell queued from failed runs; a second `xlt run` leaves a run whose job is
still alive alone, so nothing is submitted twice. Running stages are told by their leases (artifacts.py).
Each job leaves its outcome as JSON beside submitit's files (`reporting`), so reading it never unpickles
a file that others on a shared filesystem could have written.
"""

from __future__ import annotations

import json
import socket
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from xlt import artifacts
from xlt.store import write_json

RECORD = "submitted.json"
SLURM_ALIVE = ("PENDING", "RUNNING", "REQUEUED", "CONFIGURING", "COMPLETING", "SUSPENDED", "RESIZING", "UNKNOWN")


@dataclass(frozen=True)
class JobState:
    """A submitted job: alive (queued or running), finished, or failed with a one-line error."""

    job_id: str
    state: str  # "alive" | "finished" | "failed"
    error: str | None = None


def read_record(study_dir: str | Path) -> dict | None:
    try:
        return json.loads((Path(study_dir) / RECORD).read_text())
    except (OSError, ValueError):
        return None


def write_record(study_dir: str | Path, cluster: str, folder: str | Path, job_ids: dict[str, str]) -> dict:
    """Add the runs just submitted to the record (runs submitted before keep their entries)."""
    old = read_record(study_dir) or {}
    runs = {**old.get("runs", {}), **job_ids}
    record = {"cluster": cluster, "folder": str(folder), "host": socket.gethostname(), "submitted": time.time(), "runs": runs}
    write_json(Path(study_dir) / RECORD, record)
    return record


def job_state(record: dict | None, run_id: str) -> JobState | None:
    """What became of the job that runs `run_id`; None when the run was never submitted."""
    if not record or run_id not in record.get("runs", {}):
        return None
    job_id = str(record["runs"][run_id])
    folder = Path(record["folder"])
    outcome = outcome_path(folder, job_id)
    if outcome.is_file():
        return _from_outcome(job_id, outcome)
    if record["cluster"] == "local":
        if record.get("host") == socket.gethostname() and artifacts.alive(int(job_id)):
            return JobState(job_id, "alive")
        return JobState(job_id, "failed", f"the job ended without a result (killed?); its log: {folder / f'{job_id}_0_log.err'}")
    return _slurm_state(job_id, folder)


def outcome_path(folder: str | Path, job_id: str) -> Path:
    return Path(folder) / f"{job_id}_xlt_outcome.json"


def reporting(fn, job):
    """Run `fn(job)` inside a submitted job and leave its outcome (finished, or failed with the error's
    line) where `job_state` reads it; the exception still reaches submitit."""
    import submitit

    env = submitit.JobEnvironment()
    path = outcome_path(env.paths.folder, env.job_id)
    try:
        out = fn(job)
    except BaseException:
        write_json(path, {"state": "failed", "error": last_line(traceback.format_exc())})
        raise
    write_json(path, {"state": "finished"})
    return out


def _from_outcome(job_id: str, path: Path) -> JobState:
    try:
        outcome = json.loads(path.read_text())
        state, error = outcome["state"], outcome.get("error")
    except (OSError, ValueError, KeyError, TypeError) as exc:  # damaged, or written by something else
        return JobState(job_id, "failed", f"unreadable outcome {path}: {exc}")
    if state == "finished":
        return JobState(job_id, "finished")
    return JobState(job_id, "failed", str(error or "failed without a message"))


def last_line(traceback: str) -> str:
    """The exception line of a traceback (its last non-empty line)."""
    lines = [x.strip() for x in traceback.strip().splitlines() if x.strip()]
    return lines[-1] if lines else "failed without a message"


def _slurm_state(job_id: str, folder: Path) -> JobState:
    state = slurm_state(folder, job_id)
    if state in SLURM_ALIVE:
        return JobState(job_id, "alive")
    return JobState(job_id, "failed", f"SLURM job {job_id} ended {state} without a result; its log: {folder / f'{job_id}_0_log.err'}")


def slurm_state(folder, job_id: str) -> str:
    """SLURM's state of a submitted job (sacct's first word: PENDING, RUNNING, COMPLETED, CANCELLED, ...)."""
    import submitit

    return submitit.SlurmJob(folder, job_id).state.split()[0]
