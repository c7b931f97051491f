"""[eval] engine and [models] device_map: one engine per run reused for every set and language, the HF copy
released before it starts, greedy decoding mapped to SamplingParams; vLLM itself where it imports (GPU)."""

from __future__ import annotations

import json
import weakref
from pathlib import Path

import polars as pl
import pytest
import torch

from tests.conftest import write_parallel_corpus, write_tiny_study
from tests.evaluate.conftest import build_tiny_model
from xlt.evaluate import engines, models
from xlt.evaluate.engines import HFEngine, sampling_params
from xlt.evaluate.generate import Decoding, _generate_hf


class FakeVllm:
    """Stands in for VllmEngine: generates with transformers on its own copy of the model (as vLLM loads
    its own), and checks at start-up that the HF copy evaluation loaded is gone and memory was given back."""

    started: list = []  # (engine, path, trust_remote_code, devices)
    loaded: list = []  # weakrefs to the HF models load_model returned
    emptied: list = []  # torch.cuda.empty_cache calls

    def __init__(self, path, trust_remote_code=False, seed=0, devices=1):
        assert all(ref() is None for ref in self.loaded), "the HF copy is still alive when the engine starts"
        assert self.emptied, "the CUDA cache was not emptied before the engine started"
        self.lm = models.LoadedModel(*_load_plain(path))
        self.calls = []
        FakeVllm.started.append((self, path, trust_remote_code, devices))

    def generate(self, prompts, decoding, seed=0, batch_size=32):
        sampling_params(decoding, seed)  # what VllmEngine would send: refuses beams
        self.calls.append(len(prompts))
        return _generate_hf(self.lm, prompts, decoding, seed, batch_size)


def _load_plain(path):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    return AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32).eval(), AutoTokenizer.from_pretrained(path), path, "cpu"


@pytest.fixture
def fake_vllm(monkeypatch):
    FakeVllm.started, FakeVllm.loaded, FakeVllm.emptied, FakeVllm.loaded_with = [], [], [], []
    monkeypatch.setitem(engines.ENGINES, "vllm", FakeVllm)
    real_load = models.load_model

    def spy(*args, **kwargs):
        lm = real_load(*args, **kwargs)
        if not isinstance(args[0], models.LoadedModel):  # a load, not a LoadedModel passed through
            FakeVllm.loaded.append(weakref.ref(lm.model))
            FakeVllm.loaded_with.append(kwargs)
        return lm

    monkeypatch.setattr(models, "load_model", spy)
    monkeypatch.setattr(torch.cuda, "empty_cache", lambda: FakeVllm.emptied.append(1))
    return FakeVllm


