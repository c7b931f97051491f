"""What every judge shares: the items it judges and the one interface it answers through.

A judge is one file in this folder and one entry in registry.JUDGES. It judges lists of items and
says up front what it cannot judge; the protocols (protocols.py) call only these methods, so no
caller asks which kind of judge it holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from xlt.errors import JudgeUnavailable  # noqa: F401  (the judges raise it; it lives with the CLI's other errors)


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
