"""Supervised fine-tuning of any causal LM on prompt/response rows with TRL's SFTTrainer.

One path for the micro model and for Hugging Face models: rows are rendered with `xlt.chat` (so
evaluation sees the same text), tokenized here so that truncation can be checked and reported per
language before training (TRL would silently drop or zero-loss an example whose completion is cut
away), optionally packed without letting packed examples attend to each other, and trained with the
loss on completion tokens only. Full fine-tuning or LoRA (merged before saving); the checkpoint with
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

from xlt.chat import format_completion, format_prompt
from xlt.errors import InputError


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
    train_on_inputs: bool = False  # loss on the prompt's tokens too (Chen et al.'s alpaca-lora recipe)
    # the checkpoint kept: lowest validation loss, best validation accuracy (greedy answers scored with
    # the task's metric: math, api, summarization), or the last one
    select: Literal["val_loss", "val_accuracy", "last"] = "val_loss"
    eval_steps: int | None = Field(None, gt=0)  # None: about 8 evaluations per run
    max_steps: int | None = Field(None, gt=0)  # stop after this many optimizer steps (xlt run --smoke sets it)

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
        for field in ("prompt", "response", "lang"):
            if not isinstance(row.get(field), str) or (field != "response" and not row[field]):
                raise InputError(
                    f"{field!r} is missing or not a non-empty string; expected rows with prompt, response and lang",
                    source=name,
                    key=f"row {i}",
                )
    return rows


def _add_special_tokens(tokenizer, text: str) -> bool:
    """Add the tokenizer's own BOS only where the rendered text does not already start with it."""
    bos = getattr(tokenizer, "bos_token", None)
    return not (bos and text.startswith(bos))


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
    if longest is not None and len(prompt_ids[longest]) > max_length:
        raise InputError(
            f"max_length {max_length} is shorter than the longest prompt ({len(prompt_ids[longest])} tokens, "
            f"lang {rows[longest]['lang']}); expected max_length > every prompt's length",
            source=name,
            key="max_length",
        )
    cut_away = Counter(r["lang"] for r, p in zip(rows, prompt_ids, strict=True) if len(p) >= max_length)
    if cut_away:
        detail = ", ".join(f"{lang}: {n}" for lang, n in sorted(cut_away.items()))
        raise InputError(
            f"{sum(cut_away.values())} examples would have their whole completion cut away by max_length "
            f"{max_length} ({detail}); raise max_length or shorten those prompts",
            source=name,
            key="max_length",
        )
    out = []
    for row, p, c in zip(rows, prompt_ids, completion_ids, strict=True):
        ids = (p + c)[:max_length]
        labels = ((list(p) if train_on_inputs else [-100] * len(p)) + c)[:max_length]
        out.append(Encoded(ids, labels, row["lang"], len(p) + len(c) > max_length))
    return out


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
        """SFTTrainer with the model's own loss: TRL's fused LM head also computes per-token entropy and
        accuracy, which costs a third of a step on CPU for metrics xlt does not use. Labels are already
        masked to the completion, so the model's shifted cross-entropy is the completion-only loss."""

        def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
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
) -> TrainResult:
    """Fine-tune `base` ("micro", a local directory or a Hugging Face id) and save the selected model in out_dir.

    trust_remote_code runs a model's own code only when the study asked for it ([models] trust_remote_code).
    """
    import torch
    from transformers import PrinterCallback, set_seed
    from trl import SFTConfig

    from xlt.base.hf import check_causal_lm, load_causal_lm, load_tokenizer, resolve_base

    started = time.perf_counter()
    out_dir = Path(out_dir)
    base_path = resolve_base(base, progress=progress)
    check_causal_lm(base_path, trust_remote_code)
    train_rows = _check_rows(train_rows, "train")
    val_rows = _check_rows(val_rows or [], "validation")
    if not train_rows:
        raise InputError("no training rows", source="train")
    if recipe.select != "last" and not val_rows:
        raise InputError(f"select = {recipe.select!r} needs validation rows; pass some or use select = 'last'", key="select")

    tokenizer = load_tokenizer(base_path, trust_remote_code)
    if tokenizer.eos_token is None:
        raise InputError("the tokenizer has no eos_token, so a response could not end", source=base_path, key="base")
    train_enc = encode_rows(tokenizer, train_rows, recipe.max_length, "train", recipe.train_on_inputs)
    val_enc = encode_rows(tokenizer, val_rows, recipe.max_length, "validation", recipe.train_on_inputs)
    val_accuracy = validation_accuracy(tokenizer, val_rows, recipe.batch_size) if recipe.select == "val_accuracy" else None
    devices = devices_per_update()
    grad_accum = accumulation(recipe, devices)

    cuda = torch.cuda.is_available()
    set_seed(recipe.seed)
    model = load_causal_lm(base_path, trust_remote_code, dtype=torch.bfloat16 if cuda and torch.cuda.is_bf16_supported() else None)
    peft_config = None
    if recipe.method == "lora":
        check_lora_targets(model, recipe.lora)
        peft_config = _lora_config(recipe.lora)

    train_ds = _dataset(train_enc)
    if recipe.packing:
        train_ds = _pack(train_ds, recipe.max_length)
    eval_ds = _dataset(val_enc) if val_enc else None

    steps_per_epoch = -(-len(train_ds) // (recipe.batch_size * grad_accum * devices))
    fixed = min((x for x in (recipe.updates, recipe.max_steps) if x), default=None)  # U (Lucky 52) or a smoke cap: the smaller
    max_steps = fixed or max(1, round(steps_per_epoch * recipe.epochs))
    eval_steps = recipe.eval_steps or max(1, max_steps // 8)
    work = Path(tempfile.mkdtemp(prefix=".sft-", dir=_parent(out_dir)))
    try:
        select_best = recipe.select != "last"
        config = SFTConfig(
            output_dir=str(work / "checkpoints"),
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
            bf16=cuda and torch.cuda.is_bf16_supported(),
            gradient_checkpointing=cuda,  # 20x slower on CPU for a tiny model
            eval_strategy="steps" if eval_ds is not None else "no",
            eval_steps=eval_steps,
            save_strategy="steps" if select_best else "no",
            save_steps=eval_steps,
            save_only_model=True,
            save_total_limit=1 if select_best else None,
            load_best_model_at_end=select_best,
            metric_for_best_model="eval_accuracy" if val_accuracy else "eval_loss",
            greater_is_better=val_accuracy is not None,
            logging_steps=max(1, min(10, eval_steps)),
            report_to="none",
            disable_tqdm=True,
            dataloader_num_workers=0,
            remove_unused_columns=True,
        )
        callbacks = [_progress_callback()] if progress else []
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
        trainer.remove_callback(PrinterCallback)  # the rich bar (or silence) instead of printed log dicts
        train_started = time.perf_counter()
        output = trainer.train()
        train_seconds = time.perf_counter() - train_started

        history = trainer.state.log_history
        evals = [{"step": h["step"], "loss": h["eval_loss"]} for h in history if "eval_loss" in h]
        accuracies = [{"step": h["step"], "accuracy": h["eval_accuracy"]} for h in history if "eval_accuracy" in h]
        if select_best:
            # Trainer evaluated and saved at every eval step and at the last one, and loaded the best back.
            best = max(accuracies, key=lambda e: e["accuracy"]) if val_accuracy else min(evals, key=lambda e: e["loss"])
            step = getattr(trainer.state, "best_global_step", None) or best["step"]
            selected = {"step": step, "val_loss": {e["step"]: e["loss"] for e in evals}.get(step)}
            if val_accuracy:
                selected["val_accuracy"] = trainer.state.best_metric
        else:
            selected = {"step": trainer.state.global_step, "val_loss": evals[-1]["loss"] if evals else None}

        final_model = trainer.model
        if recipe.method == "lora":
            final_model = final_model.merge_and_unload()
        tmp_out = work / "model"
        final_model.save_pretrained(tmp_out, safe_serialization=True)
        tokenizer.save_pretrained(tmp_out)

        tokens = sum(len(e.input_ids) for e in train_enc)
        seen_tokens = tokens * recipe.epochs
        langs = sorted({e.lang for e in train_enc + val_enc})
        report = {
            "base": str(base),
            "base_path": base_path,
            "recipe": recipe.model_dump(mode="json"),
            "device": "cuda" if cuda else "cpu",
            "examples": dict(Counter(e.lang for e in train_enc)),
            "validation_examples": dict(Counter(e.lang for e in val_enc)),
            "tokens": tokens,
            "trainable_tokens": sum(sum(lbl != -100 for lbl in e.labels) for e in train_enc),
            "trainable_tokens_per_language": {
                lang: sum(sum(lbl != -100 for lbl in e.labels) for e in train_enc if e.lang == lang) for lang in langs
            },
            "truncated": {
                "train": {lang: sum(e.truncated for e in train_enc if e.lang == lang) for lang in langs},
                "validation": {lang: sum(e.truncated for e in val_enc if e.lang == lang) for lang in langs},
            },
            "packed_rows": len(train_ds) if recipe.packing else None,
            "devices": devices,
            "grad_accum": grad_accum,
            "global_batch": recipe.batch_size * grad_accum * devices,
            "steps": trainer.state.global_step,
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
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return TrainResult(out_dir=out_dir, report=report)


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
