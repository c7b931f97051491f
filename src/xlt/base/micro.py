"""The micro base model: a byte-level BPE tokenizer and a tiny Llama, pretrained once on the micro world's text.

Everything a study needs offline: `build_micro_base()` trains the tokenizer and pretrains the model on the
plain text of `xlt.corpus.micro` with a per-language resource profile, then caches the result under
`$XLT_CACHE/base/micro-<recipe hash>/` (default `~/.cache/xlt`). A second call, or a second process
racing the first, reuses that directory. `xlt_base.json` beside the weights records the recipe and how
much of the pretraining text each language had (the exposure analysis reads it).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import random
import shutil
import tempfile
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from xlt.languages import MICRO_RESOURCE

# Bump when the build procedure changes in a way that changes the model for the same recipe.
BUILD_VERSION = 1

USER, ASSISTANT, END, PAD = "<|user|>", "<|assistant|>", "<|end|>", "<|pad|>"
SPECIAL_TOKENS = [PAD, END, USER, ASSISTANT]

# A user turn, then the assistant's. A system message, which the micro world never sends, is shown as a user turn.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{% if message['role'] == 'assistant' %}" + ASSISTANT + "\n{{ message['content'] }}" + END + "\n"
    "{% else %}" + USER + "\n{{ message['content'] }}" + END + "\n{% endif %}"
    "{% endfor %}"
    "{% if add_generation_prompt %}" + ASSISTANT + "\n{% endif %}"
)


def _frozen_profile(profile) -> tuple[tuple[str, str], ...]:
    items = profile.items() if isinstance(profile, Mapping) else profile
    return tuple(sorted((str(lang), str(level)) for lang, level in items))


@dataclass(frozen=True)
class MicroRecipe:
    """Everything that determines the micro base model; its hash names the cache directory."""

    vocab_size: int = 2048
    hidden_size: int = 192
    num_layers: int = 4
    num_heads: int = 4
    intermediate_size: int = 512
    context_length: int = 128  # pretraining block length; SFT may use up to max_position
    max_position: int = 512
    steps: int = 600
    batch_size: int = 32
    learning_rate: float = 2e-3
    warmup_steps: int = 30
    weight_decay: float = 0.1
    seed: int = 0
    profile: tuple[tuple[str, str], ...] = field(default_factory=lambda: _frozen_profile(MICRO_RESOURCE))
    text_scale: float = 1.0

    def __post_init__(self):
        object.__setattr__(self, "profile", _frozen_profile(self.profile))
        levels = {"high", "mid", "low"}
        for lang, level in self.profile:
            if level not in levels:
                from xlt.errors import InputError

                raise InputError(f"resource level {level!r} for {lang!r}; expected one of high, mid, low", key="profile")
        if self.hidden_size % self.num_heads:
            from xlt.errors import InputError

            raise InputError(f"hidden_size {self.hidden_size} is not a multiple of num_heads {self.num_heads}")

    @property
    def tokens(self) -> int:
        """Pretraining tokens the recipe trains on (steps × batch × block)."""
        return self.steps * self.batch_size * self.context_length

    def key(self) -> str:
        """Content hash of the recipe and the build procedure."""
        payload = json.dumps({"recipe": asdict(self), "build": BUILD_VERSION}, sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


def cache_root() -> Path:
    from xlt.store import cache_dir

    return cache_dir()


def train_tokenizer(texts, vocab_size: int):
    """A byte-level BPE whose digits are single tokens (arithmetic needs them), wrapped for transformers."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.Digits(individual_digits=True), pre_tokenizers.ByteLevel(add_prefix_space=False)]
    )
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=SPECIAL_TOKENS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(texts, trainer=trainer)
    return PreTrainedTokenizerFast(
        tokenizer_object=tok,
        eos_token=END,
        pad_token=PAD,
        additional_special_tokens=[USER, ASSISTANT],
        chat_template=CHAT_TEMPLATE,
        padding_side="right",
        model_max_length=None,
    )


def _model_config(recipe: MicroRecipe, tokenizer):
    from transformers import LlamaConfig

    return LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=recipe.hidden_size,
        intermediate_size=recipe.intermediate_size,
        num_hidden_layers=recipe.num_layers,
        num_attention_heads=recipe.num_heads,
        num_key_value_heads=recipe.num_heads,
        max_position_embeddings=recipe.max_position,
        tie_word_embeddings=True,
        bos_token_id=None,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )


def _token_stream(documents: dict[str, list[str]], tokenizer, seed: int):
    """All documents, shuffled with the seed, each ended by <|end|>; returns token ids and tokens per language."""
    docs = [(lang, text) for lang in sorted(documents) for text in documents[lang]]
    random.Random(seed).shuffle(docs)
    encoded = tokenizer([text for _, text in docs], add_special_tokens=False)["input_ids"]
    stream: list[int] = []
    per_lang: dict[str, int] = {}
    for (lang, _), ids in zip(docs, encoded, strict=True):
        stream.extend(ids)
        stream.append(tokenizer.eos_token_id)
        per_lang[lang] = per_lang.get(lang, 0) + len(ids) + 1
    return stream, per_lang


