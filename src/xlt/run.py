"""`xlt run`: a study from its file to its report, one content-addressed stage at a time.

    study ─► plan ─► mixtures ─► (per run) train ─► evaluate ─► results.parquet ─► report

Every stage writes one artifact under the hash of its inputs in `<out>/.store/` (see artifacts.py);
a stage whose artifact is complete is skipped. That gives resume after a crash, runs shared between
designs and studies trained once, and a second `xlt run` that only re-reads. `<out>/<study>/runs/<id>/`
links a run's artifacts and holds its spec; results, items and the report sit in `<out>/<study>/`.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import polars as pl

from xlt import artifacts
from xlt.designs import largest_remainder
from xlt.errors import InputError, redact
from xlt.plan import PLAN_VERSION, RunSpec, corpus_identity, plan_study
from xlt.store import canonical_json, content_hash, write_atomic, write_json, write_parquet
from xlt.smoke import SMOKE_ROWS, SMOKE_VERSION, cut_source, smoke_plan, with_smoke
from xlt.study import Study, builtin_study_path, load_study_data

STUDY_FORMAT = 1  # the study directory's layout; a directory written in another format is refused
VAL_MAX = 256  # validation rows per run for checkpoint selection
RULE_SXS_VERSION = 2  # bump when the rule judge's side-by-side verdicts change (2: graded by language)
log = logging.getLogger("xlt")


# --- what a worker needs to run one run (plain data, so it crosses process and cluster boundaries) ---


@dataclass(frozen=True)
class RunJob:
    spec: dict
    base_path: str
    mixture_dir: str | None
    model_dir: str  # the trained model's artifact folder (the base model for the reference run)
    eval_dir: str
    eval_items: str  # parquet of the study's evaluation items
    eval_config: dict
    threads: int
    trust_remote_code: bool = False
    progress: bool = False


@dataclass
class RunOutcome:
    run: str
    trained: bool = False
    evaluated: bool = False
    seconds: float = 0.0


def run_job(job: RunJob) -> RunOutcome:
    """Train (unless done or the untuned reference) and evaluate (unless done) one run."""
    _worker_log()
    import torch

    torch.set_num_threads(job.threads)  # the same in every executor: equal results
    started = time.perf_counter()
    outcome = RunOutcome(run=job.spec["id"])
    spec = job.spec
    if spec["method"] != "none" and not artifacts.is_complete(job.model_dir):
        _train(job)
        outcome.trained = True
    if not artifacts.is_complete(job.eval_dir):
        _evaluate(job)
        outcome.evaluated = True
    outcome.seconds = time.perf_counter() - started
    return outcome


def _train(job: RunJob) -> None:
    from xlt.mixture import read_mixture
    from xlt.train import LoraRecipe, TrainRecipe, train

    spec = job.spec
    recipe = {k: v for k, v in spec["recipe"].items() if k in TrainRecipe.model_fields}
    recipe.update(seed=spec["seed"], method=spec["method"])
    if spec.get("lora"):
        lora = dict(spec["lora"])
        if isinstance(lora.get("target_modules"), list):
            lora["target_modules"] = tuple(lora["target_modules"])
        recipe["lora"] = LoraRecipe(**lora)
    rows = read_mixture(job.mixture_dir)
    val = [json.loads(line) for line in open(Path(job.mixture_dir) / "val.jsonl", encoding="utf-8")]
    tmp = artifacts.staging(job.model_dir)
    try:
        result = train(
            job.base_path, rows, val, TrainRecipe(**recipe), out_dir=tmp / "model", progress=job.progress,
            trust_remote_code=job.trust_remote_code,
        )
        write_json(tmp / "train_report.json", result.report)
        artifacts.commit(tmp, job.model_dir, {"run": spec["id"]})
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _evaluate(job: RunJob) -> None:
    """Score the run on every set, each with its own decoding and multiple-choice format; the model is loaded once."""
    from xlt.evaluate import lmeval
    from xlt.evaluate.models import load_model
    from xlt.evaluate.pipeline import evaluate, prompt_fit

    spec, cfg = job.spec, job.eval_config
    model = job.base_path if spec["method"] == "none" else str(Path(job.model_dir) / "model")
    items = pl.read_parquet(job.eval_items)
    tmp = artifacts.staging(job.eval_dir)
    try:
        lm = load_model(model, trust_remote_code=job.trust_remote_code)
        scored, fits = [], []
        if (items["task"] == lmeval.TASK).any():  # lm-eval scores these, with its own prompts and metrics
            scored.append(lmeval.evaluate_sets(lm, items.filter(pl.col("task") == lmeval.TASK), cfg["batch_size"]))
        for (name,), part in items.filter(pl.col("task") != lmeval.TASK).group_by("set", maintain_order=True):
            conf = cfg["sets"].get(name, cfg)  # a corpus task's test split: [eval]'s own settings
            out = evaluate(
                lm,
                part,
                decoding={**conf["decoding"], "seed": spec["seed"], "batch_size": cfg["batch_size"]},
                judge=cfg["judge"],
                lid=cfg["lid"],
                option_format=conf["option_format"],
                batch_size=cfg["batch_size"],
                judge_scale=cfg["judge_scale"],
                judge_template=cfg.get("template"),
                long_prompts=cfg["long_prompts"],
                max_prompt_tokens=cfg["max_prompt_tokens"],
            )
            scored.append(out)
            fits.append(prompt_fit(part, out))
        pl.concat(scored).write_parquet(tmp / "items.parquet")
        write_json(tmp / "long_prompts.json", pl.concat(fits).to_dicts() if fits else [])
        artifacts.commit(tmp, job.eval_dir, {"run": spec["id"]})
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


# --- IF_L: side by side against the monolingual model of the evaluation language (Shaham et al.) ----


@dataclass(frozen=True)
class SxsJob:
    run: str
    lang: str  # the evaluation language L; the reference is the run tuned monolingually on L
    reference: str
    eval_dir: str
    reference_eval_dir: str
    out_dir: str
    judge: str
    template: str | None


def sxs_enabled(study: Study) -> bool:
    return study.eval.sxs if study.eval.sxs is not None else any(d.kind == "monolingual" for d in study.design)


def sxs_jobs(study: Study, jobs: list[RunJob], store: Path) -> list[SxsJob]:
    """One comparison per (run, eval language L) where the study has a run tuned on L alone."""
    if not sxs_enabled(study):
        return []
    mono = {}
    for j in jobs:
        for p in j.spec["design_params"]:
            if p.get("kind") == "monolingual":
                mono[(j.spec["model"], j.spec["method"], j.spec["seed"], p["language"])] = j
    out = []
    for j in jobs:
        for lang in study.languages.eval:
            ref = mono.get((j.spec["model"], j.spec["method"] if j.spec["method"] != "none" else study.models.method[0], j.spec["seed"], lang))
            if ref is None:
                continue
            key = content_hash({"a": Path(j.eval_dir).name, "b": Path(ref.eval_dir).name, "lang": lang, "judge": study.eval.judge, "template": study.eval.template, "rule": RULE_SXS_VERSION})
            out.append(SxsJob(j.spec["id"], lang, ref.spec["id"], j.eval_dir, ref.eval_dir, str(store / "sxs" / key), study.eval.judge, study.eval.template))
    return out


def _generations(eval_dir: str, lang: str) -> pl.DataFrame:
    """One row per generated item (set, id, task, prompt, output) in one language; multiple-choice items
    (scored by option log-likelihood, their output is the option picked) have nothing to judge."""
    from xlt.evaluate.tasks import OPTION_METRICS

    items = pl.read_parquet(Path(eval_dir) / "items.parquet")
    items = items.filter((pl.col("lang") == lang) & pl.col("output").is_not_null() & ~pl.col("metric").is_in(OPTION_METRICS))
    return items.unique(["set", "id"], keep="first", maintain_order=True).select("set", "id", "task", "prompt", "output")


def run_sxs(job: SxsJob, gold: pl.DataFrame) -> None:
    """Judge the run's responses against the monolingual model's, both orders; a win needs both verdicts."""
    from xlt.evaluate import judges

    a = _generations(job.eval_dir, job.lang)
    b = _generations(job.reference_eval_dir, job.lang).select("set", "id", pl.col("output").alias("output_b"))
    reference = gold.filter(pl.col("lang") == job.lang).select("set", "id", "response")
    both = a.join(b, on=["set", "id"]).join(reference, on=["set", "id"], how="left")
    pairs = [judges.Pair(r["id"], job.lang, r["prompt"], r["output"], r["output_b"], r["response"], r["task"]) for r in both.iter_rows(named=True)]
    template = judges.load_template("sxs", job.template) if job.template else None
    result = judges.judge_sxs(pairs, judges.make_judge(job.judge), template=template)
    value = {"win": 1.0, "tie": 0.5, "loss": 0.0, None: None}
    table = pl.DataFrame(
        {"set": both["set"], "id": both["id"], "outcome": [o or "unparsed" for o in result.outcomes], "value": [value[o] for o in result.outcomes]},
        schema={"set": pl.Utf8, "id": pl.Utf8, "outcome": pl.Utf8, "value": pl.Float64},
    )
    tmp = artifacts.staging(job.out_dir)
    table.write_parquet(tmp / "items.parquet")
    artifacts.commit(tmp, job.out_dir, {"run": job.run, "reference": job.reference, "lang": job.lang})


# --- the study directory --------------------------------------------------------------------------


@dataclass
class Prepared:
    study: Study
    study_dir: Path
    store: Path
    runs: list[RunSpec]
    jobs: list[RunJob]
    exposure: dict = field(default_factory=dict)
    sxs: list[SxsJob] = field(default_factory=list)


def study_identity(study: Study) -> str:
    """What a study directory belongs to: the study's content (its name included)."""
    return content_hash({"format": STUDY_FORMAT, "plan": PLAN_VERSION, "study": study.model_dump(mode="json", by_alias=True)})


