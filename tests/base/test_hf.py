"""A model that ships its own code loads only when the study says trust_remote_code = true."""

import json

import pytest

from tests.evaluate.conftest import build_tiny_model
from xlt.base.hf import check_causal_lm, load_base
from xlt.errors import InputError
from xlt.evaluate.models import load_model
from xlt.train import RunRecipe, train

CONFIG_CODE = '''
from transformers import LlamaConfig


class CustomConfig(LlamaConfig):
    model_type = "xlt_custom"
'''

MODELING_CODE = '''
from transformers import LlamaForCausalLM

from .configuration_custom import CustomConfig


class CustomForCausalLM(LlamaForCausalLM):
    config_class = CustomConfig
'''


@pytest.fixture(scope="module")
def custom_model(tmp_path_factory):
    """A tiny Llama saved with a model type transformers does not know and the code that defines it."""
    path = tmp_path_factory.mktemp("custom-code-model")
    build_tiny_model(path, layers=1, chat=True)
    (path / "configuration_custom.py").write_text(CONFIG_CODE)
    (path / "modeling_custom.py").write_text(MODELING_CODE)
    cfg = json.loads((path / "config.json").read_text())
    cfg.update(
        model_type="xlt_custom",
        architectures=["CustomForCausalLM"],
        auto_map={"AutoConfig": "configuration_custom.CustomConfig",
                  "AutoModelForCausalLM": "modeling_custom.CustomForCausalLM"},
    )
    (path / "config.json").write_text(json.dumps(cfg))
    return path


def test_custom_code_is_refused_unless_the_study_trusts_it(custom_model):
    with pytest.raises(InputError, match="trust_remote_code = true"):
        check_causal_lm(str(custom_model))
    with pytest.raises(InputError, match="trust_remote_code"):
        load_model(str(custom_model))
    check_causal_lm(str(custom_model), trust_remote_code=True)


def test_trusted_custom_code_loads_for_evaluation_and_training(custom_model, tmp_path):
    model, _ = load_base(custom_model, trust_remote_code=True)
    assert type(model).__name__ == "CustomForCausalLM"
    assert type(load_model(str(custom_model), trust_remote_code=True).model).__name__ == "CustomForCausalLM"

    rows = [{"prompt": f"What is {a} plus 1?", "response": f"It is {a + 1}.", "lang": "en"} for a in range(8)]
    recipe = RunRecipe(epochs=1, batch_size=4, max_length=64, select="last")
    with pytest.raises(InputError, match="trust_remote_code"):
        train(custom_model, rows, [], recipe, tmp_path / "refused", progress=False)
    result = train(custom_model, rows, [], recipe, tmp_path / "trusted", progress=False, trust_remote_code=True)
    assert (result.out_dir / "config.json").exists()
