"""The papers' analyses over a study directory, and the report that shows them.

`ANALYSES` lists the analysis functions in report order; each takes (results, items, study) and
returns a Section, a list of Sections, or NotApplicable with one line why. To add a section, append
a function: `from xlt.analysis import ANALYSES; ANALYSES.append(my_analysis)`.
"""

from xlt.analysis import claims, comparisons, curves, languages, prompts
from xlt.predict.report import transfer_section

# The papers' analyses (this package), in report order.
PAPER_ANALYSES = [
    curves.design_curves,
    comparisons.seen_unseen,
    languages.monolingual_heatmap,
    languages.per_language,
    languages.exposure_groups,
    languages.similarity_correlations,
    languages.pretraining_share,
    comparisons.if_l,
    comparisons.robustness,
    comparisons.bilingual_pairs,
    comparisons.budget_variants,
    languages.resource_gains,
    languages.zero_shot_vs_direct,
    comparisons.seeds,
    comparisons.paired_differences,
    comparisons.recipe_tally,
]

ANALYSES = [
    *PAPER_ANALYSES,
    prompts.long_prompts,  # what the models were shown: prompts cut or skipped to fit the context
    transfer_section,  # xlt.predict: cross-validated transfer model and its matrix
    claims.claims_section,  # the five papers' claims, checked (analysis/claims/)
]

# Registered by their modules on import (each appends its section to ANALYSES).
import xlt.human  # noqa: E402,F401  human ratings: judge-rater agreement
