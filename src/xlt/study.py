"""The study file (TOML): pydantic models, loading, and errors that name the file and the key.

docs/study-file.md lists every key (generated from these models). Unknown keys, unknown language codes, percents over
100 and empty language lists are errors at load time; budgets the corpus cannot fill are checked
when the plan meets the corpus (plan.py).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel, BeforeValidator, ConfigDict, Field, SerializeAsAny, ValidationError, field_validator, model_validator,
)

from xlt.designs import DesignBase, validate_design
from xlt.errors import InputError
from xlt.evaluate.generate import Decoding
from xlt.evaluate.judges.registry import spec_error
from xlt.schema import KeyedError, LanguageList, Strict, first_error, valid_seed, valid_seeds
from xlt.schema import codes as _codes
from xlt.train import LoraRecipe, TrainRecipe

# --- [models] -----------------------------------------------------------------------------------


class Override(BaseModel):
    """Recipe fields for the models a glob matches and, when `method` is given, only for that method:
    e.g. match = "*", method = "lora", learning_rate = 3e-4 leaves full fine-tuning alone."""

    model_config = ConfigDict(extra="allow", frozen=True)
    match: str  # a glob over [models] base names, e.g. "Qwen/*"; any [train] key may follow
    method: Literal["full", "lora"] | None = None  # only for this method (default: both)

    @model_validator(mode="after")
    def _known_fields(self):
        extra = set(self.model_extra or {})
        unknown = extra - set(TrainRecipe.model_fields)
        if unknown:
            raise ValueError(f"unknown recipe key(s) {sorted(unknown)}; expected fields of [train]: {sorted(TrainRecipe.model_fields)}")
        fields = {k: v for k, v in self.model_extra.items() if k != "global_batch"}
        TrainRecipe(**fields)  # values must be valid recipe values (global_batch is checked with the recipe it lands in)
        return self

    def applies(self, model: str, method: str) -> bool:
        from fnmatch import fnmatch

        return fnmatch(model, self.match) and self.method in (None, method)


class Models(Strict):
    base: list[str] = Field(default_factory=lambda: ["micro"], min_length=1)  # "micro", "micro-large", Hugging Face ids or local paths: one run grid each
    method: list[Literal["full", "lora"]] = Field(default_factory=lambda: ["full"], min_length=1)  # full fine-tuning, LoRA, or both (a grid axis)
    reference: bool = False  # also evaluate each untuned base model (run kind "reference")
    trust_remote_code: bool = False  # load models that ship their own code (off unless the study asks)
    lora: LoraRecipe = LoraRecipe()  # peft LoraConfig fields, for method "lora"
    override: list[Override] = Field(default_factory=list)  # recipe changes for the models a glob matches, later ones winning
    # where evaluation places a model's layers (from_pretrained's device_map): "auto" spreads a model that
    # needs more than one GPU over the run's GPUs; one value for every model, or a table model -> value;
    # None: the whole model on one device
    device_map: str | dict[str, str] | None = None

    @model_validator(mode="after")
    def _device_maps(self):
        maps = self.device_map if isinstance(self.device_map, dict) else {} if self.device_map is None else {"*": self.device_map}
        for model, value in maps.items():
            where = "device_map" + ("" if model == "*" else f".{model}")  # under [models]
            if model != "*" and model not in self.base:
                raise KeyedError(where, f"{model!r} is not a base model; expected one of {self.base}")
            if value not in DEVICE_MAP_STRATEGIES and not re.fullmatch(r"(cpu|mps|(cuda|xpu)(:\d+)?)", value):
                raise KeyedError(where, f"device_map {value!r}; expected one of {list(DEVICE_MAP_STRATEGIES)} or a device (cpu, cuda, cuda:N)")
        return self

    def device_map_for(self, model: str) -> str | None:
        if isinstance(self.device_map, dict):
            return self.device_map.get(model)
        return self.device_map


DEVICE_MAP_STRATEGIES = ("auto", "balanced", "balanced_low_0", "sequential")  # accelerate's placements


# --- [data], [languages] ------------------------------------------------------------------------


class Translate(Strict):
    """Make the corpus by machine-translating an English (or other) source before mixtures."""

    source: str | None = None  # default: [data] corpus
    from_: str = Field("en", alias="from")  # the source language
    engine: str  # a translation engine (translate/engines.py)
    to: Literal["train", "eval", "train+eval"] | LanguageList = "train+eval"  # the target languages: [languages] train, eval, both, or a list
    fields: list[str] = Field(default_factory=lambda: ["prompt", "response"])  # the corpus fields translated

    _f = field_validator("from_")(lambda cls, v: _codes([v])[0])
    _s = field_validator("source")(lambda cls, v: v if v is None else _source(v))

    @field_validator("to")
    @classmethod
    def _to(cls, v):
        return _codes(v) if isinstance(v, list) else v

    @field_validator("engine")
    @classmethod
    def _engine(cls, v):
        kind, _, rest = v.partition(":")
        if kind not in ("openai", "hf") or not rest:
            raise ValueError(f"unknown engine {v!r}; expected 'openai:<model>' or 'hf:<path>'")
        return v


def _source(v: str) -> str:
    from xlt.corpus.readers import check_scheme

    try:
        return check_scheme(v)
    except InputError as exc:
        raise ValueError(str(exc).removeprefix("corpus: ")) from None


class Data(Strict):
    corpus: str = "builtin:micro"  # "builtin:micro", "jsonl:<path>", "parquet:<path>" or "hf:<dataset>[:<config glob>]"
    tasks: list[str] = Field(default_factory=lambda: ["math"], min_length=1)  # the corpus tasks trained on
    budget: int = Field(2000, gt=0)  # training examples per run, where the design keeps the budget fixed
    holdout: float = Field(0.1, ge=0, lt=1)  # share of train ids held out for validation and test when the corpus has no such splits
    split_seed: int = 0  # seeds that holdout split
    # how the corpus's fields become xlt's: a preset (corpus.readers.FIELD_MAPS) or a table
    # { prompt = "instruction", input = "input", response = "output", lang_value = "en", task_value = "instruct" }
    fields: str | dict | None = None
    declared_ids: int | None = Field(None, gt=0)  # train ids per language and task, to plan without the corpus
    pretraining: dict[str, Literal["high", "mid", "low"]] | None = None  # the micro bases' resource profile
    translate: Translate | None = None  # machine-translate the corpus first

    _c = field_validator("corpus")(lambda cls, v: _source(v))

    @field_validator("fields", mode="before")
    @classmethod
    def _field_map(cls, v):
        from xlt.corpus.readers import field_map

        if v is not None:
            try:
                field_map(v)
            except InputError as exc:
                raise ValueError(str(exc).removeprefix("fields: ")) from None
        return v

    @field_validator("pretraining")
    @classmethod
    def _profile_codes(cls, v):
        if v is None:
            return v
        return dict(zip(_codes(list(v)), v.values()))

    def read_corpus(self, source: str | None = None):
        """The corpus table (or another `source`, e.g. a translation's), read with these settings."""
        from xlt.corpus import load_corpus

        return load_corpus(source or self.corpus, holdout=self.holdout, split_seed=self.split_seed, fields=self.fields)


class Languages(Strict):
    train: LanguageList = Field(min_length=1)  # the languages mixtures draw from
    eval: LanguageList = Field(min_length=1)  # the languages every run is evaluated in

    _v = field_validator("train", "eval")(lambda cls, v: _codes(v))


# --- [[design]] ---------------------------------------------------------------------------------

# One [[design]] table, validated as the model of its kind in designs.DESIGNS (one file per kind there).
Design = Annotated[SerializeAsAny[DesignBase], BeforeValidator(validate_design)]


# --- [eval], [execution] ------------------------------------------------------------------------


OptionFormat = Literal["chat", "raw"]  # multiple choice: the SFT prompt format, or lm-eval's raw prompt


class EvalSet(Strict):
    """An evaluation set: a benchmark in its public format, or an lm-evaluation-harness task (`lmeval`, run by
    lm-eval itself with its prompts and metrics). Its items keep their task (which decides the metrics) and
    are reported under `name`."""

    name: str  # results are reported under it
    benchmark: str | None = None  # a loader in evaluate/benchmarks.py (mgsm, xcopa, ..., flores, m-arenahard, prompts)
    lmeval: str | None = None  # or an lm-eval task, or a template over languages: "global_mmlu_full_{lang}"
    data: str | dict[str, str] | None = None  # a benchmark's files; for lmeval, {split = "DIR/{lang}/test.jsonl"}
    languages: LanguageList | None = None  # default: [languages] eval
    limit: int | None = Field(None, gt=0)  # items per language (None: all of them)
    split: str | None = None  # the benchmark's split (default: its test split)
    option_format: OptionFormat | None = None  # default: [eval] option_format
    decoding: Decoding | None = None  # the keys given override [eval] decoding
    shots: int = Field(0, ge=0)  # solved exemplars before each prompt (Shimabucoro: MGSM 8-shot); lmeval: num_fewshot
    shots_data: str | None = None  # where the exemplars are: files of the same benchmark (e.g. MGSM's train split)
    reference: str | None = None  # m-arenahard: the answers judged against (a file of answers)

    _l = field_validator("languages")(lambda cls, v: None if v is None else _codes(v))

    @model_validator(mode="after")
    def _source(self):
        if (self.benchmark is None) == (self.lmeval is None):
            raise ValueError("expected one of benchmark (a public format xlt reads) or lmeval (an lm-eval task name)")
        if self.benchmark is not None:
            if not isinstance(self.data, str):
                raise ValueError(f"benchmark {self.benchmark!r} needs data: the directory (or hf:<id>) of its files")
            if self.shots and not self.shots_data:
                raise ValueError(f"shots = {self.shots} needs shots_data: the files of {self.benchmark} exemplars to show (e.g. MGSM's train split)")
        elif isinstance(self.data, str):
            raise ValueError('lmeval data is a table of split = file: data = { test = "DIR/{lang}/test.jsonl" }')
        if self.reference is not None and self.benchmark != "m-arenahard":
            raise ValueError("reference (the answers judged against) is for benchmark = \"m-arenahard\"")
        return self

    @property
    def num_fewshot(self) -> int | None:
        """lm-eval's num_fewshot: the set's shots where written, else the task's own default (None)."""
        return self.shots if "shots" in self.model_fields_set else None


class Eval(Strict):
    tasks: list[str] | None = None  # corpus test splits scored (default: [data] tasks; []: only the sets)
    limit: int | None = Field(200, gt=0)  # corpus test items per task and language (None: all); sets have their own
    lid: bool = True  # language identification of outputs: fidelity and <metric>_gated
    judge: str = "rule"  # "rule", "openai:<model>" (any OpenAI-compatible server) or "hf:<path>"
    judge_scale: Literal[3, 5] = 3  # single-answer ratings 1-3 (Chen) or 1-5 (Shimabucoro)
    template: str | None = None  # a judge prompt template file (default: the built-in one)
    option_format: OptionFormat = "chat"  # multiple choice: the SFT prompt format ("chat") or lm-eval's raw prompt
    long_prompts: Literal["truncate", "skip"] = "truncate"  # a prompt longer than the model's context
    max_prompt_tokens: int | None = Field(None, gt=0)  # a lower prompt limit than the model's context
    sxs: bool | None = None  # IF_L: side-by-side against the monolingual run of each eval language (default: when there is one)
    batch_size: int = Field(64, gt=0)  # prompts per forward pass (changes no score)
    decoding: Decoding = Decoding()  # how outputs are generated
    # what generates: transformers ("hf"), or one vLLM engine per run for all its sets and languages
    # ("vllm": GPU, pip install 'xlt[vllm]'; multiple choice and lm-eval tasks stay with transformers)
    engine: Literal["hf", "vllm"] = "hf"
    sets: list[EvalSet] = Field(default_factory=list)  # evaluation sets in public formats, beside the corpus test splits

    @model_validator(mode="after")
    def _engine_decodes(self):
        if self.engine == "vllm":
            for where, d in [("decoding", self.decoding)] + [(f"sets.{s.name}.decoding", self.set_decoding(s)) for s in self.sets]:
                if d.num_beams > 1:
                    raise KeyedError(f"{where}.num_beams", f"num_beams = {d.num_beams}: beam search runs through transformers, not vLLM; "
                                     'use engine = "hf" or num_beams = 1')
        return self

    @field_validator("judge")
    @classmethod
    def _judge(cls, v):
        why = spec_error(v)
        if why:
            raise ValueError(f"judge {v!r}: {why}")
        return v

    @field_validator("sets")
    @classmethod
    def _set_names(cls, v):
        names = [s.name for s in v]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"set name(s) {twice} used twice; each set needs its own name (results are reported under it)")
        return v

    def set_decoding(self, s: EvalSet) -> Decoding:
        """A set's decoding: [eval] decoding with the keys the set wrote."""
        if s.decoding is None:
            return self.decoding
        return Decoding(**{**self.decoding.model_dump(), **s.decoding.model_dump(exclude_unset=True)})


