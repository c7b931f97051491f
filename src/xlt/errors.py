"""The one error type that the CLI turns into a one-line message and exit code 2, and the redaction every
message that may carry an endpoint URL goes through."""

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
