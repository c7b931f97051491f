"""Resolve a base-model name to something `from_pretrained` loads, and check it is a causal LM first.

"micro" and "micro-large" are the built-in models the package ships; an existing local directory or a Hugging Face id
is passed to `from_pretrained` unchanged, never with remote code. A bad name fails with InputError
before any training starts.
"""

from __future__ import annotations

from pathlib import Path

from xlt.errors import InputError


def _looks_like_path(name: str) -> bool:
    """A Hugging Face id is `name` or `org/name`; anything else with a slash or a dot prefix is a path."""
    return name.startswith(("/", "./", "../", "~", "\\")) or name.count("/") > 1 or name in (".", "..")


def resolve_base(name_or_path: str | Path, progress: bool = True) -> str:
    """The string to give `from_pretrained`: a shipped micro base's directory, a local directory, or a hub id."""
    from xlt.base.micro_build import MICRO_BASES, shipped_base

    name = str(name_or_path)
    if name in MICRO_BASES:
        return str(shipped_base(name, progress=progress))
    path = Path(name).expanduser()
    if path.exists():
        if not path.is_dir() or not (path / "config.json").exists():
            raise InputError(
                "is not a model directory (expected a folder with config.json saved by save_pretrained)",
                source=name,
                key="base",
            )
        return str(path)
    if isinstance(name_or_path, Path) or _looks_like_path(name):
        raise InputError("model path does not exist", source=name, key="base")
    return name


def check_causal_lm(name_or_path: str, trust_remote_code: bool = False) -> None:
    """Raise InputError unless the config names an architecture AutoModelForCausalLM can build.

    A model that ships its own code loads only when the study sets `[models] trust_remote_code = true`;
    then its config's auto_map must name an AutoModelForCausalLM class.
    """
    from transformers import AutoConfig
    from transformers.models.auto.modeling_auto import MODEL_FOR_CAUSAL_LM_MAPPING_NAMES

    try:
        config = AutoConfig.from_pretrained(name_or_path, trust_remote_code=trust_remote_code)
    except (OSError, ValueError) as exc:
        if not trust_remote_code and "trust_remote_code" in str(exc):
            raise InputError(
                "the model ships its own code, which xlt runs only when the study sets "
                "[models] trust_remote_code = true",
                source=name_or_path,
                key="models.trust_remote_code",
            ) from None
        raise InputError(f"cannot load a model config ({str(exc).splitlines()[0]})", source=name_or_path, key="base") from None
    remote_causal = trust_remote_code and "AutoModelForCausalLM" in (getattr(config, "auto_map", None) or {})
    if config.model_type not in MODEL_FOR_CAUSAL_LM_MAPPING_NAMES and not remote_causal:
        raise InputError(
            f"model type {config.model_type!r} is not a causal language model "
            "(expected one that AutoModelForCausalLM loads, e.g. llama, qwen2, gpt2)",
            source=name_or_path,
            key="base",
        )


def load_tokenizer(path: str, trust_remote_code: bool = False):
    """The tokenizer of a resolved model path, padding with EOS where it has no pad token (batched
    generation and training pad). The one place xlt loads a causal LM's tokenizer."""
    from transformers import AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(path, trust_remote_code=trust_remote_code)
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot load a tokenizer ({str(exc).splitlines()[0]})", source=path, key="base") from None
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def load_causal_lm(path: str, trust_remote_code: bool = False, **model_kwargs):
    """The model of a resolved, checked path (check_causal_lm); model_kwargs go to from_pretrained (dtype)."""
    from transformers import AutoModelForCausalLM

    return AutoModelForCausalLM.from_pretrained(path, trust_remote_code=trust_remote_code, **model_kwargs)


def load_base(name_or_path: str | Path, progress: bool = True, trust_remote_code: bool = False, **model_kwargs):
    """(model, tokenizer) for a base name: "micro", a local directory or a Hugging Face id."""
    path = resolve_base(name_or_path, progress=progress)
    check_causal_lm(path, trust_remote_code)
    tokenizer = load_tokenizer(path, trust_remote_code)
    return load_causal_lm(path, trust_remote_code, **model_kwargs), tokenizer
