"""The whole pipeline on a tiny local model: stages, skipping, resume after kill -9, refusal, executors."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from tests.conftest import write_parallel_corpus
from tests.evaluate.conftest import build_tiny_model
from xlt.cli import app

@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("world")
    write_parallel_corpus(root / "c.jsonl", ["en", "es", "ru", "zh"], 400)
    build_tiny_model(root / "tiny", chat=True)
    return root


def study(root: Path, name="e2e", extra="", epochs=1) -> Path:
    path = root / f"{name}.toml"
    path.write_text(
        f"""
name = "{name}"
[models]
base = ["{root / 'tiny'}"]
reference = true
[data]
corpus = "jsonl:{root / 'c.jsonl'}"
budget = 120
[languages]
train = ["en", "es", "ru"]
eval = ["en", "es", "ru", "zh"]
[[design]]
kind = "pinch"
percent = [0, 10]
[[design]]
kind = "monolingual"
[train]
epochs = {epochs}
batch_size = 16
max_length = 64
[eval]
limit = 8
decoding = {{ max_new_tokens = 6 }}
{extra}
"""
    )
    return path


def xlt(*args, env=None):
    return subprocess.run([sys.executable, "-m", "xlt", *map(str, args)], capture_output=True, text=True, env=env)


@pytest.mark.slow
def test_run_end_to_end_then_nothing_to_do(world, tmp_path):
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["run", str(study(world)), "--out", str(out), "--json"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    # pinch P=0 is monolingual en: 1 reference + 2 pinch + 3 monolingual - 1 shared
    assert summary["runs"] == 5 and summary["trained"] == 4 and summary["evaluated"] == 5
    sdir = out / "e2e"
    results = pl.read_parquet(sdir / "results.parquet")
    assert set(results["eval_lang"]) == {"en", "es", "ru", "zh"}
    assert {"exact_match", "fidelity", "if_l"} <= set(results["metric"])
    if_l = results.filter((pl.col("metric") == "if_l") & (pl.col("label") == "monolingual es") & (pl.col("eval_lang") == "es"))
    assert if_l["value"].to_list() == [0.5]  # a model against itself: all ties
    assert (results["ci_low"] <= results["value"]).all() and (results["value"] <= results["ci_high"]).all()
    assert results.filter(pl.col("metric") == "exact_match")["n"].unique().to_list() == [8]
    shared = results.filter(pl.col("designs").list.len() == 2)
    assert set(shared["kind"]) == {"pinch"} and "monolingual en" in shared["label"][0]
    items = pl.read_parquet(sdir / "items.parquet")
    assert items.height == results["n"].sum()
    assert (sdir / "report" / "index.html").exists()
    for run_dir in (sdir / "runs").iterdir():
        assert (run_dir / "DONE.json").exists() and (run_dir / "spec.json").exists()
    first = results.sort("run", "task", "eval_lang", "metric")

    again = CliRunner().invoke(app, ["run", str(study(world)), "--out", str(out), "--json"])
    assert json.loads(again.stdout)["trained"] == 0 and json.loads(again.stdout)["evaluated"] == 0
    assert pl.read_parquet(sdir / "results.parquet").sort("run", "task", "eval_lang", "metric").equals(first)

    # the real study's results go through xlt predict and recommend (issue 10)
    cv = CliRunner().invoke(app, ["predict", "cv", str(sdir), "--metric", "exact_match", "--json"])
    assert cv.exit_code == 0, cv.output
    rec = CliRunner().invoke(app, ["recommend", str(sdir), "--metric", "exact_match", "--budget", "120", "--targets", "zh,es", "--pool", "en,es,ru", "--json"])
    assert rec.exit_code == 0, rec.output
    assert sum(json.loads(rec.stdout)["mixture"].values()) == 120

    # a second study with the same runs in the same --out reuses them: nothing trained
    other = CliRunner().invoke(app, ["run", str(study(world, name="other")), "--out", str(out), "--json"])
    assert json.loads(other.stdout)["trained"] == 0


@pytest.mark.slow
def test_corrupted_artifact_is_rebuilt(world, tmp_path):
    out = tmp_path / "out"
    path = study(world)
    assert CliRunner().invoke(app, ["run", str(path), "--out", str(out), "--quiet"]).exit_code == 0
    model = next((out / ".store" / "models").iterdir())
    weights = model / "model" / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:-10] + b"0123456789")  # same size, other bytes
    res = CliRunner().invoke(app, ["run", str(path), "--out", str(out), "--json"])
    assert json.loads(res.stdout)["trained"] == 1


@pytest.mark.slow
def test_refuses_a_different_study_with_the_same_name(world, tmp_path):
    out = tmp_path / "out"
    quiet = CliRunner().invoke(app, ["run", str(study(world)), "--out", str(out), "--quiet"])
    assert quiet.exit_code == 0 and len(quiet.stdout.strip().splitlines()) == 1  # --quiet: the final line only
    assert "report:" in quiet.stdout and (out / "e2e" / "xlt.log").read_text().count("run ") >= 4
    res = CliRunner().invoke(app, ["run", str(study(world)), "--out", str(out), "--set", 'models.base=["other-model"]'])
    assert res.exit_code == 2 and "different study named 'e2e'" in res.stderr and "--out" in res.stderr
    marker = out / "e2e" / ".xlt-study.json"
    marker.write_text(json.dumps({**json.loads(marker.read_text()), "format": 0}))
    res = CliRunner().invoke(app, ["run", str(study(world)), "--out", str(out)])
    assert res.exit_code == 2 and "another version of xlt" in res.stderr


def test_edited_study_runs_in_place_reusing_its_runs(world, tmp_path):
    """Adding an evaluation language re-evaluates, retrains nothing, and keeps the previous study and results."""
    out = tmp_path / "out"
    first = CliRunner().invoke(app, ["run", str(study(world)), "--out", str(out), "--json", "--set", 'languages.eval=["en", "es", "ru"]'])
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["trained"] == 4
    sdir = out / "e2e"
    saved = tomllib.loads((sdir / "study.toml").read_text())  # the effective study, after --set
    assert saved["languages"]["eval"] == ["en", "es", "ru"] and saved["eval"]["limit"] == 8
    old_results = pl.read_parquet(sdir / "results.parquet")

    edited = CliRunner().invoke(app, ["run", str(study(world)), "--out", str(out), "--json"])
    assert edited.exit_code == 0, edited.output
    summary = json.loads(edited.stdout)
    assert summary["trained"] == 0 and summary["evaluated"] == summary["runs"] == 5
    assert set(pl.read_parquet(sdir / "results.parquet")["eval_lang"]) == {"en", "es", "ru", "zh"}
    assert (sdir / "study.toml").read_text() == study(world).read_text()
    [kept] = list((sdir / "history").iterdir())
    assert tomllib.loads((kept / "study.toml").read_text())["languages"]["eval"] == ["en", "es", "ru"]
    assert pl.read_parquet(kept / "results.parquet").equals(old_results)
    assert (kept / "report" / "index.html").exists() and (sdir / "report" / "index.html").exists()


def _kill_when(cmd, env, predicate, timeout=300):
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + timeout
    while time.time() < deadline and proc.poll() is None:
        if predicate():
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.05)
    proc.wait()
    return False


@pytest.fixture(scope="module")
def uninterrupted(world, tmp_path_factory):
    """The reference results of the study the kill and executor tests rerun (one thread per run)."""
    out = tmp_path_factory.mktemp("reference")
    path = study(world, name="ref", epochs=2, extra="[execution]\ncpus_per_run = 1\n")
    res = CliRunner().invoke(app, ["run", str(path), "--out", str(out), "--quiet"])
    assert res.exit_code == 0, res.output
    return path, pl.read_parquet(out / "ref" / "results.parquet").sort("run", "task", "eval_lang", "metric")


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["training", "evaluation", "results"])
def test_kill_9_then_resume_equals_uninterrupted(uninterrupted, tmp_path, moment):
    path, expected = uninterrupted
    out = tmp_path / "out"
    store = out / ".store"
    predicates = {
        "training": lambda: any(p.name.startswith(".") for p in (store / "models").glob("*")) if (store / "models").exists() else False,
        "evaluation": lambda: any(p.name.startswith(".") for p in (store / "evals").glob("*")) if (store / "evals").exists() else False,
        "results": lambda: any((out / "ref").glob(".*.parquet.*.tmp")) or (out / "ref" / "items.parquet").exists(),
    }
    cmd = [sys.executable, "-m", "xlt", "run", str(path), "--out", str(out), "--quiet"]
    assert _kill_when(cmd, dict(os.environ), predicates[moment]), f"never reached {moment}"
    res = xlt("run", path, "--out", out, "--quiet")
    assert res.returncode == 0, res.stderr[-2000:]
    got = pl.read_parquet(out / "ref" / "results.parquet").sort("run", "task", "eval_lang", "metric")
    assert got.equals(expected)
    assert not list(store.glob("*/.*.tmp-*"))  # the killed run's temporary folders were cleared


@pytest.mark.slow
@pytest.mark.parametrize("executor, workers", [("local", 2), ("ray", 1), ("slurm", 1)])
def test_executors_give_equal_results(uninterrupted, tmp_path, executor, workers):
    """A process pool, a local Ray cluster with 2 CPUs and submitit's local executor match the in-process run."""
    from xlt.run import run_study

    path, expected = uninterrupted
    if executor == "ray":
        import ray

        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        summary = run_study(path, tmp_path, executor=executor, workers=workers, progress=False)
    finally:
        if executor == "ray":
            ray.shutdown()
    assert summary.trained == 4 and summary.executor == executor
    got = pl.read_parquet(tmp_path / "ref" / "results.parquet").sort("run", "task", "eval_lang", "metric")
    assert got.equals(expected)
    if executor == "slurm":
        assert list((tmp_path / "ref" / "slurm").glob("*_submitted.pkl"))  # submitit really ran the jobs


