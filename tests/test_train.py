"""The SFT runner on a tiny random Llama saved by the test: any causal LM path goes through this code."""

import json
import random

import pytest
import torch
from safetensors.torch import load_file
from transformers import AutoModelForCausalLM, AutoTokenizer, LlamaConfig, LlamaForCausalLM

from xlt.base.micro import train_tokenizer
from xlt.errors import InputError
from xlt.train import LoraRecipe, PackedCollator, RunRecipe, encode_rows, train

FAST = dict(epochs=2, batch_size=8, learning_rate=3e-3, max_length=48, eval_steps=4)


@pytest.fixture(autouse=True)
def one_thread():
    """Tiny matmuls gain nothing from threads, and lose much when other processes share the cores."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def rows(n, seed, langs=("en", "es")):
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        a, b, lang = rng.randint(0, 9), rng.randint(0, 9), rng.choice(langs)
        prompt = f"What is {a} plus {b}?" if lang == "en" else f"Cuanto es {a} mas {b}?"
        out.append({"prompt": prompt, "response": f"It is {a + b}." if lang == "en" else f"Es {a + b}.", "lang": lang})
    return out


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    path = tmp_path_factory.mktemp("tiny-llama")
    tok = train_tokenizer([r["prompt"] + " " + r["response"] for r in rows(300, 1)], 320)
    config = LlamaConfig(
        vocab_size=len(tok), hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2,
        num_key_value_heads=2, max_position_embeddings=128, eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id,
    )
    torch.manual_seed(0)
    LlamaForCausalLM(config).save_pretrained(path)
    tok.save_pretrained(path)
    return path


def val_loss(model_dir, val, batch_size=8):
    """Validation loss of a saved model as the Trainer computes it: the mean over batches of batch means."""
    tok = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir).eval()
    enc = encode_rows(tok, val, 48)
    collate = PackedCollator(tok.pad_token_id)
    losses = []
    for i in range(0, len(enc), batch_size):
        batch = collate([{"input_ids": e.input_ids, "labels": e.labels} for e in enc[i : i + batch_size]])
        with torch.no_grad():
            losses.append(model(**batch).loss.item())
    return sum(losses) / len(losses)


def test_full_finetune_keeps_the_checkpoint_with_lowest_val_loss(base, tmp_path):
    val = rows(16, 3)
    result = train(base, rows(64, 2), val, RunRecipe(**FAST), tmp_path / "out", progress=True)
    report = json.loads((result.out_dir / "train_report.json").read_text())
    assert (result.out_dir / "model.safetensors").exists() and (result.out_dir / "tokenizer.json").exists()
    losses = {e["step"]: e["loss"] for e in report["val_loss"]}
    assert len(losses) == 4 and report["steps"] == 16
    best = min(losses, key=losses.get)
    assert report["selected"]["step"] == best
    assert val_loss(result.out_dir, val) == pytest.approx(losses[best], rel=1e-4)
    assert losses[best] < losses[min(losses)]  # it learned something
    assert set(report["trainable_tokens_per_language"]) == {"en", "es"}
    assert report["truncated"]["train"] == {"en": 0, "es": 0}
    assert report["tokens_per_second"] > 0 and report["examples"]["en"] + report["examples"]["es"] == 64


def test_select_last_keeps_the_final_step(base, tmp_path):
    result = train(base, rows(40, 2), rows(8, 3), RunRecipe(**{**FAST, "select": "last", "lr_scheduler": "constant"}),
                   tmp_path / "out", progress=False)
    assert result.report["selected"]["step"] == result.report["steps"]
    assert result.report["selected"]["val_loss"] == result.report["val_loss"][-1]["loss"]


def test_max_steps_stops_training_early(base, tmp_path):
    """`xlt run --smoke` trains a few optimizer steps whatever the epochs and rows."""
    result = train(base, rows(40, 2), rows(8, 3), RunRecipe(**{**FAST, "max_steps": 3}), tmp_path / "out", progress=False)
    assert result.report["steps"] == 3 and result.report["selected"]["step"] <= 3


def test_packed_batch_has_the_same_loss_as_separate_examples(base):
    """Position ids restart per example, so packed examples do not attend to each other."""
    tok = AutoTokenizer.from_pretrained(base)
    model = AutoModelForCausalLM.from_pretrained(base).eval()
    enc = encode_rows(tok, rows(6, 5), 48)
    collate = PackedCollator(tok.pad_token_id)
    packed = collate([{
        "input_ids": sum((e.input_ids for e in enc[:3]), []), "labels": sum((e.labels for e in enc[:3]), []),
        "seq_lengths": [len(e.input_ids) for e in enc[:3]],
    }, {
        "input_ids": sum((e.input_ids for e in enc[3:]), []), "labels": sum((e.labels for e in enc[3:]), []),
        "seq_lengths": [len(e.input_ids) for e in enc[3:]],
    }])
    assert "attention_mask" not in packed
    plain = collate([{"input_ids": e.input_ids, "labels": e.labels} for e in enc])
    with torch.no_grad():
        assert model(**packed).loss.item() == pytest.approx(model(**plain).loss.item(), rel=1e-5)
        row = model(**packed).logits[1]  # the second packed row: examples 3, 4, 5
        start = len(enc[3].input_ids)
        alone = model(**collate([{"input_ids": enc[4].input_ids, "labels": enc[4].labels}])).logits[0]
        assert torch.allclose(row[start : start + len(enc[4].input_ids)], alone, atol=1e-5)
        # without restarting positions the second example sees the first: the check above can fail
        del packed["position_ids"]
        row = model(**packed).logits[1]
        assert not torch.allclose(row[start : start + len(enc[4].input_ids)], alone, atol=1e-3)


def test_packing_trains_on_fewer_rows(base, tmp_path):
    result = train(base, rows(120, 2), rows(16, 3), RunRecipe(**{**FAST, "packing": True, "max_length": 96}), tmp_path / "out",
                   progress=False)
    report = result.report
    assert report["packed_rows"] < 120 / 3
    assert report["val_loss"][-1]["loss"] < report["val_loss"][0]["loss"]


def test_same_seed_same_weights(base, tmp_path):
    recipe = RunRecipe(**{**FAST, "epochs": 1, "select": "last"})
    runs = [train(base, rows(48, 2), [], recipe.model_copy(update={"seed": s}), tmp_path / f"o{i}", progress=False)
            for i, s in enumerate((7, 7, 8))]
    weights = [load_file(r.out_dir / "model.safetensors") for r in runs]
    assert all(torch.equal(weights[0][k], weights[1][k]) for k in weights[0])
    assert not all(torch.equal(weights[0][k], weights[2][k]) for k in weights[0])


def test_lora_saves_a_merged_model_on_request(base, tmp_path):
    recipe = RunRecipe(**{**FAST, "method": "lora", "select": "last", "epochs": 1, "merge_lora": True,
                            "lora": LoraRecipe(r=4, alpha=8, target_modules=("q_proj", "v_proj"))})
    result = train(base, rows(48, 2), [], recipe, tmp_path / "out", progress=False)
    assert not (result.out_dir / "adapter_config.json").exists()
    merged = load_file(result.out_dir / "model.safetensors")
    original = load_file(base / "model.safetensors")
    assert set(merged) == set(original)
    assert not torch.equal(merged["model.layers.0.self_attn.q_proj.weight"], original["model.layers.0.self_attn.q_proj.weight"])
    assert torch.equal(merged["model.layers.0.mlp.up_proj.weight"], original["model.layers.0.mlp.up_proj.weight"])


def test_lora_saves_the_adapter_and_evaluation_loads_it_as_the_merged_model(base, tmp_path):
    from pathlib import Path

    from xlt.evaluate.models import hf_model_args, load_model

    fields = {**FAST, "method": "lora", "select": "last", "epochs": 1, "lora": LoraRecipe(r=4, alpha=8, target_modules=("q_proj", "v_proj"))}
    adapter = train(base, rows(48, 2), [], RunRecipe(**fields), tmp_path / "adapter", progress=False)
    merged = train(base, rows(48, 2), [], RunRecipe(**fields, merge_lora=True), tmp_path / "merged", progress=False)
    assert (adapter.out_dir / "adapter_config.json").exists() and not (adapter.out_dir / "model.safetensors").exists()
    assert (adapter.out_dir / "adapter_model.safetensors").stat().st_size < (merged.out_dir / "model.safetensors").stat().st_size
    a, b = load_model(adapter.out_dir, device="cpu"), load_model(merged.out_dir, device="cpu")
    ids = a.tokenizer(["What is 2 plus 3?"], return_tensors="pt")["input_ids"]
    with torch.no_grad():
        assert torch.allclose(a.model(ids).logits, b.model(ids).logits, atol=1e-5)
    pretrained, peft = hf_model_args(adapter.out_dir).split(",")  # lm-eval: the base plus the adapter
    assert (Path(pretrained.removeprefix("pretrained=")) / "config.json").is_file() and peft == f"peft={adapter.out_dir}"


def test_truncation_is_reported_per_language(base, tmp_path):
    data = rows(40, 2)
    data[0] = {**data[0], "lang": "sw", "response": "It is a long answer " * 6}
    result = train(base, data, [], RunRecipe(**{**FAST, "epochs": 1, "select": "last"}), tmp_path / "out",
                   progress=False)
    assert result.report["truncated"]["train"]["sw"] == 1
    assert sum(result.report["truncated"]["train"].values()) == 1


def test_bad_inputs_fail_before_training(base, tmp_path):
    recipe = RunRecipe(**{**FAST, "select": "last"})
    with pytest.raises(InputError, match="does not exist"):
        train(tmp_path / "missing", rows(8, 2), [], recipe, tmp_path / "o")
    from transformers import ViTConfig

    ViTConfig(hidden_size=32, num_hidden_layers=1, num_attention_heads=2, intermediate_size=64).save_pretrained(tmp_path / "vit")
    with pytest.raises(InputError, match="not a causal language model"):
        train(tmp_path / "vit", rows(8, 2), [], recipe, tmp_path / "o")
    lora = recipe.model_copy(update={"method": "lora", "lora": LoraRecipe(target_modules=("c_attn",))})
    with pytest.raises(InputError, match="c_attn.*q_proj"):
        train(base, rows(8, 2), [], lora, tmp_path / "o")
    long_prompt = [{"prompt": "What is " + "nine plus " * 30 + "one?", "response": "Ten.", "lang": "fi"}]
    with pytest.raises(InputError, match="shorter than the longest prompt.*fi"):
        train(base, rows(8, 2) + long_prompt, [], recipe, tmp_path / "o")
    # a prompt exactly max_length long leaves no completion token: TRL would train it on zero loss
    tok = AutoTokenizer.from_pretrained(base)
    sw = {"prompt": "What is 9 plus 9 plus 9 plus 9?", "response": "It is 36.", "lang": "sw"}
    prompt_len = encode_rows(tok, [sw], 48)[0].labels.count(-100)
    assert all(e.labels.count(-100) < prompt_len for e in encode_rows(tok, rows(8, 2), 48))
    with pytest.raises(InputError, match=r"1 examples would have their whole completion cut away.*\(sw: 1\)"):
        train(base, rows(8, 2) + [sw], [], recipe.model_copy(update={"max_length": prompt_len}), tmp_path / "o")
    with pytest.raises(InputError, match="row 1"):
        train(base, [rows(1, 2)[0], {"prompt": "x"}], [], recipe, tmp_path / "o")
    with pytest.raises(InputError, match="validation rows"):
        train(base, rows(8, 2), [], RunRecipe(), tmp_path / "o")
    assert not (tmp_path / "o").exists()


def test_global_batch_is_reached_by_accumulation_and_updates_are_exact(base, tmp_path):
    """Lucky 52's U and Dhaliwal's global batch: training makes exactly `updates` steps of global_batch examples."""
    recipe = RunRecipe(**{**FAST, "global_batch": 32, "updates": 5, "select": "last"})
    report = train(base, rows(64, 2), [], recipe, tmp_path / "out", progress=False).report
    assert report["devices"] == 1 and report["grad_accum"] == 4 and report["global_batch"] == 32
    assert report["steps"] == 5 == report["planned_updates"]  # epochs alone would give 2 x 64/32 = 4
    with pytest.raises(InputError, match="global_batch 36 is not a multiple of batch_size 8"):
        train(base, rows(8, 2), [], recipe.model_copy(update={"global_batch": 36}), tmp_path / "o")


def test_train_on_inputs_puts_the_loss_on_prompt_tokens_too(base, tmp_path):
    tok = AutoTokenizer.from_pretrained(base)
    data = rows(4, 2)
    plain = encode_rows(tok, data, 48)
    both = encode_rows(tok, data, 48, train_on_inputs=True)
    assert all(e.labels == e.input_ids for e in both)
    assert all(p.labels[: p.labels.count(-100)] == [-100] * p.labels.count(-100) and p.labels.count(-100) > 0 for p in plain)
    recipe = RunRecipe(**{**FAST, "epochs": 1, "select": "last", "train_on_inputs": True})
    report = train(base, rows(16, 2), [], recipe, tmp_path / "out", progress=False).report
    assert report["trainable_tokens"] == report["tokens"]


def math_rows(n, seed):
    return [{**r, "task": "math"} for r in rows(n, seed)]


def test_val_accuracy_keeps_the_checkpoint_that_answers_best(base, tmp_path):
    val = math_rows(12, 3)
    recipe = RunRecipe(**{**FAST, "select": "val_accuracy", "learning_rate": 1e-2})
    result = train(base, math_rows(96, 2), val, recipe, tmp_path / "out", progress=False)
    report = result.report
    accuracy = {e["step"]: e["accuracy"] for e in report["val_accuracy"]}
    assert len(accuracy) == len(report["val_loss"]) >= 4
    best = max(accuracy.values())
    assert report["selected"]["val_accuracy"] == best
    assert report["selected"]["step"] == min(s for s, a in accuracy.items() if a == best)  # the first best
    losses = {e["step"]: e["loss"] for e in report["val_loss"]}
    assert report["selected"]["step"] != min(losses, key=losses.get)  # here the loss would have kept a later step
    # the saved model is the selected one: scoring it again gives the selected accuracy
    from xlt.train import validation_accuracy

    tok = AutoTokenizer.from_pretrained(result.out_dir)
    saved = AutoModelForCausalLM.from_pretrained(result.out_dir)
    assert validation_accuracy(tok, val, 8)(saved) == pytest.approx(best)
    with pytest.raises(InputError, match="task 'instruct' is scored by"):
        train(base, math_rows(8, 2), [{**v, "task": "instruct"} for v in val], recipe, tmp_path / "o")


def test_val_loss_keeps_an_earlier_step_when_validation_loss_rises_again(base, tmp_path):
    """Validation answers the training never shows ("No 7." for "It is 7."): the loss falls while the
    model learns the sums, then rises as it learns the training answers' wording, so best != last."""
    val = [{**r, "response": r["response"].replace("It is", "No").replace("Es", "No")} for r in rows(16, 3)]
    recipe = RunRecipe(**{**FAST, "epochs": 3, "learning_rate": 1e-2, "lr_scheduler": "constant"})
    result = train(base, rows(64, 2), val, recipe, tmp_path / "out")
    losses = {e["step"]: e["loss"] for e in result.report["val_loss"]}
    best = min(losses, key=losses.get)
    assert best != result.report["steps"] and losses[best] < losses[result.report["steps"]]  # the premise
    assert result.report["selected"] == {"step": best, "val_loss": losses[best]}
    assert val_loss(result.out_dir, val) == pytest.approx(losses[best], rel=1e-4)  # the saved weights are that step's
