"""The `rule` judge, offline: a response is good when the task's scorer accepts it against the gold answer
(or the task's checker accepts it) and it is written in the prompt's language (lingua)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xlt import languages
from xlt.errors import InputError
from xlt.evaluate.judges.base import Item, Pair, combine


def _instruct_check(item: Item) -> bool:
    from xlt.corpus.micro.constraints import check_item  # here: it loads the micro world's tables

    return check_item(item)


def _instruct_cannot(item: Item) -> str | None:
    from xlt.corpus.micro.constraints import cannot_check

    return cannot_check(item)


# task -> checker(item) -> bool, for tasks judged without a gold response (the micro `instruct`
# constraints); tasks with a gold response use their scorer from xlt.evaluate.tasks.
RULE_CHECKS: dict[str, Callable[[Item], bool]] = {"instruct": _instruct_check}
# task -> why the task's checker cannot check an item (one line), or None when it can
RULE_CANNOT: dict[str, Callable[[Item], str | None]] = {"instruct": _instruct_cannot}


def register_rule_check(task: str, check: Callable[[Item], bool], cannot: Callable[[Item], str | None] | None = None) -> None:
    """The rule judge's checker for a task; `cannot(item)` says why an item is out of its reach (None: it can check it)."""
    RULE_CHECKS[task] = check
    if cannot is not None:
        RULE_CANNOT[task] = cannot


def _cannot(item: Item) -> str | None:
    """Why the rule judge cannot check this item (one line), or None: it needs the task's checker to accept
    the item, or a reference answer and a scorer for the task."""
    from xlt.evaluate.tasks import RESPONSE_METRICS, TASK_METRICS

    if item.task in RULE_CHECKS:
        return RULE_CANNOT[item.task](item) if item.task in RULE_CANNOT else None
    if item.reference is None:
        return f"it needs a reference answer or a checker for task {item.task!r}, and item {item.id!r} has no reference answer"
    if not any(m in RESPONSE_METRICS for m in TASK_METRICS.get(item.task or "", ())):
        scorable = ", ".join(t for t, ms in TASK_METRICS.items() if any(m in RESPONSE_METRICS for m in ms))
        return f"no scorer for task {item.task!r} (it scores {scorable})"
    return None


def _check(item: Item) -> bool:
    from xlt.evaluate.tasks import RESPONSE_METRICS, TASK_METRICS

    why = _cannot(item)
    if why:
        raise InputError(f"the rule judge cannot judge it: {why}; judge such items with openai:<model> or hf:<path>",
                         key=f"id {item.id}")
    if item.task in RULE_CHECKS:
        return bool(RULE_CHECKS[item.task](item))
    metric = next(m for m in TASK_METRICS[item.task] if m in RESPONSE_METRICS)
    try:
        return RESPONSE_METRICS[metric](item.response, item.reference) == 1.0
    except ValueError as exc:
        raise InputError(str(exc), key=f"id {item.id}") from None


@dataclass
class RuleJudge:
    lid: bool = True
    name: str = "rule"

    def cannot_judge(self, items: list[Item]) -> str | None:
        return next((why for why in map(_cannot, items) if why), None)

    def good(self, items: list[Item]) -> list[bool]:
        return [g == 2 for g in self.grade(items)]

    def grade(self, items: list[Item]) -> list[int]:
        """2: the check passes in the prompt's language; 1: the prompt's language, check failed; 0: another language.

        Side by side, the higher grade wins: an answer in the question's language beats one in another
        language even when neither meets the request, as the shipped judge templates tell an LLM judge.
        Without LID a response is graded 2 or 0 by the check alone.
        """
        from xlt.evaluate import lid as lidmod

        ok = [_check(it) for it in items]
        if not self.lid:
            return [2 if o else 0 for o in ok]
        found = lidmod.detect([it.response for it in items])
        same = [d == languages.normalize(it.lang) for d, it in zip(found, items, strict=True)]
        return [2 if o and m else 1 if m else 0 for o, m in zip(ok, same, strict=True)]

    def compare(self, pairs: list[Pair], template=None, cache=None, workers: int = 1) -> list[str | None]:
        """The higher grade wins; the rule looks at each response alone, so both orders give the same verdict."""
        items_a = [Item(p.id, p.lang, p.prompt, p.response_a, p.reference, p.task) for p in pairs]
        items_b = [Item(p.id, p.lang, p.prompt, p.response_b, p.reference, p.task) for p in pairs]
        grade_a, grade_b = self.grade(items_a), self.grade(items_b)
        verdict = ["A" if a > b else "B" if b > a else "C" for a, b in zip(grade_a, grade_b, strict=True)]
        return [combine(v, v) for v in verdict]

    def rate(self, items: list[Item], scale: int, template=None, cache=None, workers: int = 1) -> list[float | None]:
        """The top of the scale for a good response, 1 otherwise."""
        return [float(scale) if g else 1.0 for g in self.good(items)]


def make(target: str, lid: bool = True) -> RuleJudge:
    """The registry's factory: `rule` (no target)."""
    return RuleJudge(lid=lid)
