"""Every shipped paper study runs `xlt run STUDY --smoke` end to end on stand-ins of its public data.

The study files are the shipped ones, untouched; `--set` swaps in what a user would point them at:
tiny random models of two architecture families transformers ships, the study's corpus in its public
layout (an `hf:` id as a local datasets folder, offline), its evaluation sets in their public file
formats (tests/standins.py), and one local OpenAI-compatible server for translation and judges.
A crash anywhere in plan, translation, mixtures, training, evaluation, judging, results or report
fails the test, as it would fail a user's first cluster job.

Measured (2026-12-01, 2 cores shared, load ~7): the five together 2 min 35 s, the slowest 63 s
(posttrainer, 14 runs); the first pays lingua's detector (~34 s here) for all of them.
"""

from __future__ import annotations

import json
import time
import traceback
import tomllib
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from tests import standins
from tests.evaluate.conftest import build_tiny_model
from tests.translate.endpoint import Endpoint
from xlt.cli import app

STUDIES = Path(__file__).parents[1] / "src" / "xlt" / "studies"

# Two families per study, the study's own family first where transformers ships it (BLOOM for Shaham
# and Lucky 52, BLOOM + Pythia (GPT-NeoX) for Chen, Aya Expanse (Cohere) for Shimabucoro, Qwen3 for
# Dhaliwal); together they cover Llama, Qwen2, Qwen3, Gemma, BLOOM, Cohere and GPT-NeoX.
FAMILIES = {
    "pinch": ("bloom", "gemma"),
    "lucky52": ("bloom", "llama"),
    "alpaca_budget": ("bloom", "gpt_neox"),
    "posttrainer": ("cohere", "llama"),
    "coverage": ("qwen3", "qwen2"),
}
CHAT = {"llama", "qwen2", "qwen3", "cohere"}  # instruct-style tokenizers; the others are base models (Alpaca format)

# What each public benchmark covers: an eval language outside it gets no items from that set.
COVERAGE = {
    "mgsm": set(standins.MGSM_LANGS),
    "xcopa": set(standins.XCOPA_LANGS),
    "xstorycloze": set(standins.XSTORYCLOZE_LANGS),
    "xwinograd": {"ja" if x == "jp" else x for x in standins.XWINOGRAD_LANGS},
    "xlsum": set(standins.XLSUM_NAMES),
}


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    """One tiny model per family, built once: {family: path}."""
    root = tmp_path_factory.mktemp("models")
    families = sorted({f for pair in FAMILIES.values() for f in pair})
    return {f: build_tiny_model(root / f, hidden=16, layers=1, chat=f in CHAT, family=f) for f in families}


@pytest.fixture(scope="module")
def server():
    """The one local OpenAI-compatible server: translation engine and judge."""
    with Endpoint(tag=True) as ep:
        yield ep


def study_file(name: str) -> dict:
    return tomllib.loads((STUDIES / f"{name}.toml").read_text(encoding="utf-8"))


def corpus_source(name: str, study: dict, root: Path) -> str:
    """The study's corpus, written as the public layout it names."""
    langs = list(dict.fromkeys(study["languages"]["train"] + study["languages"]["eval"]))
    if name == "pinch":
        return f"jsonl:{standins.write_lima_oasst_en(root / 'lima_oasst_en.jsonl')}"
    if name == "lucky52":
        return f"hf:{standins.write_bactrian_x(root / 'Bactrian-X')}"
    if name == "alpaca_budget":
        return f"hf:{standins.write_alpaca_cleaned(root / 'alpaca-cleaned')}"
    return f"jsonl:{standins.write_parallel_corpus(root / f'{name}.jsonl', langs, study['data']['tasks'])}"


def eval_set_data(name: str, eval_set: dict, study: dict, root: Path) -> Path:
    """An evaluation set in its public format, at the languages the public release covers."""
    bench, where = eval_set["benchmark"], root / eval_set["name"]
    eval_langs = study["languages"]["eval"]
    if bench == "prompts" and name == "alpaca_budget":
        return standins.write_oasst_test(where, eval_langs)
    if bench == "prompts":
        return standins.write_prompts(root / f"{eval_set['name']}.jsonl", eval_langs)
    writer = {"mgsm": standins.write_mgsm, "xcopa": standins.write_xcopa, "xstorycloze": standins.write_xstorycloze,
              "xwinograd": standins.write_xwinograd, "xlsum": standins.write_xlsum}[bench]
    return writer(where)


