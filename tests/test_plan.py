import json
import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import write_parallel_corpus, write_study
from xlt.cli import app
from xlt.plan import load_and_plan

SHAHAM = '["ar", "zh", "cs", "en", "et", "fi", "he", "hi", "it", "ru", "es", "sw"]'


def study_text(corpus: Path, budget=4640, designs='[[design]]\nkind = "pinch"\npercent = [0, 1, 10]\n', extra="") -> str:
    return f"""
name = "t"
seed = 0
[data]
corpus = "jsonl:{corpus}"
tasks = ["math"]
budget = {budget}
[languages]
train = {SHAHAM}
eval = {SHAHAM}
{designs}
{extra}
"""


@pytest.fixture
def corpus(tmp_path):
    langs = json.loads(SHAHAM)
    return write_parallel_corpus(tmp_path / "c.jsonl", langs, 6000)


def test_run_shared_by_two_designs_appears_once(tmp_path, corpus):
    designs = '[[design]]\nkind = "pinch"\npercent = [0, 1]\n[[design]]\nkind = "monolingual"\n'
    _, runs, _ = load_and_plan(write_study(tmp_path / "s.toml", study_text(corpus, designs=designs)))
    assert len(runs) == 2 + 12 - 1
    shared = [r for r in runs if set(r.design) == {"pinch", "monolingual"}]
    assert len(shared) == 1 and shared[0].counts == {"en": {"math": 4640}}
    assert shared[0].params == {"percent": 0, "language": "en"}
    assert len({r.id for r in runs}) == len(runs)


def test_grid_over_models_methods_seeds_and_reference(tmp_path, corpus):
    extra = '[models]\nbase = ["micro", "Qwen/Qwen2.5-0.5B"]\nmethod = ["full", "lora"]\nreference = true\n[[models.override]]\nmatch = "Qwen/*"\nlearning_rate = 1e-5\n'
    text = study_text(corpus, designs='[[design]]\nkind = "pinch"\npercent = [1]\n', extra=extra).replace("seed = 0", "seed = 0\nseeds = [0, 1]")
    _, runs, _ = load_and_plan(write_study(tmp_path / "s.toml", text))
    assert len(runs) == 2 * (1 + 2 * 2)
    qwen = [r for r in runs if r.model.startswith("Qwen") and r.method != "none"]
    assert all(r.recipe["learning_rate"] == 1e-5 for r in qwen)
    assert all(r.lora["r"] == 16 for r in runs if r.method == "lora")
    assert sum(r.method == "none" for r in runs) == 2


def test_a_design_with_its_own_seeds_replicates_only_its_runs(tmp_path, corpus):
    designs = ('[[design]]\nkind = "pinch"\npercent = [0, 1]\nseeds = [0, 1]\n'
               '[[design]]\nkind = "monolingual"\nlanguages = ["en", "es"]\n')
    study, runs, _ = load_and_plan(write_study(tmp_path / "s.toml", study_text(corpus, designs=designs)))
    assert study.all_seeds == [0, 1]  # study.json's seeds
    by_mixture = {}
    for r in runs:
        by_mixture.setdefault(r.mixture, []).append(r)
    shared = [rs for rs in by_mixture.values() if set(rs[0].design) == {"pinch", "monolingual"}]
    assert len(shared) == 1 and sorted(r.seed for r in shared[0]) == [0, 1]  # English only: both designs, both seeds
    mono_es = [rs for rs in by_mixture.values() if rs[0].design == ["monolingual"]]
    assert len(mono_es) == 1 and [r.seed for r in mono_es[0]] == [0]
    pinch_1 = [rs for rs in by_mixture.values() if rs[0].design == ["pinch"]]
    assert len(pinch_1) == 1 and [r.seed for r in pinch_1[0]] == [0, 1]
    assert len({r.id for r in runs}) == len(runs) == 5


def test_design_seeds_equal_to_the_studys_change_no_run(tmp_path, corpus):
    """A design that lists the study's own seeds plans the same runs, ids and order as one that does not."""
    designs = '[[design]]\nkind = "pinch"\npercent = [0, 1]\n[[design]]\nkind = "monolingual"\nlanguages = ["es"]\n'
    text = study_text(corpus, designs=designs).replace("seed = 0", "seed = 0\nseeds = [3, 4]")
    _, plain, _ = load_and_plan(write_study(tmp_path / "a.toml", text))
    _, listed, _ = load_and_plan(write_study(tmp_path / "b.toml", text.replace('percent = [0, 1]', 'percent = [0, 1]\nseeds = [3, 4]')))
    assert [(r.id, r.seed) for r in listed] == [(r.id, r.seed) for r in plain]
    assert [r.seed for r in plain] == [3, 3, 3, 4, 4, 4]


