"""The papers' analyses over a study directory: the data they read, their statistics and figures.

`PAPER_ANALYSES` lists them in report order; each takes (results, items, study) and returns a Section,
a list of Sections, or NotApplicable with one line why. The report (xlt.report.sections) shows them
with the sections of other packages.
"""

from xlt.analysis import comparisons, curves, languages

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
