"""A study evaluated on the 2026 multilingual suite under `xlt run --smoke`: Global-MMLU, INCLUDE, Belebele and
XCOPA as lm-eval tasks on local files in their public layouts, m-ArenaHard judged by a local OpenAI-compatible
server, FLORES scored with chrF++.

For the lm-eval sets, the per-language numbers of the untuned reference run equal lm-eval's own: its
`simple_evaluate` loading the same model from its path, on the same files through an --include_path of task
YAMLs (tests/evaluate/lmeval_reference.py), groups aggregated by lm-eval. One study, run once (module fixture):
the lm-eval task index and lingua's detector are paid once. Measured (2 cores shared): 3 min 3 s, all four."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from tests import standins
from tests.conftest import write_parallel_corpus
from tests.evaluate.conftest import build_tiny_model
from tests.evaluate.lmeval_reference import write_reference_tasks
from tests.translate.endpoint import Endpoint
from xlt.cli import app

pytest.importorskip("lm_eval")
pytestmark = pytest.mark.slow  # trains the study's runs (a few steps) and runs lm-eval twice

LMEVAL_SETS = {  # set name -> (task template, languages, data table relative to the files' root)
    "gmmlu": ("global_mmlu_full_{lang}", ["de"], {"test": "gmmlu/{lang}/test-00000-of-00001.parquet",
                                                  "dev": "gmmlu/{lang}/dev-00000-of-00001.parquet"}),
    "include": ("include_base_44_{language}", ["de", "es"], {"test": "include/{language}/test-00000-of-00001.parquet"}),
    "belebele": ("belebele_{lang_Script}", ["de", "es"], {"test": "belebele/{lang_Script}.jsonl"}),
    "xcopa": ("xcopa_{lang}", ["it"], {"test": "xcopa/{lang}/test.{lang}.jsonl", "validation": "xcopa/{lang}/val.{lang}.jsonl"}),
}


def _toml_table(d: dict) -> str:
    return "{ " + ", ".join(f"{k} = {json.dumps(v)}" for k, v in d.items()) + " }"


@pytest.fixture(scope="module")
def suite(tmp_path_factory):
    """The files, the model, the judge server, and the smoke run's study directory."""
    root = tmp_path_factory.mktemp("suite")
    standins.write_global_mmlu(root / "gmmlu", langs=("de",))
    standins.write_include(root / "include", langs=("de", "es"), n=2)
    standins.write_belebele(root / "belebele", dialects=("deu_Latn", "spa_Latn"))
    standins.write_xcopa(root / "xcopa", langs=("it",))
    arena_dir, answers = standins.write_m_arenahard(root / "arena", langs=("de", "es"))
    standins.write_flores(root / "flores")
    write_parallel_corpus(root / "c.jsonl", ["de", "es", "it"], 60)
    model = build_tiny_model(root / "tiny", hidden=16, layers=1, chat=True)
    sets = ""
    for name, (template, langs, data) in LMEVAL_SETS.items():
        data = {k: str(root / v) for k, v in data.items()}
        sets += f'[[eval.sets]]\nname = "{name}"\nlmeval = "{template}"\nlanguages = {json.dumps(langs)}\ndata = {_toml_table(data)}\n'
    sets += (f'[[eval.sets]]\nname = "arena"\nbenchmark = "m-arenahard"\ndata = "{arena_dir}"\nreference = "{answers}"\n'
             f'languages = ["de", "es"]\n'
             f'[[eval.sets]]\nname = "flores"\nbenchmark = "flores"\ndata = "{root / "flores"}"\nlanguages = ["de", "es"]\n')
    study = root / "suite.toml"
    study.write_text(f"""
name = "suite"
[models]
base = ["{model}"]
reference = true
[data]
corpus = "jsonl:{root / 'c.jsonl'}"
budget = 40
[languages]
train = ["de"]
eval = ["de", "es", "it"]
[[design]]
kind = "monolingual"
[train]
batch_size = 8
max_length = 96
[eval]
tasks = []
judge = "openai:judge"
sxs = false
decoding = {{ max_new_tokens = 6 }}
{sets}""")
    mp = pytest.MonkeyPatch()
    with Endpoint(tag=True) as server:
        mp.setenv("OPENAI_BASE_URL", server.base_url)
        mp.setenv("OPENAI_API_KEY", "sk-test-key")
        mp.setenv("XLT_CACHE", str(root / "cache"))
        out = root / "out"
        res = CliRunner().invoke(app, ["run", str(study), "--smoke", "--out", str(out), "--json"])
    mp.undo()
    assert res.exit_code == 0, res.output + repr(res.exception)
    return {"root": root, "model": model, "dir": out / "suite-smoke"}


def _reference_run(study_dir: Path) -> str:
    plan = json.loads((study_dir / "plan.json").read_text())
    return next(r["id"] for r in plan if r["method"] == "none")


def _eval_items(study_dir: Path, run: str) -> pl.DataFrame:
    return pl.read_parquet(study_dir / "runs" / run / "eval" / "items.parquet")


