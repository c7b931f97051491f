"""Which metric heads a task: the most preferred among those scored in the most evaluation languages."""

import polars as pl

from xlt.analysis.tidy import main_metrics


def _rows(task, metric, langs, value=0.5):
    return [{"run": "r", "task": task, "eval_lang": x, "metric": metric, "value": value} for x in langs]


def test_if_l_gives_way_to_the_judge_where_languages_outside_sft_have_no_if_l():
    seen, unseen = ["en", "es"], ["fi", "ja"]
    rows = _rows("instruct", "if_l", seen) + _rows("instruct", "judge", seen + unseen) + _rows("instruct", "fidelity", seen + unseen)
    assert main_metrics(pl.DataFrame(rows)) == [("instruct", "judge")]
    full = rows + _rows("instruct", "if_l", unseen)  # IF_L everywhere: the preferred metric again
    assert main_metrics(pl.DataFrame(full)) == [("instruct", "if_l")]


def test_gated_metrics_never_head_and_language_id_only_when_nothing_else_is_scored():
    rows = _rows("math", "exact_match", ["en", "es"]) + _rows("math", "exact_match_gated", ["en", "es"])
    rows += _rows("math", "fidelity", ["en", "es"]) + _rows("prompts", "fidelity", ["en", "es"])
    rows += _rows("api", "call_match", ["en"]) + _rows("api", "call_match", ["es"], value=float("nan"))
    assert main_metrics(pl.DataFrame(rows)) == [("math", "exact_match"), ("api", "call_match"), ("prompts", "fidelity")]
