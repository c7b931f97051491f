"""The report's sections, in page order.

A section is a function `(results, items, study) -> Section | list[Section] | NotApplicable`
(analysis/section.py) whose docstring's first line is its title. Adding one is one file holding the
function and one entry in `SECTIONS`. This layer sits above analysis/, predict/ and human.py, which
never import it back.
"""

from __future__ import annotations

from xlt import human
from xlt.analysis import PAPER_ANALYSES, claims, prompts
from xlt.predict.report import transfer_section

SECTIONS = [
    *PAPER_ANALYSES,  # the papers' analyses (xlt.analysis), in their order
    prompts.long_prompts,  # what the models were shown: prompts cut or skipped to fit the context
    transfer_section,  # xlt.predict: cross-validated transfer model and its matrix
    human.human_agreement,  # human ratings: judge-rater agreement
    claims.claims_section,  # the five papers' claims, checked (analysis/claims/)
]