def test_plan_json_cli(tmp_path, corpus):
    path = write_study(tmp_path / "s.toml", study_text(corpus))
    res = CliRunner().invoke(app, ["plan", str(path), "--json"])
    assert res.exit_code == 0, res.output
    runs = json.loads(res.stdout)
    assert [r["total"] for r in runs] == [4640, 4640, 4640]
    for key in ("id", "model", "design", "params", "counts", "total"):
        assert key in runs[0]
    p1 = runs[1]
    non_en = sum(v["math"] for k, v in p1["counts"].items() if k != "en")
    assert p1["params"] == {"percent": 1} and non_en in (42, 43)


def test_progressive_updates_in_json(tmp_path, corpus):
    designs = '[[design]]\nkind = "progressive"\norder = ["en", "zh", "ar"]\nper_language = 1000\n'
    path = write_study(tmp_path / "s.toml", study_text(corpus, designs=designs))
    runs = json.loads(CliRunner().invoke(app, ["plan", str(path), "--json"]).stdout)
    assert [r["total"] for r in runs] == [1000, 2000, 3000]
    assert [r["updates"] for r in runs] == [94, 188, 282]  # ceil(N·k·3/32)


def test_progressive_world_size_grows_the_global_batch_and_fixes_updates(tmp_path, corpus):
    """Lucky 52: W grows with the languages, so B·W grows and U = ceil(N·L·E/(B·W)) stays in range; on the run's
    own devices the global batch is reached by accumulation, and training is told U."""
    designs = '[[design]]\nkind = "progressive"\norder = ["en", "zh", "ar"]\nper_language = 1000\nworld_size = [2, 4, 6]\n'
    extra = "[train]\nepochs = 3\nbatch_size = 4\ngrad_accum = 4\n"
    one = load_and_plan(write_study(tmp_path / "a.toml", study_text(corpus, designs=designs, extra=extra)))[1]
    assert [r.recipe["global_batch"] for r in one] == [32, 64, 96]
    assert [r.recipe["grad_accum"] for r in one] == [8, 16, 24]  # 4 per device x 1 device
    assert [r.updates for r in one] == [r.recipe["updates"] for r in one] == [94, 94, 94]  # ceil(1000·k·3 / (16·2k))
    two = load_and_plan(write_study(tmp_path / "b.toml", study_text(corpus, designs=designs, extra=extra + "[execution]\ngpus_per_run = 2\n")))[1]
    assert [r.recipe["grad_accum"] for r in two] == [4, 8, 12]
    assert [r.id for r in two] == [r.id for r in one]  # the same global batch on other hardware is the same run


def test_global_batch_is_reached_on_the_execution_devices(tmp_path, corpus):
    extra = "[train]\nbatch_size = 16\nglobal_batch = 512\n[execution]\ngpus_per_run = 4\n"
    (run,) = load_and_plan(write_study(tmp_path / "s.toml", study_text(corpus, designs='[[design]]\nkind = "pinch"\npercent = [1]\n', extra=extra)))[1]
    assert run.recipe["global_batch"] == 512 and run.recipe["grad_accum"] == 8 and run.updates is None
    bad = extra.replace("gpus_per_run = 4", "gpus_per_run = 3")
    res = CliRunner().invoke(app, ["plan", str(write_study(tmp_path / "bad.toml", study_text(corpus, extra=bad)))])
    assert res.exit_code == 2 and "global batch 512 is not a multiple of batch_size 16 x 3 devices" in res.stderr
    res = CliRunner().invoke(app, ["plan", str(write_study(tmp_path / "both.toml", study_text(corpus, extra=extra.replace("global_batch", "grad_accum = 2\nglobal_batch"))))])
    assert res.exit_code == 2 and "set grad_accum or global_batch, not both" in res.stderr


