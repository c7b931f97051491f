"""A run in two processes (accelerate, DDP on gloo) learns what one process learns from the same global batch."""

import pytest

from tests.test_train import base, rows  # noqa: F401  (the tiny Llama fixture)
from xlt.train import RunRecipe, train

SAME = dict(epochs=20, learning_rate=3e-3, max_length=48, select="last", max_steps=5, seed=1, global_batch=8)


@pytest.mark.slow
def test_two_processes_give_the_loss_curve_of_one(base, tmp_path):  # noqa: F811
    data = rows(64, 7)
    one = train(base, data, [], RunRecipe(batch_size=8, **SAME), out_dir=tmp_path / "one", progress=False)
    two = train(base, data, [], RunRecipe(batch_size=4, **SAME), out_dir=tmp_path / "two", progress=False, processes=2)
    assert (one.report["devices"], one.report["grad_accum"]) == (1, 1)
    assert (two.report["devices"], two.report["grad_accum"], two.report["global_batch"]) == (2, 1, 8)
    a = [h["loss"] for h in one.report["train_loss"]]
    b = [h["loss"] for h in two.report["train_loss"]]
    assert len(a) == len(b) == 5
    assert a[-1] < a[0]  # it learned something, so equal curves mean equal updates
    assert b == pytest.approx(a, rel=2e-3)
