"""lm-evaluation-harness adapter (optional extra `xlt[lmeval]`): run named lm-eval tasks, offline.

lm-eval 0.4 reads local files through a task YAML with `dataset_path: json` and
`dataset_kwargs: {data_files: ...}`, found by `TaskManager(include_path=...)`. `write_task` writes
such a task for xlt's own multiple-choice items (same contexts and options), which is how xlt's
acc/acc_norm are checked against lm-eval's on the same model and data.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from xlt.errors import InputError


def available() -> bool:
    return importlib.util.find_spec("lm_eval") is not None


def write_task(items, directory: str | Path, name: str) -> Path:
    """A local multiple-choice lm-eval task (YAML + JSONL) holding the items' contexts and options.

    Items must share one context per item (not XWinograd's per-option contexts); continuations are the
    options after lm-eval's default target delimiter " ".
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    data = directory / f"{name}.jsonl"
    with data.open("w", encoding="utf-8") as fh:
        for it in items:
            if it.requests and len({c for c, _ in it.requests}) != 1:
                raise ValueError(f"item {it.id}: per-option contexts cannot be written as a plain lm-eval task")
            fh.write(json.dumps({"id": it.id, "context": it.prompt, "choices": list(it.choices), "gold": it.gold},
                                ensure_ascii=False) + "\n")
    yaml = directory / f"{name}.yaml"
    yaml.write_text(
        f"task: {name}\n"
        "dataset_path: json\n"
        f"dataset_kwargs:\n  data_files:\n    test: {json.dumps(str(data))}\n"
        "test_split: test\n"
        "output_type: multiple_choice\n"
        "doc_to_text: \"{{context}}\"\n"
        "doc_to_choice: \"{{choices}}\"\n"
        "doc_to_target: gold\n"
        "metric_list:\n  - metric: acc\n    aggregation: mean\n    higher_is_better: true\n  - metric: acc_norm\n    aggregation: mean\n    higher_is_better: true\n",
        encoding="utf-8",
    )
    return yaml


def run_tasks(model_path: str, tasks: list[str], include_path: str | Path | None = None, limit: int | None = None,
              batch_size: int = 32, device: str = "cpu", log_samples: bool = False) -> dict:
    """lm-eval's `simple_evaluate` with the HF backend; returns its results dict ({task: {metric: value}})
    and, with log_samples, the per-document samples under "samples"."""
    if not available():
        raise InputError("lm-evaluation-harness is not installed; pip install 'xlt[lmeval]'", key="lm-eval")
    from lm_eval import simple_evaluate
    from lm_eval.tasks import TaskManager

    from xlt.evaluate.models import hf_model_args

    manager = TaskManager(include_path=str(include_path) if include_path else None)
    out = simple_evaluate(
        model="hf",
        model_args=f"{hf_model_args(model_path)},trust_remote_code=False",
        tasks=list(tasks),
        task_manager=manager,
        limit=limit,
        batch_size=batch_size,
        device=device,
        log_samples=log_samples,
    )
    results = {task: {k.split(",")[0]: v for k, v in metrics.items() if isinstance(v, (int, float)) and "stderr" not in k}
               for task, metrics in out["results"].items()}
    if log_samples:
        results["samples"] = out["samples"]
    return results
