"""The errors the CLI turns into a one-line message and an exit code (InputError: 2, JudgeUnavailable: 3), and
the redaction every message that may carry an endpoint URL goes through."""

import re

_CREDENTIALS = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@]+@")


def redact(text: str) -> str:
    """A URL's credentials (https://user:token@host) masked, the host kept: for logs and error messages."""
    return _CREDENTIALS.sub(r"\1***@", text)


def one_line(text: str) -> str:
    """Control characters and line breaks (a key or value from a hostile file may hold any) escaped, so the
    message stays one line: '\\n', '\\x1e', '\\u2028'."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


class InputError(ValueError):
    """Bad input from a user: a study file, a corpus, a benchmark file, a flag.

    The message names the file, the key or line, the bad value and what was expected, on one line.
    """

    def __init__(self, message: str, *, source: str | None = None, key: str | None = None):
        where = ": ".join(str(x) for x in (source, key) if x)
        super().__init__(one_line(f"{where}: {message}" if where else message))
        self.source, self.key = source, key


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
