"""The study report: the section list (sections.py) and the page built from it (page.py).

The top layer: it reads results.parquet and items.parquet through xlt.analysis and gathers the
sections of analysis/, predict/ and human.py; nothing below imports it. `fingerprint` is here, apart
from both, so that checking whether a cached report is stale imports none of the sections.
"""

from xlt.imports import code_digest


def fingerprint() -> str:
    """The code the report is made from: every file the page and the section list import, directly or
    not (each section's module and its helpers, lazy imports included). A cached report whose
    fingerprint differs is stale."""
    return code_digest(["xlt.report.page", "xlt.report.sections"])
