"""The study directory `<out>/<study>/`: who owns it, its history when the study is edited, the study
file as run, `study.json`, and `runs/<id>/` linking each run's artifacts in the store."""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from pathlib import Path

from xlt.errors import InputError
from xlt.job import RunJob
from xlt.plan import PLAN_VERSION
from xlt.store import content_hash, write_json
from xlt.study import Study

STUDY_FORMAT = 1  # the study directory's layout; a directory written in another format is refused
log = logging.getLogger("xlt")


def study_identity(study: Study) -> str:
    """What a study directory belongs to: the study's content (its name included)."""
    return content_hash({"format": STUDY_FORMAT, "plan": PLAN_VERSION, "study": study.model_dump(mode="json", by_alias=True)})


def study_lineage(study: Study) -> str:
    """What makes a study file an edit of the one before rather than another study: its name, corpus and base models."""
    return content_hash({"name": study.name, "corpus": study.data.corpus, "models": study.models.base})


HISTORY_FILES = ("study.toml", "study.json", "plan.json", "results.parquet", "items.parquet", "report")


def keep_history(study_dir: Path, previous: str) -> Path:
    """Move the previous study file, results and report to `history/<UTC time>-<previous id>/` (the runs stay in the store)."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = study_dir / "history" / f"{stamp}-{previous[:12]}"
    target.mkdir(parents=True, exist_ok=True)
    for name in HISTORY_FILES:
        if (study_dir / name).exists():
            os.replace(study_dir / name, target / name)
    (study_dir / ".results-key").unlink(missing_ok=True)
    return target


def claim_study_dir(study: Study, out: Path) -> Path:
    """`<out>/<name>/`, refusing one left by another study of the same name or by another format.

    An edited study (same name, corpus and base models) takes over its directory: the previous study file
    and results move to history/, and every stage whose inputs did not change is reused from the store."""
    study_dir = out / study.name
    marker = study_dir / ".xlt-study.json"
    ident, lineage = study_identity(study), study_lineage(study)
    if marker.exists():
        try:
            found = json.loads(marker.read_text())
        except ValueError:
            found = {}
        if found.get("format") != STUDY_FORMAT:
            raise InputError(
                f"{study_dir} was written by another version of xlt (format {found.get('format')!r}, this is {STUDY_FORMAT}); "
                "move it away or choose another --out",
                key="--out",
            )
        if found.get("study") != ident:
            if found.get("lineage") != lineage:
                raise InputError(
                    f"{study_dir} holds a different study named {study.name!r} (another corpus or other base models); "
                    "rename the study or choose another --out (xlt does not mix the results of two studies)",
                    key="--out",
                )
            log.info("study %s edited: previous study and results kept in %s", study.name, keep_history(study_dir, found["study"]))
    elif study_dir.exists() and any(study_dir.iterdir()):
        raise InputError(f"{study_dir} exists and was not written by xlt run; choose another --out", key="--out")
    study_dir.mkdir(parents=True, exist_ok=True)
    write_json(marker, {"format": STUDY_FORMAT, "study": ident, "lineage": lineage, "name": study.name})
    return study_dir


def effective_study_toml(path: Path, overrides: list[str], data: dict) -> bytes:
    """The study file as run: the file itself, or its TOML `data` after the --set overrides (comments are lost then)."""
    if not overrides:
        return path.read_bytes()
    import tomli_w

    head = "# " + " ".join([str(path)] + [f"--set {o}" for o in overrides]).replace("\n", " ")
    return (head + "\n" + tomli_w.dumps(data)).encode()


def study_summary(study: Study, exposure: dict) -> dict:
    from xlt.base.micro_build import MICRO_BASES
    from xlt.languages import MICRO_RESOURCE

    langs = list(dict.fromkeys(study.languages.train + study.languages.eval))
    resource = dict(study.data.pretraining) if study.data.pretraining and set(MICRO_BASES) & set(study.models.base) else {x: MICRO_RESOURCE[x] for x in langs if x in MICRO_RESOURCE}
    return {
        "name": study.name,
        "seed": study.seed,
        "seeds": study.all_seeds,
        "train": study.languages.train,
        "eval": study.languages.eval,
        "seen": study.languages.train,
        "unseen": [x for x in study.languages.eval if x not in study.languages.train],
        "tasks": study.eval_tasks + [s.name for s in study.eval.sets],
        "designs": [d.model_dump(mode="json", exclude_none=True) for d in study.design],
        "models": study.models.base,
        "exposure": exposure,
        "resource": resource,
    }


def link_run(study_dir: Path, job: RunJob) -> None:
    """`runs/<id>/`: the spec, links to the run's artifacts, and a completion marker written last."""
    run_dir = study_dir / "runs" / job.spec["id"]
    run_dir.mkdir(parents=True, exist_ok=True)
    write_json(run_dir / "spec.json", job.spec)
    links = {"eval": job.eval_dir}
    if job.mixture_dir:
        links["mixture"] = job.mixture_dir
    if job.spec["method"] != "none":
        links["model"] = job.model_dir
    for name, target in links.items():
        link = run_dir / name
        rel = os.path.relpath(target, run_dir)
        if link.is_symlink() and os.readlink(link) == rel:
            continue
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(rel, target_is_directory=True)
    write_json(run_dir / "DONE.json", {"run": job.spec["id"], "eval": Path(job.eval_dir).name})


def prune_runs(study_dir: Path, jobs: list[RunJob]) -> None:
    """Drop `runs/<id>/` of runs an edit removed from the study (their artifacts stay in the store)."""
    keep = {j.spec["id"] for j in jobs}
    for run_dir in (study_dir / "runs").iterdir():
        if run_dir.name not in keep:
            shutil.rmtree(run_dir)
