"""A run killed mid-training resumes from its last checkpoint and ends with the weights of an uninterrupted run."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from tests.test_train import base, rows  # noqa: F401  (the tiny Llama fixture)
from xlt.errors import InputError
from xlt.train import RunRecipe, train

RECIPE = dict(epochs=20, batch_size=8, learning_rate=3e-3, max_length=48, select="last", max_steps=6, checkpoint_steps=2, seed=3)

# The child trains like the parent but SIGKILLs itself right after the step-4 checkpoint is written:
# what a preempted node leaves behind.
CHILD = """
import json, os, signal, sys
import torch
from transformers import Trainer
from xlt.train import RunRecipe, train

torch.set_num_threads(1)
original = Trainer._save_checkpoint

def save_then_die(self, *args, **kwargs):
    original(self, *args, **kwargs)
    if self.state.global_step == 4:
        os.kill(os.getpid(), signal.SIGKILL)

Trainer._save_checkpoint = save_then_die
base, rows, recipe, out, ckpt = json.loads(sys.argv[1])
train(base, rows, [], RunRecipe(**recipe), out_dir=out, progress=False, checkpoint_dir=ckpt)
"""


def test_killed_run_resumes_to_the_same_weights(base, tmp_path):  # noqa: F811
    data = rows(64, 5)
    recipe = RunRecipe(**RECIPE)
    whole = train(base, data, [], recipe, out_dir=tmp_path / "whole", progress=False, checkpoint_dir=tmp_path / "ck-whole")
    assert not (tmp_path / "ck-whole").exists()  # a finished run leaves no checkpoints behind

    ckpt = tmp_path / "ck"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[1] / "src"), os.environ.get("PYTHONPATH", "")])}
    args = json.dumps([str(base), data, RECIPE, str(tmp_path / "killed"), str(ckpt)])
    child = subprocess.run([sys.executable, "-c", CHILD, args], env=env, capture_output=True, text=True, timeout=600)
    assert child.returncode == -9, child.stderr[-2000:]
    assert not (tmp_path / "killed").exists()
    assert sorted(p.name for p in ckpt.iterdir() if p.name.startswith("checkpoint-")) == ["checkpoint-4"]

    resumed = train(base, data, [], recipe, out_dir=tmp_path / "resumed", progress=False, checkpoint_dir=ckpt)
    assert resumed.report["resumed_from_step"] == 4
    assert whole.report["resumed_from_step"] is None
    assert resumed.report["steps"] == whole.report["steps"] == 6
    a = load_file(whole.out_dir / "model.safetensors")
    b = load_file(resumed.out_dir / "model.safetensors")
    assert a.keys() == b.keys()
    for k in a:
        assert torch.equal(a[k], b[k]), k


def test_checkpoint_steps_must_be_a_multiple_of_eval_steps_when_a_checkpoint_is_selected(base, tmp_path):  # noqa: F811
    recipe = RunRecipe(**{**RECIPE, "select": "val_loss", "eval_steps": 4, "checkpoint_steps": 6})
    with pytest.raises(InputError, match="checkpoint_steps"):
        train(base, rows(16, 1), rows(8, 2), recipe, out_dir=tmp_path / "o", progress=False, checkpoint_dir=tmp_path / "ck")