def set_languages(eval_set: dict, study: dict) -> set[str]:
    """The languages a set has items in: its own list (default: the eval languages), where the public
    release covers them (translated prompts cover all)."""
    langs = set(eval_set.get("languages") or study["languages"]["eval"])
    return langs & COVERAGE.get(eval_set["benchmark"], langs)


def offline(monkeypatch, server: Endpoint, hf_home: Path) -> None:
    """What a user on an air-gapped GPU box sets, in this process (the runs share it: lingua's detector
    and the imports are paid once for all five studies, not five times)."""
    import datasets.config
    import huggingface_hub.constants

    for var, value in {"OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": "sk-test-key", "HF_DATASETS_OFFLINE": "1",
                       "HF_HUB_OFFLINE": "1", "HF_HOME": str(hf_home)}.items():
        monkeypatch.setenv(var, value)
    # datasets and huggingface_hub read these once, at import: set what they read
    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_OFFLINE", True)
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", hf_home / "datasets")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)


def failure(res) -> str:
    """The CLI's own error line, or the traceback of what escaped it."""
    exc = res.exception
    trace = "" if exc is None or isinstance(exc, SystemExit) else "".join(traceback.format_exception(exc))[-4000:]
    return f"exit {res.exit_code}: {res.output[-3000:]}{trace}"


def corpus_languages(name: str, study: dict) -> set[str]:
    """The eval languages the corpus has test items in: Bactrian-X's 52 for Lucky 52, all of them for the
    others (translated into every eval language, or parallel in all of them)."""
    eval_langs = set(study["languages"]["eval"])
    return eval_langs & set(standins.BACTRIAN_X_LANGS) if name == "lucky52" else eval_langs


@pytest.mark.timeout(240)  # the five together must stay under 5 minutes on 2 cores
@pytest.mark.parametrize("name", list(FAMILIES))
def test_shipped_study_runs_cut_to_the_bone(name, models, server, tmp_path, monkeypatch, record_property):
    study = study_file(name)
    bases = [models[f] for f in FAMILIES[name]]
    sets = [f"eval.sets.{i}.data={eval_set_data(name, s, study, tmp_path / 'eval')}" for i, s in enumerate(study["eval"].get("sets", []))]
    sets += [f"eval.sets.{i}.shots_data={standins.write_mgsm(tmp_path / 'eval' / 'mgsm_train', n=s['shots'], split='train')}"
             for i, s in enumerate(study["eval"].get("sets", [])) if s.get("shots") and s["benchmark"] == "mgsm"]
    overrides = [f"models.base={json.dumps(bases)}", f"data.corpus={corpus_source(name, study, tmp_path / 'data')}", *sets]
    if "translate" in study["data"] and not study["data"]["translate"]["engine"].startswith("openai:"):
        overrides.append('data.translate.engine="openai:mt"')  # the local server instead of a downloaded MT model
    offline(monkeypatch, server, tmp_path / "hf-home")
    out = tmp_path / "out"
    args = ["run", str(STUDIES / f"{name}.toml"), "--smoke", "--out", str(out), "--json"]
    for o in overrides:
        args += ["--set", o]

    translated, judged = server.total_answered, server.judged
    started = time.perf_counter()
    res = CliRunner().invoke(app, args)
    seconds = time.perf_counter() - started
    record_property("seconds", round(seconds, 1))
    print(f"{name}: {seconds:.0f} s")
    assert res.exit_code == 0, failure(res)

    summary = json.loads(res.stdout)
    study_dir, report = Path(summary["study_dir"]), Path(summary["report"])
    assert study_dir != out / study["name"], "smoke results must live apart from a real run's"
    html = report.read_text(encoding="utf-8").replace(str(study_dir), "")  # the mark, not a path that says smoke
    assert "smoke" in html.lower(), "the report says it is a smoke run"
    effective = tomllib.loads((study_dir / "study.toml").read_text(encoding="utf-8"))
    assert effective["models"]["base"] == bases, "the effective study (with --set) is saved beside the results"

    results = pl.read_parquet(study_dir / "results.parquet")
    assert set(results["model"]) == set(bases)
    assert set(results["method"]) - {"none"} == set(study["models"].get("method", ["full"]))
    kinds = {k for designs in results["designs"].to_list() for k in designs}
    assert {d["kind"] for d in study["design"]} <= kinds, "smoke runs cover every design kind"
    assert set(results["eval_lang"]) == set(study["languages"]["eval"])
    for s in study["eval"].get("sets", []):  # results name a set's rows by the set
        got = set(results.filter(pl.col("task") == s["name"])["eval_lang"])
        assert got == set_languages(s, study), f"set {s['name']}: languages {sorted(got)}"
    for task in study["eval"].get("tasks", study["data"]["tasks"]):  # tasks = []: the sets alone
        got = set(results.filter(pl.col("task") == task)["eval_lang"])
        assert got == corpus_languages(name, study), f"corpus task {task}: languages {sorted(got)}"
    requests = {"translated": server.total_answered - translated, "judged": server.judged - judged}
    record_property("requests", requests)
    print(f"{name}: {requests}")
    if "translate" in study["data"]:
        assert requests["translated"] > 0, "the corpus is machine-translated through the server"
    if study["eval"].get("judge", "rule").startswith("openai:"):
        assert requests["judged"] > 0, "open-ended items are judged through the server"


