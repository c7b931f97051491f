"""Peak host memory of streamed tokenisation at Lucky 52's scale: 3M rows must stay under 2 GB.

    python bench/bench_stream.py [--rows 3000000]

Builds the tiny Llama of the tests, tokenises `rows` generated rows through train.encode_to_dataset in a
child process, and prints its peak RSS and time beside a 10x smaller run (the baseline of the same run).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1]))

from tests.evaluate.conftest import build_tiny_model  # noqa: E402
from tests.test_train_stream import _peak  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=3_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = build_tiny_model(Path(tmp) / "tiny", chat=True)
        small = _peak(base, Path(tmp) / "small", args.rows // 10)
        large = _peak(base, Path(tmp) / "large", args.rows)
    print(f"rows {args.rows:,}: peak {large['peak_mb']:.0f} MB in {large['seconds']:.0f} s; "
          f"{args.rows // 10:,}: {small['peak_mb']:.0f} MB; ratio {large['peak_mb'] / small['peak_mb']:.2f}x (bound 2,048 MB)")


if __name__ == "__main__":
    main()
