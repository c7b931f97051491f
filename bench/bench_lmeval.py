"""xlt's lm-eval sets against lm-eval's own CLI: wall time on the same tasks, files and models.

    python bench/bench_lmeval.py [--items 16] [--models 2] [--hidden 64]

Tasks: Belebele (de, es), XCOPA (it) and INCLUDE (de; a group of three tasks) on local files in their
public layouts (tests/standins.py). Each side runs in a fresh process, as a user runs it:
- lm-eval: `lm_eval --model hf --model_args pretrained=PATH --tasks ... --include_path DIR` once per model,
  the tasks pointed at the files by task YAMLs (tests/evaluate/lmeval_reference.py);
- xlt: what `xlt run` does per model in one worker process: the model loaded once (xlt's loader), handed to
  lm-eval in memory, every set in one simple_evaluate (lmeval.set_items + lmeval.evaluate_sets).
Both use batch size 32 on the CPU. Prints seconds per side and checks both give the same accuracies.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SETS = {  # name -> (template, languages, data relative to the files' root)
    "belebele": ("belebele_{lang_Script}", ["de", "es"], {"test": "belebele/{lang_Script}.jsonl"}),
    "xcopa": ("xcopa_{lang}", ["it"], {"test": "xcopa/{lang}/test.{lang}.jsonl", "validation": "xcopa/{lang}/val.{lang}.jsonl"}),
    "include": ("include_base_44_{language}", ["de"], {"test": "include/{language}/test-00000-of-00001.parquet"}),
}

XLT_SIDE = """
import json, sys, time
from xlt.evaluate import lmeval
from xlt.evaluate.models import load_model
from xlt.study import EvalSet
import polars as pl
sets, models = json.loads(sys.argv[1]), json.loads(sys.argv[2])
out = {}
items = pl.concat([pl.DataFrame(lmeval.set_items(EvalSet(name=name, lmeval=t, data=data), langs, name)).with_columns(pl.lit(name).alias("set"))
                   for name, (t, langs, data) in sets.items()])
for path in models:
    lm = load_model(path)
    scored = lmeval.evaluate_sets(lm, items, batch_size=32)
    for (name, lang, metric), g in scored.group_by("set", "lang", "metric"):
        out[f"{path}|{name}|{lang}|{metric}"] = g["value"].mean()
print("RESULT " + json.dumps(out))
"""


def write_files(root: Path, n: int) -> dict:
    from tests import standins

    standins.write_belebele(root / "belebele", dialects=("deu_Latn", "spa_Latn"), n=n)
    standins.write_xcopa(root / "xcopa", langs=("it",), n=n)
    standins.write_include(root / "include", langs=("de",), n=max(1, n // 4))
    return {name: (t, langs, {k: str(root / v) for k, v in data.items()}) for name, (t, langs, data) in SETS.items()}


def build_models(root: Path, count: int, hidden: int) -> list[str]:
    from tests.evaluate.conftest import build_tiny_model

    return [build_tiny_model(root / f"model{i}", hidden=hidden, layers=2, seed=i) for i in range(count)]


def reference_tasks(sets: dict, directory: Path) -> dict:
    """{(set, lang): task name} of the YAMLs lm-eval's CLI runs."""
    from tests.evaluate.lmeval_reference import write_reference_tasks
    from xlt.evaluate import lmeval
    from xlt.study import EvalSet

    out = {}
    for name, (template, langs, data) in sets.items():
        for lang in langs:
            spec = json.loads(lmeval.set_items(EvalSet(name=name, lmeval=template, data=data), [lang], name)[0]["prompt"])
            leaves = [t.task_name for t in lmeval.build_tasks(spec)]
            out[(name, lang)] = write_reference_tasks(directory, spec["task"], leaves, spec["overrides"])
    return out


def run_cli(model: str, tasks: list[str], include: Path, out: Path) -> tuple[float, dict]:
    started = time.perf_counter()
    cmd = [str(Path(sys.executable).parent / "lm_eval"), "--model", "hf", "--model_args", f"pretrained={model}",
           "--tasks", ",".join(tasks), "--include_path", str(include), "--batch_size", "32", "--device", "cpu",
           "--output_path", str(out)]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    result = json.loads(next(out.rglob("results_*.json")).read_text())["results"]
    for p in out.rglob("results_*.json"):
        p.unlink()
    return seconds, result


def run_xlt(sets: dict, models: list[str]) -> tuple[float, dict]:
    started = time.perf_counter()
    env = {**__import__("os").environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-c", XLT_SIDE, json.dumps(sets), json.dumps(models)], check=True,
                          capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    line = next(x for x in proc.stdout.splitlines() if x.startswith("RESULT "))
    return seconds, json.loads(line[len("RESULT "):])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=16)
    ap.add_argument("--models", type=int, default=2)
    ap.add_argument("--hidden", type=int, default=64)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sets = write_files(root / "files", args.items)
        models = build_models(root, args.models, args.hidden)
        names = reference_tasks(sets, root / "tasks")
        cli_seconds, theirs = 0.0, {}
        for model in models:
            s, res = run_cli(model, sorted(set(names.values())), root / "tasks", root / "cli_out")
            cli_seconds += s
            theirs[model] = res
        xlt_seconds, mine = run_xlt(sets, models)
        same = all(abs(mine[f"{m}|{name}|{lang}|acc"] - theirs[m][task]["acc,none"]) == 0
                   for m in models for (name, lang), task in names.items())
    print(json.dumps({"items_per_language": args.items, "models": args.models, "hidden": args.hidden,
                      "lm_eval_cli_s": round(cli_seconds, 1), "xlt_s": round(xlt_seconds, 1),
                      "xlt_over_cli": round(xlt_seconds / cli_seconds, 2), "same_acc": same}))


if __name__ == "__main__":
    main()
