"""Quiet by default: xlt's own progress on stdout, every library warning in the study's xlt.log, nothing on stderr."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SCRIPT = """
import logging, multiprocessing, sys, warnings
from concurrent.futures import ProcessPoolExecutor
import numpy as np
from xlt import logs

def worker():
    logs.worker_log()  # what run_job does first in a worker process
    warnings.warn("worker FutureWarning", FutureWarning)
    logging.getLogger("transformers.trainer").warning("worker library warning")
    return 1

if __name__ == "__main__":
    logs.quiet_libraries()
    warnings.warn("early FutureWarning", FutureWarning)  # before the study has a folder
    logs.setup_log(__import__("pathlib").Path(sys.argv[1]))
    warnings.warn("late FutureWarning", FutureWarning)
    warnings.warn("a UserWarning", UserWarning)
    np.mean(np.array([]))  # numpy's RuntimeWarning
    logging.getLogger("datasets.builder").warning("library warning")
    logging.getLogger("xlt").info("xlt's own message")
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        assert pool.submit(worker).result() == 1
    print("stdout is xlt's")
"""


def test_library_warnings_go_to_the_study_log_not_stderr(tmp_path):
    script = tmp_path / "quiet_probe.py"
    script.write_text(textwrap.dedent(SCRIPT))
    src = Path(__file__).parents[1] / "src"
    res = subprocess.run([sys.executable, str(script), str(tmp_path)], capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(src), "HOME": str(tmp_path)}, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    assert res.stdout == "stdout is xlt's\n"
    logged = (tmp_path / "xlt.log").read_text()
    for text in ("early FutureWarning", "late FutureWarning", "a UserWarning", "Mean of empty slice",
                 "[datasets.builder] library warning", "xlt's own message", "worker FutureWarning",
                 "[transformers.trainer] worker library warning"):
        assert text in logged, (text, logged)
    assert logged.count("xlt's own message") == 1  # not written twice (xlt's handler and the root's)


@pytest.mark.slow
def test_a_normal_run_writes_nothing_to_stderr(tmp_path):
    from tests.conftest import write_parallel_corpus
    from tests.evaluate.conftest import build_tiny_model
    from tests.test_run import study

    write_parallel_corpus(tmp_path / "c.jsonl", ["en", "es", "ru", "zh"], 400)
    build_tiny_model(tmp_path / "tiny", chat=True)
    res = subprocess.run([sys.executable, "-m", "xlt", "run", str(study(tmp_path)), "--out", str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=900)
    assert res.returncode == 0, res.stderr[-3000:]
    assert res.stderr == ""
    logged = (tmp_path / "out" / "e2e" / "xlt.log").read_text()
    assert "WARNING [py.warnings]" in logged  # the libraries' warnings are kept, in the log


def test_the_log_never_holds_a_urls_credentials(tmp_path):
    import logging

    from xlt import logs

    try:
        logs.log_to(tmp_path / "xlt.log")
        logging.getLogger("xlt").info("corpus at https://alice:s3cret@example.org/data.jsonl")
        logging.getLogger("urllib3.connectionpool").warning("retrying HTTP://bob:t0ken@10.0.0.1:8000/v1/chat")
    finally:
        for logger in (logging.getLogger("xlt"), logging.getLogger()):
            for h in [h for h in logger.handlers if getattr(h, "xlt_log", None)]:
                logger.removeHandler(h)
                h.close()
        logging.captureWarnings(False)
    logged = (tmp_path / "xlt.log").read_text()
    assert "https://***@example.org/data.jsonl" in logged and "HTTP://***@10.0.0.1:8000/v1/chat" in logged
    assert "s3cret" not in logged and "t0ken" not in logged and "alice" not in logged
