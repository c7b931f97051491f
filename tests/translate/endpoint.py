"""The one fake OpenAI-compatible chat endpoint of the tests and benches: a real HTTP server on 127.0.0.1
that "translates" word by word and judges.

It reads the language pair from the system message ("from English to Spanish"), translates the last
user message with a small dictionary (unknown words stay as they are, so markers and numbers pass
through), and counts answered requests per (text, target). With `tag=True` a pair without a
dictionary comes back tagged with the target language ("[Swahili] ...") so each language's rows
differ. A request without a translator's system message is a judge query (xlt's templates: one user
message) and gets a verdict that prefers an answer containing "GOOD" ([[A]]/[[B]]/[[C]] or "Rating: [[n]]"),
so one server stands in for both the translation engine and the judge of a study. With `faults=True`
each distinct judge query gets a fixed misbehaviour from its hash (`behaviour`): its first attempt
answers 429, 500, a stall or a body that is not JSON, or every attempt answers text with no verdict.
It counts requests, attempts and verdicts per judge query, and the Authorization headers. It can answer a
seeded share of requests with 429 / 500 or stall past the client's time-out, add a fixed latency,
drop the numbers of texts holding a trigger word, and hang every request after the n-th answer (to
kill a client mid-run). With `script` (a list of (HTTP status, JSON body)) it is a scripted server instead:
each request gets the next reply of the script (the last one repeated), and every request's JSON body and
Authorization header are recorded in order (`bodies`, `authorizations`), so a test can pin exactly what a
client sent and how it handled each failure.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WORDS = {
    ("English", "Spanish"): {
        "the": "el", "cat": "gato", "dog": "perro", "eats": "come", "fish": "pescado", "drinks": "bebe",
        "water": "agua", "has": "tiene", "apples": "manzanas", "and": "y", "a": "un", "house": "casa",
        "big": "grande", "small": "pequeño", "is": "es", "very": "muy", "my": "mi", "friend": "amigo",
        "reads": "lee", "book": "libro", "every": "cada", "day": "día", "how": "cuántas", "many": "muchas",
        "call": "llama", "weather": "tiempo", "in": "en", "today": "hoy", "what": "qué", "see": "ver",
    },
    ("English", "French"): {
        "the": "le", "cat": "chat", "dog": "chien", "eats": "mange", "fish": "poisson", "drinks": "boit",
        "water": "eau", "has": "a", "apples": "pommes", "and": "et", "a": "une", "house": "maison",
        "big": "grande", "small": "petite", "is": "est", "very": "très", "my": "mon", "friend": "ami",
        "reads": "lit", "book": "livre", "every": "chaque", "day": "jour", "how": "combien", "many": "de",
        "call": "appelle", "weather": "temps", "in": "à", "today": "aujourd'hui", "what": "quel", "see": "voir",
    },
}
for (a, b), table in list(WORDS.items()):
    WORDS[(b, a)] = {v: k for k, v in reversed(list(table.items()))}

SECRET_BODY = "server-said-s3cr3t"  # what a rejecting server puts in its body: never to be echoed by xlt
PAIR = re.compile(r"from (\w+) to (\w+)")
TOKEN = re.compile(r"\w+|\W+")


def fake_translate(text: str, source: str, target: str, drop_numbers: bool = False, tag: bool = False) -> str:
    table = WORDS.get((source, target), {})
    out = "".join(table.get(t.lower(), t) for t in TOKEN.findall(text))
    if tag and not table:
        out = f"[{target}] {out}"
    return re.sub(r"\d+", "", out) if drop_numbers else out


JUDGE_QUERY = re.compile(r"\[The End of Assistant(?: A)?'s Answer\]")
_A = re.compile(r"\[The Start of Assistant A's Answer\]\n(.*?)\n\[The End of Assistant A's Answer\]", re.S)
_B = re.compile(r"\[The Start of Assistant B's Answer\]\n(.*?)\n\[The End of Assistant B's Answer\]", re.S)
_ONE = re.compile(r"\[The Start of Assistant's Answer\]\n(.*?)\n\[The End of Assistant's Answer\]", re.S)


def behaviour(query: str, faults: bool) -> str:
    """How the server treats a judge query with faults on: "429", "500", "timeout", "badbody" (first
    attempt only), "garbage" (every attempt: no verdict) or "ok"; fixed by the query's hash."""
    if not faults:
        return "ok"
    h = int(hashlib.sha256(query.encode()).hexdigest(), 16) % 10
    return {0: "429", 1: "500", 2: "timeout", 3: "garbage", 4: "badbody"}.get(h, "ok")


def verdict(query: str) -> str:
    a, b, one = _A.search(query), _B.search(query), _ONE.search(query)
    if one:
        return "The answer is fine. Rating: [[3]]" if "GOOD" in one[1] else "Poor. Rating: [[1]]"
    good_a, good_b = "GOOD" in a[1], "GOOD" in b[1]
    return "Explanation. " + ("[[A]]" if good_a and not good_b else "[[B]]" if good_b and not good_a else "[[C]]")


