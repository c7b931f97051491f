"""Which metrics a task gets, in one table: a new scorer is one entry here.

A metric is either scored on a generated response against the gold response (`RESPONSE_METRICS`),
computed from option log-likelihoods (`OPTION_METRICS`, multiple choice), or given by a judge.
"""

from __future__ import annotations

from collections.abc import Callable

from xlt.evaluate import arena, flores
from xlt.evaluate.flores import chrf_pp
from xlt.evaluate.scorers import call_match, exact_match, rouge_l

# metric -> scorer(response, gold) -> float in [0, 1]
RESPONSE_METRICS: dict[str, Callable[[str, object], float]] = {
    "exact_match": exact_match,
    "call_match": call_match,
    "rouge_l": rouge_l,
    **{metric: chrf_pp for metric in flores.TASKS.values()},
}

# metrics read off option log-likelihoods by `scorers.choice_metrics`
OPTION_METRICS = ("acc", "acc_norm")

# the judge's rating of an open-ended response (see judges/); win_rate: side by side against a reference answer
RATING_METRICS = ("judge",)
SXS_METRICS = ("win_rate",)
JUDGE_METRICS = (*RATING_METRICS, *SXS_METRICS)

# task -> default metrics
TASK_METRICS: dict[str, tuple[str, ...]] = {
    "math": ("exact_match",),
    "api": ("call_match",),
    "summaries": ("rouge_l",),
    "summarization": ("rouge_l",),
    "multiple_choice": OPTION_METRICS,
    "instruct": RATING_METRICS,
    **{task: (metric,) for task, metric in flores.TASKS.items()},
    arena.TASK: SXS_METRICS,
    "lmeval": (),  # an lm-eval task: the metrics lm-eval reports for it (evaluate/lmeval.py)
}


# the language a task's answer is written in, where it is not the item's (FLORES into English)
ANSWER_LANG = {"translation_xx_en": "en"}


def metrics_for(task: str, overrides: dict[str, tuple[str, ...]] | None = None) -> tuple[str, ...]:
    """The metrics of a task: the study's choice where it names one, else the default."""
    table = {**TASK_METRICS, **(overrides or {})}
    if task not in table:
        raise KeyError(f"no metrics known for task {task!r}; known: {', '.join(sorted(table))}")
    return tuple(table[task])

