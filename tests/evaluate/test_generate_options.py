import json

import pytest

from xlt.evaluate.generate import Decoding, generate
from xlt.evaluate.models import load_model
from xlt.evaluate.options import score_options

REQUESTS = [("The cat sat", " on the mat"), ("El gato ", "se sentó"), ("猫坐在", "垫子上"),
            ("Кошка сидела", " на коврике, потому что"), ("x", "y")]


def test_option_scores_equal_lm_eval(tiny_model):
    from lm_eval.api.instance import Instance
    from lm_eval.models.huggingface import HFLM

    ours = score_options(tiny_model, REQUESTS, batch_size=2)
    lm = HFLM(pretrained=tiny_model, batch_size=3, device="cpu")
    theirs = lm.loglikelihood([Instance("loglikelihood", {}, r, i) for i, r in enumerate(REQUESTS)], disable_tqdm=True)
    for (a, ga), (b, gb) in zip(ours, theirs, strict=True):
        assert a == pytest.approx(b, abs=1e-4) and ga == gb


def test_acc_equals_lm_eval_task_on_local_files(tiny_model, tmp_path):
    """The same multiple-choice items through xlt and through lm-eval's own evaluator (offline)."""
    from xlt.evaluate import lmeval
    from xlt.evaluate.benchmarks import load_benchmark
    from xlt.evaluate.pipeline import benchmark_items, evaluate

    data = tmp_path / "xcopa" / "sw"
    data.mkdir(parents=True)
    rows = [{"premise": f"Paka {i} alikaa kwenye mkeka.", "choice1": "Alikuwa amechoka sana.",
             "choice2": ["Kwa sababu.", "The cat sat on the mat because it was tired."][i % 2],
             "question": ["cause", "effect"][i % 3 == 0], "label": (i * 7) % 2, "idx": i} for i in range(12)]
    (data / "test.sw.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    items = load_benchmark("xcopa", tmp_path / "xcopa", langs=["sw"])
    scored = evaluate(tiny_model, benchmark_items(items), option_format="raw", lid=False)
    ours = {m: scored.filter(scored["metric"] == m)["value"].mean() for m in ("acc", "acc_norm")}
    lmeval.write_task(items, tmp_path / "tasks", "xlt_test_xcopa_sw")
    theirs = lmeval.run_tasks(tiny_model, ["xlt_test_xcopa_sw"], include_path=tmp_path / "tasks", batch_size=4,
                              log_samples=True)
    assert theirs["xlt_test_xcopa_sw"]["acc"] == pytest.approx(ours["acc"])
    assert theirs["xlt_test_xcopa_sw"]["acc_norm"] == pytest.approx(ours["acc_norm"])
    per_doc = {str(s["doc"]["id"]): s["acc"] for s in theirs["samples"]["xlt_test_xcopa_sw"]}
    mine = dict(zip(*scored.filter(scored["metric"] == "acc").select("id", "value").to_dict(as_series=False).values()))
    assert per_doc == mine


def test_batched_generation_equals_one_at_a_time(tiny_chat_model):
    prompts = ["hello", "猫坐在垫子上，因为它累了", "Кошка", "El gato se sentó porque estaba cansado"]
    dec = Decoding(max_new_tokens=6)
    lm = load_model(tiny_chat_model)
    batched = generate(lm, prompts, dec, batch_size=3)
    single = [generate(lm, [p], dec)[0] for p in prompts]
    assert batched == single and all(isinstance(x, str) for x in batched)
    longer = generate(lm, prompts, Decoding(max_new_tokens=12), batch_size=3)
    assert all(len(a) <= len(b) for a, b in zip(batched, longer))  # greedy: more tokens only extend


def test_sampling_is_seeded(tiny_model):
    lm = load_model(tiny_model)
    a = generate(lm, ["hello", "cat"], Decoding(temperature=1.0, max_new_tokens=8), seed=3)
    b = generate(lm, ["hello", "cat"], Decoding(temperature=1.0, max_new_tokens=8), seed=3)
    c = generate(lm, ["hello", "cat"], Decoding(temperature=1.0, max_new_tokens=8), seed=4)
    assert a == b and a != c


def test_shared_context_scores_equal_lm_eval_and_rows(tiny_model):
    """Options of one context run the context once (its cache copied per option); the numbers must
    be lm-eval's and those of one row per request, greedy flags included (one option is the model's
    own greedy continuation, one is a single token, one context is empty)."""
    from lm_eval.api.instance import Instance
    from lm_eval.models.huggingface import HFLM

    from xlt.evaluate.options import encode_pair

    lm = load_model(tiny_model)
    for context in ("The cat sat", "The cat", "El gato", "Paka alikaa"):  # one whose greedy text re-encodes to itself
        ids = lm.tokenizer(context, return_tensors="pt")["input_ids"]
        out = lm.model.generate(ids, max_new_tokens=2, do_sample=False, pad_token_id=lm.tokenizer.pad_token_id)
        greedy_text = lm.tokenizer.decode(out[0, ids.shape[1] :])
        if encode_pair(lm.tokenizer, context, greedy_text)[1] == out[0, ids.shape[1] :].tolist():
            break
    requests = [(context, greedy_text), (context, " on the mat"), (context, "x"),
                ("El gato ", "se sentó"), ("El gato ", "durmió porque estaba cansado"),
                ("", "hello"), ("", "cat"), ("Кошка", " на коврике"), ("猫坐在", "垫子上"), ("猫坐在", "床上")]
    shared = score_options(lm, requests, batch_size=3)
    rows = score_options(lm, requests, batch_size=3, share_contexts=False)
    theirs = HFLM(pretrained=tiny_model, batch_size=3, device="cpu").loglikelihood(
        [Instance("loglikelihood", {}, r, i) for i, r in enumerate(requests)], disable_tqdm=True)
    assert theirs[0][1], "the greedy continuation must be greedy for lm-eval too"
    for (a, ga), (b, gb), (c, gc) in zip(shared, rows, theirs, strict=True):
        assert a == pytest.approx(c, abs=1e-4) and a == pytest.approx(b, abs=1e-4)
        assert ga == gc == gb


def test_beam_search_and_unknown_decoding_keys(tiny_model):
    from xlt.errors import InputError

    import torch

    from xlt.chat import format_prompt
    from xlt.evaluate.models import encode

    lm = load_model(tiny_model)
    prompts = ["The cat sat", "El gato", "Кошка"]
    beams = generate(lm, prompts, Decoding(max_new_tokens=6, num_beams=4))
    for p, got in zip(prompts, beams):  # what transformers' beam search gives on the prompt alone
        ids = torch.tensor([encode(lm.tokenizer, format_prompt(lm.tokenizer, p))])
        want = lm.model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), num_beams=4, do_sample=False,
                                 max_new_tokens=6, pad_token_id=lm.tokenizer.pad_token_id, eos_token_id=lm.tokenizer.eos_token_id)
        assert got == lm.tokenizer.decode(want[0, ids.shape[1]:], skip_special_tokens=True).strip()
    assert beams != generate(lm, prompts, Decoding(max_new_tokens=6))  # not greedy decoding under another name
    assert Decoding.from_dict({"num_beams": 4}).num_beams == 4
    with pytest.raises(InputError, match="unknown decoding key.*'beams'"):
        Decoding.from_dict({"beams": 4})
