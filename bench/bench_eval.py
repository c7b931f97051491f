"""Option scoring vs lm-evaluation-harness, and batched vs one-at-a-time generation, in one run.

    python bench/bench_eval.py [--items 200] [--hidden 256] [--vocab 32000]

A random Llama (built here, nothing downloaded) with a real vocabulary size, XCOPA-style items in two
languages. Prints seconds and ratios; ratios are measured against baselines in the same run.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "evaluate"))


def build_model(directory: Path, hidden: int, vocab: int) -> str:
    import torch
    from conftest import build_tiny_model
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    build_tiny_model(directory)  # tokenizer (and a throwaway model)
    tok = AutoTokenizer.from_pretrained(directory)
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=max(vocab, len(tok)), hidden_size=hidden, intermediate_size=hidden * 4,
                         num_hidden_layers=4, num_attention_heads=4, num_key_value_heads=4,
                         max_position_embeddings=1024, bos_token_id=tok.bos_token_id,
                         eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id)
    LlamaForCausalLM(config).save_pretrained(directory)
    return str(directory)


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=200, help="items per language (2 languages, 2 options each)")
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--vocab", type=int, default=32000)
    ap.add_argument("--prompts", type=int, default=32)
    ap.add_argument("--new-tokens", type=int, default=32)
    args = ap.parse_args()

    import torch
    from lm_eval.api.instance import Instance
    from lm_eval.models.huggingface import HFLM

    from xlt.evaluate import lmeval
    from xlt.evaluate.benchmarks import load_benchmark
    from xlt.evaluate.generate import Decoding, generate
    from xlt.evaluate.models import load_model
    from xlt.evaluate.options import score_options
    from xlt.evaluate.pipeline import benchmark_items, evaluate

    tmp = Path(tempfile.mkdtemp(prefix="xlt-bench-eval-"))
    path = build_model(tmp / "model", args.hidden, args.vocab)
    data = tmp / "xcopa"
    for lang in ("sw", "it"):
        (data / lang).mkdir(parents=True)
        with (data / lang / f"test.{lang}.jsonl").open("w", encoding="utf-8") as fh:
            for i in range(args.items):
                fh.write(json.dumps({"premise": f"Paka namba {i} alikaa kwenye mkeka mkubwa wa nyumba.",
                                     "choice1": "Alikuwa amechoka sana baada ya kazi.",
                                     "choice2": f"Il gatto {i} si sedette sul tappeto.", "question": ["cause", "effect"][i % 2],
                                     "label": i % 2, "idx": i}, ensure_ascii=False) + "\n")
    items = load_benchmark("xcopa", data)
    requests = [r for it in items for r in it.requests]
    print(f"torch threads {torch.get_num_threads()}; {len(items)} items, {len(requests)} requests; "
          f"model hidden {args.hidden}, vocab {args.vocab}")

    # 1. option scoring at the model level: the same (context, continuation) requests
    hflm = HFLM(pretrained=path, batch_size=32, device="cpu")
    inst = [Instance("loglikelihood", {}, r, i) for i, r in enumerate(requests)]
    hflm.loglikelihood(inst[:8], disable_tqdm=True)  # warm-up
    lm = load_model(path)
    score_options(lm, requests[:8])
    theirs, t_lmeval = timed(lambda: hflm.loglikelihood(inst, disable_tqdm=True))
    ours, t_xlt = timed(lambda: score_options(lm, requests, batch_size=32))
    rows, t_rows = timed(lambda: score_options(lm, requests, batch_size=32, share_contexts=False))
    diff = max(abs(a[0] - b[0]) for a, b in zip(ours, theirs))
    greedy_same = all(a[1] == b[1] for a, b in zip(ours, theirs))
    print(f"option scoring: lm-eval HFLM.loglikelihood {t_lmeval:.2f}s, xlt score_options {t_xlt:.2f}s, "
          f"ratio {t_lmeval / t_xlt:.2f}x; max |Δ loglik| {diff:.2e}, is_greedy equal: {greedy_same}")
    diff_rows = max(abs(a[0] - b[0]) for a, b in zip(rows, theirs))
    print(f"  without shared contexts (one row per request): {t_rows:.2f}s, ratio {t_lmeval / t_rows:.2f}x; "
          f"shared contexts {t_rows / t_xlt:.2f}x faster; max |Δ loglik| {diff_rows:.2e}, is_greedy equal: "
          f"{all(a[1] == b[1] for a, b in zip(rows, theirs))}")

    # 2. end to end: lm-eval's evaluator on a local task vs xlt's evaluate on the same items
    lmeval.write_task(items, tmp / "tasks", "bench_xcopa")
    res, t_lm_e2e = timed(lambda: lmeval.run_tasks(path, ["bench_xcopa"], include_path=tmp / "tasks", batch_size=32))
    scored, t_x_e2e = timed(lambda: evaluate(lm, benchmark_items(items), option_format="raw", lid=False))
    acc = {m: scored.filter(scored["metric"] == m)["value"].mean() for m in ("acc", "acc_norm")}
    print(f"end to end: lm-eval simple_evaluate {t_lm_e2e:.2f}s (acc {res['bench_xcopa']['acc']:.4f}, acc_norm "
          f"{res['bench_xcopa']['acc_norm']:.4f}); xlt evaluate {t_x_e2e:.2f}s (acc {acc['acc']:.4f}, acc_norm "
          f"{acc['acc_norm']:.4f}); ratio {t_lm_e2e / t_x_e2e:.2f}x")

    # 3. generation: batched vs one prompt at a time
    prompts = [f"Tell me about cat number {i} and the mat." for i in range(args.prompts)]
    dec = Decoding(max_new_tokens=args.new_tokens)
    generate(lm, prompts[:2], dec, batch_size=args.prompts)
    batched, t_batch = timed(lambda: generate(lm, prompts, dec, batch_size=args.prompts))
    single, t_single = timed(lambda: [generate(lm, [p], dec)[0] for p in prompts])
    print(f"generation ({args.prompts} prompts x {args.new_tokens} new tokens): one at a time {t_single:.2f}s, "
          f"batched {t_batch:.2f}s, ratio {t_single / t_batch:.2f}x; same outputs: {batched == single}")


if __name__ == "__main__":
    main()