def test_override_for_one_method_leaves_the_other_alone(tmp_path, corpus):
    """Chen's LoRA learning rate (3e-4) must not reach full fine-tuning of the same model."""
    extra = ('[models]\nbase = ["micro"]\nmethod = ["full", "lora"]\n[[models.override]]\nmatch = "*"\nmethod = "lora"\n'
             'learning_rate = 3e-4\nepochs = 5\n[train]\nlearning_rate = 2e-5\n')
    runs = load_and_plan(write_study(tmp_path / "s.toml", study_text(corpus, designs='[[design]]\nkind = "pinch"\npercent = [1]\n', extra=extra)))[1]
    recipes = {r.method: r.recipe for r in runs}
    assert recipes["lora"]["learning_rate"] == 3e-4 and recipes["lora"]["epochs"] == 5
    assert recipes["full"]["learning_rate"] == 2e-5 and recipes["full"]["epochs"] == 3


def test_plan_ids_are_stable_and_depend_on_content(tmp_path, corpus):
    a = load_and_plan(write_study(tmp_path / "a.toml", study_text(corpus)))[1]
    b = load_and_plan(write_study(tmp_path / "b.toml", study_text(corpus).replace('name = "t"', 'name = "u"')))[1]
    c = load_and_plan(write_study(tmp_path / "c.toml", study_text(corpus).replace("seed = 0", "seed = 1")))[1]
    assert [r.id for r in a] == [r.id for r in b]  # the study's name does not change what a run is
    assert [r.id for r in a] != [r.id for r in c]


BAD = [
    ("unknown key", lambda s: s.replace("budget = 4640", "budget = 4640\nbudjet = 3"), "data.budjet: unknown key 'budjet'"),
    ("unknown language", lambda s: s.replace('"sw"]', '"xx"]', 1), "languages.train: unknown language code 'xx'"),
    ("budget too big", lambda s: s.replace("budget = 4640", "budget = 99999"), "data.budget"),
    ("percent over 100", lambda s: s.replace("percent = [0, 1, 10]", "percent = [0, 150]"), "design[0].percent: percent 150"),
    ("empty language list", lambda s: s.replace(f"eval = {SHAHAM}", "eval = []"), "languages.eval"),
    ("malformed TOML", lambda s: s + "\n[data\n", "malformed TOML"),
    ("missing corpus", lambda s: s.replace("c.jsonl", "nope.jsonl"), "corpus file not found"),
    ("unknown design kind", lambda s: s.replace('kind = "pinch"', 'kind = "pinchy"'), "unknown design kind 'pinchy'"),
    ("override batch rule", lambda s: s + '[[models.override]]\nmatch = "*"\nglobal_batch = 100\n', "models.override: global_batch 100 is not a multiple of batch_size 32"),
    ("shots without exemplars", lambda s: s + '[[eval.sets]]\nname = "mgsm"\nbenchmark = "mgsm"\ndata = "m"\nshots = 8\n', "eval.sets[0]: shots = 8 needs shots_data"),
    ("rule judge on open prompts", lambda s: s.replace("[[design]]", "[eval]\ntasks = []\n[[eval.sets]]\nname = \"oasst\"\nbenchmark = \"prompts\"\ndata = \"" + str(Path(s.split('jsonl:')[1].split('"')[0]).parent / "p.jsonl") + "\"\n[[design]]", 1), "eval.judge"),
    ("task not in corpus", lambda s: s.replace('tasks = ["math"]', 'tasks = ["math", "api"]').replace("percent", 'tasks = ["api"]\npercent'), "data.budget"),
]


@pytest.mark.parametrize("name, edit, message", BAD, ids=[b[0] for b in BAD])
def test_bad_study_files_exit_2_with_one_line(tmp_path, corpus, name, edit, message):
    (tmp_path / "p.jsonl").write_text("".join(f'{{"id": "1", "lang": "{x}", "prompt": "Write a poem."}}\n' for x in json.loads(SHAHAM)))
    path = write_study(tmp_path / "bad.toml", edit(study_text(corpus)))
    before = sorted(p.name for p in tmp_path.iterdir())
    res = CliRunner().invoke(app, ["plan", str(path)])
    assert res.exit_code == 2, res.output
    err = res.stderr.strip()
    assert len(err.splitlines()) == 1 and str(path) in err and message in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def test_missing_study_file(tmp_path):
    res = CliRunner().invoke(app, ["plan", str(tmp_path / "none.toml")])
    assert res.exit_code == 2 and "study file not found" in res.stderr


