"""Base models: the built-in micro model and any Hugging Face causal LM, loaded through one door."""

from xlt.base.hf import check_causal_lm, load_base, resolve_base
from xlt.base.micro import MicroRecipe, base_info, build_micro_base

__all__ = ["MicroRecipe", "base_info", "build_micro_base", "check_causal_lm", "load_base", "resolve_base"]
