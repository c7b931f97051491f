"""One run on several devices: `train()` relaunches itself in N processes through accelerate.

The calling process (a local worker, a Ray task, a SLURM task) writes the run's arguments to a
folder, starts `accelerate launch --multi_gpu --num_processes N -m xlt.train_rank <folder>` and waits.
Each rank (train_rank.py) calls `train()` again with the same arguments; the Trainer then runs DDP (or FSDP or
DeepSpeed ZeRO, by the recipe's `distributed` key), and rank 0 alone writes the model and the
report. Without CUDA the same launch runs DDP on the gloo backend, which is how the tests check that
two processes learn what one process learns from the same global batch.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


ARGS = "args.json"


def inside_launch() -> bool:
    """True in a rank that accelerate or torchrun started (they set WORLD_SIZE)."""
    return int(os.environ.get("WORLD_SIZE", "1")) > 1


def is_main_rank() -> bool:
    return int(os.environ.get("RANK", "0")) == 0


def launch_command(processes: int, strategy: str, folder: Path) -> list[str]:
    """accelerate's launcher for N local processes; --multi_gpu also gives gloo DDP where there is no CUDA."""
    cmd = [sys.executable, "-m", "accelerate.commands.launch", "--num_processes", str(processes), "--num_machines", "1",
           "--mixed_precision", "no", "--dynamo_backend", "no", "--main_process_port", str(_free_port())]
    if strategy == "fsdp":
        cmd += ["--use_fsdp", "--fsdp_sharding_strategy", "FULL_SHARD", "--fsdp_auto_wrap_policy", "TRANSFORMER_BASED_WRAP"]
    elif strategy in ("deepspeed2", "deepspeed3"):
        cmd += ["--use_deepspeed", "--zero_stage", strategy[-1]]
    else:
        cmd += ["--multi_gpu"]
    return cmd + ["-m", "xlt.train_rank", str(folder)]


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def launch(base, train_rows, val_rows, recipe, out_dir: Path, trust_remote_code: bool, checkpoint_dir, processes: int, tracking):
    """Run train() in `processes` ranks and return rank 0's training report. The ranks share one checkpoint
    folder (the caller's, or a temporary one here), since the Trainer saves its state from every rank."""
    from dataclasses import asdict

    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".launch-", dir=out_dir.parent))
    try:
        args = {
            "base": str(base), "train_rows": list(train_rows), "val_rows": list(val_rows or []),
            "recipe": recipe.model_dump(mode="json"), "out_dir": str(out_dir), "trust_remote_code": trust_remote_code,
            "checkpoint_dir": str(checkpoint_dir) if checkpoint_dir is not None else str(folder / "checkpoints"),
            "tracking": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(tracking).items()},
        }
        (folder / ARGS).write_text(json.dumps(args, ensure_ascii=False))
        cmd = launch_command(processes, recipe.distributed, folder)
        import torch

        env = {**os.environ, "OMP_NUM_THREADS": str(torch.get_num_threads())}  # each rank: the worker's threads
        done = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
            raise RuntimeError(f"training in {processes} processes failed (exit {done.returncode}):\n{tail}")
        return json.loads((out_dir / "train_report.json").read_text())
    finally:
        shutil.rmtree(folder, ignore_errors=True)
