"""GPU check for issue 18, run by bench/gpu_check.sh on the first machine with GPUs (no network needed).

Builds a small random Llama locally (as the tests do), then, each step in a fresh process so that
CUDA_VISIBLE_DEVICES decides what it sees:
  train1   bf16 mixed-precision SFT on 1 GPU (fp32 master weights): tokens/s, peak GPU memory, loss curve
  train2   the same global batch on 2 GPUs through accelerate (DDP): tokens/s, loss curve vs train1
  generate greedy generation with transformers and, if vllm imports, with vLLM: tokens/s and agreement
  evaluate the run pipeline's evaluation: the model loaded with [models] device_map ("auto" on GPUs, "cpu"
           in --smoke), scored with [eval] engine = "hf", then released and scored again with
           engine = "vllm" (when vllm imports): seconds, devices the layers landed on, outputs and scores equal

    python bench/gpu_check.py all --out /tmp/xlt-gpu-check   (gpu_check.sh does this)
    python bench/gpu_check.py all --smoke                     (tiny, on CPU: checks the script itself)
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

SIZE = dict(hidden_size=512, intermediate_size=1408, num_hidden_layers=8, num_attention_heads=8, num_key_value_heads=8)
# --smoke: a tiny model and a few steps, so the script itself can be checked on a CPU machine
SMOKE = os.environ.get("XLT_GPU_CHECK_SMOKE") == "1"
if SMOKE:
    SIZE = dict(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2, num_key_value_heads=2)


def rows(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        a, b, lang = rng.randint(0, 99), rng.randint(0, 99), rng.choice(["en", "es"])
        prompt = f"What is {a} plus {b}?" if lang == "en" else f"Cuanto es {a} mas {b}?"
        out.append({"prompt": prompt, "response": f"It is {a + b}." if lang == "en" else f"Es {a + b}.", "lang": lang})
    return out


def build(out: Path) -> Path:
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    from xlt.base.micro import train_tokenizer

    path = out / "base"
    if (path / "config.json").exists():
        return path
    tok = train_tokenizer([r["prompt"] + " " + r["response"] for r in rows(2000, 1)], 512)
    config = LlamaConfig(vocab_size=len(tok), max_position_embeddings=256, eos_token_id=tok.eos_token_id,
                         pad_token_id=tok.pad_token_id, **SIZE)
    torch.manual_seed(0)
    LlamaForCausalLM(config).save_pretrained(path)
    tok.save_pretrained(path)
    return path


class PeakMemory:
    """Peak GPU memory in use (MiB) over all visible GPUs, from nvidia-smi, sampled while a step runs."""

    def __init__(self):
        self.peak, self._stop = {}, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            try:
                text = subprocess.run(["nvidia-smi", "--query-gpu=index,memory.used", "--format=csv,noheader,nounits"],
                                      capture_output=True, text=True, timeout=10).stdout
                for line in text.strip().splitlines():
                    i, used = (int(x) for x in line.split(","))
                    self.peak[i] = max(self.peak.get(i, 0), used)
            except (OSError, ValueError, subprocess.SubprocessError):
                pass
            self._stop.wait(0.2)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def train_step(out: Path, processes: int) -> dict:
    import torch
    from safetensors import safe_open

    from xlt.train import RunRecipe, train

    recipe = RunRecipe(epochs=1, learning_rate=1e-4, batch_size=16 // processes, global_batch=32, max_length=64,
                         select="last", max_steps=4 if SMOKE else 60, seed=0, eval_steps=1)  # eval_steps: log every step
    started = time.perf_counter()
    with PeakMemory() as mem:
        result = train(build(out), rows(200 if SMOKE else 4000, 2), [], recipe, out_dir=out / f"train{processes}", progress=False,
                       processes=processes)
    r = result.report
    with safe_open(str(result.out_dir / "model.safetensors"), "pt") as f:
        dtypes = sorted({str(f.get_tensor(k).dtype) for k in f.keys()})
    return {
        "step": f"train{processes}", "gpus": processes, "device": r["device"], "steps": r["steps"],
        "global_batch": r["global_batch"], "grad_accum": r["grad_accum"], "saved_dtypes": dtypes,
        "tokens_per_second": round(r["tokens_per_second"]), "train_seconds": round(r["train_seconds"], 1),
        "wall_seconds": round(time.perf_counter() - started, 1),
        "peak_gpu_mib": mem.peak, "torch_peak_mib": _torch_peak() if processes == 1 else None,
        "loss": [round(h["loss"], 4) for h in r["train_loss"]],
    }


def _torch_peak():
    import torch

    return round(torch.cuda.max_memory_allocated() / 2**20) if torch.cuda.is_available() else None


def generate_step(out: Path) -> dict:
    import torch

    from xlt.evaluate.generate import Decoding, generate, vllm_available
    from xlt.evaluate.models import load_model

    model = out / "train1" if (out / "train1" / "config.json").exists() else build(out)
    prompts = [r["prompt"] for r in rows(16 if SMOKE else 512, 9)]
    decoding = Decoding(max_new_tokens=32)
    result = {"step": "generate", "model": str(model), "prompts": len(prompts)}
    lm = load_model(str(model), dtype=torch.bfloat16 if torch.cuda.is_available() else None)
    tok = lm.tokenizer
    start = time.perf_counter()
    hf = generate(lm, prompts, decoding, backend="hf", batch_size=64)
    seconds = time.perf_counter() - start
    new_tokens = sum(len(tok(t, add_special_tokens=False)["input_ids"]) for t in hf)
    result["hf"] = {"seconds": round(seconds, 2), "tokens_per_second": round(new_tokens / seconds),
                    "peak_mib": _torch_peak()}
    del lm
    torch.cuda.empty_cache()
    if not vllm_available():
        result["vllm"] = "not importable here: skipped"
        return result
    start = time.perf_counter()
    vl = generate(str(model), prompts, decoding, backend="vllm", batch_size=64)  # includes the engine's start-up
    seconds = time.perf_counter() - start
    new_tokens = sum(len(tok(t, add_special_tokens=False)["input_ids"]) for t in vl)
    same = sum(a == b for a, b in zip(hf, vl, strict=True))
    result["vllm"] = {"seconds_with_startup": round(seconds, 2), "tokens_per_second": round(new_tokens / seconds),
                      "same_as_hf": f"{same}/{len(prompts)}"}
    return result


def evaluate_step(out: Path) -> dict:
    """What job._evaluate does with [models] device_map and [eval] engine, on the trained model."""
    import polars as pl
    import torch

    from xlt.evaluate.engines import open_engine, release
    from xlt.evaluate.generate import Decoding, vllm_available
    from xlt.evaluate.models import load_model
    from xlt.evaluate.pipeline import evaluate

    model = out / "train1" if (out / "train1" / "config.json").exists() else build(out)
    items = pl.DataFrame([{"id": str(i), "lang": r["lang"], "task": "math", "prompt": r["prompt"], "response": r["response"].split()[-1].rstrip(".")}
                          for i, r in enumerate(rows(16 if SMOKE else 512, 11))])
    decoding = Decoding(max_new_tokens=16)
    device_map = "auto" if torch.cuda.is_available() else "cpu"
    result = {"step": "evaluate", "items": items.height, "device_map": device_map}
    lm = load_model(str(model), device_map=device_map)
    result["layers_on"] = sorted({str(p.device) for p in lm.model.parameters()})
    start = time.perf_counter()
    hf = evaluate(lm, items, decoding=decoding, lid=False, batch_size=64)
    result["hf"] = {"seconds": round(time.perf_counter() - start, 2), "exact_match": round(hf["value"].mean(), 4)}
    if not vllm_available():
        result["vllm"] = "not importable here: skipped"
        return result
    lm = release(lm)
    start = time.perf_counter()
    engine = open_engine("vllm", lm, str(model), devices=1)
    started = time.perf_counter() - start
    vl = evaluate(lm, items, decoding=decoding, lid=False, batch_size=64, engine=engine)
    same = sum(a == b for a, b in zip(hf.sort("id")["output"], vl.sort("id")["output"], strict=True))
    result["vllm"] = {"startup_seconds": round(started, 2), "seconds": round(time.perf_counter() - start - started, 2),
                      "exact_match": round(vl["value"].mean(), 4), "same_outputs_as_hf": f"{same}/{items.height}"}
    return result


def run_child(step: str, out: Path, devices: str) -> dict:
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": devices}
    done = subprocess.run([sys.executable, __file__, step, "--out", str(out)], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        return {"step": step, "error": "\n".join((done.stdout + done.stderr).strip().splitlines()[-20:])}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("step", choices=["all", "train1", "train2", "generate", "evaluate"])
    ap.add_argument("--out", type=Path, default=Path("/tmp/xlt-gpu-check"))
    ap.add_argument("--smoke", action="store_true", help="tiny model, few steps, CPU allowed: checks this script")
    args = ap.parse_args()
    if args.smoke and not SMOKE:
        os.environ["XLT_GPU_CHECK_SMOKE"] = "1"
        os.execv(sys.executable, [sys.executable, __file__, *sys.argv[1:]])
    args.out.mkdir(parents=True, exist_ok=True)
    if args.step == "train1":
        print(json.dumps(train_step(args.out, 1)))
        return
    if args.step == "train2":
        print(json.dumps(train_step(args.out, 2)))
        return
    if args.step == "generate":
        print(json.dumps(generate_step(args.out)))
        return
    if args.step == "evaluate":
        print(json.dumps(evaluate_step(args.out)))
        return

    import torch

    n = torch.cuda.device_count()
    names = [torch.cuda.get_device_name(i) for i in range(n)]
    print(json.dumps({"gpus": n, "names": names, "torch": torch.__version__, "bf16": n > 0 and torch.cuda.is_bf16_supported()}))
    if n == 0 and not SMOKE:
        raise SystemExit("no GPU visible: this check is for a machine with GPUs")
    build(args.out)
    results = [run_child("train1", args.out, "0")]
    if n >= 2 or SMOKE:
        results.append(run_child("train2", args.out, "0,1"))
        a, b = results[0].get("loss"), results[1].get("loss")
        if a and b and len(a) == len(b):
            results.append({"step": "compare", "max_rel_loss_diff_1_vs_2_gpus": round(max(abs(x - y) / abs(x) for x, y in zip(a, b)), 4)})
    else:
        results.append({"step": "train2", "skipped": "one GPU visible"})
    results.append(run_child("generate", args.out, "0"))
    results.append(run_child("evaluate", args.out, ",".join(map(str, range(n))) if n else ""))  # device_map="auto": every GPU
    for r in results:
        print(json.dumps(r))
    failed = [r["step"] for r in results if "error" in r]
    if failed:
        raise SystemExit(f"failed: {failed}")


if __name__ == "__main__":
    main()
