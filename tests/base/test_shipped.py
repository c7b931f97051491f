"""The micro bases the package ships: the weights are the ones their xlt_base.json names, and micro-large is
the same pretraining (text, tokenizer, trained tokens) at a larger size, so model size is the one difference."""

from __future__ import annotations

import pytest
import torch
from transformers import AutoModelForCausalLM

from xlt.base import micro_build as mb


@pytest.mark.parametrize("name", mb.MICRO_BASES)
def test_shipped_weights_match_their_digest(name):
    info = mb.shipped_info(name)
    assert info is not None, f"{name}: no xlt_base.json in {mb.shipped_dir(name)}"
    torch.set_num_threads(1)
    model = AutoModelForCausalLM.from_pretrained(mb.shipped_dir(name))
    assert mb.weights_digest(model.state_dict()) == info["digest"]
    assert sum(p.numel() for p in model.parameters()) == info["parameters"]


def test_micro_large_differs_from_micro_in_size_alone():
    small, large = mb.shipped_info("micro"), mb.shipped_info("micro-large")
    assert large["recipe"]["text"] == small["recipe"]["text"] and large["recipe"]["train"] == small["recipe"]["train"]
    assert large["pretraining"]["trained_tokens"] == small["pretraining"]["trained_tokens"]
    assert large["pretraining"]["text_tokens"] == small["pretraining"]["text_tokens"]  # the same tokenizer and stream
    assert large["recipe"]["model"]["vocab_size"] == small["recipe"]["model"]["vocab_size"]
    assert 2 <= large["parameters"] / small["parameters"] <= 4


def test_the_shipped_weights_fit_the_package_budget():
    total = sum(f.stat().st_size for name in mb.MICRO_BASES for f in mb.shipped_dir(name).iterdir())
    assert total <= 20e6  # both bases, fp32, with tokenizers and configs


def test_micro_check_takes_a_shipped_base_by_name():
    import json

    from typer.testing import CliRunner

    from xlt.cli import app

    res = CliRunner().invoke(app, ["micro", "check", "micro-large", "--json", "--langs", "en,ja", "--copy-items", "2",
                                   "--pool", "4", "--threads", "1"])
    assert res.exit_code == 0, res.output
    assert set(json.loads(res.stdout)["copy"]["per_language"]) == {"en", "ja"}