def _xcopa(root: Path, langs=("en", "es"), n=3) -> Path:
    for x in langs:
        (root / x).mkdir(parents=True, exist_ok=True)
        rows = [{"premise": f"[{x}] premise {i}.", "choice1": f"one {i}", "choice2": f"two {i}", "question": "effect", "label": i % 2, "idx": i}
                for i in range(n)]
        (root / x / f"test.{x}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return root


def _study(root: Path, name: str, engine: str) -> Path:
    mgsm = root / "mgsm"
    mgsm.mkdir(exist_ok=True)
    for x in ("en", "es"):
        (mgsm / f"mgsm_{x}.tsv").write_text("".join(f"[{x}] q{i}?\t{i}\n" for i in range(3)), encoding="utf-8")
    sets = [{"name": "mgsm", "benchmark": "mgsm", "data": str(mgsm)},
            {"name": "xcopa", "benchmark": "xcopa", "data": str(_xcopa(root / "xcopa"))}]
    return write_tiny_study(
        root / f"{name}.toml", name, root / "tiny", root / "c.jsonl",
        models={"base": [str(root / "tiny")], "reference": True, "device_map": "cpu"},
        languages={"train": ["en"], "eval": ["en", "es"]},
        eval={"limit": 3, "lid": False, "engine": engine, "decoding": {"max_new_tokens": 5}, "sets": sets},
    )


def test_one_engine_per_run_for_every_set_after_the_hf_copy_is_released(tmp_path, fake_vllm):
    from xlt.run import run_study

    write_parallel_corpus(tmp_path / "c.jsonl", ["en", "es"], 100)
    build_tiny_model(tmp_path / "tiny", chat=True)
    out = tmp_path / "out"
    run_study(_study(tmp_path, "with_hf", "hf"), out, progress=False)
    assert not fake_vllm.started
    fake_vllm.loaded.clear()
    fake_vllm.loaded_with.clear()
    summary = run_study(_study(tmp_path, "with_vllm", "vllm"), out, progress=False)
    assert summary.trained == 0 and summary.evaluated == 2  # the trained model is shared; only evaluation differs

    # one engine per run (the reference and the trained run), each generating for both generation sets
    assert len(fake_vllm.started) == 2 and len({p for _, p, _, _ in fake_vllm.started}) == 2
    for engine, _, trust, devices in fake_vllm.started:
        assert (trust, devices) == (False, 1)
        assert engine.calls == [6, 6]  # math and mgsm: 3 items x 2 languages each, in one engine
    # [models] device_map reached every evaluation load
    assert [k.get("device_map") for k in fake_vllm.loaded_with] == ["cpu", "cpu"]

    def items(name):
        frame = pl.concat([pl.read_parquet(p / "eval" / "items.parquet") for p in sorted((out / name / "runs").iterdir())])
        return frame.sort("id", "lang", "set", "metric")

    hf, vl = items("with_hf"), items("with_vllm")
    assert set(vl["set"]) == {"math", "mgsm", "xcopa"}
    assert vl.equals(hf)  # the same greedy outputs and scores, multiple choice by the HF copy before the release


def test_greedy_decoding_maps_to_temperature_zero_and_beams_are_refused():
    assert sampling_params(Decoding(max_new_tokens=7), seed=3) == {
        "temperature": 0.0, "top_p": 1.0, "max_tokens": 7, "seed": 3, "skip_special_tokens": True}
    assert sampling_params(Decoding(temperature=0.7, top_p=0.9), 0)["top_p"] == 0.9
    with pytest.raises(Exception, match="num_beams"):
        sampling_params(Decoding(num_beams=4), 0)


def test_release_drops_the_weights_and_keeps_what_prompt_fitting_reads(tiny_chat_model):
    from xlt.evaluate.pipeline import prompt_limit

    lm = models.load_model(tiny_chat_model)
    ref = weakref.ref(lm.model)
    limit = prompt_limit(lm, 10)
    lm = engines.release(lm)
    engines.free_memory()
    assert ref() is None and prompt_limit(lm, 10) == limit


def test_unknown_engine_is_refused():
    with pytest.raises(Exception, match="unknown generation engine"):
        engines.open_engine("tgi", None, "x")


def test_device_map_cpu_loads_on_cpu_and_generates_as_the_default_load(tiny_chat_model):
    placed = models.load_model(tiny_chat_model, device_map="cpu")
    plain = models.load_model(tiny_chat_model)
    assert placed.device == "cpu" and next(placed.model.parameters()).dtype == torch.float32
    prompts = ["hello there", "the cat"]
    d = Decoding(max_new_tokens=5)
    assert HFEngine(placed).generate(prompts, d) == HFEngine(plain).generate(prompts, d)


def test_vllm_gives_hf_greedy_outputs(tiny_chat_model):
    pytest.importorskip("vllm")
    if not torch.cuda.is_available():
        pytest.skip("vLLM needs a GPU")
    prompts = ["hello there", "the cat sat", "one two three"]
    d = Decoding(max_new_tokens=8)
    hf = HFEngine(models.load_model(tiny_chat_model)).generate(prompts, d)
    assert engines.VllmEngine(tiny_chat_model).generate(prompts, d) == hf
