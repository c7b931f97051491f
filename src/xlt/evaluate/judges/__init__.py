"""Judges and the two judge protocols: side-by-side (Shaham et al.) and single-answer (Chen; Shimabucoro).

A judge is `rule` (gold answer through the task's scorer, plus LID; rule.py), `openai:<model>` (any
OpenAI-compatible endpoint: OPENAI_BASE_URL, OPENAI_API_KEY; openai.py) or `hf:<path>` (a local causal
LM; hf.py), listed in registry.JUDGES and answering through the interface in base.py. The protocols
(protocols.py) call only that interface; the LLM judges share templates, parsers and the verdict cache
(llm.py). Adding a judge: one file with the class and its `make`, one entry in registry.JUDGES.
"""

from xlt.evaluate.judges.base import Item, Judge, JudgeUnavailable, Pair
from xlt.evaluate.judges.files import items_from_file, pairs_from_files, read_responses
from xlt.evaluate.judges.hf import HFJudge
from xlt.evaluate.judges.llm import (
    OPTIONAL, REQUIRED, LLMJudge, Query, Template, VerdictCache, ask, ask_batched, cache_key, default_cache_dir,
    language_name, load_template, parse_rating, parse_sxs,
)
from xlt.evaluate.judges.openai import OpenAIJudge
from xlt.evaluate.judges.protocols import SingleResult, SxsResult, judge_single, judge_sxs
from xlt.evaluate.judges.registry import JUDGES, JudgeKind, can_judge, make_judge, spec_error
from xlt.evaluate.judges.rule import RULE_CANNOT, RULE_CHECKS, RuleJudge, register_rule_check

__all__ = [
    "JUDGES", "OPTIONAL", "REQUIRED", "RULE_CANNOT", "RULE_CHECKS", "HFJudge", "Item", "Judge", "JudgeKind",
    "JudgeUnavailable", "LLMJudge", "OpenAIJudge", "Pair", "Query", "RuleJudge", "SingleResult", "SxsResult",
    "Template", "VerdictCache", "ask", "ask_batched", "cache_key", "can_judge", "default_cache_dir",
    "items_from_file", "judge_single", "judge_sxs", "language_name", "load_template", "make_judge",
    "pairs_from_files", "parse_rating", "parse_sxs", "read_responses", "register_rule_check", "spec_error",
]