# --- the stand-ins themselves: each loads through xlt's own loaders in every language it holds (fast) ---

STANDIN_SETS = {
    "mgsm": (standins.write_mgsm, set(standins.MGSM_LANGS)),
    "xcopa": (standins.write_xcopa, set(standins.XCOPA_LANGS)),
    "xstorycloze": (standins.write_xstorycloze, set(standins.XSTORYCLOZE_LANGS)),
    "xwinograd": (standins.write_xwinograd, COVERAGE["xwinograd"]),
    "belebele": (standins.write_belebele, {"en", "es", "zh", "ar", "sw"}),
    "xlsum": (standins.write_xlsum, set(standins.XLSUM_NAMES)),
    "oasst": (lambda root: standins.write_oasst_test(root, ["en", "bn", "no", "zh"]), {"en", "bn", "no", "zh"}),
}


@pytest.mark.parametrize("bench", list(STANDIN_SETS))
def test_standin_eval_set_loads_in_every_language(bench, tmp_path):
    from xlt.evaluate.benchmarks import load_benchmark

    write, langs = STANDIN_SETS[bench]
    items = load_benchmark("prompts" if bench == "oasst" else bench, write(tmp_path / bench))
    assert {i.lang for i in items} == langs
    assert all(sum(i.lang == x for i in items) == 4 for x in langs)  # the test split only, all of it


def test_one_server_translates_and_judges():
    import openai

    with Endpoint(tag=True) as ep:
        client = openai.OpenAI(base_url=ep.base_url, api_key="sk-test-key")

        def ask(messages):
            return client.chat.completions.create(model="m", messages=messages).choices[0].message.content

        system = "You are a professional translator. Translate the user's message from English to Swahili."
        assert ask([{"role": "system", "content": system}, {"role": "user", "content": 'Call {"days": 3} at 5'}]) == '[Swahili] Call {"days": 3} at 5'
        sxs = "[The Start of Assistant A's Answer]\nGOOD\n[The End of Assistant A's Answer]\n[The Start of Assistant B's Answer]\nbad\n[The End of Assistant B's Answer]"
        assert ask([{"role": "user", "content": sxs}]).endswith("[[A]]")
        single = "[The Start of Assistant's Answer]\nbad\n[The End of Assistant's Answer]"
        assert "Rating: [[1]]" in ask([{"role": "user", "content": single}])
        assert ep.judged == 2 and ep.total_answered == 1


# --- the five papers' micro studies: `xlt run --all-papers --smoke`, on a tiny micro base -------------------


