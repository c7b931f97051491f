"""Does the micro world carry the papers' signal? Build the micro base, fine-tune English-only and a
"pinch" mixture (same budget, a few percent spread over es ru zh ar sw), then greedy-decode math test
items in ten languages and print exact match per language.

Needed by the product (issue 3): English-only >= 60% on English, and visible transfer differences
between languages (not all ~0, not all ~100).

    python bench/micro_signal.py [--budget 2000] [--pinch 0.075] [--test 100] [--seed 0]
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time

EVAL = ("en", "es", "fr", "ru", "zh", "ja", "ar", "hi", "sw", "fi")
PINCH = ("es", "ru", "zh", "ar", "sw")
NUMBER = re.compile(r"\d+")


def last_number(text: str) -> str | None:
    found = NUMBER.findall(text.replace(",", ""))
    return found[-1] if found else None


def generate_answers(model_dir, prompts: list[str], max_new_tokens: int = 24, batch_size: int = 100) -> list[str]:
    """Greedy, batched, left-padded generation with the same prompt text training used."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from xlt.chat import format_prompt

    tok = AutoTokenizer.from_pretrained(model_dir, padding_side="left")
    model = AutoModelForCausalLM.from_pretrained(model_dir).eval()
    out = []
    for i in range(0, len(prompts), batch_size):
        texts = [format_prompt(tok, p) for p in prompts[i : i + batch_size]]
        batch = tok(texts, return_tensors="pt", padding=True, add_special_tokens=False)
        with torch.no_grad():
            ids = model.generate(**batch, max_new_tokens=max_new_tokens, do_sample=False,
                                 pad_token_id=tok.pad_token_id, eos_token_id=tok.eos_token_id)
        out += tok.batch_decode(ids[:, batch["input_ids"].shape[1] :], skip_special_tokens=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--budget", type=int, default=2000)
    ap.add_argument("--pinch", type=float, default=0.075, help="share of the budget spread over es ru zh ar sw")
    ap.add_argument("--test", type=int, default=100, help="test items per language")
    ap.add_argument("--epochs", type=float, default=3)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--base", default="micro", help="another base model directory (default: the micro model)")
    args = ap.parse_args()

    from xlt.base import resolve_base
    from xlt.corpus.micro import generate
    from xlt.train import RunRecipe, train

    t0 = time.perf_counter()
    base = resolve_base(args.base)
    print(f"base {base} ready in {time.perf_counter() - t0:.0f} s")
    n_ids = args.budget + args.test
    corpus = generate(n_ids, seed=args.seed, tasks=("math",), languages=sorted(set(EVAL) | set(PINCH)))
    by_id: dict[str, dict[str, dict]] = {}
    for r in corpus.iter_rows(named=True):
        by_id.setdefault(r["id"], {})[r["lang"]] = r
    ids = sorted(by_id)
    train_ids, test_ids = ids[: args.budget], ids[args.budget : args.budget + args.test]

    n_pinch = round(args.budget * args.pinch)
    per_lang = [n_pinch // len(PINCH) + (k < n_pinch % len(PINCH)) for k in range(len(PINCH))]
    pinch_langs = [lang for lang, n in zip(PINCH, per_lang) for _ in range(n)]
    mixtures = {
        "english-only": [by_id[i]["en"] for i in train_ids],
        f"pinch {args.pinch:.1%}": [by_id[i][pinch_langs[k]] if k < n_pinch else by_id[i]["en"]
                                    for k, i in enumerate(train_ids)],
    }
    overrides = {"epochs": args.epochs, "select": "last", "seed": args.seed}
    if args.lr:
        overrides["learning_rate"] = args.lr
    recipe = RunRecipe(**overrides)
    table = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, rows in mixtures.items():
            t = time.perf_counter()
            result = train(base, rows, [], recipe, f"{tmp}/{len(table)}", progress=False)
            train_s = time.perf_counter() - t
            t = time.perf_counter()
            scores = {}
            for lang in EVAL:
                items = [by_id[i][lang] for i in test_ids]
                answers = generate_answers(result.out_dir, [r["prompt"] for r in items])
                scores[lang] = sum(last_number(a) == last_number(r["response"]) for a, r in zip(answers, items)) / len(items)
                if lang in ("en", "zh") and name == "english-only":
                    print(f"  sample {lang}: {items[0]['prompt']!r} -> {answers[0]!r} (gold {items[0]['response']!r})")
            table[name] = scores
            print(f"{name}: SFT {train_s:.0f} s, generation {time.perf_counter() - t:.0f} s", flush=True)

    print("\nexact match (math, %d test items per language, greedy, max_new_tokens 24)" % args.test)
    print(f"{'mixture':16s} " + " ".join(f"{lang:>4s}" for lang in EVAL))
    for name, scores in table.items():
        print(f"{name:16s} " + " ".join(f"{100 * scores[lang]:4.0f}" for lang in EVAL))


if __name__ == "__main__":
    main()