class Endpoint:
    """`with Endpoint(...) as ep:` serves on 127.0.0.1:ep.port; ep.base_url for OPENAI_BASE_URL."""

    def __init__(
        self,
        *,
        latency: float = 0.0,
        error_share: float = 0.0,
        timeout_share: float = 0.0,
        stall: float = 5.0,
        never_answer: bool = False,
        hang_after: int | None = None,
        trigger: str = "BREAKNUM",
        seed: int = 0,
        tag: bool = False,
        reject: int | None = None,
        faults: bool = False,
        script: list[tuple[int, dict]] | None = None,
    ):
        self.tag = tag
        self.script = list(script) if script is not None else None  # replies in order, the last one repeated
        self.bodies: list[dict] = []  # each request's JSON body, in order (script mode)
        self.authorizations: list[str | None] = []  # each request's Authorization header, in order (script mode)
        self.reject = reject  # answer every request with this HTTP status and a body holding SECRET_BODY
        self.judged = 0  # judge queries answered
        self.faults = faults  # misbehave on judge queries by their hash (see `behaviour`)
        self.attempts: Counter = Counter()  # judge query -> requests
        self.verdicts: Counter = Counter()  # judge query -> answers with a verdict
        self.auth: set[str] = set()  # Authorization headers seen
        self.latency, self.error_share, self.timeout_share, self.stall = latency, error_share, timeout_share, stall
        self.never_answer, self.hang_after, self.trigger = never_answer, hang_after, trigger
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.answered: Counter = Counter()  # (text, target language) -> 200 answers
        self.received = 0
        self.failed = 0  # errors and stalls served
        self.system_prompts: list[str] = []
        self.release = threading.Event()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base_url = self.url = f"http://127.0.0.1:{self.port}/v1"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    @property
    def requests(self) -> int:
        return self.received

    @property
    def total_answered(self) -> int:
        return sum(self.answered.values())

    def _handler(self):
        ep = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out at once: no 40 ms delayed-ACK stall

            def log_message(self, *args):  # quiet
                pass

            def _send(self, code: int, body: dict | None, headers: dict | None = None, raw: bytes | None = None) -> None:
                data = raw if raw is not None else json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                try:
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                if ep.script is not None:
                    with ep.lock:
                        ep.received += 1
                        ep.bodies.append(body)
                        ep.authorizations.append(self.headers.get("Authorization"))
                        status, reply = ep.script[min(ep.received, len(ep.script)) - 1]
                    return self._send(status, reply)
                with ep.lock:
                    ep.received += 1
                    ep.auth.add(self.headers.get("Authorization", ""))
                    roll = ep.rng.random()
                    hang = ep.hang_after is not None and ep.total_answered >= ep.hang_after
                if ep.reject:
                    return self._send(ep.reject, {"error": {"message": f"bad request {SECRET_BODY}"}})
                if ep.never_answer or hang:
                    ep.release.wait(ep.stall if ep.never_answer else 600)
                    if ep.never_answer:
                        return self._send(500, {"error": {"message": "stalled"}})
                    return self.close_connection
                if roll < ep.error_share:
                    with ep.lock:
                        ep.failed += 1
                    code = 429 if roll < ep.error_share / 2 else 500
                    return self._send(code, {"error": {"message": "try later"}}, {"retry-after-ms": "10"})
                if roll < ep.error_share + ep.timeout_share:
                    with ep.lock:
                        ep.failed += 1
                    time.sleep(ep.stall)  # past the client's time-out: it gives up and retries
                    return self._send(500, {"error": {"message": "too late"}})
                if ep.latency:
                    time.sleep(ep.latency)
                messages = body["messages"]
                system, text = messages[0]["content"], messages[-1]["content"]
                pair = PAIR.search(system) if messages[0]["role"] == "system" else None
                if pair:
                    src, tgt = pair.groups()
                    out = fake_translate(text, src, tgt, drop_numbers=ep.trigger in text, tag=ep.tag)
                    with ep.lock:
                        ep.answered[(text, tgt)] += 1
                        ep.system_prompts.append(system)
                elif JUDGE_QUERY.search(text):
                    with ep.lock:
                        ep.attempts[text] += 1
                        first = ep.attempts[text] == 1
                    kind = behaviour(text, ep.faults)
                    if first and kind in ("429", "500"):
                        return self._send(int(kind), {"error": {"message": "try later", "type": "server_error"}})
                    if first and kind == "timeout":
                        time.sleep(ep.stall)
                        return self._send(500, {"error": {"message": "late"}})
                    if first and kind == "badbody":
                        return self._send(200, None, raw=b"<html>not json</html>")
                    out = "I cannot decide." if kind == "garbage" else verdict(text)
                    with ep.lock:
                        ep.judged += 1
                        ep.verdicts[text] += kind != "garbage"
                else:
                    return self._send(400, {"error": {"message": "neither a translation nor a judge request"}})
                self._send(200, {
                    "id": "x", "object": "chat.completion", "created": 0, "model": body["model"],
                    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": out}}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                })

        return Handler


if __name__ == "__main__":  # serve for a subprocess client (bench, kill test): prints the port
    import argparse
    import sys

    ap = argparse.ArgumentParser()
    ap.add_argument("--latency", type=float, default=0.0)
    ap.add_argument("--hang-after", type=int, default=None)
    args = ap.parse_args()
    with Endpoint(latency=args.latency, hang_after=args.hang_after) as ep:
        print(ep.port, flush=True)
        sys.stdin.read()  # until the parent closes stdin
        print(json.dumps({"answered": ep.total_answered, "received": ep.received}), flush=True)
