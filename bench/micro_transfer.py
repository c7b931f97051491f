"""Does a micro base transfer? English-only SFT on the math task, then exact match in every micro language.

Issue 16's target: English >= 80%, the mean over the 17 languages never seen in SFT >= 40%, and higher
for languages closer to English (Spearman rank correlation with lang2vec similarity to English >= 0.5;
`--ladder` adds the typology ladder's synthetic languages, whose transfer should fall as transforms combine).

    python bench/micro_transfer.py --base DIR [--budget 2000] [--test 100] [--epochs 3] [--ladder] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from micro_signal import generate_answers, last_number  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True, help="a micro base directory (config.json, tokenizer)")
    ap.add_argument("--budget", type=int, default=2000)
    ap.add_argument("--test", type=int, default=100, help="test items per language")
    ap.add_argument("--epochs", type=float, default=3)
    ap.add_argument("--lr", type=float, default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--similarity", default="syntactic", help="lang2vec similarity kind for the rank correlation")
    ap.add_argument("--ladder", action="store_true", help="also evaluate the typology ladder's languages")
    ap.add_argument("--json", default=None, help="write the figures here")
    args = ap.parse_args()

    from scipy.stats import spearmanr

    from xlt.corpus.micro import LANGUAGES, generate, typology
    from xlt.languages import similarity_matrix
    from xlt.train import RunRecipe, train

    langs = list(LANGUAGES) + (list(typology.LADDER) if args.ladder else [])
    corpus = generate(args.budget + args.test, seed=args.seed, tasks=("math",), languages=langs)
    by_id: dict[str, dict[str, dict]] = {}
    for r in corpus.iter_rows(named=True):
        by_id.setdefault(r["id"], {})[r["lang"]] = r
    ids = sorted(by_id)
    train_ids, test_ids = ids[: args.budget], ids[args.budget :]
    overrides = {"epochs": args.epochs, "select": "last", "seed": args.seed}
    if args.lr:
        overrides["learning_rate"] = args.lr
    scores = {}
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        result = train(args.base, [by_id[i]["en"] for i in train_ids], [], RunRecipe(**overrides), f"{tmp}/en", progress=False)
        sft_s = time.perf_counter() - t
        t = time.perf_counter()
        for lang in langs:
            items = [by_id[i][lang] for i in test_ids]
            answers = generate_answers(result.out_dir, [r["prompt"] for r in items])
            scores[lang] = sum(last_number(a) == last_number(r["response"]) for a, r in zip(answers, items)) / len(items)
        gen_s = time.perf_counter() - t
    natural = [c for c in LANGUAGES if c != "en"]
    sim = similarity_matrix(["en", *natural], args.similarity)[0, 1:]
    rho = spearmanr(sim, [scores[c] for c in natural]).statistic
    out = {
        "base": args.base,
        "exact_match": {c: round(v, 4) for c, v in scores.items()},
        "en": scores["en"],
        "unseen_mean": sum(scores[c] for c in natural) / len(natural),
        "spearman_vs_similarity": None if rho != rho else round(float(rho), 3),
        "similarity": args.similarity,
        "ladder": {c: scores[c] for c in typology.LADDER if c in scores},
        "budget": args.budget,
        "test_per_language": args.test,
        "sft_seconds": round(sft_s, 1),
        "generation_seconds": round(gen_s, 1),
    }
    print(json.dumps(out, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