@pytest.mark.slow
def test_damaged_results_are_rebuilt_without_retraining(world, tmp_path):
    out = tmp_path / "out"
    path = study(world)
    assert CliRunner().invoke(app, ["run", str(path), "--out", str(out), "--quiet"]).exit_code == 0
    good = pl.read_parquet(out / "e2e" / "results.parquet")
    (out / "e2e" / "results.parquet").write_bytes(b"not parquet")
    res = CliRunner().invoke(app, ["run", str(path), "--out", str(out), "--json"])
    assert json.loads(res.stdout)["trained"] == 0
    assert pl.read_parquet(out / "e2e" / "results.parquet").equals(good)


@pytest.mark.slow
def test_a_change_to_the_report_code_rebuilds_the_report_only(world, tmp_path, monkeypatch):
    """The cached report is keyed on xlt.report.fingerprint (every section's code): while it holds, the
    page is not rewritten; when it changes, the report is rebuilt and nothing is trained."""
    import xlt.report
    from xlt.store import file_digest

    out = tmp_path / "out"
    path = study(world)
    assert CliRunner().invoke(app, ["run", str(path), "--out", str(out), "--quiet"]).exit_code == 0
    page, key_file = out / "e2e" / "report" / "index.html", out / "e2e" / ".results-key"
    key = json.loads(key_file.read_text())
    page.write_text("a cached page")  # and the key made to agree with it: a valid cache
    key["files"]["report/index.html"] = file_digest(page)
    key_file.write_text(json.dumps(key))
    assert CliRunner().invoke(app, ["run", str(path), "--out", str(out), "--quiet"]).exit_code == 0
    assert page.read_text() == "a cached page"
    monkeypatch.setattr(xlt.report, "fingerprint", lambda: "edited section code")
    res = CliRunner().invoke(app, ["run", str(path), "--out", str(out), "--json"])
    assert json.loads(res.stdout)["trained"] == 0
    assert "<html" in page.read_text()


