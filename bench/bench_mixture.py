"""Building a pinch mixture from a 52-language × 67,000-id parallel corpus (3.5M rows).

Targets (issue 2): at most 20 s and 3 GB peak memory, and the ratio against a plain Hugging Face
`datasets` version (shuffle + select per language + concatenate), measured in the same run. Each
side runs in a fresh subprocess so peak memory (ru_maxrss) is its own.

    python bench/bench_mixture.py [--ids 67000] [--langs 52]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LANGS52 = ("en zh af ar az bn cs de es et fa fi fr gl gu he hi hr id it ja ka kk km ko lt lv mk ml mn mr my ne nl pl ps pt ro ru si "
           "sl sv sw ta te th tl tr uk ur vi xh").split()


def make_corpus(path: Path, n_ids: int, langs: list[str]) -> None:
    import numpy as np
    import polars as pl

    ids = np.array([f"x-{i:06d}" for i in range(n_ids)])
    frames = []
    for lang in langs:
        frames.append(
            pl.DataFrame({"id": ids, "lang": lang, "task": "instruct"}).with_columns(
                (pl.lit(f"[{lang}] instruction number ") + pl.col("id")).alias("prompt"),
                (pl.lit(f"[{lang}] a response of moderate length for ") + pl.col("id")).alias("response"),
                pl.lit(None, dtype=pl.Utf8).alias("split"),
            )
        )
    pl.concat(frames).write_parquet(path)


XLT = """
import json, resource, sys, time
t = time.perf_counter()
from xlt.corpus import load_corpus
from xlt.designs import largest_remainder, round_half_up
from xlt.mixture import build_mixture, index_train, write_mixture
langs, budget, out = json.loads(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
corpus = load_corpus("parquet:" + sys.argv[1])
share = largest_remainder(round_half_up(0.10 * budget), langs)
counts = {x: {"instruct": n} for x, n in share.items()}
counts["en"]["instruct"] += budget - sum(share.values())
rows, man = build_mixture(index_train(corpus, seed=0), counts, "disjoint", seed=0)
write_mixture(rows, man, out)
print(json.dumps({"seconds": time.perf_counter() - t, "rows": rows.height, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

HF = """
import json, resource, sys, time
t = time.perf_counter()
import datasets
from xlt.designs import largest_remainder, round_half_up
langs, budget, out = json.loads(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
ds = datasets.Dataset.from_parquet(sys.argv[1])
share = largest_remainder(round_half_up(0.10 * budget), langs)
share["en"] += budget - sum(share.values())
parts = []
for lang, n in share.items():
    part = ds.filter(lambda b: [x == lang for x in b["lang"]], batched=True, batch_size=100_000)
    parts.append(part.shuffle(seed=0).select(range(n)))
mixed = datasets.concatenate_datasets(parts)
mixed.to_json(out + "/mixture.jsonl")
print(json.dumps({"seconds": time.perf_counter() - t, "rows": len(mixed), "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    if out.returncode:
        sys.exit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ids", type=int, default=67_000)
    ap.add_argument("--langs", type=int, default=52)
    ap.add_argument("--budget", type=int, default=20_000)
    args = ap.parse_args()
    langs = LANGS52[: args.langs]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.parquet"
        t = time.perf_counter()
        make_corpus(corpus, args.ids, langs)
        print(f"corpus: {args.ids * len(langs):,} rows written in {time.perf_counter() - t:.1f} s")
        (Path(tmp) / "xlt").mkdir()
        (Path(tmp) / "hf").mkdir()
        xlt = run(XLT, str(corpus), json.dumps(langs), str(args.budget), str(Path(tmp) / "xlt"))
        hf = run(HF, str(corpus), json.dumps(langs), str(args.budget), str(Path(tmp) / "hf"))
    print(f"xlt pinch P=10, B={args.budget}: {xlt['seconds']:.1f} s, peak {xlt['peak_mb']:.0f} MB, {xlt['rows']} rows")
    print(f"HF datasets baseline:       {hf['seconds']:.1f} s, peak {hf['peak_mb']:.0f} MB, {hf['rows']} rows")
    print(f"speed ratio (HF / xlt): {hf['seconds'] / xlt['seconds']:.2f}x; targets: <= 20 s ({'met' if xlt['seconds'] <= 20 else 'MISSED'}), "
          f"<= 3072 MB ({'met' if xlt['peak_mb'] <= 3072 else 'MISSED'})")


if __name__ == "__main__":
    main()
