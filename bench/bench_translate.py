"""Translation speed: concurrent vs sequential requests through a local endpoint, and a cached re-run.

    python bench/bench_translate.py [--segments 5000] [--latency 0.05] [--workers 64] [--sequential 500]

The endpoint (tests/translate/endpoint.py) runs in its own process and answers every request after a
fixed latency, like a remote server. Concurrent: all `--segments` segments with `--workers` requests in
flight. Sequential: one request at a time, over the first `--sequential` segments (a full sequential
pass at 50 ms would take minutes); both are compared as segments per second. Re-run: the finished
concurrent translation again, from the cache, against the first run's time. Targets: >= 8x, <= 2%.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from xlt.corpus import COLUMNS  # noqa: E402
from xlt.translate import OpenAIEngine, translate_table  # noqa: E402

WORDS = ["the", "cat", "dog", "eats", "fish", "drinks", "water", "has", "apples", "and", "my", "friend", "reads", "book"]


def corpus(n: int) -> pl.DataFrame:
    rows = [
        {"id": f"s{i:05d}", "lang": "en", "task": "bench", "split": "train", "response": None,
         "prompt": " ".join(WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(8)) + f" {i}"}
        for i in range(n)
    ]
    return pl.DataFrame(rows, schema={c: pl.Utf8 for c in COLUMNS})


def timed(table, workers: int, cache: Path) -> tuple[float, object]:
    t0 = time.perf_counter()
    tr = translate_table(table, "en", ["es"], OpenAIEngine("bench", timeout=30), ["prompt"], workers, cache)
    return time.perf_counter() - t0, tr


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--segments", type=int, default=5000)
    ap.add_argument("--latency", type=float, default=0.05)
    ap.add_argument("--workers", type=int, default=64)
    ap.add_argument("--sequential", type=int, default=500)
    args = ap.parse_args()

    server = subprocess.Popen(
        [sys.executable, "-m", "tests.translate.endpoint", "--latency", str(args.latency)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    port = int(server.stdout.readline())
    os.environ["OPENAI_BASE_URL"] = f"http://127.0.0.1:{port}/v1"
    os.environ["OPENAI_API_KEY"] = "bench"
    table = corpus(args.segments)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        timed(corpus(8), 2, tmp / "warm")  # imports, registry, first connection
        seq_s, seq = timed(table.head(args.sequential), 1, tmp / "seq")
        conc_s, conc = timed(table, args.workers, tmp / "conc")
        rerun_s, rerun = timed(table, args.workers, tmp / "conc")
    server.stdin.close()
    served = json.loads(server.stdout.readline())
    server.wait()

    assert seq.requested == args.sequential and conc.requested == args.segments and rerun.requested == 0
    assert rerun.table.equals(conc.table)
    seq_rate, conc_rate = args.sequential / seq_s, args.segments / conc_s
    result = {
        "segments": args.segments,
        "latency_s": args.latency,
        "workers": args.workers,
        "sequential_segments": args.sequential,
        "sequential_s": round(seq_s, 2),
        "sequential_segments_per_s": round(seq_rate, 1),
        "concurrent_s": round(conc_s, 2),
        "concurrent_segments_per_s": round(conc_rate, 1),
        "speedup": round(conc_rate / seq_rate, 1),
        "rerun_s": round(rerun_s, 3),
        "rerun_share_of_first": round(rerun_s / conc_s, 4),
        "server_answered": served["answered"],
    }
    print(json.dumps(result, indent=2))
    print(f"concurrency speed-up {result['speedup']}x (target >= 8x): {'ok' if result['speedup'] >= 8 else 'MISSED'}")
    print(f"re-run {result['rerun_share_of_first']:.2%} of the first run (target <= 2%): "
          f"{'ok' if result['rerun_share_of_first'] <= 0.02 else 'MISSED'}")


if __name__ == "__main__":
    main()
