"""Load a causal LM for evaluation: "micro", a local directory or a Hugging Face id; never remote code."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import torch

from xlt.errors import InputError


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
    """What `from_pretrained` loads: a shipped micro base ("micro", "micro-large") is found by xlt.base."""
    from xlt.base.micro_build import MICRO_BASES

    name = str(model_ref)
    if name in MICRO_BASES or Path(name).expanduser().exists():
        from xlt.base.hf import resolve_base  # lazy: another module, and it may build the micro model

        return resolve_base(name)
    return name


def load_model(model_ref, device: str | None = None, dtype=None, trust_remote_code: bool = False,
               device_map: str | None = None) -> LoadedModel:
    """A LoadedModel from a reference; a LoadedModel passes through unchanged.

    trust_remote_code runs a model's own code only when the study asked for it ([models] trust_remote_code).
    device_map ([models] device_map, e.g. "auto"): from_pretrained places the layers (over several GPUs for a
    model one cannot hold); inputs then go to the device of its first layer.
    """
    if isinstance(model_ref, LoadedModel):
        return model_ref
    from xlt.base.hf import check_causal_lm, load_causal_lm, load_tokenizer

    adapter = adapter_base(str(model_ref))  # a LoRA run's folder: the adapter and the base it was trained on
    path = str(model_ref) if adapter else resolve(model_ref)
    check_causal_lm(adapter or path, trust_remote_code)
    device = device or default_device()
    tokenizer = load_tokenizer(path, trust_remote_code)
    if dtype is None and (device_map or device) == "cpu":
        dtype = torch.float32
    kwargs = {"dtype": dtype} if dtype is not None else {}
    if device_map:
        kwargs["device_map"] = device_map
    place = (lambda m: m) if device_map else (lambda m: m.to(device))  # device_map placed it already
    if adapter:
        from peft import PeftModel

        base = load_causal_lm(adapter, trust_remote_code, **kwargs)
        model = place(PeftModel.from_pretrained(base, path).merge_and_unload()).eval()  # merged: no adapter cost per token
    else:
        model = place(load_causal_lm(path, trust_remote_code, **kwargs)).eval()
    if device_map:
        device = str(model.device)
    return LoadedModel(model=model, tokenizer=tokenizer, path=path, device=device)


def hf_model_args(model_ref) -> str:
    """`pretrained=...` for lm-eval's HF backend; a LoRA run's folder as its base plus `peft=` the adapter."""
    base = adapter_base(str(model_ref))
    return f"pretrained={base},peft={model_ref}" if base else f"pretrained={resolve(model_ref)}"


def adapter_base(path: str) -> str | None:
    """The base model a saved LoRA adapter belongs to, or None for a full model."""
    config = Path(path) / "adapter_config.json"
    if not config.is_file():
        return None
    base = json.loads(config.read_text()).get("base_model_name_or_path")
    if not base:
        raise InputError("a LoRA adapter without base_model_name_or_path", source=str(config), key="base_model_name_or_path")
    return base


def encode(tokenizer, text: str) -> list[int]:
    """Token ids of a text, with the tokenizer's special tokens unless the text already starts with BOS
    (a chat template writes its own), as lm-evaluation-harness does."""
    bos = tokenizer.bos_token
    add = not (bos and text.startswith(bos))
    return tokenizer(text, add_special_tokens=add)["input_ids"]