def test_lmeval_sets_equal_lm_evals_own_numbers(suite):
    """Per set and language, the reference run's value is what lm-eval's simple_evaluate reports (exact)."""
    from xlt.evaluate import lmeval

    results = pl.read_parquet(suite["dir"] / "results.parquet")
    run = _reference_run(suite["dir"])
    mine = results.filter(pl.col("run") == run)
    tasks, expected = [], {}
    ref_dir = suite["root"] / "reference_tasks"
    for name, (template, langs, data) in LMEVAL_SETS.items():
        for lang in langs:
            spec = json.loads(lmeval.set_items(_Set(template, {k: str(suite["root"] / v) for k, v in data.items()}), [lang], "t")[0]["prompt"])
            leaves = [t.task_name for t in lmeval.build_tasks(spec)]
            ref = write_reference_tasks(ref_dir, spec["task"], leaves, spec["overrides"])
            tasks.append(ref)
            expected[(name, lang)] = ref
    theirs = lmeval.run_tasks(suite["model"], tasks, include_path=ref_dir, limit=4, batch_size=64)
    checked = 0
    for (name, lang), ref in expected.items():
        got = {r["metric"]: r["value"] for r in mine.filter((pl.col("task") == name) & (pl.col("eval_lang") == lang)).iter_rows(named=True)}
        want = {m: v for m, v in theirs[ref].items() if m in ("acc", "acc_norm")}
        assert want and got == pytest.approx(want, abs=0, rel=0), (name, lang, got, want)
        checked += 1
    assert checked == 6
    rows = mine.filter(pl.col("task") == "gmmlu")
    assert rows["n"].to_list() == [57] and rows["ci_low"][0] <= rows["value"][0] <= rows["ci_high"][0]


class _Set:
    """The EvalSet fields set_items reads."""

    def __init__(self, template, data):
        self.lmeval, self.data, self.limit, self.num_fewshot = template, data, 4, None


def test_lmeval_items_carry_lm_eval_metric_names_and_ids(suite):
    items = pl.read_parquet(suite["dir"] / "items.parquet")
    gm = items.filter(pl.col("task") == "gmmlu")
    assert set(gm["metric"]) == {"acc"} and gm["item"].n_unique() == 57
    assert "global_mmlu_full_de_anatomy/0" in gm["item"].to_list()
    assert set(items.filter(pl.col("task") == "belebele")["metric"]) == {"acc", "acc_norm"}


def test_m_arenahard_win_rate_is_the_judge_servers_verdicts(suite):
    """The scripted judge prefers an answer saying GOOD: every reference answer that says it wins, the others tie."""
    results = pl.read_parquet(suite["dir"] / "results.parquet")
    for run in results["run"].unique():
        scored = _eval_items(suite["dir"], run).filter(pl.col("set") == "arena")
        outputs = {(r["lang"], r["id"]): (r["output"], r["lid"]) for r in scored.iter_rows(named=True)}
        for lang in ("de", "es"):
            answers = {json.loads(line)["question_id"]: json.loads(line)["choices"][0]["turns"][0]["content"]
                       for line in (suite["root"] / "arena" / "answers" / f"{lang}.jsonl").read_text().splitlines()}
            want, gated = [], []
            for qid, ref in sorted(answers.items()):
                out, lid = outputs[(lang, qid)]
                v = 0.5 if ("GOOD" in out) == ("GOOD" in ref) else float("GOOD" in out)
                want.append(v)
                gated.append(v * (lid == lang))
            got = {r["metric"]: r["value"] for r in results.filter((pl.col("run") == run) & (pl.col("task") == "arena")
                                                                   & (pl.col("eval_lang") == lang)).iter_rows(named=True)}
            assert got["win_rate"] == pytest.approx(sum(want) / len(want))
            assert got["win_rate_gated"] == pytest.approx(sum(gated) / len(gated))


def test_flores_chrf_both_directions(suite):
    from sacrebleu.metrics import CHRF

    chrf = CHRF(word_order=2)
    results = pl.read_parquet(suite["dir"] / "results.parquet")
    run = _reference_run(suite["dir"])
    scored = _eval_items(suite["dir"], run).filter(pl.col("set") == "flores")
    english = (suite["root"] / "flores" / "devtest" / "devtest.eng_Latn").read_text().splitlines()
    for lang, dialect in (("de", "deu_Latn"), ("es", "spa_Latn")):
        own = (suite["root"] / "flores" / "devtest" / f"devtest.{dialect}").read_text().splitlines()
        for metric, refs in (("chrf++_en_xx", own), ("chrf++_xx_en", english)):
            part = scored.filter((pl.col("lang") == lang) & (pl.col("metric") == metric)).sort("id")
            want = [chrf.sentence_score(r["output"], [refs[int(r["id"].split(":")[0])]]).score / 100 for r in part.iter_rows(named=True)]
            got = results.filter((pl.col("run") == run) & (pl.col("task") == "flores") & (pl.col("eval_lang") == lang)
                                 & (pl.col("metric") == metric))
            assert part.height == 4 and got["value"][0] == pytest.approx(sum(want) / len(want))
