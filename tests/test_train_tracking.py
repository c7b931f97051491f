"""[execution] report_to: the Trainer's logs reach the tracker, tagged with the study and the run."""

import pytest

from tests.test_train import base, rows  # noqa: F401  (the tiny Llama fixture)
from xlt.errors import InputError
from xlt.train import Tracking, RunRecipe, train


def test_tensorboard_logs_offline_with_study_and_run(base, tmp_path):  # noqa: F811
    pytest.importorskip("tensorboard")
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    tracking = Tracking(report_to="tensorboard", study="shaham", run="run123", log_dir=tmp_path / "tb")
    recipe = RunRecipe(epochs=1, batch_size=8, max_length=48, select="last", max_steps=3)
    train(base, rows(32, 1), [], recipe, out_dir=tmp_path / "m", progress=False, tracking=tracking)
    runs = list((tmp_path / "tb" / "shaham" / "run123").glob("events.out.tfevents.*"))
    assert len(runs) == 1
    acc = EventAccumulator(str(runs[0].parent), size_guidance={"tensors": 0})
    acc.Reload()
    assert "train/loss" in acc.Tags()["scalars"] and len(acc.Scalars("train/loss")) == 3
    tags = " ".join(t for t in acc.Tags()["tensors"])
    assert "xlt" in tags
    text = acc.Tensors("xlt/text_summary")[0].tensor_proto.string_val[0].decode()
    assert "shaham" in text and "run123" in text


def test_an_unknown_tracker_is_refused():
    with pytest.raises(InputError, match="execution.report_to"):
        Tracking(report_to="neptune", study="s", run="r")


def test_a_tracker_that_is_not_installed_is_refused_before_training(base, tmp_path):  # noqa: F811
    try:
        import wandb  # noqa: F401

        pytest.skip("wandb is installed here")
    except ImportError:
        pass
    with pytest.raises(InputError, match="pip install wandb"):
        train(base, rows(8, 1), [], RunRecipe(select="last", max_steps=1), out_dir=tmp_path / "m", progress=False,
              tracking=Tracking(report_to="wandb", study="s", run="r"))
    assert not (tmp_path / "m").exists()
