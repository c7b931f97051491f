"""Supervised fine-tuning of any causal LM on prompt/response rows with TRL's SFTTrainer.

One path for the micro model and for Hugging Face models: rows are rendered with `xlt.chat` (so
evaluation sees the same text), tokenized here so that truncation can be checked and reported per
language before training (TRL would silently drop or zero-loss an example whose completion is cut
away), optionally packed without letting packed examples attend to each other, and trained with the
loss on completion tokens only. Full fine-tuning or LoRA (the adapter saved, merged on request); the checkpoint with
the lowest validation loss is kept.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from xlt import distributed
from xlt.chat import format_completion, format_prompt
from xlt.errors import InputError
from xlt.selection import evaluations, selected_checkpoint


class Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LoraRecipe(Strict):
    """[models.lora]: peft LoraConfig fields (alpha an int, as peft's lora_alpha)."""

    r: int = Field(16, gt=0)  # rank
    alpha: int = Field(32, gt=0)  # scaling (lora_alpha)
    dropout: float = Field(0.05, ge=0, lt=1)  # lora_dropout
    target_modules: str | list[str] = "all-linear"  # module names, or "all-linear"


class TrainRecipe(Strict):
    """[train]: the SFT recipe a study sets, passed to TRL. Defaults suit the micro world."""

    epochs: float = Field(3, gt=0)  # passes over the mixture
    learning_rate: float = Field(1e-4, gt=0)  # peak learning rate
    lr_scheduler: Literal["constant", "linear", "cosine"] = "cosine"  # the schedule after warmup
    warmup_ratio: float = Field(0.03, ge=0, lt=1)  # share of the steps spent warming up
    weight_decay: float = Field(0.0, ge=0)  # AdamW weight decay
    batch_size: int = Field(32, gt=0)  # per device
    grad_accum: int = Field(1, gt=0)  # micro-batches per optimizer update
    # examples per optimizer update over all devices: grad_accum is then derived per run from the devices
    # it trains on, so a paper's global batch holds on one GPU or many (Dhaliwal: 512)
    global_batch: int | None = Field(None, gt=0)
    max_length: int = Field(256, gt=0)  # tokens per example (prompt + response); a cut completion is refused
    packing: bool = False  # pack examples into max_length rows without cross-attention
    # batches of examples of about the same length (transformers' length-grouped sampler): less padding,
    # so faster on GPUs; the order of examples differs, so it is part of what a run learns
    group_by_length: bool = False
    train_on_inputs: bool = False  # loss on the prompt's tokens too (Chen et al.'s alpaca-lora recipe)
    # the checkpoint kept: lowest validation loss, best validation accuracy (greedy answers scored with
    # the task's metric: math, api, summarization), or the last one
    select: Literal["val_loss", "val_accuracy", "last"] = "val_loss"
    eval_steps: int | None = Field(None, gt=0)  # None: about 8 evaluations per run
    max_steps: int | None = Field(None, gt=0)  # stop after this many optimizer steps (xlt run --smoke sets it)
    # how a run uses the machine; none of these changes what it learns (xlt.plan.RUNTIME_KEYS: not part of a run's identity)
    checkpoint_steps: int | None = Field(None, gt=0)  # a resumable checkpoint every K steps; None: only at evaluations
    gradient_checkpointing: bool | None = None  # None: on with CUDA, off on CPU (20x slower there for tiny models)
    attn_implementation: Literal["eager", "sdpa", "flash_attention_2"] | None = None  # None: transformers' default (sdpa)
    distributed: Literal["ddp", "fsdp", "deepspeed2", "deepspeed3"] = "ddp"  # how a run on several devices shares the work
    merge_lora: bool = False  # LoRA: save the model with the adapter merged in, not the adapter alone
    # TRL's fused LM head: the completion loss from log-probabilities computed in chunks, never the whole
    # fp32 logits (batch x length x vocabulary: 250k-token vocabularies do not fit otherwise); None: on
    # with CUDA, off on CPU (it also computes entropy and accuracy metrics, a third of a step there)
    chunked_loss: bool | None = None

    @model_validator(mode="after")
    def _one_batch_rule(self):
        if self.global_batch is not None:
            if self.grad_accum != 1:
                raise ValueError("set grad_accum or global_batch, not both: with global_batch, grad_accum is derived per run")
            if self.global_batch % self.batch_size:
                raise ValueError(f"global_batch {self.global_batch} is not a multiple of batch_size {self.batch_size}")
        return self


class RunRecipe(TrainRecipe):
    """What one run trains with: its [train] recipe (after overrides) and the run's own seed, method,
    LoRA settings and planned optimizer updates (Lucky 52's U; None: epochs decide).

    The plan records the grad_accum it derived from global_batch for the run's devices beside it, so
    both may be set here; `accumulation` derives it again from the devices training actually sees."""

    updates: int | None = Field(None, gt=0)
    seed: int = 0
    method: Literal["full", "lora"] = "full"
    lora: LoraRecipe = LoraRecipe()

    @model_validator(mode="after")
    def _one_batch_rule(self):  # replaces [train]'s rule: see the class docstring
        return self

    @classmethod
    def of_run(cls, spec: dict) -> "RunRecipe":
        """The recipe of a planned run (plan.RunSpec.as_dict())."""
        return cls(**spec["recipe"], seed=spec["seed"], method=spec["method"], lora=spec.get("lora") or LoraRecipe())


TRACKERS = ("none", "tensorboard", "wandb", "mlflow")


@dataclass(frozen=True)
class Tracking:
    """Where the Trainer's logs go ([execution] report_to), tagged with the study and the run id.
    tensorboard writes event files under <log_dir>/<study>/<run> and needs no network."""

    report_to: str = "none"
    study: str = ""
    run: str = ""
    log_dir: Path | None = None

    def __post_init__(self):
        if self.report_to not in TRACKERS:
            raise InputError(f"unknown tracker {self.report_to!r}; expected one of {list(TRACKERS)}", key="execution.report_to")


@dataclass(frozen=True)
class TrainResult:
    out_dir: Path  # the selected model (safetensors) + tokenizer + train_report.json
    report: dict


# ---------------------------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Encoded:
    input_ids: list[int]
    labels: list[int]
    lang: str
    truncated: bool


def _check_rows(rows, name: str) -> list[dict]:
    rows = list(rows)
    for i, row in enumerate(rows):
        _check_row(row, i, name)
    return rows


def _check_row(row: dict, i: int, name: str) -> dict:
    for field in ("prompt", "response", "lang"):
        if not isinstance(row.get(field), str) or (field != "response" and not row[field]):
            raise InputError(
                f"{field!r} is missing or not a non-empty string; expected rows with prompt, response and lang",
                source=name,
                key=f"row {i}",
            )
    return row


def _add_special_tokens(tokenizer, text: str) -> bool:
    """Add the tokenizer's own BOS only where the rendered text does not already start with it."""
    bos = getattr(tokenizer, "bos_token", None)
    return not (bos and text.startswith(bos))


def check_lengths(max_length: int, longest: int, longest_lang: str, cut_away: Counter, name: str) -> None:
    """Refuse a mixture that max_length would ruin: a prompt longer than it, or completions cut away whole
    (TRL trains on zero loss without a word then: TRL issue 6668)."""
    if longest > max_length:
        raise InputError(
            f"max_length {max_length} is shorter than the longest prompt ({longest} tokens, lang {longest_lang}); "
            "expected max_length > every prompt's length",
            source=name,
            key="max_length",
        )
    if cut_away:
        detail = ", ".join(f"{lang}: {n}" for lang, n in sorted(cut_away.items()))
        raise InputError(
            f"{sum(cut_away.values())} examples would have their whole completion cut away by max_length "
            f"{max_length} ({detail}); raise max_length or shorten those prompts",
            source=name,
            key="max_length",
        )


def encode_rows(tokenizer, rows: list[dict], max_length: int, name: str = "train", train_on_inputs: bool = False) -> list[Encoded]:
    """Prompt and completion ids (prompt tokens labelled -100 unless train_on_inputs), truncated at max_length keeping the start.

    Prompt and completion are tokenized separately so training sees exactly the prompt ids generation
    starts from. Raises InputError when any prompt leaves no room for a single completion token.
    """
    if not rows:
        return []
    prompts = [format_prompt(tokenizer, r["prompt"]) for r in rows]
    completions = [format_completion(tokenizer, r["response"]) for r in rows]
    add = _add_special_tokens(tokenizer, prompts[0])
    prompt_ids = tokenizer(prompts, add_special_tokens=add)["input_ids"]
    completion_ids = tokenizer(completions, add_special_tokens=False)["input_ids"]

    longest = max(range(len(rows)), key=lambda i: len(prompt_ids[i]), default=None)
    cut_away = Counter(r["lang"] for r, p in zip(rows, prompt_ids, strict=True) if len(p) >= max_length)
    if longest is not None:
        check_lengths(max_length, len(prompt_ids[longest]), rows[longest]["lang"], cut_away, name)
    out = []
    for row, p, c in zip(rows, prompt_ids, completion_ids, strict=True):
        ids = (p + c)[:max_length]
        labels = ((list(p) if train_on_inputs else [-100] * len(p)) + c)[:max_length]
        out.append(Encoded(ids, labels, row["lang"], len(p) + len(c) > max_length))
    return out


@dataclass
class EncodeStats:
    """What the report says about the encoded rows, counted while they stream past."""

    examples: Counter
    trainable: Counter  # tokens with a loss, per language
    truncated: Counter  # examples cut at max_length, per language
    tokens: int = 0


def encode_to_dataset(tokenizer, rows, max_length: int, name: str = "train", train_on_inputs: bool = False,
                      folder: str | Path = ".", chunk: int = 10_000):
    """encode_rows over an iterable of rows, `chunk` rows at a time, written to an Arrow file in `folder`
    and memory-mapped back: host memory stays flat however many rows there are (Lucky 52: 3.1M).

    Returns (datasets.Dataset with input_ids and labels, EncodeStats). Raises what encode_rows raises,
    with the same counts over all rows, after reading them all.
    """
    import uuid

    from datasets import Dataset, Features, Sequence, Value
    from datasets.arrow_writer import ArrowWriter

    features = Features({"input_ids": Sequence(Value("int32")), "labels": Sequence(Value("int32"))})
    path = Path(folder) / f"{name}-{uuid.uuid4().hex[:8]}.arrow"
    stats = EncodeStats(Counter(), Counter(), Counter())
    longest, longest_lang, cut_away = 0, "", Counter()
    writer = ArrowWriter(features=features, path=str(path))

    def flush(batch: list[dict]) -> None:
        nonlocal longest, longest_lang
        prompts = [format_prompt(tokenizer, r["prompt"]) for r in batch]
        completions = [format_completion(tokenizer, r["response"]) for r in batch]
        prompt_ids = tokenizer(prompts, add_special_tokens=_add_special_tokens(tokenizer, prompts[0]))["input_ids"]
        completion_ids = tokenizer(completions, add_special_tokens=False)["input_ids"]
        ids_out, labels_out = [], []
        for row, p, c in zip(batch, prompt_ids, completion_ids, strict=True):
            lang = row["lang"]
            if len(p) > longest:
                longest, longest_lang = len(p), lang
            if len(p) >= max_length:
                cut_away[lang] += 1
                continue
            ids = (p + c)[:max_length]
            labels = ((list(p) if train_on_inputs else [-100] * len(p)) + c)[:max_length]
            ids_out.append(ids)
            labels_out.append(labels)
            stats.examples[lang] += 1
            stats.tokens += len(ids)
            stats.trainable[lang] += sum(lbl != -100 for lbl in labels)
            if len(p) + len(c) > max_length:
                stats.truncated[lang] += 1
        if ids_out:
            writer.write_batch({"input_ids": ids_out, "labels": labels_out})

    try:
        batch = []
        for i, row in enumerate(rows):
            batch.append(_check_row(row, i, name))
            if len(batch) == chunk:
                flush(batch)
                batch = []
        if batch:
            flush(batch)
        writer.finalize()
    finally:
        writer.close()
    check_lengths(max_length, longest, longest_lang, cut_away, name)
    return Dataset.from_file(str(path)), stats


def _dataset(encoded: list[Encoded]):
    from datasets import Dataset

    return Dataset.from_dict({"input_ids": [e.input_ids for e in encoded], "labels": [e.labels for e in encoded]})


def _pack(dataset, max_length: int):
    """Best-fit-decreasing packing into rows of max_length; `seq_lengths` keeps the example boundaries."""
    from trl.data_utils import pack_dataset

    return pack_dataset(dataset, max_length, "bfd", {})


class PackedCollator:
    """Pads packed rows and restarts position ids at each example, with no attention mask.

    transformers' masking then finds the examples inside a row from the position ids and builds a
    block-diagonal causal mask, so packed examples never attend to each other (only without a KV
    cache: the batch carries use_cache=False). This keeps the batch
    two-dimensional (TRL's padding-free bfd flattens it into one row, which is slow without
    FlashAttention). Rows without `seq_lengths` (the unpacked validation set) are padded as usual.
    """

    def __init__(self, pad_token_id: int):
        from trl.trainer.sft_trainer import DataCollatorForLanguageModeling

        self.plain = DataCollatorForLanguageModeling(pad_token_id=pad_token_id)
        self.packed = DataCollatorForLanguageModeling(pad_token_id=pad_token_id, return_position_ids=True)

    def __call__(self, examples):
        if "seq_lengths" not in examples[0]:
            return self.plain([{k: e[k] for k in ("input_ids", "labels")} for e in examples])
        batch = self.packed(examples)
        del batch["attention_mask"]
        batch["use_cache"] = False  # with a cache, transformers skips the packed-sequence mask
        return batch


# --------------------------------------------------------------------------------------------- model


def _linear_leaf_names(model) -> set[str]:
    import torch

    names = set()
    for name, module in model.named_modules():
        if isinstance(module, torch.nn.Linear) or type(module).__name__ == "Conv1D":
            names.add(name.rsplit(".", 1)[-1])
    return names


def check_lora_targets(model, lora: LoraRecipe) -> None:
    """peft matches target modules by name suffix; every requested name must exist in the model."""
    if isinstance(lora.target_modules, str):
        if lora.target_modules == "all-linear":
            return
        targets = [lora.target_modules]
    else:
        targets = list(lora.target_modules)
    names = [n for n, _ in model.named_modules()]
    missing = [t for t in targets if not any(n == t or n.endswith("." + t) for n in names)]
    if missing:
        raise InputError(
            f"LoRA target modules {missing} are not in the model; its linear layers are "
            f"{sorted(_linear_leaf_names(model))} (or use 'all-linear')",
            key="models.lora.target_modules",
        )


def _lora_config(lora: LoraRecipe):
    from peft import LoraConfig

    targets = lora.target_modules if isinstance(lora.target_modules, str) else list(lora.target_modules)
    return LoraConfig(
        r=lora.r, lora_alpha=lora.alpha, lora_dropout=lora.dropout, target_modules=targets, task_type="CAUSAL_LM"
    )


# ------------------------------------------------------------------------------------------ progress


def _progress_callback():
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
    from transformers import TrainerCallback

    class RichProgress(TrainerCallback):
        """One rich bar over optimizer steps, showing the latest train and validation loss."""

        def __init__(self):
            self.bar, self.task, self.text = None, None, {}

        def on_train_begin(self, args, state, control, **kw):
            self.bar = Progress(
                TextColumn("SFT {task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn()
            )
            self.bar.start()
            self.task = self.bar.add_task("", total=state.max_steps)

        def on_step_end(self, args, state, control, **kw):
            self.bar.update(self.task, completed=state.global_step)

        def on_log(self, args, state, control, logs=None, **kw):
            for key, label in (("loss", "loss"), ("eval_loss", "val")):
                if logs and key in logs:
                    self.text[label] = f"{label} {logs[key]:.3f}"
            if self.bar is not None:
                self.bar.update(self.task, description=" ".join(self.text.values()))

        def on_train_end(self, args, state, control, **kw):
            if self.bar is not None:
                self.bar.stop()

    return RichProgress()


# --------------------------------------------------------------------------------------------- train


def _sft_trainer_class():
    from transformers import Trainer
    from trl import SFTTrainer

    class XltSFTTrainer(SFTTrainer):
        """SFTTrainer with the model's own loss unless chunked_loss: TRL's fused LM head saves the full
        logits' memory but also computes per-token entropy and accuracy, which costs a third of a step on
        CPU for metrics xlt does not use. Labels are already masked to the completion, so the model's
        shifted cross-entropy is the completion-only loss, as TRL's is."""

        chunked_loss = False  # TRL's own loss through its fused LM head ([train] chunked_loss)

        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
            if self.chunked_loss:
                return super().compute_loss(model, inputs, return_outputs, num_items_in_batch)
            inputs["use_cache"] = False
            return Trainer.compute_loss(self, model, inputs, return_outputs, num_items_in_batch)

        def log(self, logs, start_time=None):
            self._metrics["train"].clear()
            self._metrics["eval"].clear()
            super().log(logs, start_time)

        val_accuracy = None  # set for select = "val_accuracy": model -> accuracy on the validation rows

        def evaluate(self, *args, **kwargs):
            """The validation loss, and with select = "val_accuracy" the accuracy the best checkpoint is chosen by."""
            metrics = super().evaluate(*args, **kwargs)
            if self.val_accuracy is not None:
                metrics["eval_accuracy"] = self.val_accuracy(self.model)
                self.log({"eval_accuracy": metrics["eval_accuracy"]})
            return metrics

    return XltSFTTrainer


# ------------------------------------------------------------------------------ validation accuracy


def validation_accuracy(tokenizer, val_rows: list[dict], batch_size: int):
    """select = "val_accuracy" (Dhaliwal et al.): greedy answers to the validation prompts, each scored
    with its task's response metric (xlt.evaluate.tasks: exact match for math, call match for api, ...).

    Decoding stops after the longest gold response's length plus a margin, which keeps it cheap.
    Returns model -> mean score; InputError when a task has no metric against a gold response.
    """
    from xlt.evaluate.generate import Decoding, generate
    from xlt.evaluate.models import LoadedModel
    from xlt.evaluate.tasks import RESPONSE_METRICS, metrics_for

    scorers = {}
    for i, row in enumerate(val_rows):
        task = row.get("task")
        if not isinstance(task, str) or not task:
            raise InputError("select = 'val_accuracy' needs each validation row's task", source="validation", key=f"row {i}")
        if task not in scorers:
            try:
                names = metrics_for(task)
            except KeyError as exc:
                raise InputError(f"select = 'val_accuracy': {exc.args[0]}", key="select") from None
            found = [m for m in names if m in RESPONSE_METRICS]
            if not found:
                raise InputError(
                    f"select = 'val_accuracy' needs tasks scored against a gold response; task {task!r} is scored by "
                    f"{list(names)}: use select = 'val_loss'",
                    key="select",
                )
            scorers[task] = RESPONSE_METRICS[found[0]]
    prompts = [r["prompt"] for r in val_rows]
    longest = max(len(ids) for ids in tokenizer([r["response"] for r in val_rows], add_special_tokens=False)["input_ids"])
    decoding = Decoding(max_new_tokens=longest + 16)

    def accuracy(model) -> float:
        training = model.training
        model.eval()
        try:
            device = str(next(model.parameters()).device)
            responses = generate(LoadedModel(model, tokenizer, "", device), prompts, decoding, backend="hf", batch_size=batch_size)
        finally:
            model.train(training)
        return sum(scorers[r["task"]](out, r["response"]) for r, out in zip(val_rows, responses, strict=True)) / len(val_rows)

    return accuracy


def train(
    base: str | Path,
    train_rows,
    val_rows,
    recipe: RunRecipe = RunRecipe(),
    out_dir: str | Path = "sft-out",
    progress: bool = True,
    trust_remote_code: bool = False,
    checkpoint_dir: str | Path | None = None,
    processes: int = 1,
    tracking: Tracking = Tracking(),
) -> TrainResult:
    """Fine-tune `base` ("micro", a local directory or a Hugging Face id) and save the selected model in out_dir.

    trust_remote_code runs a model's own code only when the study asked for it ([models] trust_remote_code).
    checkpoint_dir: a folder that outlives this process (beside the run's artifact): resumable checkpoints
    (weights, optimizer, scheduler, RNG) go there, a killed run resumes from the last complete one, and a
    finished run removes it. None: checkpoints live in a private temporary folder and a kill restarts at step 0.
    processes > 1: the run trains in that many processes ([execution] gpus_per_run), relaunched through
    accelerate (xlt.distributed); each process takes batch_size rows per step.
    tracking: the experiment tracker the Trainer reports to ([execution] report_to).
    """
    import torch
    from transformers import PrinterCallback, set_seed
    from trl import SFTConfig

    from xlt.base.hf import check_causal_lm, load_causal_lm, load_tokenizer, resolve_base

    started = time.perf_counter()
    out_dir = Path(out_dir)
    base_path = resolve_base(base, progress=progress)
    check_causal_lm(base_path, trust_remote_code)
    if isinstance(train_rows, (list, tuple)) and not train_rows:
        raise InputError("no training rows", source="train")
    val_rows = _check_rows(val_rows or [], "validation")
    if recipe.select != "last" and not val_rows:
        raise InputError(f"select = {recipe.select!r} needs validation rows; pass some or use select = 'last'", key="select")
    _check_tracker(tracking)
    if processes > 1 and not distributed.inside_launch():
        train_rows = _check_rows(train_rows, "train")  # bad rows fail here, not in the ranks
        report = distributed.launch(base, train_rows, val_rows, recipe, out_dir, trust_remote_code, checkpoint_dir, processes, tracking)
        return TrainResult(out_dir=out_dir, report=report)
    main_rank = distributed.is_main_rank()

    tokenizer = load_tokenizer(base_path, trust_remote_code)
    if tokenizer.eos_token is None:
        raise InputError("the tokenizer has no eos_token, so a response could not end", source=base_path, key="base")
    work = Path(tempfile.mkdtemp(prefix=".sft-", dir=_parent(out_dir)))  # the Arrow file, checkpoints, the model
    try:
        # streamed into an Arrow file in `work`: host memory does not grow with the rows (Lucky 52: 3.1M)
        train_ds, train_stats = encode_to_dataset(
            tokenizer, train_rows, recipe.max_length, "train", recipe.train_on_inputs, folder=work
        )
        if not train_stats.examples:
            raise InputError("no training rows", source="train")
        val_enc = encode_rows(tokenizer, val_rows, recipe.max_length, "validation", recipe.train_on_inputs)
        val_accuracy = validation_accuracy(tokenizer, val_rows, recipe.batch_size) if recipe.select == "val_accuracy" else None
        devices = devices_per_update()
        grad_accum = accumulation(recipe, devices)

        cuda = torch.cuda.is_available()
        set_seed(recipe.seed)
        bf16 = cuda and torch.cuda.is_bf16_supported()
        extra = {"attn_implementation": recipe.attn_implementation} if recipe.attn_implementation else {}
        model = load_causal_lm(base_path, trust_remote_code, dtype=weights_dtype(recipe.method, bf16), **extra)
        peft_config = None
        if recipe.method == "lora":
            check_lora_targets(model, recipe.lora)
            peft_config = _lora_config(recipe.lora)

        if recipe.packing:
            train_ds = _pack(train_ds, recipe.max_length)
        eval_ds = _dataset(val_enc) if val_enc else None

        steps_per_epoch = -(-len(train_ds) // (recipe.batch_size * grad_accum * devices))
        fixed = min((x for x in (recipe.updates, recipe.max_steps) if x), default=None)  # U (Lucky 52) or a smoke cap: the smaller
        max_steps = fixed or max(1, round(steps_per_epoch * recipe.epochs))
        select_best = recipe.select != "last"
        eval_steps = recipe.eval_steps or (recipe.checkpoint_steps if select_best and recipe.checkpoint_steps else max(1, max_steps // 8))
        save_steps = _save_steps(recipe, eval_steps)
        checkpoints = Path(checkpoint_dir) if checkpoint_dir is not None else work / "checkpoints"
        resume = _last_checkpoint(checkpoints)
        config = SFTConfig(
            output_dir=str(checkpoints),
            num_train_epochs=recipe.epochs,
            learning_rate=recipe.learning_rate,
            lr_scheduler_type=recipe.lr_scheduler,
            warmup_steps=recipe.warmup_ratio,
            weight_decay=recipe.weight_decay,
            per_device_train_batch_size=recipe.batch_size,
            per_device_eval_batch_size=recipe.batch_size,
            gradient_accumulation_steps=grad_accum,
            max_steps=fixed or -1,  # -1: num_train_epochs decides
            max_length=recipe.max_length,
            packing=False,  # packed above, so rows stay 2-D (see PackedCollator)
            seed=recipe.seed,
            data_seed=recipe.seed,
            use_cpu=not cuda,
            bf16=bf16,  # autocast: bf16 matmuls over the fp32 weights loaded above
            gradient_checkpointing=cuda if recipe.gradient_checkpointing is None else recipe.gradient_checkpointing,
            eval_strategy="steps" if eval_ds is not None else "no",
            eval_steps=eval_steps,
            save_strategy="steps" if save_steps else "no",
            save_steps=save_steps or eval_steps,
            save_only_model=checkpoint_dir is None,  # resuming needs the optimizer, scheduler and RNG states too
            save_total_limit=1 if save_steps else None,  # Trainer keeps the best one besides the latest
            load_best_model_at_end=select_best,
            metric_for_best_model="eval_accuracy" if val_accuracy else "eval_loss",
            greater_is_better=val_accuracy is not None,
            logging_steps=max(1, min(10, eval_steps)),
            report_to=tracking.report_to,
            run_name=tracking.run or None,
            disable_tqdm=True,
            dataloader_num_workers=0,
            remove_unused_columns=True,
            train_sampling_strategy="group_by_length" if recipe.group_by_length else "random",
        )
        tags = _tags_callback(tracking)
        callbacks = ([_progress_callback()] if progress else []) + [tags]
        restore = _set_env(_tracker_env(tracking))  # the trackers read these when the trainer starts them
        try:
            trainer = _sft_trainer_class()(
                model=model,
                args=config,
                train_dataset=train_ds,
                eval_dataset=eval_ds,
                processing_class=tokenizer,
                data_collator=PackedCollator(tokenizer.pad_token_id) if recipe.packing else None,
                peft_config=peft_config,
                callbacks=callbacks,
            )
            trainer.val_accuracy = val_accuracy
            trainer.chunked_loss = cuda if recipe.chunked_loss is None else recipe.chunked_loss
            trainer.remove_callback(PrinterCallback)  # the rich bar (or silence) instead of printed log dicts
            tags.handler = trainer.callback_handler
            train_started = time.perf_counter()
            output = trainer.train(resume_from_checkpoint=str(resume) if resume else None)
        finally:
            _set_env(restore)
        train_seconds = time.perf_counter() - train_started

        history = trainer.state.log_history
        evals, accuracies = evaluations(history)
        # the Trainer evaluated and saved at every eval step and at the last one, and loaded the best back
        selected = selected_checkpoint(evals, accuracies, recipe.select if select_best else "last", trainer.state.global_step,
                                       getattr(trainer.state, "best_global_step", None) or None,
                                       trainer.state.best_metric if val_accuracy else None)

        if not main_rank:  # rank 0 writes the model and the report; the launcher reads them
            return TrainResult(out_dir=out_dir, report={})
        final_model = trainer.model
        if recipe.method == "lora" and recipe.merge_lora:
            final_model = final_model.merge_and_unload()  # else the adapter alone (MBs, not GBs); evaluation merges it
        tmp_out = work / "model"
        final_model.save_pretrained(tmp_out, safe_serialization=True)
        tokenizer.save_pretrained(tmp_out)

        tokens = train_stats.tokens
        seen_tokens = tokens * recipe.epochs
        langs = sorted(set(train_stats.examples) | {e.lang for e in val_enc})
        report = {
            "base": str(base),
            "base_path": base_path,
            "recipe": recipe.model_dump(mode="json"),
            "device": "cuda" if cuda else "cpu",
            "chunked_loss": trainer.chunked_loss,
            "examples": dict(train_stats.examples),
            "validation_examples": dict(Counter(e.lang for e in val_enc)),
            "tokens": tokens,
            "trainable_tokens": sum(train_stats.trainable.values()),
            "trainable_tokens_per_language": {
                lang: train_stats.trainable.get(lang, 0) for lang in langs
            },
            "truncated": {
                "train": {lang: train_stats.truncated.get(lang, 0) for lang in langs},
                "validation": {lang: sum(e.truncated for e in val_enc if e.lang == lang) for lang in langs},
            },
            "packed_rows": len(train_ds) if recipe.packing else None,
            "devices": devices,
            "grad_accum": grad_accum,
            "global_batch": recipe.batch_size * grad_accum * devices,
            "steps": trainer.state.global_step,
            "resumed_from_step": _step_of(resume) if resume else None,
            "planned_updates": recipe.updates,
            "selected": selected,
            "train_loss": [{"step": h["step"], "loss": h["loss"]} for h in history if "loss" in h],
            "val_loss": evals,
            "val_accuracy": accuracies,
            "train_runtime": output.metrics.get("train_runtime"),
            "train_seconds": train_seconds,
            "tokens_per_second": seen_tokens / train_seconds,
            "seconds": time.perf_counter() - started,
        }
        (tmp_out / "train_report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        if out_dir.exists():
            shutil.rmtree(out_dir)
        os.replace(tmp_out, out_dir)
        if checkpoint_dir is not None:
            shutil.rmtree(checkpoints, ignore_errors=True)  # done: nothing left to resume
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return TrainResult(out_dir=out_dir, report=report)


def _check_tracker(tracking: Tracking) -> None:
    """A tracker that is not installed fails before any work, with the command that installs it."""
    import importlib.util

    package = {"tensorboard": "tensorboard", "wandb": "wandb", "mlflow": "mlflow"}.get(tracking.report_to)
    if package and importlib.util.find_spec(package) is None:
        raise InputError(f"report_to = {tracking.report_to!r} needs {package}: pip install {package}", key="execution.report_to")


def _tracker_env(tracking: Tracking) -> dict[str, str]:
    """The trackers' own settings (they read them from the environment): project = study, tags = study and run."""
    if tracking.report_to == "none":
        return {}
    env = {
        "WANDB_PROJECT": tracking.study or "xlt", "WANDB_TAGS": ",".join(t for t in (tracking.study, tracking.run) if t),
        "MLFLOW_EXPERIMENT_NAME": tracking.study or "xlt",
        "MLFLOW_TAGS": json.dumps({"study": tracking.study, "run": tracking.run}),
    }
    if tracking.log_dir is not None:
        env["TENSORBOARD_LOGGING_DIR"] = str(Path(tracking.log_dir) / (tracking.study or "xlt") / (tracking.run or "run"))
    return env


def _set_env(values: dict[str, str | None]) -> dict[str, str | None]:
    """Set (or unset, for None) environment variables; returns what to pass back to restore them."""
    before = {k: os.environ.get(k) for k in values}
    for k, v in values.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    return before


def _tags_callback(tracking: Tracking):
    from transformers import TrainerCallback
    from transformers.integrations import TensorBoardCallback

    class RunTags(TrainerCallback):
        """tensorboard has no run tags: the study and run go in as a text entry (wandb and mlflow get tags)."""

        handler = None  # the trainer's callback handler, set once the trainer exists

        def on_train_begin(self, args, state, control, **kw):
            for cb in self.handler.callbacks:
                if isinstance(cb, TensorBoardCallback) and cb.tb_writer is not None:
                    cb.tb_writer.add_text("xlt", f"study {tracking.study}, run {tracking.run}")
                    cb.tb_writer.flush()

    return RunTags()


def weights_dtype(method: str, bf16: bool):
    """The dtype weights are loaded in. Full fine-tuning keeps fp32 master weights (and so fp32 AdamW
    states) and lets `bf16=True` autocast the matmuls: in pure bf16 an update of lr 1e-5 x a weight near 1
    is below bf16's resolution (2^-8) and rounds away. LoRA trains fp32 adapters (peft upcasts them) over
    frozen base weights, which can stay in bf16 and take half the memory."""
    import torch

    return torch.bfloat16 if bf16 and method == "lora" else torch.float32


def _save_steps(recipe: TrainRecipe, eval_steps: int) -> int | None:
    """Steps between saved checkpoints: checkpoint_steps, else every evaluation when one is selected, else none.

    The Trainer can only keep the best checkpoint if it saves at evaluations, so with a selected
    checkpoint, checkpoint_steps must be a multiple of eval_steps.
    """
    if recipe.checkpoint_steps is None:
        return eval_steps if recipe.select != "last" else None
    if recipe.select != "last" and recipe.checkpoint_steps % eval_steps:
        raise InputError(
            f"checkpoint_steps {recipe.checkpoint_steps} is not a multiple of eval_steps {eval_steps}; with select = "
            f"{recipe.select!r} checkpoints are saved at evaluations",
            key="checkpoint_steps",
        )
    return recipe.checkpoint_steps


def _step_of(checkpoint: Path) -> int:
    return int(checkpoint.name.rsplit("-", 1)[1])


def _last_checkpoint(folder: Path) -> Path | None:
    """The latest checkpoint written to the end: the Trainer writes trainer_state.json last, so a
    checkpoint a kill interrupted has none (or a torn one) and is skipped."""
    if not folder.is_dir():
        return None
    found = []
    for p in folder.glob("checkpoint-*"):
        try:
            step = _step_of(p)
            json.loads((p / "trainer_state.json").read_text())
        except (ValueError, OSError):
            continue
        found.append((step, p))
    return max(found)[1] if found else None


def devices_per_update() -> int:
    """Devices one optimizer update spans, counted as the Trainer counts them: processes x GPUs per process."""
    import torch

    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world > 1 or not torch.cuda.is_available():
        return world
    return max(1, torch.cuda.device_count())  # one process sees every GPU (the Trainer's DataParallel)


def accumulation(recipe: RunRecipe, devices: int) -> int:
    """Gradient accumulation steps: [train] grad_accum, or what reaches global_batch on these devices."""
    if recipe.global_batch is None:
        return recipe.grad_accum
    per_step = recipe.batch_size * devices
    if recipe.global_batch % per_step:
        raise InputError(
            f"global_batch {recipe.global_batch} is not a multiple of batch_size {recipe.batch_size} x {devices} devices",
            key="global_batch",
        )
    return recipe.global_batch // per_step


def _parent(out_dir: Path) -> Path:
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    return out_dir.parent
