"""The judges a study can name, one row each: adding a judge is one file and one entry in JUDGES.

A study writes a judge as `<kind>` or `<kind>:<target>` ("rule", "openai:gpt-4o", "hf:/models/j").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xlt.errors import InputError
from xlt.evaluate.judges import hf, openai, rule
from xlt.evaluate.judges.base import Item, Judge


@dataclass(frozen=True)
class JudgeKind:
    spec: str  # how a study writes it, for messages: "rule", "openai:<model>"
    make: Callable[..., Judge]  # (target, lid=...) -> the judge
    target: bool  # whether the spec names a target after the colon


JUDGES: dict[str, JudgeKind] = {
    "rule": JudgeKind("rule", rule.make, target=False),
    "openai": JudgeKind("openai:<model>", openai.make, target=True),
    "hf": JudgeKind("hf:<path>", hf.make, target=True),
}


def expected() -> str:
    """'rule', 'openai:<model>' or 'hf:<path>': the specs the table knows, for messages."""
    specs = [f"'{k.spec}'" for k in JUDGES.values()]
    return specs[0] if len(specs) == 1 else ", ".join(specs[:-1]) + " or " + specs[-1]


def spec_error(spec: str) -> str | None:
    """Why `spec` names no judge (one line), or None when it names one."""
    kind, colon, target = spec.partition(":")
    row = JUDGES.get(kind)
    if row is None or (bool(target) if row.target else bool(colon)) != row.target:
        return f"expected {expected()}"
    return None


def make_judge(spec: str, **options) -> Judge:
    """The judge a spec names; options (e.g. lid) go to its factory."""
    if spec_error(spec):
        raise InputError(f"unknown judge {spec!r}; expected {expected()}", key="judge")
    kind, _, target = spec.partition(":")
    return JUDGES[kind].make(target, **options)


def can_judge(spec: str, items: list[Item]) -> str | None:
    """Why the judge `spec` cannot judge these items (one line, the first item it cannot), or None when it can.

    An LLM judge (openai:, hf:) reads any prompt; the rule judge only what a checker or a gold answer decides."""
    return make_judge(spec).cannot_judge(items)
