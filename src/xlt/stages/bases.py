"""The base models a study fine-tunes: the micro model built here, or a Hugging Face model fetched once."""

from __future__ import annotations

from xlt.study import Study


def resolve_base_model(study: Study, model: str, progress: bool) -> tuple[str, dict]:
    """The directory of a base model, and its pretraining exposure {lang: share} where known."""
    if model == "micro":
        from xlt.base.micro import MicroRecipe, base_info, build_micro_base

        recipe = MicroRecipe(profile=study.data.pretraining) if study.data.pretraining else MicroRecipe()
        path = build_micro_base(recipe, progress=progress)
        languages = (base_info(path) or {}).get("pretraining", {}).get("languages", {})
        return str(path), {lang: row["share"] for lang, row in languages.items()}
    from xlt.base.hf import check_causal_lm, resolve_base

    path = resolve_base(model, progress=progress)
    check_causal_lm(path, study.models.trust_remote_code)
    return path, {}