class Execution(Strict):
    executor: Literal["local", "ray", "slurm"] = "local"  # where runs happen (execute.py)
    workers: int = Field(1, gt=0)  # runs at once
    cpus_per_run: int = Field(1, gt=0)  # torch threads per run (equal in every executor)
    # devices per run (a global batch is reached by accumulation on them): Ray and SLURM request them; the
    # local executors, where no GPU is visible, train each run in one process on CPU (a notice in xlt.log)
    gpus_per_run: int = Field(0, ge=0)
    address: str | None = None  # ray: join an existing cluster
    partition: str | None = None  # slurm
    time_min: int = Field(60, gt=0)  # slurm
    mem_gb: int | None = Field(None, gt=0)  # host memory per run (ray, slurm); None: the cluster's default
    account: str | None = None  # slurm
    array_parallelism: int | None = Field(None, gt=0)  # slurm: runs of the job array at once; None: no limit
    # experiment tracking of training (the run id and study name as tags); tensorboard writes offline
    # under <study dir>/tensorboard
    report_to: Literal["none", "tensorboard", "wandb", "mlflow"] = "none"


# --- the study ----------------------------------------------------------------------------------


class Study(Strict):
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")  # names the study directory <out>/<name>/
    seed: int = 0  # seeds mixtures and the evaluation items drawn; the training seed unless seeds is given
    seeds: list[int] | None = None  # training-seed replicates: every run once per seed (a design's `seeds` replaces them)
    models: Models = Models()  # what is fine-tuned, and how
    data: Data = Data()  # the corpus and the training budget
    languages: Languages  # the training and evaluation languages
    design: list[Design] = Field(min_length=1)  # the mixtures: one table per design kind (below)
    train: TrainRecipe = TrainRecipe()  # the SFT recipe (train.py)
    eval: Eval = Eval()  # what every run is evaluated on and how
    execution: Execution = Execution()  # where and how many runs at once

    @field_validator("name")
    @classmethod
    def _folder_name(cls, v: str) -> str:
        # the name becomes the folder <out>/<name>: ".", ".." and hidden names would land elsewhere or out of sight
        if v.startswith("."):
            raise ValueError(f"study name {v!r} becomes a folder: expected letters, digits, '_', '-' or '.', "
                             f"not starting with '.'")
        return v

    _seed = field_validator("seed")(lambda cls, v: valid_seed(v))

    _seeds = field_validator("seeds")(lambda cls, v: valid_seeds(v))

    @property
    def train_seeds(self) -> list[int]:
        return self.seeds or [self.seed]

    def design_seeds(self, design) -> list[int]:
        """The training seeds of a design's runs: its own `seeds`, else the study's."""
        return design.seeds or self.train_seeds

    @property
    def all_seeds(self) -> list[int]:
        """Every training seed some design's runs train with, in first-seen order."""
        return list(dict.fromkeys(x for d in self.design for x in self.design_seeds(d)))

    @property
    def eval_tasks(self) -> list[str]:
        """The corpus tasks whose test split is scored; [] when the study scores only its [[eval.sets]]."""
        return list(self.data.tasks) if self.eval.tasks is None else list(self.eval.tasks)

    @model_validator(mode="after")
    def _tasks_known(self):
        for i, d in enumerate(self.design):
            for t in d.tasks or []:
                if t not in self.data.tasks:
                    raise ValueError(f"design[{i}].tasks: task {t!r} is not in [data] tasks {self.data.tasks}")
        for t in self.eval.tasks or []:
            if t not in self.data.tasks:
                raise ValueError(f"eval.tasks: task {t!r} is not in [data] tasks {self.data.tasks}")
        if not self.eval_tasks and not self.eval.sets:
            raise ValueError("eval.tasks is empty and there are no [[eval.sets]]: nothing to evaluate")
        for i, s in enumerate(self.eval.sets):
            if s.name in self.eval_tasks:
                raise ValueError(f"eval.sets[{i}].name: {s.name!r} is also a corpus task in eval.tasks; name the set apart (results are reported under it)")
        return self

    @model_validator(mode="after")
    def _designs_can_be_met(self):
        """Design parameters against the languages they draw from: more than there are is an error, not a skipped run."""
        for i, d in enumerate(self.design):
            langs = self.design_languages(d)
            have = f"{len(langs)} language{'s' * (len(langs) != 1)} ({d.languages if isinstance(d.languages, str) else 'listed'})"
            try:
                d.check_languages(langs, have)
            except KeyedError as exc:
                raise KeyedError(f"design[{i}].{exc.key}", str(exc)) from None
        return self

    @model_validator(mode="after")
    def _vllm_needs_merged_lora(self):
        """vLLM loads one merged model: a LoRA run evaluated with it must save one (merge_lora)."""
        if self.eval.engine == "vllm" and "lora" in self.models.method:
            for model in self.models.base:
                try:
                    merged = self.recipe_for(model, "lora").merge_lora
                except InputError:
                    continue  # the clash is reported where the recipe is planned
                if not merged:
                    raise KeyedError("train.merge_lora", f'engine = "vllm" loads a merged model, but LoRA runs of {model} save the adapter alone; '
                                     "set [train] merge_lora = true")
        return self

    def design_languages(self, design) -> list[str]:
        if design.languages == "train":
            return list(self.languages.train)
        if design.languages == "eval":
            return list(self.languages.eval)
        return list(design.languages)

    def recipe_for(self, model: str, method: str) -> TrainRecipe:
        """[train] with the overrides that apply to this model and method, later ones winning.

        An override that sets global_batch (or grad_accum) replaces [train]'s other batch rule."""
        fields = self.train.model_dump()
        for o in self.models.override:
            if o.applies(model, method):
                extra = o.model_extra or {}
                if "global_batch" in extra:
                    fields["grad_accum"] = 1
                if "grad_accum" in extra:
                    fields["global_batch"] = None
                fields.update(extra)
        try:
            return TrainRecipe(**fields)
        except ValidationError as exc:  # an override that clashes with [train] (e.g. a batch rule)
            raise InputError(exc.errors()[0]["msg"].removeprefix("Value error, ") + f" (for {model}, {method})", key="models.override") from None


