"""The base models a study fine-tunes: the micro bases shipped with xlt, or a Hugging Face model fetched once."""

from __future__ import annotations

from pathlib import Path

from xlt.study import Study


def resolve_base_model(study: Study, model: str, progress: bool) -> tuple[str, dict]:
    """The directory of a base model, and its pretraining exposure {lang: share} where known."""
    from xlt.base import micro_build as mb

    if model in mb.MICRO_BASES:
        from xlt.base.micro import base_info

        path = mb.shipped_base(model, study.data.pretraining, progress)
        languages = (base_info(path) or {}).get("pretraining", {}).get("languages", {})
        return str(path), {lang: row["share"] for lang, row in languages.items()}
    from xlt.base.hf import check_causal_lm, resolve_base

    path = resolve_base(model, progress=progress)
    check_causal_lm(path, study.models.trust_remote_code)
    return path, {}


def base_identity(path: str | Path, model: str) -> str:
    """What names a base's weights in the store: the micro base's digest or recipe key, else the model as written."""
    from xlt.base.micro import base_info

    info = base_info(path) or {}
    return str(info.get("digest") or info.get("key") or model)


def model_key(run, base: str) -> str:
    """A tuned model's folder in the store: its run and the weights it started from (a new base retrains)."""
    from xlt.store import content_hash

    return content_hash({"run": run.id, "base": base})