def study_lineage(study: Study) -> str:
    """What makes a study file an edit of the one before rather than another study: its name, corpus and base models."""
    return content_hash({"name": study.name, "corpus": study.data.corpus, "models": study.models.base})


HISTORY_FILES = ("study.toml", "study.json", "plan.json", "results.parquet", "items.parquet", "report")


def keep_history(study_dir: Path, previous: str) -> Path:
    """Move the previous study file, results and report to `history/<UTC time>-<previous id>/` (the runs stay in the store)."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    target = study_dir / "history" / f"{stamp}-{previous[:12]}"
    target.mkdir(parents=True, exist_ok=True)
    for name in HISTORY_FILES:
        if (study_dir / name).exists():
            os.replace(study_dir / name, target / name)
    (study_dir / ".results-key").unlink(missing_ok=True)
    return target


def claim_study_dir(study: Study, out: Path) -> Path:
    """`<out>/<name>/`, refusing one left by another study of the same name or by another format.

    An edited study (same name, corpus and base models) takes over its directory: the previous study file
    and results move to history/, and every stage whose inputs did not change is reused from the store."""
    study_dir = out / study.name
    marker = study_dir / ".xlt-study.json"
    ident, lineage = study_identity(study), study_lineage(study)
    if marker.exists():
        try:
            found = json.loads(marker.read_text())
        except ValueError:
            found = {}
        if found.get("format") != STUDY_FORMAT:
            raise InputError(
                f"{study_dir} was written by another version of xlt (format {found.get('format')!r}, this is {STUDY_FORMAT}); "
                "move it away or choose another --out",
                key="--out",
            )
        if found.get("study") != ident:
            if found.get("lineage") != lineage:
                raise InputError(
                    f"{study_dir} holds a different study named {study.name!r} (another corpus or other base models); "
                    "rename the study or choose another --out (xlt does not mix the results of two studies)",
                    key="--out",
                )
            log.info("study %s edited: previous study and results kept in %s", study.name, keep_history(study_dir, found["study"]))
    elif study_dir.exists() and any(study_dir.iterdir()):
        raise InputError(f"{study_dir} exists and was not written by xlt run; choose another --out", key="--out")
    study_dir.mkdir(parents=True, exist_ok=True)
    write_json(marker, {"format": STUDY_FORMAT, "study": ident, "lineage": lineage, "name": study.name})
    return study_dir


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


def load_study_corpus(study: Study, store: Path, smoke: bool = False) -> pl.DataFrame:
    """The study's corpus, machine-translated first when the study asks (a cached stage of its own);
    a smoke run translates only a few ids per task and split."""
    from xlt.corpus import load_corpus

    d = study.data
    if d.translate is None:
        return load_corpus(d.corpus, holdout=d.holdout, split_seed=d.split_seed, fields=d.fields)
    from xlt.translate import make_engine, translate_table

    t = d.translate
    langs = list(dict.fromkeys(study.languages.train + study.languages.eval))
    smoke_ids = SMOKE_ROWS + len(langs) * len(study.data.tasks) if smoke else None
    key = content_hash({"translate": t.model_dump(by_alias=True), "data": corpus_identity(study), "langs": [study.languages.train, study.languages.eval]}
                       | ({"smoke": [SMOKE_VERSION, smoke_ids]} if smoke else {}))
    final = store / "corpora" / key
    if not artifacts.is_complete(final):
        source = load_corpus(t.source or d.corpus, holdout=d.holdout, split_seed=d.split_seed, fields=d.fields)
        if smoke:
            source = cut_source(source, study.seed, smoke_ids)
        if t.to == "train":
            targets = study.languages.train
        elif t.to == "eval":
            targets = study.languages.eval
        elif t.to == "train+eval":
            targets = list(dict.fromkeys(study.languages.train + study.languages.eval))
        else:
            targets = t.to
        targets = [x for x in targets if x != t.from_]
        from xlt.translate.cache import default_cache_dir

        result = translate_table(source, t.from_, targets, make_engine(t.engine), t.fields, study.execution.workers * 8, default_cache_dir())
        tmp = artifacts.staging(final)
        result.table.write_parquet(tmp / "corpus.parquet")
        artifacts.commit(tmp, final)
    return pl.read_parquet(final / "corpus.parquet")


def eval_items(study: Study, corpus: pl.DataFrame) -> pl.DataFrame:
    """The study's evaluation items. Each keeps its `task` (what decides its metrics and how a judge checks
    it) and names its `set` (what results are reported under): a corpus task's test split is the set of
    that name, an [[eval.sets]] entry the set of its own name.

    Corpus test splits: per eval task and language up to [eval] `limit` items, the same ids in every
    language where the corpus has them (parallel items make runs and languages comparable item by item).
    Eval sets: every item in the set's languages, or the set's own `limit` per language."""
    from xlt.corpus.readers import id_uniform
    from xlt.evaluate.benchmarks import few_shot, load_benchmark
    from xlt.evaluate.lmeval import set_items
    from xlt.evaluate.pipeline import benchmark_items

    test = corpus.filter((pl.col("split") == "test") & pl.col("lang").is_in(study.languages.eval) & pl.col("task").is_in(study.eval_tasks))
    frames = []
    for task in study.eval_tasks:
        t = test.filter(pl.col("task") == task)
        if t.height == 0:
            raise InputError(f"the corpus has no test items for task {task!r}", key="eval.tasks")
        by_id = t.group_by("id").agg(pl.col("lang").n_unique().alias("k"))
        ids = by_id["id"].to_list()
        order = sorted(zip(-by_id["k"].to_numpy(), id_uniform(ids, study.seed).tolist(), ids))  # most languages first, then seeded
        ranked = pl.DataFrame({"id": [x[2] for x in order], "rank": list(range(len(order)))}, schema={"id": pl.Utf8, "rank": pl.Int64})
        t = t.join(ranked, on="id").sort("lang", "rank")
        if study.eval.limit:
            t = t.group_by("lang", maintain_order=True).head(study.eval.limit)
        frames.append(t.select(pl.lit(task).alias("set"), "id", "lang", "task", "prompt", "response"))
    for i, s in enumerate(study.eval.sets):
        langs = s.languages or study.languages.eval
        if s.lmeval:  # run by lm-eval itself at evaluation time: one row per language names its task
            frames.append(pl.DataFrame(set_items(s, langs, f"eval.sets.{i}")).select(pl.lit(s.name).alias("set"), pl.all()))
            continue
        bench = load_benchmark(s.benchmark, s.data, langs=langs, split=s.split, limit=s.limit, reference=s.reference)
        if s.shots:
            bench = few_shot(bench, load_benchmark(s.benchmark, s.shots_data, langs=langs), s.shots, s.shots_data)
        frames.append(benchmark_items(bench).select(pl.lit(s.name).alias("set"), pl.all()))
    items = pl.concat(frames, how="diagonal_relaxed")
    missing = sorted(set(study.languages.eval) - set(items["lang"].unique()))
    if missing:
        raise InputError(f"no evaluation items in {missing}: neither the corpus's test split nor an eval set has items in these languages", key="languages.eval")
    return items


def check_judge(study: Study, items: pl.DataFrame) -> None:
    """Refuse, before any model is trained, a set whose metrics are unknown or whose items the study's judge cannot judge."""
    from xlt.evaluate import judges
    from xlt.evaluate import tasks as task_table

    sxs = sxs_enabled(study)
    for (name, task), part in items.group_by("set", "task", maintain_order=True):
        try:
            metrics = set(task_table.metrics_for(task))
        except KeyError as exc:
            raise InputError(f"set {name!r}: {exc.args[0]}", key="eval.tasks" if name == task else "eval.sets") from None
        if metrics <= set(task_table.OPTION_METRICS):
            continue  # scored by option log-likelihood: nothing to judge
        if not (metrics & set(task_table.JUDGE_METRICS) or sxs):
            continue
        rows = part.select("id", "lang", "prompt", "response").iter_rows()
        why = judges.can_judge(study.eval.judge, [judges.Item(str(i), lang, p, "", ref, task) for i, lang, p, ref in rows])
        if why:
            raise InputError(
                f"the {study.eval.judge} judge cannot judge set {name!r} (task {task!r}): {why}; "
                'use judge = "openai:<model>" or "hf:<path>"',
                key="eval.judge",
            )


