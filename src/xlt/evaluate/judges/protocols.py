"""The two judge protocols over any judge: side-by-side (Shaham et al.) and single-answer (Chen; Shimabucoro).

Side-by-side: each item is judged twice with the responses swapped; a win needs both verdicts,
disagreement is a tie; score = (wins + ties/2) / judged items. An item whose verdict could not be
parsed (after retries) or obtained counts in `unparsed` and nowhere else.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlt import languages
from xlt.errors import InputError
from xlt.evaluate.judges.base import Item, Judge, Pair


@dataclass(frozen=True)
class SxsResult:
    n: int
    wins: int
    ties: int
    losses: int
    unparsed: int
    score: float  # (wins + ties / 2) / (n - unparsed)
    outcomes: tuple  # per item: "win" | "tie" | "loss" | None (unparsed)

    def summary(self) -> dict:
        return {k: getattr(self, k) for k in ("n", "wins", "ties", "losses", "unparsed", "score")}


def judge_sxs(pairs: list[Pair], judge: Judge, template=None, workers: int = 8, cache=None) -> SxsResult:
    """Shaham et al.'s side-by-side protocol: A's wins, ties and losses against B."""
    outcomes = judge.compare(pairs, template, cache, workers)
    wins, ties, losses = (outcomes.count(k) for k in ("win", "tie", "loss"))
    judged = wins + ties + losses
    score = (wins + ties / 2) / judged if judged else float("nan")
    return SxsResult(len(pairs), wins, ties, losses, len(pairs) - judged, score, tuple(outcomes))


@dataclass(frozen=True)
class SingleResult:
    n: int
    mean: float  # over parsed items
    sum: float  # Chen's total over items (e.g. 0-150 for 50 prompts on 1-3)
    unparsed: int
    gated_mean: float  # rating x [response language = prompt language], over parsed items
    ratings: tuple  # per item: rating or None
    lids: tuple  # per item: detected language or None

    def summary(self) -> dict:
        return {k: getattr(self, k) for k in ("n", "mean", "sum", "unparsed", "gated_mean")}


def judge_single(items: list[Item], judge: Judge, scale: int = 3, template=None, workers: int = 8,
                 cache=None, lid: bool = True) -> SingleResult:
    """Single-answer ratings on 1-3 (Chen) or 1-5 (Shimabucoro: a wrong-language answer scores 1)."""
    from xlt.evaluate import lid as lidmod

    if scale not in (3, 5):
        raise InputError(f"scale must be 3 or 5, got {scale}", key="scale")
    lids = lidmod.detect([it.response for it in items]) if lid else [None] * len(items)
    ratings = judge.rate(items, scale, template, cache, workers)
    langs = [languages.normalize(it.lang) for it in items]
    if lid and scale == 5:  # Shimabucoro: an answer in the wrong language scores 1
        ratings = [None if r is None else (r if d == l else 1.0) for r, d, l in zip(ratings, lids, langs)]
    parsed = [(r, d, l) for r, d, l in zip(ratings, lids, langs) if r is not None]
    total = sum(r for r, _, _ in parsed)
    mean = total / len(parsed) if parsed else float("nan")
    gated = sum(r * (d == l) for r, d, l in parsed) / len(parsed) if parsed and lid else float("nan")
    return SingleResult(len(items), mean, total, len(items) - len(parsed), gated, tuple(ratings), tuple(lids))