@pytest.fixture(scope="module")
def tiny_micro_base(tmp_path_factory):
    """A micro base of the real recipe's shape, far smaller, pretrained a few steps on the micro world's own
    text (its tokenizer fits the micro corpus as the shipped base's does)."""
    from xlt.base.micro import MicroRecipe, build_micro_base
    from xlt.corpus.micro import LANGUAGES, generate

    rows = generate(8, tasks=("math", "api", "instruct"), languages=LANGUAGES)
    docs = {x: [f"{p}\n{r}" for p, r in zip(part["prompt"], part["response"])]
            for (x,), part in rows.group_by("lang")}
    recipe = MicroRecipe(vocab_size=600, hidden_size=32, num_layers=1, num_heads=2, intermediate_size=64,
                         context_length=64, steps=4, batch_size=4, warmup_steps=1)
    return build_micro_base(recipe, cache_dir=tmp_path_factory.mktemp("base"), progress=False, documents=docs)


@pytest.mark.slow
@pytest.mark.timeout(1500)  # measured 255 s, and 530 s beside a micro base build on the same 2 cores
def test_all_papers_smoke_runs_the_five_micro_studies_and_writes_one_claims_table(tiny_micro_base, tmp_path, monkeypatch):
    import xlt.prepare
    from xlt.all_papers import PAPER_STUDIES
    from xlt.analysis.claims import CLAIMS, NOT_REPRODUCED, NOT_TESTABLE, REPRODUCED
    from xlt.base.micro import base_info

    shares = {x: row["share"] for x, row in base_info(tiny_micro_base)["pretraining"]["languages"].items()}
    monkeypatch.setattr(xlt.prepare, "resolve_base_model", lambda study, model, progress: (str(tiny_micro_base), shares))
    out = tmp_path / "out"
    started = time.perf_counter()
    res = CliRunner().invoke(app, ["run", "--all-papers", "--smoke", "--out", str(out), "--json"])
    print(f"all papers, smoke: {time.perf_counter() - started:.0f} s")
    assert res.exit_code == 0, failure(res)
    summary = json.loads(res.stdout)
    assert [s["study"] for s in summary["studies"]] == [f"{n}-smoke" for n in PAPER_STUDIES]
    for name, s in zip(PAPER_STUDIES, summary["studies"]):
        study = study_file(name)
        results = pl.read_parquet(Path(s["study_dir"]) / "results.parquet")
        kinds = {k for designs in results["designs"].to_list() for k in designs}
        assert {d["kind"] for d in study["design"]} <= kinds, f"{name}: smoke runs cover every design kind"
        assert set(results["eval_lang"]) == set(study["languages"]["eval"])
        assert "smoke" in Path(s["report"]).read_text(encoding="utf-8").lower()
    assert Path(summary["claims"]) == out / "claims-smoke.json"
    table = json.loads(Path(summary["claims"]).read_text(encoding="utf-8"))
    assert [r["id"] for r in table] == [c.id for c in CLAIMS]
    assert {r["verdict"] for r in table} <= {REPRODUCED, NOT_REPRODUCED, NOT_TESTABLE}
    assert summary["total"] == 29 and summary["testable"] == sum(r["verdict"] != NOT_TESTABLE for r in table)


def test_all_papers_takes_no_study(tmp_path):
    res = CliRunner().invoke(app, ["run", str(STUDIES / "pinch_micro.toml"), "--all-papers", "--out", str(tmp_path)])
    assert res.exit_code == 2 and "--all-papers" in res.stderr and len(res.stderr.splitlines()) == 1
    assert not any(tmp_path.iterdir()), "nothing written"


def test_paper_studies_ask_for_the_gpus_of_a_run():
    """Ray and SLURM request gpus_per_run; the micro studies run on CPU."""
    from xlt.study import load_study

    for name in FAMILIES:
        study = load_study(STUDIES / f"{name}.toml")
        assert study.execution.gpus_per_run >= 1, name
        assert execute_params(study)["gpus_per_node"] == study.execution.gpus_per_run
    assert load_study(STUDIES / "micro.toml").execution.gpus_per_run == 0


def execute_params(study):
    from xlt.execute import slurm_parameters

    return slurm_parameters(study.execution, "slurm")
