"""A real HTTP server on 127.0.0.1 speaking OpenAI's chat-completions API, misbehaving on purpose.

Each distinct query (the user message) gets a fixed behaviour from its hash: the first attempt answers
429, 500, a time-out or a body that is not JSON, or every attempt answers text with no verdict
(garbage); the rest answer at once. The verdict prefers an answer containing "GOOD". The server
counts every request and every verdict it gave, per query.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_A = re.compile(r"\[The Start of Assistant A's Answer\]\n(.*?)\n\[The End of Assistant A's Answer\]", re.S)
_B = re.compile(r"\[The Start of Assistant B's Answer\]\n(.*?)\n\[The End of Assistant B's Answer\]", re.S)
_ONE = re.compile(r"\[The Start of Assistant's Answer\]\n(.*?)\n\[The End of Assistant's Answer\]", re.S)


def behaviour(query: str, faults: bool) -> str:
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


class FakeOpenAI:
    def __init__(self, latency: float = 0.0, faults: bool = True, stall: float = 1.0):
        self.latency, self.faults, self.stall = latency, faults, stall
        self.requests = 0
        self.attempts: Counter = Counter()
        self.verdicts: Counter = Counter()
        self.auth: set[str] = set()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                query = body["messages"][-1]["content"]
                with server._lock:
                    server.requests += 1
                    server.auth.add(self.headers.get("Authorization", ""))
                    server.attempts[query] += 1
                    first = server.attempts[query] == 1
                if server.latency:
                    time.sleep(server.latency)
                kind = behaviour(query, server.faults)
                if first and kind in ("429", "500"):
                    return self._send(int(kind), {"error": {"message": "try later", "type": "server_error"}})
                if first and kind == "timeout":
                    time.sleep(server.stall)
                    return self._send(500, {"error": {"message": "late"}})
                if first and kind == "badbody":
                    return self._send(200, None, raw=b"<html>not json</html>")
                content = "I cannot decide." if kind == "garbage" else verdict(query)
                if kind != "garbage":
                    with server._lock:
                        server.verdicts[query] += 1
                self._send(200, {
                    "id": "x", "object": "chat.completion", "created": 0, "model": body["model"],
                    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                })

            def _send(self, status, obj, raw=None):
                data = raw if raw is not None else json.dumps(obj).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