# --- loading ------------------------------------------------------------------------------------


def parse_study(data: dict, source: str = "<study>") -> Study:
    try:
        return Study.model_validate(data)
    except ValidationError as exc:
        key, message = first_error(exc)
        raise InputError(message, source=source, key=key) from None


def read_study_data(path: str | Path) -> dict:
    """The study file's TOML as a dict, before validation."""
    path = Path(path)
    if not path.is_file():
        raise InputError("study file not found", source=str(path))
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", source=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"malformed TOML: {exc}", source=str(path)) from None


def parse_override(text: str) -> tuple[str, object]:
    """`KEY=VALUE` from --set: the value read as a TOML value (1e-4, true, ["a", "b"], {r = 8}), else a bare string."""
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key or any(not part for part in key.split(".")):
        raise InputError(f"{text!r}: expected KEY=VALUE with a dotted KEY, e.g. train.learning_rate=2e-5", key="--set")
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    return key, value


def apply_overrides(data: dict, overrides: list[str] | tuple[str, ...]) -> dict:
    """A copy of the study's TOML dict with each --set KEY=VALUE applied in order; a number indexes a list
    (eval.sets.0.data), and the list's length appends a new table (eval.sets.1.name=...)."""
    import copy

    data = copy.deepcopy(data)
    for text in overrides:
        key, value = parse_override(text)
        parts = key.split(".")
        node = data
        for depth, part in enumerate(parts):
            here = ".".join(parts[: depth + 1])
            last = depth == len(parts) - 1
            if isinstance(node, list):
                if not part.isdigit() or int(part) > len(node):
                    raise InputError(f"{here!r} indexes a list of {len(node)} entries; expected 0..{len(node)}", key=f"--set {key}")
                i = int(part)
                if i == len(node):
                    node.append(value if last else {})
                elif last:
                    node[i] = value
                node = node[i]
            elif isinstance(node, dict):
                if last:
                    node[part] = value
                else:
                    node = node.setdefault(part, [] if parts[depth + 1].isdigit() else {})
            else:
                prefix = ".".join(parts[:depth])
                raise InputError(f"{prefix!r} is a value ({node!r}), not a table or a list", key=f"--set {key}")
    return data


def load_study_data(path: str | Path, overrides=()) -> tuple[Study, dict]:
    """The validated study and the TOML dict it came from, after the --set overrides; a validation error
    names the dotted key and says when it came from --set."""
    data = apply_overrides(read_study_data(path), overrides)
    source = str(path)
    try:
        return parse_study(data, source=source), data
    except InputError as exc:
        changed = [parse_override(o)[0] for o in overrides]
        key = (exc.key or "").replace("[", ".").replace("]", "")
        if any(key == c or key.startswith(c + ".") or c.startswith(key + ".") for c in changed if key):
            raise InputError(str(exc).removeprefix(f"{source}: "), source=f"{source} with --set") from None
        raise


def load_study(path: str | Path, overrides=()) -> Study:
    """Read and validate a study file; InputError names the file and key on any problem."""
    return load_study_data(path, overrides)[0]


def builtin_study_path(name: str = "micro") -> Path:
    """A study shipped inside the package (studies/<name>.toml)."""
    return Path(__file__).parent / "studies" / f"{name}.toml"
