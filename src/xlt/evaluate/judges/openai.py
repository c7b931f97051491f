"""The `openai:<model>` judge: any OpenAI-compatible chat-completions endpoint (OPENAI_BASE_URL,
OPENAI_API_KEY from the environment), asked one query at a time in threads."""

from __future__ import annotations

import logging
import os
import random
import threading
import time
from dataclasses import dataclass, field

from xlt.errors import InputError
from xlt.evaluate.judges.base import JudgeUnavailable
from xlt.evaluate.judges.llm import LLMJudge, ask

log = logging.getLogger("xlt.judge")


@dataclass
class OpenAIJudge(LLMJudge):
    """Retries 429, 5xx and time-outs itself with backoff (the SDK's retries are off, so the count is ours)."""

    model: str
    timeout: float = 60.0
    attempts: int = 6
    backoff: float = 0.5  # seconds; doubled each retry, capped at 16 s, with jitter
    max_tokens: int = 1024
    _client: object = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def name(self) -> str:
        return f"openai:{self.model}"

    @property
    def endpoint(self) -> str:
        """The host (and port) the judge asks, for messages: OPENAI_BASE_URL without its credentials or path."""
        from urllib.parse import urlsplit

        url = urlsplit(os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1")
        try:
            port = url.port
        except ValueError:  # a port that is not a number: the host alone
            port = None
        return f"{url.hostname or '?'}:{port}" if port else (url.hostname or "?")

    def client(self):
        """The one client the threads share, built by the first that needs it."""
        with self._lock:
            if self._client is None:
                import openai

                key = os.environ.get("OPENAI_API_KEY")
                if not key:
                    raise InputError("the openai judge needs OPENAI_API_KEY in the environment", key="OPENAI_API_KEY")
                self._client = openai.OpenAI(
                    api_key=key, base_url=os.environ.get("OPENAI_BASE_URL") or None, max_retries=0, timeout=self.timeout
                )
            return self._client

    def answers(self, queries, parse, cache, workers):
        return ask(self, queries, parse, cache, workers)

    def complete(self, query: str) -> str:
        import openai

        client = self.client()
        for attempt in range(self.attempts):
            try:
                reply = client.chat.completions.create(
                    model=self.model,
                    messages=[{"role": "user", "content": query}],
                    temperature=0.0,
                    max_tokens=self.max_tokens,
                )
                return reply.choices[0].message.content or ""
            except openai.APIStatusError as exc:
                if exc.status_code != 429 and exc.status_code < 500:  # not retried; the server's body is not echoed
                    raise JudgeUnavailable(f"{self.name}: HTTP {exc.status_code} from the judge endpoint (not retried)") from None
                why = f"HTTP {exc.status_code}"
            except (openai.APITimeoutError, openai.APIConnectionError, openai.APIResponseValidationError) as exc:
                why = type(exc).__name__
            except (ValueError, AttributeError, IndexError, TypeError) as exc:  # a body that is not a completion
                why = f"malformed reply ({type(exc).__name__})"
            if attempt + 1 < self.attempts:
                delay = min(16.0, self.backoff * 2**attempt) * (0.5 + random.random() / 2)
                log.info("judge %s: %s, retrying in %.2fs", self.name, why, delay)
                time.sleep(delay)
        raise JudgeUnavailable(f"{self.name}: no answer after {self.attempts} attempts ({why})")


def make(target: str, lid: bool = True) -> OpenAIJudge:
    """The registry's factory: `openai:<model>` (an LLM reads the language itself; `lid` is the protocol's)."""
    return OpenAIJudge(model=target)
