"""What the models were shown: evaluation prompts cut or skipped because they were longer than the context.

`xlt run` records per run, eval set and language how many prompts were cut in the middle to fit the
model's context (less the tokens to generate) and how many items were skipped ([eval] long_prompts);
the study directory's long_prompts.json holds them, study.json's reader passes them on as
study["long_prompts"]. A score over cut prompts is a score over other inputs than the benchmark's.
"""

from __future__ import annotations

import polars as pl

from xlt.analysis.section import NotApplicable, Section


def long_prompts(results: pl.DataFrame, items, study: dict) -> Section | NotApplicable:
    """Prompts longer than the model's context"""
    rows = study.get("long_prompts") or []
    table = pl.DataFrame(rows, schema={"model": pl.String, "set": pl.String, "lang": pl.String, "items": pl.Int64,
                                       "truncated": pl.Int64, "skipped": pl.Int64}) if rows else None
    if table is None or table.filter((pl.col("truncated") > 0) | (pl.col("skipped") > 0)).height == 0:
        return NotApplicable("every evaluation prompt fitted the model's context")
    # every run of one base model shares its tokenizer and context: one row per model, set and language
    table = (table.group_by("model", "set", "lang").agg(pl.col("items", "truncated", "skipped").max())
             .filter((pl.col("truncated") > 0) | (pl.col("skipped") > 0)).sort("model", "set", "lang")
             .rename({"set": "task", "lang": "eval_lang"}))
    text = []
    for (model, name), g in table.group_by("model", "task", maintain_order=True):
        cut, skipped, total = g["truncated"].sum(), g["skipped"].sum(), g["items"].sum()
        text.append(f"{name} on {model}: {cut} of {total} prompts cut in the middle to fit the context, "
                    f"{skipped} items skipped ({', '.join(g['eval_lang'].to_list())}).")
    return Section("long_prompts", "Prompts longer than the model's context", table=table, text=text,
                   table_note="Counts per base model (its runs share a tokenizer and context); a cut prompt keeps "
                              "its beginning and end ([eval] long_prompts, max_prompt_tokens).")
