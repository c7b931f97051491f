"""Which micro base a study gets: the shipped weights, a rebuild on the study's pretraining profile, or the quick recipe."""

from __future__ import annotations

import json

import pytest
import torch

from xlt.base import micro_build as mb
from xlt.plan import RunSpec
from xlt.stages import bases
from xlt.study import parse_study

from tests.base.test_micro_build import TINY  # the tiny build recipe, standing in for the shipped one


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """A tiny build standing in for the weights the package ships."""
    torch.set_num_threads(1)
    out = tmp_path_factory.mktemp("shipped-build")
    mb.build(TINY, out)
    return out / "final"


def _study(pretraining: dict | None = None):
    data = {"name": "s", "models": {"base": ["micro"]}, "data": {"corpus": "builtin:micro", "budget": 10},
            "languages": {"train": ["en", "ru"], "eval": ["en", "ru"]}, "design": [{"kind": "monolingual"}]}
    if pretraining:
        data["data"]["pretraining"] = pretraining
    return parse_study(data, "study.toml")


def test_the_shipped_base_is_used_as_is_and_gives_its_exposure(shipped, monkeypatch):
    monkeypatch.setattr(mb, "SHIPPED", shipped)
    monkeypatch.setattr(mb, "build", lambda *a, **k: pytest.fail("the shipped base must not be pretrained again"))
    path, exposure = bases.resolve_base_model(_study(), "micro", progress=False)
    assert path == str(shipped)
    shares = json.loads((shipped / "xlt_base.json").read_text())["pretraining"]["languages"]
    assert exposure == {lang: row["share"] for lang, row in shares.items()} and set(exposure) == {"en", "ru", "zh"}


def test_a_pretraining_profile_rebuilds_the_shipped_recipe_on_it_once(shipped, monkeypatch):
    monkeypatch.setattr(mb, "SHIPPED", shipped)
    path, exposure = bases.resolve_base_model(_study({"en": "high", "ru": "low"}), "micro", progress=False)
    info = json.loads((mb.Path(path) / "xlt_base.json").read_text())
    assert info["recipe"]["text"]["profile"] == {"en": "high", "ru": "low"}
    assert info["recipe"]["model"] == TINY.model.model_dump() and info["recipe"]["train"] == TINY.train.model_dump()
    assert set(exposure) == {"en", "ru"}
    monkeypatch.setattr(mb, "build", lambda *a, **k: pytest.fail("a built profile is reused"))
    assert bases.resolve_base_model(_study({"en": "high", "ru": "low"}), "micro", progress=False)[0] == path


def test_without_shipped_weights_the_quick_recipe_is_built(tmp_path, monkeypatch):
    import xlt.base.micro

    monkeypatch.setattr(mb, "SHIPPED", tmp_path / "absent")
    seen = []
    monkeypatch.setattr(xlt.base.micro, "build_micro_base", lambda recipe, progress=True: seen.append(recipe) or tmp_path)
    assert bases.resolve_base_model(_study({"en": "high", "ru": "mid"}), "micro", progress=False) == (str(tmp_path), {})
    assert dict(seen[0].profile) == {"en": "high", "ru": "mid"}


def test_a_tuned_model_is_keyed_by_its_base_weights(shipped, tmp_path):
    digest = json.loads((shipped / "xlt_base.json").read_text())["digest"]
    assert bases.base_identity(shipped, "micro") == digest
    assert bases.base_identity(tmp_path, "org/model") == "org/model"  # a Hugging Face model: as the study names it
    run = RunSpec("r1", "micro", "full", 0, ["monolingual"], ["en"], {}, [], {}, 10, None, None, None)
    assert bases.model_key(run, digest) == bases.model_key(run, digest)
    assert bases.model_key(run, digest) != bases.model_key(run, "another-digest")


def test_micro_large_is_its_own_shipped_base(shipped, tmp_path, monkeypatch):
    monkeypatch.setattr(mb, "SHIPPED", tmp_path / "small")
    monkeypatch.setattr(mb, "SHIPPED_LARGE", shipped)
    monkeypatch.setattr(mb, "build", lambda *a, **k: pytest.fail("the shipped base must not be pretrained again"))
    path, exposure = bases.resolve_base_model(_study(), "micro-large", progress=False)
    assert path == str(shipped) and set(exposure) == {"en", "ru", "zh"}


def test_a_missing_micro_large_is_one_clear_error(tmp_path, monkeypatch):
    from xlt.errors import InputError

    monkeypatch.setattr(mb, "SHIPPED_LARGE", tmp_path / "absent")
    with pytest.raises(InputError, match="ships no micro-large weights"):
        bases.resolve_base_model(_study(), "micro-large", progress=False)


def test_every_door_to_micro_opens_on_the_shipped_weights(shipped, monkeypatch):
    """`xlt eval micro` and `xlt train micro` resolve the name through hf.resolve_base: the same weights as `xlt run`."""
    from xlt.base.hf import resolve_base
    from xlt.evaluate.models import resolve

    monkeypatch.setattr(mb, "SHIPPED", shipped)
    monkeypatch.setattr(mb, "build", lambda *a, **k: pytest.fail("the shipped base must not be pretrained again"))
    assert resolve_base("micro") == resolve("micro") == str(shipped)


def test_a_pretraining_profile_is_part_of_every_micro_base_identity():
    from xlt.plan import model_identity

    study = _study({"en": "high", "ru": "low"})
    assert model_identity(study, "micro-large")["pretraining"] == {"en": "high", "ru": "low"}
    assert model_identity(study, "org/model")["pretraining"] is None
