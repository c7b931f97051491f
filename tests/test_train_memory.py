"""[train] group_by_length and chunked_loss: they reach TRL (its SFTConfig, its fused-head loss) and a tiny run trains with them."""

import pytest
import trl

from tests.test_train import base, one_thread, rows  # noqa: F401  (the tiny Llama fixture, one torch thread)
from xlt.plan import _learning
from xlt.train import RunRecipe, TrainRecipe, train

SHORT = dict(epochs=1, batch_size=8, learning_rate=3e-3, max_length=48, select="last", max_steps=4, seed=3)


@pytest.fixture
def configs(monkeypatch):
    """Every SFTConfig train builds, as built."""
    made = []
    real = trl.SFTConfig

    def record(*args, **kwargs):
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(trl, "SFTConfig", record)
    return made


def test_group_by_length_reaches_sftconfig_and_trains(base, tmp_path, configs):  # noqa: F811
    mixed = rows(24, 1) + [{"prompt": "What is 4 plus 5 plus 6?",
                            "response": "It is 45.", "lang": "en"}] * 8
    result = train(base, mixed, [], RunRecipe(**SHORT, group_by_length=True), out_dir=tmp_path / "m", progress=False)
    assert configs[-1].train_sampling_strategy == "group_by_length"
    assert result.report["steps"] == 4 and all(x["loss"] > 0 for x in result.report["train_loss"])
    train(base, mixed, [], RunRecipe(**SHORT), out_dir=tmp_path / "n", progress=False)
    assert configs[-1].train_sampling_strategy == "random"  # the default: transformers' shuffled order


def test_chunked_loss_is_trls_fused_head_and_gives_the_same_loss_curve(base, tmp_path, monkeypatch):  # noqa: F811
    calls = []
    real = trl.SFTTrainer.compute_loss

    def counted(self, *args, **kwargs):
        calls.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(trl.SFTTrainer, "compute_loss", counted)
    fused = train(base, rows(32, 2), [], RunRecipe(**SHORT, chunked_loss=True), out_dir=tmp_path / "f", progress=False)
    assert len(calls) == 4 and fused.report["chunked_loss"] is True
    calls.clear()
    own = train(base, rows(32, 2), [], RunRecipe(**SHORT, chunked_loss=False), out_dir=tmp_path / "o", progress=False)
    assert not calls and own.report["chunked_loss"] is False  # the CPU default: the model's own loss
    for a, b in zip(fused.report["train_loss"], own.report["train_loss"], strict=True):
        assert a["loss"] == pytest.approx(b["loss"], rel=1e-4)


def test_new_keys_leave_existing_run_ids_alone():
    fields = TrainRecipe().model_dump()
    assert "group_by_length" not in _learning(fields) and "chunked_loss" not in _learning(fields)
    assert _learning(TrainRecipe(group_by_length=True).model_dump())["group_by_length"] is True  # it changes what is learned
    assert _learning(TrainRecipe(chunked_loss=True).model_dump()) == _learning(fields)  # it does not
