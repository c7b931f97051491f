"""The `hf:<path>` judge: a local causal LM answering through the same templates and parsers (greedy, batched)."""

from __future__ import annotations

from dataclasses import dataclass, field

from xlt.evaluate.judges.llm import LLMJudge, ask_batched


@dataclass
class HFJudge(LLMJudge):
    path: str
    max_new_tokens: int = 256
    batch_size: int = 8
    _lm: object = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return f"hf:{self.path}"

    def answers(self, queries, parse, cache, workers):
        return ask_batched(self, queries, parse, cache)

    def complete_many(self, queries: list[str]) -> list[str]:
        from xlt.evaluate.generate import Decoding, generate
        from xlt.evaluate.models import load_model

        if self._lm is None:
            self._lm = load_model(self.path)
        return generate(self._lm, queries, Decoding(max_new_tokens=self.max_new_tokens), batch_size=self.batch_size)


def make(target: str, lid: bool = True) -> HFJudge:
    """The registry's factory: `hf:<path>` (an LLM reads the language itself; `lid` is the protocol's)."""
    return HFJudge(path=target)
