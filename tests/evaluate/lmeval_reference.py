"""lm-eval's own numbers for a task on local files, the way a user of lm-eval's CLI gets them: task YAMLs in an
`--include_path` folder that include lm-eval's shipped task files and point them at the files (each task of a
group, and a group over them aggregated as lm-eval's own group config says), run by `simple_evaluate` loading
the model from its path. What xlt's lm-eval sets are checked against."""

from __future__ import annotations

import json
from pathlib import Path

import yaml


def write_reference_tasks(directory: Path, task: str, leaves: list[str], overrides: dict) -> str:
    """YAMLs for `task` (a task or a group of `leaves`) reading the files in `overrides`; the name to run."""
    from xlt.evaluate import lmeval

    index = lmeval.task_manager().task_index
    directory.mkdir(parents=True, exist_ok=True)
    body = "".join(f"{k}: {json.dumps(v)}\n" for k, v in overrides.items())
    names = []
    for leaf in leaves:
        name = f"ref_{leaf}"
        (directory / f"{name}.yaml").write_text(f"include: {index[leaf].yaml_path}\ntask: {name}\n{body}")
        names.append(name)
    if leaves == [task]:
        return names[0]
    group = yaml.safe_load(Path(index[task].yaml_path).read_text())
    aggregate = group.get("aggregate_metric_list") or [{"metric": "acc", "weight_by_size": True}]
    (directory / f"ref_{task}.yaml").write_text(yaml.safe_dump({"group": f"ref_{task}", "task": names,
                                                                "aggregate_metric_list": aggregate}))
    return f"ref_{task}"
