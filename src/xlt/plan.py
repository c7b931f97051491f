"""A study → its runs: every design's mixtures, deduplicated, crossed with models, methods and seeds (a mixture
trains at the seeds of the designs that produce it: their own `seeds`, else the study's).

A run's id is the hash of everything that determines its result (mixture, base model, method,
recipe, seed), not of the design that asked for it, so a run two designs share (pinch P=0 and
monolingual English) is planned, trained and evaluated once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import polars as pl

from xlt import designs as design_table
from xlt.designs import update_count
from xlt.errors import InputError
from xlt.mixture import TrainPool, draw_ids, index_train
from xlt.store import content_hash
from xlt.study import Study
from xlt.train import TrainRecipe

PLAN_VERSION = 1  # bump when sampling or run semantics change, so old artifacts are not reused


@dataclass(frozen=True)
class RunSpec:
    id: str
    model: str
    method: str  # full | lora | none (the untuned base model)
    seed: int
    design: list[str]  # kinds of every design that produced this run
    labels: list[str]
    params: dict  # design parameters merged over designs (first wins)
    design_params: list[dict]
    counts: dict  # {lang: {task: n}}
    total: int
    ids: str | None
    pool: int | None
    mixture: str | None  # the mixture's content hash (shared by runs that differ only in model/method/seed)
    recipe: dict = field(default_factory=dict)
    lora: dict | None = None
    updates: int | None = None

    @property
    def reference(self) -> bool:
        return self.method == "none"

    @property
    def train_langs(self) -> list[str]:
        return [x for x, per in self.counts.items() if sum(per.values()) > 0]

    def as_dict(self) -> dict:
        out = asdict(self)
        if out["updates"] is None:
            out.pop("updates")
        return out


def corpus_identity(study: Study) -> dict:
    """What identifies the data a mixture is drawn from."""
    from xlt.corpus import source_fingerprint

    d = study.data
    return {
        "corpus": source_fingerprint(d.corpus),
        "translate": d.translate.model_dump(by_alias=True) if d.translate else None,
        "fields": d.fields,
        "holdout": d.holdout,
        "split_seed": d.split_seed,
    }


def model_identity(study: Study, model: str) -> dict:
    """What identifies a base model: its name, and for a micro base its pretraining profile."""
    from xlt.base.micro_build import MICRO_BASES

    return {"base": model, "pretraining": study.data.pretraining if model in MICRO_BASES else None}


def plan_study(study: Study, corpus: pl.DataFrame | None = None) -> list[RunSpec]:
    """The run grid. With a corpus, every mixture is checked to be fillable (InputError otherwise)."""
    mixtures: dict[str, dict] = {}
    data_id = corpus_identity(study)
    for i, d in enumerate(study.design):
        for m in design_table.expand(d, study):
            _check_tasks(m.counts, study, i)
            ids_rule = m.ids if len(m.counts) > 1 else "disjoint"  # one language: the rule makes no difference
            pool = m.pool if ids_rule == "parallel" else None
            key = content_hash({"v": PLAN_VERSION, "data": data_id, "seed": study.seed, "counts": m.counts, "ids": ids_rule, "pool": pool})
            entry = mixtures.setdefault(key, {"plan": m, "ids": ids_rule, "pool": pool, "kinds": [], "labels": [], "params": [], "extra": {},
                                              "seeds": []})
            entry["seeds"] += [x for x in study.design_seeds(d) if x not in entry["seeds"]]
            entry["extra"] = {**m.extra, **entry["extra"]}  # the first design's value wins, as for params
            if m.kind not in entry["kinds"]:
                entry["kinds"].append(m.kind)
            entry["labels"].append(m.label)
            entry["params"].append({"kind": m.kind, **m.params, **({"design": d.name} if d.name else {})})
    if corpus is not None:
        from xlt.corpus.readers import check_rows

        check_rows(corpus, study.data.corpus if study.data.translate is None else "the translated corpus")
        check_fillable(mixtures, index_train(corpus, study.seed, study.data.tasks), study)
    elif study.data.declared_ids:
        check_declared(mixtures, study.data.declared_ids)

    devices = max(1, study.execution.gpus_per_run)
    runs: list[RunSpec] = []
    for model in study.models.base:
        if study.models.reference:
            ident = {"v": PLAN_VERSION, "reference": model_identity(study, model)}
            runs.append(RunSpec(content_hash(ident), model, "none", study.seed, ["reference"], ["base"], {}, [], {}, 0, None, None, None))
        for method in study.models.method:
            recipe = study.recipe_for(model, method)
            lora = study.models.lora.model_dump() if method == "lora" else None
            for seed, key in seeded_mixtures(mixtures):
                e = mixtures[key]
                m = e["plan"]
                identity, run_recipe = run_recipe_of(recipe, m, e, devices)
                ident = {
                    "v": PLAN_VERSION,
                    "mixture": key,
                    "model": model_identity(study, model),
                    "method": method,
                    "lora": lora,
                    "recipe": identity,
                    "seed": seed,
                    "trust_remote_code": study.models.trust_remote_code,
                }
                merged: dict = {}
                for p in e["params"]:
                    for k, v in p.items():
                        if k not in ("kind", "design"):
                            merged.setdefault(k, v)
                runs.append(
                    RunSpec(
                        id=content_hash(ident),
                        model=model,
                        method=method,
                        seed=seed,
                        design=e["kinds"],
                        labels=e["labels"],
                        params=merged,
                        design_params=e["params"],
                        counts=m.counts,
                        total=m.total,
                        ids=e["ids"],
                        pool=e["pool"],
                        mixture=key,
                        recipe=run_recipe,
                        lora=lora,
                        updates=run_recipe.get("updates"),
                    )
                )
    return runs


def seeded_mixtures(mixtures: dict) -> list[tuple[int, str]]:
    """(seed, mixture) for every run to train: seeds outside, mixtures inside, so a study whose designs share
    their seeds plans its runs in the order it always did; each mixture trains at the seeds of its designs."""
    seeds = list(dict.fromkeys(x for e in mixtures.values() for x in e["seeds"]))
    return [(x, key) for x in seeds for key, e in mixtures.items() if x in e["seeds"]]


# recipe keys that change how a run uses the machine, not the model it trains: a run's id ignores them,
# so turning on checkpoints or flash attention does not retrain finished runs
RUNTIME_KEYS = ("checkpoint_steps", "gradient_checkpointing", "attn_implementation", "distributed", "merge_lora", "chunked_loss")


# recipe keys added after runs were stored: left out of a run's id at their default, so finished runs keep their ids
LATER_DEFAULTS = {"group_by_length": False}


def _learning(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if k not in RUNTIME_KEYS and not (k in LATER_DEFAULTS and v == LATER_DEFAULTS[k])}


def run_recipe_of(recipe: TrainRecipe, m, entry: dict, devices: int) -> tuple[dict, dict]:
    """The recipe one run trains with, as (what identifies it, what the run spec records).

    A global batch (from [train], or Lucky 52's batch_size x grad_accum x world size of the progressive
    design) is reached by accumulation on the `devices` a run gets: grad_accum = global / (batch_size x devices).
    Progressive runs also fix their optimizer updates to the paper's U = ceil(N·L·E / (B·W)), and training
    makes exactly that many. The identity leaves out the derived grad_accum: the same global batch on
    other hardware is the same run.
    """
    fields = recipe.model_dump()
    world = entry["extra"].get("world_size")
    global_batch = recipe.batch_size * recipe.grad_accum * world if world else recipe.global_batch
    if "progressive" in entry["kinds"]:
        fields["updates"] = update_count(m.total, recipe.epochs, global_batch or recipe.batch_size * recipe.grad_accum * devices)
    if global_batch is None:
        return _learning(fields), fields
    per_step = recipe.batch_size * devices
    if global_batch % per_step:
        raise InputError(
            f"{m.label}: global batch {global_batch} is not a multiple of batch_size {recipe.batch_size} x {devices} devices "
            "([execution] gpus_per_run); choose a batch_size that divides it",
            key="train.batch_size",
        )
    fields["global_batch"] = global_batch
    identity = {k: v for k, v in fields.items() if k != "grad_accum"}
    return _learning(identity), {**fields, "grad_accum": global_batch // per_step}


def _check_tasks(counts: dict, study: Study, i: int) -> None:
    for lang, per in counts.items():
        for task in per:
            if task not in study.data.tasks:
                raise InputError(f"task {task!r} is not in [data] tasks {study.data.tasks}", key=f"design[{i}].counts.{lang}")


def check_fillable(mixtures: dict, pool: TrainPool, study: Study) -> None:
    for e in mixtures.values():
        m = e["plan"]
        try:
            draw_ids(pool, m.counts, e["ids"], study.seed, e["pool"])
        except InputError as exc:
            raise InputError(f"{m.label}: {exc} (budget {study.data.budget})", key="data.budget") from None


def check_declared(mixtures: dict, declared: int) -> None:
    """Without the corpus: no language and task may need more ids than the corpus declares."""
    for e in mixtures.values():
        m = e["plan"]
        tasks = {t for per in m.counts.values() for t in per}
        for t in tasks:
            ns = [per.get(t, 0) for per in m.counts.values()]
            need = max(ns + [e["pool"] or 0]) if e["ids"] == "parallel" else sum(ns)
            if need > declared:
                raise InputError(f"{m.label}: needs {need} {t!r} ids, [data] declared_ids is {declared}", key="data.budget")


def corpus_is_local(study: Study) -> bool:
    """Whether `xlt plan` reads the corpus to check budgets: a local corpus without network (hf: corpora are
    checked at run time), unless its file is not there yet and the study declares its ids to plan without it
    (the shipped paper studies name data the user brings)."""
    scheme, _, rest = study.data.corpus.partition(":")
    if scheme not in ("builtin", "jsonl", "parquet") or study.data.translate is not None:
        return False
    return scheme == "builtin" or Path(rest).exists() or study.data.declared_ids is None


def check_source_exists(study: Study, path: str) -> None:
    """The corpus a run reads (the translation source when the study translates) is there, unless the study
    declares its ids to plan without it (the shipped paper studies name data the user brings)."""
    from xlt.corpus.readers import missing_local_source

    d = study.data
    key, source = ("data.translate.source", d.translate.source) if d.translate and d.translate.source else ("data.corpus", d.corpus)
    missing = missing_local_source(source)
    if missing and d.declared_ids is None:
        what = "folder" if source.startswith("hf:") else "file"
        raise InputError(f"corpus {what} not found: {missing!r}; expected an existing {what} (or [data] declared_ids to plan without it)",
                         source=path, key=key)


def load_and_plan(path: str | Path, *, check_corpus: bool | None = None, overrides=()) -> tuple[Study, list[RunSpec], pl.DataFrame | None]:
    """Read a study (with --set overrides), load its corpus when it is local (or asked), and plan."""
    from xlt.study import load_study

    study = load_study(path, overrides)
    check_source_exists(study, str(path))
    corpus = None
    if check_corpus or (check_corpus is None and corpus_is_local(study)):
        try:
            corpus = study.data.read_corpus()
        except InputError as exc:
            raise InputError(str(exc), source=str(path), key="data.corpus") from None
    try:
        runs = plan_study(study, corpus)
    except InputError as exc:
        raise InputError(str(exc), source=str(path)) from None
    return study, runs, corpus
