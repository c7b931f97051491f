"""Where xlt's messages and the libraries' warnings go: the study's xlt.log, never stderr.

A normal `xlt run` writes only xlt's own progress to the terminal; library warnings (transformers
deprecations, numpy) land in xlt.log with URL credentials masked. Workers in other processes find the
log through $XLT_LOG and call `worker_log` first.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from xlt.errors import redact

log = logging.getLogger("xlt")

LOG_ENV = "XLT_LOG"  # the study's xlt.log, for workers in other processes (process pool, Ray on this machine)


def setup_log(study_dir: Path) -> None:
    """The study's xlt.log, for this process and the workers it spawns."""
    path = study_dir / "xlt.log"
    os.environ[LOG_ENV] = str(path)  # spawned workers inherit it and log into the same file
    log_to(path)


def log_to(path: str | Path) -> None:
    """xlt's messages (INFO and up) and everything else's warnings (Python warnings, library loggers) go to
    the study's xlt.log, so a normal run writes nothing to stderr: its output is xlt's own progress.
    Idempotent: a worker calls it again for every run it takes."""
    path = str(path)
    root = logging.getLogger()
    if any(getattr(h, "xlt_log", None) == path for h in log.handlers):
        return
    for logger in (log, root):
        for h in [h for h in logger.handlers if getattr(h, "xlt_log", None) or (logger is log and isinstance(h, logging.FileHandler))]:
            logger.removeHandler(h)
            h.close()
    fmt = _Redacting("%(asctime)s %(levelname)s %(message)s")
    ours = logging.FileHandler(path, encoding="utf-8")
    theirs = logging.FileHandler(path, encoding="utf-8")  # append mode: both, and every worker, add whole lines
    theirs.setLevel(logging.WARNING)
    theirs.addFilter(lambda r: not r.name.startswith("xlt"))  # xlt's records arrive through `ours`
    theirs.setFormatter(_Redacting("%(asctime)s %(levelname)s [%(name)s] %(message)s"))
    for h in (ours, theirs):
        h.xlt_log = path
    ours.setFormatter(fmt)
    log.addHandler(ours)
    log.setLevel(logging.INFO)
    root.addHandler(theirs)  # a handler on the root logger also keeps logging's last resort off stderr
    for h in [h for h in root.handlers if isinstance(h, _Early)]:  # what came before the study had a folder
        h.setTarget(theirs)
        h.close()  # flushes into xlt.log
        root.removeHandler(h)
    logging.captureWarnings(True)  # warnings.warn -> the "py.warnings" logger -> root -> xlt.log


class _Redacting(logging.Formatter):
    """A library's message may hold a URL with its credentials (https://user:token@host): the log keeps the host."""

    def format(self, record) -> str:
        return redact(super().format(record))


class _Early(logging.handlers.MemoryHandler):
    """Holds the libraries' warnings from before the study's folder exists (log_to writes them to xlt.log)."""

    def __init__(self):
        super().__init__(capacity=1000, flushLevel=logging.CRITICAL + 1)
        self.setLevel(logging.WARNING)
        self.addFilter(lambda r: not r.name.startswith("xlt"))

    def shouldFlush(self, record) -> bool:  # noqa: N802 - logging's name
        return False  # kept until log_to gives it a target; beyond capacity, the oldest are dropped

    def emit(self, record) -> None:
        self.buffer = self.buffer[-(self.capacity - 1):] + [record]


def no_library_bars() -> None:
    """No tqdm bars from the libraries (loading weights, mapping datasets): set before they are imported."""
    os.environ.setdefault("TQDM_DISABLE", "1")
    os.environ.setdefault("HF_DATASETS_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def quiet_libraries() -> None:
    """xlt draws its own progress: the libraries' tqdm bars would bury it, and their warnings go to xlt.log
    (log_to) instead of stderr. Environment variables reach spawned workers too."""
    no_library_bars()
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    root = logging.getLogger()
    if not any(getattr(h, "xlt_log", None) or isinstance(h, _Early) for h in root.handlers):
        root.addHandler(_Early())
    logging.captureWarnings(True)


def worker_log() -> None:
    """In a worker process: the same quiet and the same xlt.log as the process that planned the study."""
    quiet_libraries()
    if os.environ.get(LOG_ENV):
        log_to(os.environ[LOG_ENV])
