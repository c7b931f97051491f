"""Side-by-side judging of N item pairs against a local OpenAI-compatible server: 8 concurrent
requests vs one at a time, in one run (the server sleeps a fixed latency per request).

    python bench/bench_judge.py [--pairs 1000] [--latency 0.01] [--workers 8]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the fake endpoint is a test fixture (tests/)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=1000)
    ap.add_argument("--latency", type=float, default=0.01)
    ap.add_argument("--workers", type=int, default=8)
    args = ap.parse_args()

    from tests.translate.endpoint import Endpoint

    from xlt.evaluate import judges

    pairs = [judges.Pair(str(i), "en", f"Question {i}?", f"answer {i} {'GOOD' if i % 2 else 'bad'}",
                         f"reply {i} {'GOOD' if i % 3 == 0 else 'meh'}") for i in range(args.pairs)]
    results = {}
    with Endpoint(latency=args.latency) as server:
        os.environ["OPENAI_BASE_URL"], os.environ["OPENAI_API_KEY"] = server.url, "bench"
        for workers in (1, args.workers):
            cache = judges.VerdictCache(Path(tempfile.mkdtemp(prefix="xlt-bench-judge-")))
            before = server.requests
            start = time.perf_counter()
            r = judges.judge_sxs(pairs, judges.OpenAIJudge("bench"), workers=workers, cache=cache)
            results[workers] = (time.perf_counter() - start, r, server.requests - before)
    (t1, r1, n1), (tn, rn, nn) = results[1], results[args.workers]
    print(f"{args.pairs} pairs, {n1} requests, server latency {args.latency * 1000:.0f} ms: one at a time {t1:.2f}s, "
          f"{args.workers} concurrent {tn:.2f}s, ratio {t1 / tn:.2f}x; same verdicts: {r1.outcomes == rn.outcomes}; "
          f"score {rn.score:.4f}")


if __name__ == "__main__":
    main()
