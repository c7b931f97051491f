"""`xlt micro build` / `check`: a tiny recipe builds in seconds, resumes to the same weights, and is measured."""

from __future__ import annotations

import json

import pytest
import torch
from typer.testing import CliRunner

from xlt.base import micro_build as mb
from xlt.base import micro_check
from xlt.cli import app
from xlt.corpus.micro.transfer import TextRecipe
from xlt.errors import InputError

TINY = mb.BuildRecipe(
    text=TextRecipe(profile={"en": "high", "ru": "low", "zh": "low"}, units={"high": 2, "mid": 1, "low": 1},
                    english_units=2, docs_per_unit=6),
    model=mb.ModelRecipe(vocab_size=400, hidden_size=32, num_layers=2, num_heads=2, intermediate_size=64),
    train=mb.TrainRecipe(steps=6, batch_size=4, context_length=32, warmup_steps=2, checkpoint_every=2),
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    torch.set_num_threads(1)
    out = tmp_path_factory.mktemp("build")
    return out, mb.build(TINY, out)


def test_build_writes_final_weights_with_recipe_and_digest(built):
    out, result = built
    assert result["finished"] and result["step"] == 6 and result["matches_shipped"] is False
    final = out / "final"
    info = json.loads((final / "xlt_base.json").read_text())
    assert info["digest"] == result["digest"] and info["key"] == TINY.key()
    assert mb.parse_recipe(info["recipe"]) == TINY
    assert set(info["pretraining"]["languages"]) == {"en", "ru", "zh"}
    model, _ = mb.checkpoint_model(out)
    assert mb.weights_digest(model.state_dict()) == result["digest"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temp file left behind


def test_a_killed_build_resumes_to_the_same_weights(built, tmp_path):
    _, whole = built
    partial = mb.build(TINY, tmp_path, stop_after=3)
    assert partial["finished"] is False and partial["step"] == 3
    (tmp_path / "checkpoint.pt").unlink()  # as if killed before its first checkpoint: text and tokenizer are kept
    again = mb.build(TINY, tmp_path, resume=True, stop_after=4)
    assert again["step"] == 4
    resumed = mb.build(TINY, tmp_path, resume=True)
    assert resumed["finished"] and resumed["digest"] == whole["digest"]


def test_a_checkpoint_mid_build_is_resumed_not_restarted(tmp_path):
    mb.build(TINY, tmp_path, stop_after=4)
    state = torch.load(tmp_path / "checkpoint.pt", weights_only=True)
    assert state["step"] == 4 and len(state["losses"]) == 4
    logs = []
    mb.build(TINY, tmp_path, resume=True, log=logs.append)
    assert "resumed at step 4" in logs


def test_a_long_build_cut_at_a_checkpoint_is_the_short_build(tmp_path):
    """rsqrt does not depend on the step count: step 4 of a 6-step build is the 4-step build."""
    short = TINY.model_copy(update={"train": TINY.train.model_copy(update={"steps": 4})})
    direct = mb.build(short, tmp_path / "short")
    mb.build(TINY, tmp_path / "long", stop_after=4)
    result = mb.cut(tmp_path / "long", tmp_path / "cut")
    assert result["finished"] and result["digest"] == direct["digest"] and result["key"] == short.key()
    extended = mb.cut(tmp_path / "cut", tmp_path / "extended", steps=6)
    assert extended["digest"] == mb.build(TINY, tmp_path / "whole")["digest"]
    with pytest.raises(InputError, match="past"):
        mb.cut(tmp_path / "extended", tmp_path / "shorter", steps=5)
    cosine = TINY.model_copy(update={"train": TINY.train.model_copy(update={"schedule": "cosine"})})
    mb.build(cosine, tmp_path / "cos", stop_after=2)
    with pytest.raises(InputError, match="rsqrt"):
        mb.cut(tmp_path / "cos", tmp_path / "cut2")


def test_refuses_to_mix_builds(built):
    out, _ = built
    with pytest.raises(InputError, match="--resume"):
        mb.build(TINY, out)
    other = TINY.model_copy(update={"train": TINY.train.model_copy(update={"seed": 1})})
    with pytest.raises(InputError, match="another recipe"):
        mb.build(other, out, resume=True)


def test_digest_sees_every_weight():
    a = {"w": torch.zeros(2, 2), "b": torch.ones(2)}
    assert mb.weights_digest(a) == mb.weights_digest(dict(reversed(a.items())))
    assert mb.weights_digest(a) != mb.weights_digest({**a, "b": torch.tensor([1.0, 1.0 + 1e-6])})


def test_copy_items_state_the_number_once_and_cut_before_it():
    for code in ("en", "ru", "zh", "sw", "ar"):
        items = micro_check.copy_items(code, 30)
        for prompt, digits in items:
            assert len(digits) == 2 and prompt.count(digits) == 1 and not prompt.rstrip().endswith(digits)
    assert [d for _, d in micro_check.copy_items("en", 30)] == [d for _, d in micro_check.copy_items("ja", 30)]


def test_retrieval_pool_is_parallel_and_distinct():
    s = micro_check.parallel_sentences(("en", "hi"), 200)
    assert len(s["en"]) == len(set(s["en"])) == 200 and len(s["hi"]) == 200
    assert micro_check._top1(torch.eye(5) + 0.1, torch.eye(5)) == 1.0
    assert micro_check._top1(torch.eye(5), torch.eye(5).flip(0)) == pytest.approx(0.2)  # only the middle row maps to itself


def test_check_measures_gates_on_a_build(built):
    out, _ = built
    model, tok = mb.checkpoint_model(out)
    result = micro_check.check(model, tok, ("en", "ru"), copy_n=8, pool=20)
    assert set(result["copy"]["per_language"]) == {"en", "ru"}
    assert set(result["retrieval"]["per_language"]) == {"ru"}
    assert result["retrieval"]["pool"] == 20 and len(result["retrieval"]["mean_by_layer"]) == 3
    assert all(0 <= v <= 1 for v in result["copy"]["per_language"].values())
    assert result["gates"]["copy_mean"] is (result["copy"]["mean"] >= 0.8)


def test_cli_build_and_check(tmp_path):
    recipe = tmp_path / "r.json"
    recipe.write_text(json.dumps(TINY.model_dump()))
    runner = CliRunner()
    res = runner.invoke(app, ["micro", "build", "--recipe", str(recipe), "--out", str(tmp_path / "b"), "--stop-after", "2"])
    assert res.exit_code == 0 and "--resume" in res.output
    res = runner.invoke(app, ["micro", "build", "--recipe", str(recipe), "--out", str(tmp_path / "b"), "--resume"])
    assert res.exit_code == 0 and "digest" in res.output
    res = runner.invoke(app, ["micro", "check", str(tmp_path / "b"), "--json", "--langs", "en,zh", "--copy-items", "4", "--pool", "10"])
    assert res.exit_code == 0, res.output
    assert set(json.loads(res.stdout)["copy"]["per_language"]) == {"en", "zh"}


def test_cli_bad_recipe_names_file_and_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[train]\nsteps = 'many'\n")
    res = CliRunner().invoke(app, ["micro", "build", "--recipe", str(bad), "--out", str(tmp_path / "b")])
    assert res.exit_code == 2 and "bad.toml" in res.output and "train.steps" in res.output
    assert not (tmp_path / "b").exists()
    res = CliRunner().invoke(app, ["micro", "check", str(tmp_path), "--langs", "xx"])
    assert res.exit_code == 2


def test_the_gpu_recipe_in_bench_parses():
    from pathlib import Path

    recipe = mb.load_recipe(Path(__file__).parents[2] / "bench" / "micro_gpu.toml")
    assert recipe.model.hidden_size == 256 and recipe.train.schedule == "rsqrt"
    params = recipe.model.vocab_size * recipe.model.hidden_size + recipe.model.num_layers * (
        4 * recipe.model.hidden_size**2 + 3 * recipe.model.hidden_size * recipe.model.intermediate_size)
    assert params * 4 <= 20e6  # ships in fp32 within the package's 20 MB


def test_cli_continues_a_build_from_another(tmp_path):
    mb.build(TINY, tmp_path / "a", stop_after=2)
    res = CliRunner().invoke(app, ["micro", "build", "--from", str(tmp_path / "a"), "--steps", "3", "--out", str(tmp_path / "b"), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["finished"] and out["step"] == 3
    res = CliRunner().invoke(app, ["micro", "build", "--from", str(tmp_path / "a"), "--resume", "--out", str(tmp_path / "c")])
    assert res.exit_code == 2


def test_text_stage_killed_before_its_record_is_redone(tmp_path):
    mb.build(TINY, tmp_path, stop_after=1)
    (tmp_path / "stream.json").unlink()  # killed after the stream, before its record
    (tmp_path / "checkpoint.pt").unlink()
    logs = []
    result = mb.build(TINY, tmp_path, resume=True, log=logs.append)
    assert result["finished"] and any(m.startswith("tokens:") for m in logs)


def test_cli_build_logs_its_steps_without_library_bars(tmp_path):
    """stderr holds the build's own lines (text, tokens, steps), not transformers' shard-writing bar."""
    import subprocess
    import sys
    from pathlib import Path

    recipe = tmp_path / "tiny.json"
    recipe.write_text(json.dumps(TINY.model_dump()))
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(Path(__file__).parents[2] / "src")}
    res = subprocess.run([sys.executable, "-m", "xlt", "micro", "build", "--recipe", str(recipe), "--out", str(tmp_path / "b"),
                          "--threads", "1"], capture_output=True, text=True, env=env, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "step 6/6" in res.stderr and "%|" not in res.stderr and "shards" not in res.stderr, res.stderr[-2000:]
