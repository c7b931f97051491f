"""What every judge shares: the items it judges and the one interface it answers through.

A judge is one file in this folder and one entry in registry.JUDGES. It judges lists of items and
says up front what it cannot judge; the protocols (protocols.py) call only these methods, so no
caller asks which kind of judge it holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Item:
    """One response to judge alone (single-answer)."""

    id: str
    lang: str
    prompt: str
    response: str
    reference: str | None = None
    task: str | None = None


@dataclass(frozen=True)
class Pair:
    """Two systems' responses to one prompt (side-by-side); A is the system being scored."""

    id: str
    lang: str
    prompt: str
    response_a: str
    response_b: str
    reference: str | None = None
    task: str | None = None


class JudgeUnavailable(RuntimeError):
    """The judge gave no answer after every retry (network, rate limit, server errors).

    Raised by the protocols with what the command line reports in one line (`line`): the endpoint's host
    (never its credentials) and how many of the items asked were left without a verdict. A plain exception
    whose fields travel in its __dict__, so it pickles whole out of a pool worker."""

    def __init__(self, message: str, *, endpoint: str | None = None, unanswered: int | None = None,
                 queries: int | None = None, items_missing: int | None = None, items: int | None = None,
                 missing: list[int] | None = None):
        super().__init__(message)
        self.endpoint, self.unanswered, self.queries = endpoint, unanswered, queries
        self.items_missing, self.items = items_missing, items
        self.missing = list(missing or [])  # the indices of the queries left unanswered (llm.ask)

    def line(self) -> str:
        """One line for a judge that stayed down: where (host only), how many items went unjudged, what to do."""
        where = f" at {self.endpoint}" if self.endpoint else ""
        if self.items is not None:
            missing = f"{self.items_missing} of {self.items} items not judged (no verdict cached for them)"
        elif self.queries is not None:
            missing = f"{self.unanswered} of {self.queries} judge queries not answered (no verdict cached for them)"
        else:  # raised by a judge itself, outside the protocols: its own message names the judge and the failure
            missing = str(self)
        return (f"the judge endpoint{where} did not answer: {missing}; "
                "finished stages are kept: run the same command again when the endpoint is up")


class Judge(Protocol):
    """The interface of every judge. `template` is a llm.Template or None (the shipped one); `cache` a
    llm.VerdictCache or None (the user cache); a judge that needs neither ignores them."""

    @property
    def name(self) -> str: ...  # how verdicts and logs name it: "rule", "openai:<model>", "hf:<path>"

    def cannot_judge(self, items: list[Item]) -> str | None:
        """Why it cannot judge these items (one line, the first it cannot), or None when it can."""

    def compare(self, pairs: list[Pair], template, cache, workers: int) -> list[str | None]:
        """Per pair, A's outcome against B: "win", "tie", "loss", or None (no verdict)."""

    def rate(self, items: list[Item], scale: int, template, cache, workers: int) -> list[float | None]:
        """Per item, a rating on 1..scale, or None (no verdict)."""


def combine(first: str | None, second: str | None) -> str | None:
    """Verdicts of (A shown first) and (B shown first, mapped back to A/B) -> A's outcome: a win needs
    both verdicts, disagreement is a tie."""
    if first is None or second is None:
        return None
    if first == second == "A":
        return "win"
    if first == second == "B":
        return "loss"
    return "tie"