SHIPPED = Path(__file__).parents[1] / "src" / "xlt" / "studies"


@pytest.mark.parametrize("name", ["pinch", "lucky52", "alpaca_budget", "posttrainer", "coverage", "pinch_micro"])
def test_shipped_paper_studies_plan_without_their_data(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # their data paths (data/...) do not exist here: they plan from declared_ids
    res = CliRunner().invoke(app, ["plan", str(SHIPPED / f"{name}.toml"), "--json"])
    assert res.exit_code == 0, res.output
    runs = json.loads(res.stdout)
    assert runs and all(r["id"] for r in runs)
    trained = [r for r in runs if r["method"] != "none"]
    if name == "lucky52":
        prog = [r for r in runs if r["design"] == ["progressive"]]
        assert len(prog) == 52 and list(prog[24]["counts"])[-1] == "ko"  # Lucky 52: Korean is the 25th
        assert list(prog[-1]["counts"])[:2] == ["en", "zh"]
        # 4 per device x accumulation 4 x 2..10 nodes of 8 GPU dies: global batch 256 .. 1280 (§3.1)
        batches = [r["recipe"]["global_batch"] for r in prog]
        assert batches[0] == 256 and batches[-1] == 1280 and batches == sorted(batches)
        for k, r in enumerate(prog, start=1):
            assert r["recipe"]["batch_size"] * r["recipe"]["grad_accum"] * 8 == r["recipe"]["global_batch"]  # on its 8 GPUs ([execution])
            assert r["updates"] == r["recipe"]["updates"] == math.ceil(60000 * k * 3 / r["recipe"]["global_batch"])
    if name == "pinch":
        p1 = [r for r in runs if r["params"].get("percent") == 1 and "seen" not in r["labels"][0]]
        assert p1[0]["total"] == 4000
        assert sum(v["instruct"] for k, v in p1[0]["counts"].items() if k != "en") == 36  # 40 over 12, English's 4 aside
    if name == "alpaca_budget":
        lora = [r["recipe"] for r in trained if r["method"] == "lora"]
        full = [r["recipe"] for r in trained if r["method"] == "full"]
        assert {x["learning_rate"] for x in lora} == {3e-4} and {x["epochs"] for x in lora} == {5}
        assert 3e-4 not in {x["learning_rate"] for x in full}
        assert all(x["train_on_inputs"] and x["global_batch"] == 128 for x in lora + full)
    if name == "posttrainer":
        single = sorted(r["params"]["per_language"] for r in trained if r["labels"][0].startswith("math:"))
        assert single == [0, 100, 200, 400, 800, 1000, 2000, 5000]
        multi = [r for r in trained if any(x.startswith("multitask:") for x in r["labels"])]
        assert sorted(r["counts"].get("es", {}).get("math", 0) for r in multi) == [0, 100, 500, 1000, 2000, 3000, 5000, 7000]
        assert all(r["counts"]["en"] == {"summarization": 5000, "instruct": 5000, "math": 5000} for r in multi)
        latin = [r for r in trained if any(x.startswith("latin math:") for x in r["labels"])]
        assert {tuple(r["counts"]) for r in latin} == {("en",), ("en", "es", "fr")} and max(r["total"] for r in latin) == 20000
        assert all(r["recipe"]["global_batch"] == 64 for r in trained)
    if name == "coverage":
        assert {r["model"] for r in runs} == {f"Qwen/Qwen3-{s}-Base" for s in ("0.6B", "1.7B", "4B", "8B")}
        assert sum(r["method"] == "none" for r in runs) == 4  # the untuned base models
        for task in ("math", "api"):
            mixes = {tuple(r["counts"]) for r in trained if task in next(iter(r["counts"].values()))}
            assert len(mixes) == 22 and ("en",) in mixes  # 22 coverage levels per task, English-only among them
        assert all(r["recipe"]["global_batch"] == 512 and r["recipe"]["select"] == "val_accuracy" for r in trained)


def test_pinch_budget_fits_the_paper_corpus_after_the_holdout(tmp_path):
    """4,640 ids, 10% held out: every pinch mixture is drawn from the ids left for training."""
    from xlt.corpus import load_corpus
    from xlt.plan import plan_study
    from xlt.study import load_study

    study = load_study(SHIPPED / "pinch.toml")
    langs = study.languages.eval
    path = tmp_path / "c.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(4640):
            for x in langs:
                fh.write(json.dumps({"id": f"q{i}", "lang": x, "task": "instruct", "prompt": f"p{i}", "response": f"r{i}"}) + "\n")
    corpus = load_corpus(f"jsonl:{path}", holdout=study.data.holdout, split_seed=study.data.split_seed)
    train_ids = corpus.filter(corpus["split"] == "train")["id"].n_unique()
    assert study.data.budget <= train_ids <= study.data.declared_ids + 50
    runs = plan_study(study, corpus)  # raises InputError when a mixture cannot be filled
    assert max(r.total for r in runs) == study.data.budget


@pytest.mark.parametrize("name", ["micro", "pinch_micro", "lucky52_micro", "alpaca_budget_micro", "posttrainer_micro",
                                  "coverage_micro"])
def test_micro_studies_plan_against_the_builtin_corpus(name):
    res = CliRunner().invoke(app, ["plan", str(SHIPPED / f"{name}.toml"), "--json"])
    assert res.exit_code == 0, res.output
    runs = json.loads(res.stdout)
    bases = ["micro", "micro-large"] if name == "posttrainer_micro" else ["micro"]  # size is an axis
    assert [r["model"] for r in runs if r["method"] == "none"] == bases
    assert len({(r["mixture"], r["method"], r["seed"]) for r in runs if r["method"] != "none"}) * len(bases) == \
        sum(r["method"] != "none" for r in runs)  # every tuned run once per base
    if name == "pinch_micro":
        assert len(runs) == 52
        p1 = next(r for r in runs if r["params"].get("percent") == 1 and "seen" not in r["labels"][0])
        sizes = {lang: sum(v.values()) for lang, v in p1["counts"].items()}
        # B = 600: P = 1 is 6 examples spread over the 12 languages, at most one each (largest remainder)
        assert sum(sizes.values()) == 600 and sizes["en"] == 595 and set(sizes.values()) == {595, 1}


def _plan_ids(name: str) -> dict[str, dict]:
    res = CliRunner().invoke(app, ["plan", str(SHIPPED / f"{name}.toml"), "--json"])
    assert res.exit_code == 0, res.output
    return {r["id"]: r for r in json.loads(res.stdout)}


def test_paper_micro_studies_share_the_runs_they_define_alike():
    """--all-papers trains a run two micro studies share once: the same mixture, recipe and seed is the same id."""
    pinch, budget = _plan_ids("pinch_micro"), _plan_ids("alpaca_budget_micro")
    shared = {pinch[i]["labels"][0] for i in set(pinch) & set(budget) if pinch[i]["method"] != "none"}
    assert shared == {f"monolingual {x}" for x in ("en", "es", "ru", "zh")}  # English-only is monolingual en
    post, cover = _plan_ids("posttrainer_micro"), _plan_ids("coverage_micro")
    both = [cover[i] for i in set(post) & set(cover) if cover[i]["method"] != "none"]
    # math at both seeds (each study trains it at seeds 0 and 1), api at seed 0 (coverage's api design has no seeds)
    assert sorted((r["labels"][0], r["seed"]) for r in both) == [("api: set en", 0), ("math: set en", 0), ("math: set en", 1)]
    progressive = [r for r in _plan_ids("lucky52_micro").values() if r["method"] != "none" and r["seed"] == 0]
    assert [list(r["counts"]) for r in progressive][-1] == ["en", "zh", "ar", "cs", "es", "et", "fi", "he"]
    assert [r["updates"] for r in progressive] == [math.ceil(100 * k * 3 / 32) for k in range(1, 9)]  # U, W = 2 x 16


def test_runtime_keys_do_not_change_run_ids_but_reach_the_run(tmp_path, corpus):
    _, plain, _ = load_and_plan(write_study(tmp_path / "a.toml", study_text(corpus)))
    extra = '[train]\ncheckpoint_steps = 50\ngradient_checkpointing = true\nattn_implementation = "sdpa"\n'
    _, tuned, _ = load_and_plan(write_study(tmp_path / "b.toml", study_text(corpus, extra=extra)))
    assert [r.id for r in plain] == [r.id for r in tuned]
    trained = [r for r in tuned if r.method != "none"]
    assert trained and all(r.recipe["checkpoint_steps"] == 50 and r.recipe["attn_implementation"] == "sdpa" for r in trained)