def validation_rows(corpus: pl.DataFrame, counts: dict, seed: int) -> pl.DataFrame:
    """Validation rows in the mixture's languages and tasks, in proportion to its counts."""
    from xlt.corpus.readers import id_uniform

    cells = [(x, t, n) for x, per in counts.items() for t, n in per.items() if n > 0]
    total = sum(n for *_, n in cells)
    want = largest_remainder(min(VAL_MAX, max(32, total // 10)), [(x, t) for x, t, _ in cells], [n for *_, n in cells])
    val = corpus.filter(pl.col("split") == "validation")
    frames = []
    for (x, t), n in want.items():
        part = val.filter((pl.col("lang") == x) & (pl.col("task") == t) & pl.col("response").is_not_null())
        if part.height == 0 or n == 0:
            continue
        part = part.with_columns(pl.Series("u", id_uniform(part["id"].to_list(), seed))).sort("u").head(n)
        frames.append(part.select("id", "lang", "task", "prompt", "response"))
    if not frames:
        raise InputError("the corpus has no validation rows in the mixture's languages; lower select or add [data] holdout", key="train.select")
    return pl.concat(frames)


def build_mixtures(study: Study, runs: list[RunSpec], corpus: pl.DataFrame, store: Path) -> dict[str, Path]:
    """Each distinct mixture once, in `.store/mixtures/<hash>/` (rows, validation rows, manifest)."""
    from xlt.mixture import build_mixture, index_train, write_mixture

    pool = None
    out = {}
    for r in runs:
        if r.mixture is None or r.mixture in out:
            continue
        final = store / "mixtures" / r.mixture
        if not artifacts.is_complete(final):
            pool = pool or index_train(corpus, study.seed, study.data.tasks)
            design = {"design": r.design, "labels": r.labels, "params": r.design_params}
            rows, manifest = build_mixture(pool, r.counts, r.ids, study.seed, r.pool, design)
            if r.updates is not None:
                manifest["updates"] = r.updates
            tmp = artifacts.staging(final)
            write_mixture(rows, manifest, tmp)
            val = validation_rows(corpus, r.counts, study.seed)
            write_atomic(tmp / "val.jsonl", "".join(json.dumps(v, ensure_ascii=False, sort_keys=True) + "\n" for v in val.iter_rows(named=True)))
            artifacts.commit(tmp, final)
        out[r.mixture] = final
    return out


def eval_config(study: Study) -> dict:
    """What a run's evaluation is computed with: [eval]'s settings, and each set's decoding and multiple-choice format."""
    e = study.eval

    def one(decoding, option_format) -> dict:
        return {"decoding": decoding.model_dump(), "option_format": option_format}

    return {
        **one(e.decoding, e.option_format),
        "judge": e.judge,
        "judge_scale": e.judge_scale,
        "lid": e.lid,
        "template": e.template,
        "long_prompts": e.long_prompts,
        "max_prompt_tokens": e.max_prompt_tokens,
        "batch_size": e.batch_size,
        "sets": {s.name: one(e.set_decoding(s), s.option_format or e.option_format) for s in e.sets},
    }


def eval_key(study: Study, items_digest: str, run: RunSpec) -> str:
    config = {k: v for k, v in eval_config(study).items() if k != "batch_size"}  # batch size changes no score
    return content_hash({"run": run.id, "items": items_digest, **config})


def effective_study_toml(path: Path, overrides: list[str], data: dict) -> bytes:
    """The study file as run: the file itself, or its TOML `data` after the --set overrides (comments are lost then)."""
    if not overrides:
        return path.read_bytes()
    import tomli_w

    head = "# " + " ".join([str(path)] + [f"--set {o}" for o in overrides]).replace("\n", " ")
    return (head + "\n" + tomli_w.dumps(data)).encode()


def prepare(study_path: str | Path | None, out: str | Path, progress: bool = True, overrides=(), smoke: bool = False) -> Prepared:
    """Everything before the runs: the study, its directory, corpus, plan, base models, mixtures, eval items.
    `overrides`: --set KEY=VALUE applied to the study file; `smoke`: the pipeline cut to the bone (smoke.py)."""
    path = Path(study_path) if study_path else builtin_study_path("micro")
    overrides = with_smoke(path, overrides, smoke)
    study, data = load_study_data(path, overrides)
    out = Path(out)
    store = out / ".store"
    for sub in ("mixtures", "models", "evals", "corpora", "sxs"):
        artifacts.clear_stale(store / sub)
    corpus = load_study_corpus(study, store, smoke=smoke)
    try:
        # a smoke run's translated corpus holds a few ids: the full plan is checked against it only after the cut
        runs = plan_study(study, None if smoke else corpus)
        items = eval_items(study, corpus)
        check_judge(study, items)  # before any model is built or trained
    except InputError as exc:
        raise InputError(str(exc), source=str(path)) from None
    if smoke:
        runs = smoke_plan(runs)
    study_dir = claim_study_dir(study, out)
    _setup_log(study_dir)
    log.info("study %s: %d runs planned from %s%s", study.name, len(runs), path, " (smoke)" if smoke else "")
    write_atomic(study_dir / "study.toml", effective_study_toml(path, overrides, data))

    bases, exposure = {}, {}
    for model in study.models.base:
        bases[model], exposure[model] = resolve_base_model(study, model, progress)
    mixtures = build_mixtures(study, runs, corpus, store)
    items_digest = content_hash(items.to_dicts())
    items_path = store / "evalsets" / f"{items_digest}.parquet"
    if not items_path.exists():
        items_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = items_path.with_name(f".{items_path.name}.{os.getpid()}.tmp")
        items.write_parquet(tmp)
        os.replace(tmp, items_path)

    config = eval_config(study)
    jobs = []
    for r in runs:
        model_dir = store / "models" / r.id
        jobs.append(
            RunJob(
                spec=r.as_dict(),
                base_path=bases[r.model],
                mixture_dir=str(mixtures[r.mixture]) if r.mixture else None,
                model_dir=str(model_dir),
                eval_dir=str(store / "evals" / eval_key(study, items_digest, r)),
                eval_items=str(items_path),
                eval_config=config,
                threads=study.execution.cpus_per_run,
                trust_remote_code=study.models.trust_remote_code,
            )
        )
    write_json(study_dir / "study.json", study_summary(study, exposure) | ({"smoke": True} if smoke else {}))
    write_json(study_dir / "plan.json", [r.as_dict() for r in runs])
    return Prepared(study, study_dir, store, runs, jobs, exposure, sxs_jobs(study, jobs, store))


def study_summary(study: Study, exposure: dict) -> dict:
    from xlt.languages import MICRO_RESOURCE

    langs = list(dict.fromkeys(study.languages.train + study.languages.eval))
    resource = dict(study.data.pretraining) if study.data.pretraining and "micro" in study.models.base else {x: MICRO_RESOURCE[x] for x in langs if x in MICRO_RESOURCE}
    return {
        "name": study.name,
        "seed": study.seed,
        "seeds": study.train_seeds,
        "train": study.languages.train,
        "eval": study.languages.eval,
        "seen": study.languages.train,
        "unseen": [x for x in study.languages.eval if x not in study.languages.train],
        "tasks": study.eval_tasks + [s.name for s in study.eval.sets],
        "designs": [d.model_dump(mode="json", exclude_none=True) for d in study.design],
        "models": study.models.base,
        "exposure": exposure,
        "resource": resource,
    }


def link_run(study_dir: Path, job: RunJob) -> None:
    """`runs/<id>/`: the spec, links to the run's artifacts, and a completion marker written last."""
    run_dir = study_dir / "runs" / job.spec["id"]
    run_dir.mkdir(parents=True, exist_ok=True)
    write_json(run_dir / "spec.json", job.spec)
    links = {"eval": job.eval_dir}
    if job.mixture_dir:
        links["mixture"] = job.mixture_dir
    if job.spec["method"] != "none":
        links["model"] = job.model_dir
    for name, target in links.items():
        link = run_dir / name
        rel = os.path.relpath(target, run_dir)
        if link.is_symlink() and os.readlink(link) == rel:
            continue
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(rel, target_is_directory=True)
    write_json(run_dir / "DONE.json", {"run": job.spec["id"], "eval": Path(job.eval_dir).name})


def prune_runs(study_dir: Path, jobs: list[RunJob]) -> None:
    """Drop `runs/<id>/` of runs an edit removed from the study (their artifacts stay in the store)."""
    keep = {j.spec["id"] for j in jobs}
    for run_dir in (study_dir / "runs").iterdir():
        if run_dir.name not in keep:
            shutil.rmtree(run_dir)


# --- results ----------------------------------------------------------------------------------------


def collect_results(prep: Prepared) -> tuple[pl.DataFrame, pl.DataFrame]:
    """results.parquet (run × task × eval language × metric, with 95% bootstrap intervals) and items.parquet."""
    from xlt.analysis.stats import bootstrap_ci

    item_frames, rows = [], []
    for job in prep.jobs:
        spec = job.spec
        scored = pl.read_parquet(Path(job.eval_dir) / "items.parquet").filter(pl.col("value").is_not_null())
        # results are reported under the set's name (a corpus task's test split is the set of that name)
        scored = scored.drop("task").rename({"set": "task", "lang": "eval_lang", "id": "item"}).with_columns(pl.lit(spec["id"]).alias("run"))
        item_frames.append(scored.select("run", "task", "eval_lang", "metric", "item", "value"))
        for (task, lang, metric), g in scored.sort("item").group_by(["task", "eval_lang", "metric"], maintain_order=True):
            rows.append({"run": spec["id"], "task": task, "eval_lang": lang, "metric": metric, "values": g["value"].to_numpy()})
    for sj in prep.sxs:
        judged = pl.read_parquet(Path(sj.out_dir) / "items.parquet").filter(pl.col("value").is_not_null())
        judged = judged.select(pl.lit(sj.run).alias("run"), pl.col("set").alias("task"), pl.lit(sj.lang).alias("eval_lang"), pl.lit("if_l").alias("metric"), pl.col("id").alias("item"), "value")
        item_frames.append(judged)
        for (task,), g in judged.sort("item").group_by(["task"], maintain_order=True):
            rows.append({"run": sj.run, "task": task, "eval_lang": sj.lang, "metric": "if_l", "values": g["value"].to_numpy()})
    items = pl.concat(item_frames).sort("run", "task", "eval_lang", "metric", "item")
    meta = {j.spec["id"]: j.spec for j in prep.jobs}
    values = [r.pop("values") for r in rows]
    out = []
    for r, v in zip(rows, values):
        seed = int(content_hash([prep.study.seed, r["run"], r["task"], r["eval_lang"], r["metric"]], 8), 16)
        mean, low, high = bootstrap_ci(v[None, :], seed=seed)
        spec = meta[r["run"]]
        out.append(
            {
                "run": r["run"],
                "model": spec["model"],
                "method": spec["method"],
                "seed": spec["seed"],
                "designs": spec["design"],
                "instances": design_instances(spec),
                "kind": spec["design"][0],
                "label": "; ".join(dict.fromkeys(spec["labels"])),
                "params": canonical_json(spec["params"]),
                "counts": canonical_json(spec["counts"]),
                "train_langs": [x for x, per in spec["counts"].items() if sum(per.values()) > 0],
                "total": spec["total"],
                **r,
                "value": float(mean[0]),
                "n": int(v.size),
                "ci_low": float(low[0]),
                "ci_high": float(high[0]),
            }
        )
    lists = {c: pl.List(pl.Utf8) for c in ("designs", "instances", "train_langs")}
    results = pl.DataFrame(out, schema_overrides=lists)
    return results, items


def results_key(prep: Prepared) -> str:
    """What results, items and the report are computed from: every artifact's DONE marker and the code."""
    from xlt import __version__
    from xlt.corpus.readers import _package_digest

    markers = [(Path(j.eval_dir) / artifacts.DONE).read_text() for j in prep.jobs]
    markers += [(Path(j.out_dir) / artifacts.DONE).read_text() for j in prep.sxs]
    code = _package_digest(Path(__file__).parent / "analysis")
    return content_hash({"v": __version__, "code": code, "study": study_identity(prep.study), "markers": markers, "study.json": (prep.study_dir / "study.json").read_text()})


RESULT_FILES = ("results.parquet", "items.parquet", "long_prompts.json", "report/index.html")


def collect_long_prompts(prep: Prepared) -> list[dict]:
    """Per run, set and language: items, prompts cut to fit the context, items skipped (from the eval artifacts)."""
    out = []
    for job in prep.jobs:
        path = Path(job.eval_dir) / "long_prompts.json"
        rows = json.loads(path.read_text()) if path.exists() else []
        out += [{"run": job.spec["id"], "model": job.spec["model"], **r} for r in rows]
    return out


def design_instances(spec: dict) -> list[str]:
    """The [[design]] tables a run came from: its kind, or "kind:name" for a named one (e.g. "pinch:seen")."""
    out = [f"{p['kind']}:{p['design']}" if p.get("design") else p["kind"] for p in spec.get("design_params") or []]
    return list(dict.fromkeys(out)) or list(spec["design"])


def _digests(study_dir: Path) -> dict:
    out = {}
    for name in RESULT_FILES:
        p = study_dir / name
        out[name] = artifacts._sha256(p) if p.is_file() else None
    return out


def _read_json(path: Path):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


LOG_ENV = "XLT_LOG"  # the study's xlt.log, for workers in other processes (process pool, Ray on this machine)


def _setup_log(study_dir: Path) -> None:
    path = study_dir / "xlt.log"
    os.environ[LOG_ENV] = str(path)  # spawned workers inherit it and log into the same file
    log_to(path)


def log_to(path: str | Path) -> None:
    """xlt's messages (INFO and up) and everything else's warnings (Python warnings, library loggers) go to
    the study's xlt.log, so a normal run writes nothing to stderr: its output is xlt's own progress.
    Idempotent: a worker calls it again for every run it takes."""
    path = str(path)
    root = logging.getLogger()
    if any(getattr(h, "xlt_log", None) == path for h in log.handlers):
        return
    for logger in (log, root):
        for h in [h for h in logger.handlers if getattr(h, "xlt_log", None) or (logger is log and isinstance(h, logging.FileHandler))]:
            logger.removeHandler(h)
            h.close()
    fmt = _Redacting("%(asctime)s %(levelname)s %(message)s")
    ours = logging.FileHandler(path, encoding="utf-8")
    theirs = logging.FileHandler(path, encoding="utf-8")  # append mode: both, and every worker, add whole lines
    theirs.setLevel(logging.WARNING)
    theirs.addFilter(lambda r: not r.name.startswith("xlt"))  # xlt's records arrive through `ours`
    theirs.setFormatter(_Redacting("%(asctime)s %(levelname)s [%(name)s] %(message)s"))
    for h in (ours, theirs):
        h.xlt_log = path
    ours.setFormatter(fmt)
    log.addHandler(ours)
    log.setLevel(logging.INFO)
    root.addHandler(theirs)  # a handler on the root logger also keeps logging's last resort off stderr
    for h in [h for h in root.handlers if isinstance(h, _Early)]:  # what came before the study had a folder
        h.setTarget(theirs)
        h.close()  # flushes into xlt.log
        root.removeHandler(h)
    logging.captureWarnings(True)  # warnings.warn -> the "py.warnings" logger -> root -> xlt.log


class _Redacting(logging.Formatter):
    """A library's message may hold a URL with its credentials (https://user:token@host): the log keeps the host."""

    def format(self, record) -> str:
        return redact(super().format(record))


class _Early(logging.handlers.MemoryHandler):
    """Holds the libraries' warnings from before the study's folder exists (log_to writes them to xlt.log)."""

    def __init__(self):
        super().__init__(capacity=1000, flushLevel=logging.CRITICAL + 1)
        self.setLevel(logging.WARNING)
        self.addFilter(lambda r: not r.name.startswith("xlt"))

    def shouldFlush(self, record) -> bool:  # noqa: N802 - logging's name
        return False  # kept until log_to gives it a target; beyond capacity, the oldest are dropped

    def emit(self, record) -> None:
        self.buffer = self.buffer[-(self.capacity - 1):] + [record]


def quiet_libraries() -> None:
    """xlt draws its own progress: the libraries' tqdm bars would bury it, and their warnings go to xlt.log
    (log_to) instead of stderr. Environment variables reach spawned workers too."""
    os.environ.setdefault("TQDM_DISABLE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_DATASETS_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    root = logging.getLogger()
    if not any(getattr(h, "xlt_log", None) or isinstance(h, _Early) for h in root.handlers):
        root.addHandler(_Early())
    logging.captureWarnings(True)


def _worker_log() -> None:
    """In a worker process: the same quiet and the same xlt.log as the process that planned the study."""
    quiet_libraries()
    if os.environ.get(LOG_ENV):
        log_to(os.environ[LOG_ENV])


@dataclass
class Summary:
    study: str
    study_dir: str
    report: str
    runs: int
    trained: int
    evaluated: int
    seconds: float
    executor: str

    def as_dict(self) -> dict:
        return asdict(self)


def run_study(
    study_path: str | Path | None = None,
    out: str | Path = "xlt-out",
    executor: str | None = None,
    workers: int | None = None,
    address: str | None = None,
    progress: bool = True,
    overrides=(),
    smoke: bool = False,
) -> Summary:
    """The whole pipeline; every stage skipped where its artifact is complete."""
    from xlt.execute import execute

    quiet_libraries()
    started = time.perf_counter()
    prep = prepare(study_path, out, progress=progress, overrides=overrides, smoke=smoke)
    ex = prep.study.execution
    executor = executor or ex.executor
    workers = workers or ex.workers
    outcomes = execute(prep, executor=executor, workers=workers, address=address, progress=progress)
    for job in prep.jobs:
        link_run(prep.study_dir, job)
    prune_runs(prep.study_dir, prep.jobs)
    pending_sxs = [j for j in prep.sxs if not artifacts.is_complete(j.out_dir)]
    if pending_sxs:
        gold = pl.read_parquet(prep.jobs[0].eval_items).select("set", "id", "lang", "response")
        for j in pending_sxs:
            run_sxs(j, gold)
        log.info("%d side-by-side comparisons judged (%s)", len(pending_sxs), prep.study.eval.judge)
    report = prep.study_dir / "report" / "index.html"
    key_file = prep.study_dir / ".results-key"
    key = results_key(prep)
    if _read_json(key_file) != {"key": key, "files": _digests(prep.study_dir)}:
        # results and report are a pure function of the artifacts: rebuilt when one changed or they were damaged
        results, items = collect_results(prep)
        write_parquet(items, prep.study_dir / "items.parquet")
        write_parquet(results, prep.study_dir / "results.parquet")
        write_json(prep.study_dir / "long_prompts.json", collect_long_prompts(prep))
        from xlt.analysis.report import build_report

        report = build_report(prep.study_dir)
        write_json(key_file, {"key": key, "files": _digests(prep.study_dir)})
    seconds = time.perf_counter() - started
    summary = Summary(
        study=prep.study.name,
        study_dir=str(prep.study_dir),
        report=str(report),
        runs=len(prep.jobs),
        trained=sum(o.trained for o in outcomes),
        evaluated=sum(o.evaluated for o in outcomes),
        seconds=round(seconds, 2),
        executor=executor,
    )
    log.info("done: %s", canonical_json(summary.as_dict()))
    return summary
