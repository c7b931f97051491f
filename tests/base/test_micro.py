"""The micro base model: built from text, cached by recipe hash, safe under concurrent builds."""

import json
import random
import threading

import pytest

from xlt.base import MicroRecipe, base_info, build_micro_base, load_base, resolve_base
from xlt.chat import format_completion, format_prompt
from xlt.errors import InputError

TINY = MicroRecipe(
    vocab_size=320, hidden_size=32, num_layers=1, num_heads=2, intermediate_size=64,
    context_length=32, steps=6, batch_size=4, warmup_steps=2,
)


def documents():
    rng = random.Random(0)
    return {
        "en": [f"Anna has {rng.randint(0, 99)} cups and {rng.randint(0, 9)} pens." for _ in range(120)],
        "es": [f"Ana tiene {rng.randint(0, 99)} tazas." for _ in range(60)],
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    return cache, build_micro_base(TINY, cache_dir=cache, progress=False, documents=documents())


def test_build_writes_model_tokenizer_and_exposure_record(built):
    cache, path = built
    assert path.parent == cache and path.name.startswith("micro-" + TINY.key())
    assert (path / "model.safetensors").exists() and (path / "tokenizer.json").exists()
    info = base_info(path)
    langs = info["pretraining"]["languages"]
    assert set(langs) == {"en", "es"}
    assert abs(sum(v["share"] for v in langs.values()) - 1) < 1e-9
    assert langs["en"]["share"] > langs["es"]["share"]  # twice the documents, longer ones
    assert info["recipe"]["hidden_size"] == 32 and info["key"].startswith(TINY.key())
    assert info["pretraining"]["loss_last"] < info["pretraining"]["loss_first"]
    assert not list(cache.glob(".micro-*"))  # no temp build left behind


def test_tokenizer_splits_digits_and_has_a_chat_template(built):
    _, path = built
    model, tok = load_base(path)
    assert [t for t in tok.tokenize("in 2024") if t.strip("Ġ")][-4:] == ["2", "0", "2", "4"]
    prompt = format_prompt(tok, "How many?")
    assert prompt == "<|user|>\nHow many?<|end|>\n<|assistant|>\n"
    assert format_completion(tok, "Three.").endswith(tok.eos_token)
    assert tok.eos_token_id == model.config.eos_token_id and tok.pad_token_id is not None
    assert type(model).__name__ == "LlamaForCausalLM"


def test_second_build_reuses_the_cache(built):
    cache, path = built
    before = (path / "model.safetensors").stat().st_mtime_ns
    assert build_micro_base(TINY, cache_dir=cache, progress=False, documents=documents()) == path
    assert (path / "model.safetensors").stat().st_mtime_ns == before


def test_recipe_hash_follows_every_field():
    assert TINY.key() == MicroRecipe(**{**TINY.__dict__}).key()
    assert TINY.key() != MicroRecipe(**{**TINY.__dict__, "seed": 1}).key()
    assert MicroRecipe(profile={"en": "high", "sw": "low"}).key() == MicroRecipe(profile={"sw": "low", "en": "high"}).key()
    with pytest.raises(InputError, match="resource level"):
        MicroRecipe(profile={"en": "huge"})


def test_concurrent_builds_share_one_directory(tmp_path):
    docs = documents()
    results, errors = [], []

    def build():
        try:
            results.append(build_micro_base(TINY, cache_dir=tmp_path, progress=False, documents=docs))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 2 and results[0] == results[1]
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == [results[0].name]
    json.loads((results[0] / "xlt_base.json").read_text())


def test_bad_base_names_fail_before_loading(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        resolve_base(tmp_path / "missing")
    with pytest.raises(InputError, match="does not exist"):
        resolve_base("./no/such/model")
    (tmp_path / "notes").mkdir()
    with pytest.raises(InputError, match="config.json"):
        resolve_base(tmp_path / "notes")
    from transformers import ViTConfig

    ViTConfig(hidden_size=32, num_hidden_layers=1, num_attention_heads=2, intermediate_size=64).save_pretrained(tmp_path / "vit")
    with pytest.raises(InputError, match="not a causal language model"):
        load_base(tmp_path / "vit")
    assert resolve_base("Qwen/Qwen2.5-0.5B") == "Qwen/Qwen2.5-0.5B"  # hub ids pass through unchanged