def pretrain(model, stream: list[int], recipe: MicroRecipe, progress: bool = True) -> list[float]:
    """A plain PyTorch loop over shuffled fixed-length blocks (fp32, AdamW, warmup then cosine); returns losses."""
    import torch

    block = recipe.context_length
    data = torch.tensor(stream[: len(stream) // block * block], dtype=torch.long).view(-1, block)
    if len(data) < recipe.batch_size:
        from xlt.errors import InputError

        raise InputError(
            f"pretraining text has {len(stream)} tokens, fewer than one batch of {recipe.batch_size} × {block}",
            key="documents",
        )
    gen = torch.Generator().manual_seed(recipe.seed)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": recipe.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
        lr=recipe.learning_rate,
        betas=(0.9, 0.95),
    )

    def lr_at(step: int) -> float:
        if step < recipe.warmup_steps:
            return recipe.learning_rate * (step + 1) / recipe.warmup_steps
        frac = (step - recipe.warmup_steps) / max(1, recipe.steps - recipe.warmup_steps)
        return recipe.learning_rate * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * frac)))

    order = torch.randperm(len(data), generator=gen)
    pos, losses = 0, []
    model.train()
    with _progress(progress, "pretraining micro base", recipe.steps) as advance:
        for step in range(recipe.steps):
            if pos + recipe.batch_size > len(order):
                order, pos = torch.randperm(len(data), generator=gen), 0
            batch = data[order[pos : pos + recipe.batch_size]]
            pos += recipe.batch_size
            for group in opt.param_groups:
                group["lr"] = lr_at(step)
            loss = model(input_ids=batch, labels=batch, use_cache=False).loss
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            losses.append(loss.item())
            advance(f"loss {losses[-1]:.3f}")
    model.eval()
    return losses


class _progress:
    """A rich progress bar that can be turned off; yields `advance(description_suffix)`."""

    def __init__(self, enabled: bool, description: str, total: int):
        self.enabled, self.description, self.total = enabled, description, total

    def __enter__(self):
        if not self.enabled:
            return lambda _text="": None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=False
        )
        self.bar.start()
        task = self.bar.add_task(self.description, total=self.total)
        return lambda text="": self.bar.update(task, advance=1, description=f"{self.description} {text}")

    def __exit__(self, *exc):
        if self.enabled:
            self.bar.stop()


def pretraining_documents(recipe: MicroRecipe) -> dict[str, list[str]]:
    """The micro world's plain text for the recipe's profile (the corpus package owns the generator)."""
    from xlt.corpus.micro import pretraining_documents as generate

    return generate(dict(recipe.profile), seed=recipe.seed, scale=recipe.text_scale)


def _documents_digest(documents: dict[str, list[str]]) -> str:
    h = hashlib.sha256()
    for lang in sorted(documents):
        h.update(lang.encode() + b"\0")
        for text in documents[lang]:
            h.update(text.encode() + b"\0")
    return h.hexdigest()[:16]


def build_micro_base(
    recipe: MicroRecipe = MicroRecipe(),
    cache_dir: str | Path | None = None,
    progress: bool = True,
    documents: dict[str, list[str]] | None = None,
) -> Path:
    """Build (once) and return the directory of the micro base model: weights, tokenizer, xlt_base.json.

    `documents` replaces the micro corpus's pretraining text (tests use a few synthetic sentences); its
    digest then joins the cache key so different texts never share a directory.
    """
    from filelock import FileLock

    # The text is part of what the model is: its digest joins the key, so a change to the micro
    # world's generator builds a new base instead of reusing one trained on other text.
    documents = pretraining_documents(recipe) if documents is None else documents
    key = f"{recipe.key()}-{_documents_digest(documents)}"
    parent = Path(cache_dir) if cache_dir is not None else cache_root() / "base"
    target = parent / f"micro-{key}"
    if (target / "xlt_base.json").exists():
        return target
    parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(parent / f"micro-{key}.lock")):
        if (target / "xlt_base.json").exists():  # another process built it while we waited
            return target
        tmp = Path(tempfile.mkdtemp(prefix=f".micro-{key}-", dir=parent))
        try:
            _build(recipe, tmp, progress, documents, key)
            tmp.chmod(0o755)  # mkdtemp makes it private; the cache is shared by the user's processes
            os.replace(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return target


def _build(recipe: MicroRecipe, out: Path, progress: bool, documents, key: str) -> None:
    import torch
    from transformers import LlamaForCausalLM

    started = time.perf_counter()
    if documents is None:
        documents = pretraining_documents(recipe)
    documents = {lang: list(texts) for lang, texts in documents.items() if texts}
    texts = [t for lang in sorted(documents) for t in documents[lang]]
    tokenizer = train_tokenizer(texts, recipe.vocab_size)
    stream, per_lang = _token_stream(documents, tokenizer, recipe.seed)

    torch.manual_seed(recipe.seed)
    model = LlamaForCausalLM(_model_config(recipe, tokenizer))
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    pretrain_started = time.perf_counter()
    losses = pretrain(model, stream, recipe, progress)
    pretrain_seconds = time.perf_counter() - pretrain_started

    model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    total = sum(per_lang.values())
    info = {
        "name": "micro",
        "key": key,
        "recipe": asdict(recipe),
        "build_version": BUILD_VERSION,
        "parameters": sum(p.numel() for p in model.parameters()),
        "pretraining": {
            "languages": {
                lang: {
                    "resource": dict(recipe.profile).get(lang),
                    "documents": len(documents[lang]),
                    "tokens": per_lang[lang],
                    "share": per_lang[lang] / total,
                }
                for lang in sorted(per_lang)
            },
            "text_tokens": total,
            "trained_tokens": recipe.tokens,
            "epochs_over_text": recipe.tokens / total,
            "loss_first": losses[0],
            "loss_last": sum(losses[-20:]) / len(losses[-20:]),
            "seconds": pretrain_seconds,
            "tokens_per_second": recipe.tokens / pretrain_seconds,
        },
        "build_seconds": time.perf_counter() - started,
    }
    (out / "xlt_base.json").write_text(json.dumps(info, indent=2, ensure_ascii=False) + "\n")


def base_info(path: str | Path) -> dict | None:
    """The xlt_base.json of a micro base directory, or None for other models."""
    f = Path(path) / "xlt_base.json"
    return json.loads(f.read_text()) if f.exists() else None
