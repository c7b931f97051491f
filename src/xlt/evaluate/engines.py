"""Generation engines ([eval] engine): one object per (model, run) behind a small interface,
`generate(prompts, decoding, seed, batch_size) -> texts`, so evaluation does not care which one it has.

- `hf`: transformers' generate on the LoadedModel evaluation already holds (generate.py);
- `vllm`: a vLLM engine started once per run and reused for every set and language of it. It needs the
  GPU the HF copy holds, so that copy is released first (`release`: the weights dropped, gc, the CUDA
  cache emptied); multiple-choice sets and lm-eval tasks, which need log-likelihoods, are scored by the HF
  copy before that (job._evaluate). Prompts go in as the token ids HF would generate from, and greedy
  decoding maps to temperature 0, so both engines answer the same prompts the same way.

ENGINES maps names to classes; tests put a stand-in under "vllm" where vLLM is not installed.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, replace
from typing import Protocol

from xlt.errors import InputError
from xlt.evaluate.generate import Decoding, VllmEngine, sampling_params  # noqa: F401  (sampling_params: the engine's contract)


class Engine(Protocol):
    def generate(self, prompts: list[str], decoding: Decoding, seed: int = 0, batch_size: int = 32) -> list[str]: ...


@dataclass(frozen=True)
class HFEngine:
    """transformers' generate on an already loaded model."""

    lm: object  # models.LoadedModel

    def generate(self, prompts: list[str], decoding: Decoding, seed: int = 0, batch_size: int = 32) -> list[str]:
        from xlt.evaluate.generate import _generate_hf

        return _generate_hf(self.lm, prompts, decoding, seed, batch_size) if prompts else []


ENGINES = {"vllm": VllmEngine}
ENGINE_NAMES = ("hf", "vllm")


def open_engine(name: str, lm, model_path: str, trust_remote_code: bool = False, seed: int = 0, devices: int = 1) -> Engine:
    """The engine a run generates with: `hf` on `lm`, any other started on `model_path` (after `release(lm)`)."""
    if name == "hf":
        return HFEngine(lm)
    if name not in ENGINES:
        raise InputError(f"unknown generation engine {name!r}; expected one of {list(ENGINE_NAMES)}", key="eval.engine")
    free_memory()  # what the released HF copy (and training before it) held goes back before the engine measures the GPU
    return ENGINES[name](model_path, trust_remote_code=trust_remote_code, seed=seed, devices=devices)


@dataclass(frozen=True)
class ConfigOnly:
    """What is left of a released model: its config (prompt fitting reads the context length from it)."""

    config: object


def release(lm):
    """The LoadedModel without its weights: `lm = release(lm)` drops the last reference to them, and
    open_engine gives their memory back (free_memory) before it starts another engine."""
    return replace(lm, model=ConfigOnly(lm.model.config))


def free_memory() -> None:
    """Objects nobody refers to collected, then the CUDA cache emptied (a no-op where CUDA never started)."""
    import torch

    gc.collect()
    torch.cuda.empty_cache()
