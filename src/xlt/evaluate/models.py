"""Load a causal LM for evaluation: "micro", a local directory or a Hugging Face id; never remote code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import torch


@dataclass(frozen=True)
class LoadedModel:
    """A model and its tokenizer, ready for generation and option scoring (eval mode, on `device`)."""

    model: object
    tokenizer: object
    path: str
    device: str


def default_device() -> str:
    return "cuda" if torch.cuda.is_available() else "cpu"


def resolve(model_ref: str | Path) -> str:
    """What `from_pretrained` loads: "micro" is built (or found in the cache) by xlt.base."""
    name = str(model_ref)
    if name == "micro" or Path(name).expanduser().exists():
        from xlt.base.hf import resolve_base  # lazy: another module, and it may build the micro model

        return resolve_base(name)
    return name


def load_model(model_ref, device: str | None = None, dtype=None, trust_remote_code: bool = False) -> LoadedModel:
    """A LoadedModel from a reference; a LoadedModel passes through unchanged.

    trust_remote_code runs a model's own code only when the study asked for it ([models] trust_remote_code).
    """
    if isinstance(model_ref, LoadedModel):
        return model_ref
    from xlt.base.hf import check_causal_lm, load_causal_lm, load_tokenizer

    path = resolve(model_ref)
    check_causal_lm(path, trust_remote_code)
    device = device or default_device()
    tokenizer = load_tokenizer(path, trust_remote_code)
    if dtype is None and device == "cpu":
        dtype = torch.float32
    model = load_causal_lm(path, trust_remote_code, **({"dtype": dtype} if dtype is not None else {})).to(device).eval()
    return LoadedModel(model=model, tokenizer=tokenizer, path=path, device=device)


def encode(tokenizer, text: str) -> list[int]:
    """Token ids of a text, with the tokenizer's special tokens unless the text already starts with BOS
    (a chat template writes its own), as lm-evaluation-harness does."""
    bos = tokenizer.bos_token
    add = not (bos and text.startswith(bos))
    return tokenizer(text, add_special_tokens=add)["input_ids"]