@pytest.mark.slow
def test_study_translates_its_corpus_as_a_stage(world, tmp_path, monkeypatch):
    """[data] translate makes the parallel corpus from English through an OpenAI-compatible endpoint."""
    from tests.translate.endpoint import Endpoint

    src = write_parallel_corpus(tmp_path / "en.jsonl", ["en"], 300)
    text = (
        study(world)
        .read_text()
        .replace(f'corpus = "jsonl:{world / "c.jsonl"}"', f'corpus = "jsonl:{src}"\ntranslate = {{ from = "en", engine = "openai:mt", to = "train+eval" }}')
        .replace('train = ["en", "es", "ru"]', 'train = ["en", "es"]')
        .replace('eval = ["en", "es", "ru", "zh"]', 'eval = ["en", "es", "fr"]')
    )
    path = tmp_path / "t.toml"
    path.write_text(text)
    with Endpoint() as ep:
        monkeypatch.setenv("OPENAI_BASE_URL", ep.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key")
        res = CliRunner().invoke(app, ["run", str(path), "--out", str(tmp_path / "out"), "--json"])
        assert res.exit_code == 0, res.output
        requests = ep.received
        assert requests > 0
        again = CliRunner().invoke(app, ["run", str(path), "--out", str(tmp_path / "out"), "--json"])
        assert again.exit_code == 0
        assert ep.received == requests  # the translated corpus is a cached stage: no request the second time
    results = pl.read_parquet(tmp_path / "out" / "e2e" / "results.parquet")
    assert set(results["eval_lang"]) == {"en", "es", "fr"}
    corpora = list((tmp_path / "out" / ".store" / "corpora").iterdir())
    corpus = pl.read_parquet(corpora[0] / "corpus.parquet")
    assert set(corpus["lang"]) == {"en", "es", "fr"}
    from tests.leaks import files_holding
    from xlt.translate.cache import default_cache_dir

    # every file, Parquet and SQLite included: the study's folder, the store and the translation cache
    assert files_holding(tmp_path / "out", "sk-test-secret-key") == []
    assert files_holding(default_cache_dir(), "sk-test-secret-key") == []


# --- evaluation items, sets and the judge, without training (fast) ---------------------------------


def _corpus(langs=("en", "es"), n=5, task="math") -> pl.DataFrame:
    rows = [{"id": f"q{i}", "lang": x, "task": task, "split": "test", "prompt": f"[{x}] q {i}", "response": f"{i}"}
            for i in range(n) for x in langs]
    return pl.DataFrame(rows)


def _study(eval_table: dict, tasks=("math",), design=None):
    from xlt.study import parse_study

    return parse_study({
        "name": "s", "data": {"tasks": list(tasks)}, "languages": {"train": ["en"], "eval": ["en", "es"]},
        "design": design or [{"kind": "pinch", "percent": [0]}], "eval": eval_table,
    })


def _mgsm(root: Path, langs=("en", "es"), n=3) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for x in langs:
        (root / f"mgsm_{x}.tsv").write_text("".join(f"[{x}] q{i}?\t{i}\n" for i in range(n)), encoding="utf-8")
    return root


def test_eval_set_keeps_its_benchmark_task_under_its_own_name(tmp_path):
    """The task decides the metrics (math -> exact_match), the set's name is what results are reported under."""
    from xlt.stages.items import eval_items

    study = _study({"limit": 2, "sets": [{"name": "mgsm8", "benchmark": "mgsm", "data": str(_mgsm(tmp_path / "mgsm"))}]})
    items = eval_items(study, _corpus())
    sets = items.group_by("set", "task").len().sort("set")
    assert sets.rows() == [("math", "math", 4), ("mgsm8", "math", 6)]  # [eval] limit caps the corpus only


def test_empty_eval_tasks_score_only_the_sets(tmp_path):
    from xlt.stages.items import eval_items

    study = _study({"tasks": [], "sets": [{"name": "mgsm", "benchmark": "mgsm", "data": str(_mgsm(tmp_path / "m", n=250))}]})
    items = eval_items(study, _corpus())
    assert set(items["set"]) == {"mgsm"} and items.height == 500  # every item of the set: no silent cap at 200
    assert study.eval_tasks == []
    with pytest.raises(Exception, match="nothing to evaluate"):
        _study({"tasks": []})


def test_set_names_must_not_merge_with_tasks_or_each_other(tmp_path):
    from xlt.errors import InputError

    with pytest.raises(InputError, match="eval.sets"):
        _study({"sets": [{"name": "math", "benchmark": "mgsm", "data": "x"}]})
    with pytest.raises(InputError, match="eval.sets"):
        _study({"sets": [{"name": "a", "benchmark": "mgsm", "data": "x"}, {"name": "a", "benchmark": "xlsum", "data": "y"}]})


def test_eval_config_per_set_and_unknown_decoding_keys(tmp_path):
    from xlt.errors import InputError
    from xlt.stages.items import eval_config

    study = _study({
        "decoding": {"max_new_tokens": 32}, "option_format": "raw", "judge_scale": 5, "long_prompts": "skip",
        "sets": [{"name": "sum", "benchmark": "xlsum", "data": "x", "decoding": {"num_beams": 4, "max_new_tokens": 256}},
                 {"name": "mc", "benchmark": "xcopa", "data": "y", "option_format": "chat"}],
    })
    cfg = eval_config(study)
    assert cfg["judge_scale"] == 5 and cfg["long_prompts"] == "skip"
    assert cfg["sets"]["sum"]["decoding"]["num_beams"] == 4 and cfg["sets"]["sum"]["decoding"]["max_new_tokens"] == 256
    assert cfg["sets"]["sum"]["option_format"] == "raw" and cfg["sets"]["mc"]["option_format"] == "chat"
    assert cfg["sets"]["mc"]["decoding"]["max_new_tokens"] == 32  # [eval] decoding where the set says nothing
    with pytest.raises(InputError, match=r"eval\.sets\[0\]\.decoding\.beams"):
        _study({"sets": [{"name": "sum", "benchmark": "xlsum", "data": "x", "decoding": {"beams": 4}}]})
    with pytest.raises(InputError, match="eval.judge_scale"):
        _study({"judge_scale": 4})


def test_rule_judge_on_open_prompts_is_refused_at_plan_time(tmp_path):
    """lucky52's `instruct` on Bactrian-X, or a prompt set, under the rule judge: one line naming eval.judge."""
    from xlt.errors import InputError
    from xlt.stages.items import check_judge, eval_items

    open_corpus = _corpus(task="instruct").with_columns(pl.lit(None, pl.Utf8).alias("response"))
    study = _study({}, tasks=("instruct",))
    with pytest.raises(InputError, match=r"eval\.judge.*rule judge.*'instruct'.*openai:<model>"):
        check_judge(study, eval_items(study, open_corpus))
    prompts = tmp_path / "p.jsonl"
    prompts.write_text('{"id": "1", "lang": "en", "prompt": "Write a poem."}\n{"id": "1", "lang": "es", "prompt": "Escribe."}\n')
    study = _study({"tasks": [], "sets": [{"name": "oasst", "benchmark": "prompts", "data": str(prompts)}]})
    with pytest.raises(InputError, match=r"eval\.judge.*'oasst'"):
        check_judge(study, eval_items(study, _corpus()))
    # micro instruct ids carry their constraint, math has gold answers: the rule judge can judge both
    micro_ids = open_corpus.with_columns(pl.format("instruct-{}", pl.col("id").str.extract(r"(\d+)$")).alias("id"))
    study = _study({}, tasks=("instruct",))
    check_judge(study, eval_items(study, micro_ids))
    check_judge(_study({}), eval_items(_study({}), _corpus()))
    check_judge(_study({"judge": "openai:m"}, tasks=("instruct",)), eval_items(study, open_corpus))


def test_prepare_refuses_the_judge_before_any_model_is_built(tmp_path, monkeypatch):
    import xlt.prepare

    rows = [{"id": f"bx-{i}", "lang": x, "task": "instruct", "prompt": f"[{x}] {i}", "response": "r"} for i in range(60) for x in ("en", "es")]
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    path = tmp_path / "s.toml"
    path.write_text(f"""name = "s"
[data]
corpus = "jsonl:{tmp_path / 'c.jsonl'}"
tasks = ["instruct"]
budget = 40
[languages]
train = ["en"]
eval = ["en", "es"]
[[design]]
kind = "pinch"
percent = [0]
""")
    monkeypatch.setattr(xlt.prepare, "resolve_base_model", lambda *a, **k: pytest.fail("a base model was resolved"))
    res = CliRunner().invoke(app, ["run", str(path), "--out", str(tmp_path / "out")])
    assert res.exit_code == 2 and "eval.judge" in res.stderr and len(res.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_eval_sets_reach_results_under_their_names(world, tmp_path):
    """MGSM and XLSum sets run end to end: metrics by task, results by set name, a long article cut and reported."""
    langs = ("en", "es", "ru", "zh")
    mgsm = _mgsm(tmp_path / "mgsm", langs=langs)
    for x in langs:
        rows = [{"id": "long", "text": "Lead. " + " ".join(f"w{i}" for i in range(3000)), "summary": "Lead."},
                {"id": "short", "text": f"[{x}] a short article.", "summary": "short"}]
        (tmp_path / "xlsum" / x).mkdir(parents=True)
        (tmp_path / "xlsum" / x / "test.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    sets = (f'[[eval.sets]]\nname = "mgsm"\nbenchmark = "mgsm"\ndata = "{mgsm}"\ndecoding = {{ num_beams = 2 }}\n'
            f'[[eval.sets]]\nname = "xlsum"\nbenchmark = "xlsum"\ndata = "{tmp_path / "xlsum"}"\n')
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["run", str(study(world, name="sets", extra=sets)), "--out", str(out), "--json"])
    assert res.exit_code == 0, res.output
    results = pl.read_parquet(out / "sets" / "results.parquet")
    by_task = {t: set(g["metric"]) for (t,), g in results.group_by("task")}
    assert {"exact_match", "if_l"} <= by_task["mgsm"] and "rouge_l" in by_task["xlsum"] and "exact_match" in by_task["math"]
    assert results.filter(pl.col("task") == "mgsm")["n"].max() == 3  # the set's items, not [eval] limit's 8
    cut = [r for r in json.loads((out / "sets" / "long_prompts.json").read_text()) if r["set"] == "xlsum"]
    assert {(r["truncated"], r["skipped"], r["items"]) for r in cut} == {(1, 0, 2)}
    assert "xlsum on " in (out / "sets" / "report" / "index.html").read_text()  # the section, with its counts


def test_m_arenahard_needs_an_llm_judge_and_lmeval_sets_skip_the_judge_check(tmp_path, monkeypatch):
    """A win rate against reference answers cannot be ruled: refused before any model is built. An lm-eval
    set is one row per language naming its task, with nothing for xlt's judge."""
    from tests import standins
    from xlt.errors import InputError
    from xlt.evaluate import lmeval
    from xlt.stages.items import check_judge, eval_items

    data, answers = standins.write_m_arenahard(tmp_path / "arena", langs=("en", "es"), n=2)
    arena = {"name": "arena", "benchmark": "m-arenahard", "data": str(data), "reference": str(answers)}
    study = _study({"tasks": [], "sets": [arena]})
    with pytest.raises(InputError, match=r"eval\.judge.*'arena'.*openai:<model>"):
        check_judge(study, eval_items(study, _corpus()))
    check_judge(_study({"tasks": [], "judge": "openai:m", "sets": [arena]}), eval_items(study, _corpus()))
    monkeypatch.setattr(lmeval, "task_names", lambda: frozenset({"xcopa_en", "xcopa_es"}))
    monkeypatch.setattr(lmeval, "available", lambda: True)
    study = _study({"sets": [{"name": "xcopa", "lmeval": "xcopa_{lang}"}]})
    items = eval_items(study, _corpus())
    assert items.filter(pl.col("set") == "xcopa").select("id", "lang", "task").rows() == [("xcopa_en", "en", "lmeval"), ("xcopa_es", "es", "lmeval")]
    check_judge(study, items)
