"""Batched generation: every prompt formatted by `xlt.chat.format_prompt`, as training saw it.

Greedy by default; beam search with num_beams > 1; with temperature > 0 sampling is seeded (per
batch, so a re-run with the same batch size reproduces). Prompts are sorted by length so a batch wastes little on padding; outputs come
back in input order. vLLM is used instead when it is installed and a GPU is present (a study's runs
choose with [eval] engine: evaluate/engines.py).
"""

from __future__ import annotations

import importlib.util

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from xlt.chat import format_prompt
from xlt.errors import InputError


class Decoding(BaseModel):
    """[eval] decoding (and a set's): how outputs are generated. The run's seed and batch size are
    arguments of `generate`, not decoding keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    temperature: float = Field(0.0, ge=0)  # 0: greedy; above 0: seeded sampling
    top_p: float = Field(1.0, gt=0, le=1)  # nucleus sampling (with temperature > 0)
    max_new_tokens: int = Field(128, gt=0)  # tokens generated at most per output
    num_beams: int = Field(1, gt=0)  # beam search (e.g. 4 where a paper decodes with beams)

    @classmethod
    def from_dict(cls, d: dict | None) -> "Decoding":
        """A Decoding from settings; an unknown key is an error (a dropped key would decode otherwise than asked)."""
        unknown = sorted(set(d or {}) - set(cls.model_fields))
        if unknown:
            raise InputError(f"unknown decoding key(s) {unknown}; expected {', '.join(cls.model_fields)}", key="decoding")
        try:
            return cls(**(d or {}))
        except ValidationError as exc:
            err = exc.errors()[0]
            raise InputError(f"{err['msg']} (got {err.get('input')!r})", key="decoding." + ".".join(map(str, err["loc"]))) from None


def vllm_available() -> bool:
    import torch

    return importlib.util.find_spec("vllm") is not None and torch.cuda.is_available()


def generate(model_ref, prompts: list[str], decoding: Decoding = Decoding(), backend: str = "auto", *, seed: int = 0, batch_size: int = 32) -> list[str]:
    """One response per prompt (new text only, special tokens removed, stripped); `seed` seeds sampling."""
    from xlt.evaluate.models import LoadedModel, load_model

    if not prompts:
        return []
    if backend == "vllm" and decoding.num_beams > 1:
        raise InputError("beam search runs through transformers, not vLLM; use backend 'hf' or auto", key="decoding.num_beams")
    beams = decoding.num_beams > 1  # vLLM's SamplingParams no longer do beam search
    if backend == "vllm" or (backend == "auto" and not beams and vllm_available() and not isinstance(model_ref, LoadedModel)):
        return _generate_vllm(str(model_ref), prompts, decoding, seed)
    return _generate_hf(load_model(model_ref), prompts, decoding, seed, batch_size)


def _generate_hf(lm, prompts: list[str], decoding: Decoding, seed: int, batch_size: int) -> list[str]:
    """Generation through transformers, without autograd (torch is imported here: the study file embeds Decoding)."""
    import torch

    with torch.inference_mode():
        return _generate_batches(lm, prompts, decoding, seed, batch_size)


def _generate_batches(lm, prompts: list[str], decoding: Decoding, seed: int, batch_size: int) -> list[str]:
    import torch

    from xlt.evaluate.models import encode

    tok, model = lm.tokenizer, lm.model
    encoded = [encode(tok, format_prompt(tok, p)) for p in prompts]
    order = sorted(range(len(prompts)), key=lambda i: -len(encoded[i]))
    eos = {tok.eos_token_id} | set(_as_list(getattr(model.generation_config, "eos_token_id", None)))
    eos.discard(None)
    sample = decoding.temperature > 0
    outputs: list[str] = [""] * len(prompts)
    for b, start in enumerate(range(0, len(order), batch_size)):
        idx = order[start : start + batch_size]
        width = max(len(encoded[i]) for i in idx)
        ids = torch.full((len(idx), width), tok.pad_token_id, dtype=torch.long)
        mask = torch.zeros((len(idx), width), dtype=torch.long)
        for row, i in enumerate(idx):  # left padding: every prompt ends where generation starts
            ids[row, width - len(encoded[i]) :] = torch.tensor(encoded[i])
            mask[row, width - len(encoded[i]) :] = 1
        if sample:
            torch.manual_seed(seed * 1_000_003 + b)
        out = model.generate(
            input_ids=ids.to(lm.device),
            attention_mask=mask.to(lm.device),
            max_new_tokens=decoding.max_new_tokens,
            num_beams=decoding.num_beams,
            do_sample=sample,
            temperature=decoding.temperature if sample else None,
            top_p=decoding.top_p if sample else None,
            top_k=None,
            eos_token_id=sorted(eos),
            pad_token_id=tok.pad_token_id,
            use_cache=True,
        )
        for row, i in enumerate(idx):
            outputs[i] = tok.decode(out[row, width:], skip_special_tokens=True).strip()
    return outputs


def _as_list(x) -> list:
    return [] if x is None else list(x) if isinstance(x, (list, tuple)) else [x]


def _generate_vllm(path: str, prompts: list[str], decoding: Decoding, seed: int) -> list[str]:
    """The same contract through vLLM (GPU only; optional extra `xlt[vllm]`): an engine for this call alone."""
    return VllmEngine(path, seed=seed).generate(prompts, decoding, seed=seed)


def sampling_params(decoding: Decoding, seed: int) -> dict:
    """vLLM SamplingParams for a Decoding: temperature 0 is greedy (top_p then has no effect, so 1)."""
    if decoding.num_beams > 1:
        raise InputError("beam search runs through transformers, not vLLM; use [eval] engine = \"hf\"", key="decoding.num_beams")
    return {
        "temperature": decoding.temperature,
        "top_p": decoding.top_p if decoding.temperature > 0 else 1.0,
        "max_tokens": decoding.max_new_tokens,
        "seed": seed,
        "skip_special_tokens": True,
    }


class VllmEngine:
    """One vLLM engine for one model (the optional extra `xlt[vllm]`, GPU only)."""

    def __init__(self, path: str, trust_remote_code: bool = False, seed: int = 0, devices: int = 1):
        from vllm import LLM

        from xlt.evaluate.models import adapter_base, resolve

        if adapter_base(path):
            raise InputError("vLLM generation needs a merged model; set [train] merge_lora = true for LoRA runs", source=path,
                             key="train.merge_lora")
        self.llm = LLM(model=resolve(path), trust_remote_code=trust_remote_code, seed=seed, tensor_parallel_size=devices)
        self.tokenizer = self.llm.get_tokenizer()

    def generate(self, prompts: list[str], decoding: Decoding, seed: int = 0, batch_size: int = 32) -> list[str]:
        from vllm import SamplingParams

        from xlt.evaluate.models import encode

        if not prompts:
            return []
        params = SamplingParams(**sampling_params(decoding, seed))
        requests = [{"prompt_token_ids": encode(self.tokenizer, format_prompt(self.tokenizer, p))} for p in prompts]
        return [r.outputs[0].text.strip() for r in self.llm.generate(requests, params, use_tqdm=False)]
