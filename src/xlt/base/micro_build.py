"""Build the transfer micro base from scratch, resumably: `xlt micro build`.

A build is a function of its `BuildRecipe` (text, model, training): the text comes from
`xlt.corpus.micro.transfer`, the tokenizer and the model from `xlt.base.micro`. Everything lands in
one folder, each file written under a temporary name and renamed, so a build killed at any moment
resumes where its last checkpoint left it:

    recipe.json      the recipe (a resume with another recipe is refused)
    tokenizer/       trained once on a language-balanced sample of the text
    stream.npy       the token stream; stream.json: tokens per language
    checkpoint.pt    model, optimizer and step, every `checkpoint_every` steps (tensors only)
    final/           weights (safetensors), tokenizer, xlt_base.json with the recipe and the weights' digest

Blocks are drawn by a permutation per pass over the stream, seeded by (seed, pass), so which block a
step trains on depends on the step alone and a resumed build trains on the same blocks.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from xlt.corpus.micro.transfer import TextRecipe
from xlt.errors import InputError
from xlt.store import canonical_json, write_atomic, write_json

BUILD_VERSION = 1
SHIPPED = Path(__file__).parent / "micro_weights"  # the "micro" base the package ships (may be absent)
# "micro-large": the same text, tokenizer and trained tokens, about twice the parameters, so model size is an axis
SHIPPED_LARGE = Path(__file__).parent / "micro_large_weights"
MICRO_BASES = ("micro", "micro-large")  # the base names that mean shipped micro weights, smallest first
TOKENIZER_SAMPLE = 4000  # documents per language the tokenizer is trained on (balanced across languages)


class ModelRecipe(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    vocab_size: int = 2048
    hidden_size: int = 128
    num_layers: int = 4
    num_heads: int = 4
    intermediate_size: int = 384
    max_position: int = 512


class TrainRecipe(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    steps: int = 6000
    batch_size: int = 16
    context_length: int = 128
    learning_rate: float = 2e-3
    warmup_steps: int = 200
    weight_decay: float = 0.1
    seed: int = 0
    checkpoint_every: int = 100
    # rsqrt: warmup then peak * sqrt(warmup / step), which does not depend on `steps`, so the checkpoint
    # of step k is exactly the build of a recipe with steps = k (a long build can be cut where time ends).
    schedule: Literal["rsqrt", "cosine"] = "rsqrt"


class BuildRecipe(BaseModel):
    """Text, model and training of a micro base; its key names what a build folder holds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: TextRecipe = TextRecipe()
    model: ModelRecipe = ModelRecipe()
    train: TrainRecipe = TrainRecipe()

    def key(self) -> str:
        return hashlib.sha256(canonical_json({"recipe": self.model_dump(), "build": BUILD_VERSION}).encode()).hexdigest()[:16]

    @property
    def tokens(self) -> int:
        return self.train.steps * self.train.batch_size * self.train.context_length


def parse_recipe(data: dict, source: str = "<recipe>") -> BuildRecipe:
    from xlt.schema import first_error

    try:
        recipe = BuildRecipe.model_validate(data)
    except ValidationError as exc:
        key, message = first_error(exc)
        raise InputError(message, source=source, key=key) from None
    if recipe.model.hidden_size % recipe.model.num_heads:
        raise InputError(f"hidden_size {recipe.model.hidden_size} is not a multiple of num_heads", source=source, key="model")
    return recipe


def load_recipe(path: str | Path | None) -> BuildRecipe:
    """The recipe in a TOML or JSON file (default: the shipped recipe, else the defaults)."""
    if path is None:
        shipped = shipped_info()
        return parse_recipe(shipped["recipe"], "shipped recipe") if shipped else BuildRecipe()
    path = Path(path)
    try:
        text = path.read_text()
        data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except FileNotFoundError:
        raise InputError("no such file", source=str(path)) from None
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"not valid {'JSON' if path.suffix == '.json' else 'TOML'}: {exc}", source=str(path)) from None
    return parse_recipe(data, str(path))


def shipped_dir(name: str = "micro") -> Path:
    """Where the package keeps the weights of a shipped micro base (`MICRO_BASES`)."""
    if name not in MICRO_BASES:
        raise InputError(f"unknown micro base {name!r}; expected one of {', '.join(MICRO_BASES)}", key="base")
    return SHIPPED if name == "micro" else SHIPPED_LARGE


def shipped_info(name: str = "micro") -> dict | None:
    f = shipped_dir(name) / "xlt_base.json"
    return json.loads(f.read_text()) if f.exists() else None


def shipped_base(name: str = "micro", profile: dict[str, str] | None = None, progress: bool = True) -> Path:
    """A shipped micro base; with a pretraining `profile`, its recipe rebuilt on that profile (long, once).

    A package without the "micro" weights (a development checkout mid-build) falls back to the small
    quick recipe; the larger base has no such fallback.
    """
    shipped = shipped_info(name)
    if shipped is None:
        if name != "micro":
            raise InputError(f"this package ships no {name} weights (expected {shipped_dir(name)})", key="base")
        from xlt.base.micro import MicroRecipe, build_micro_base

        return build_micro_base(MicroRecipe(profile=profile) if profile else MicroRecipe(), progress=progress)
    if not profile:
        return shipped_dir(name)
    recipe = parse_recipe(shipped["recipe"], f"shipped {name} recipe")
    recipe = recipe.model_copy(update={"text": recipe.text.model_copy(update={"profile": dict(profile)})})
    return build_cached(recipe, progress=progress)


def weights_digest(state_dict) -> str:
    """sha256 over the weights' names, dtypes, shapes and bytes in name order (independent of file layout)."""
    h = hashlib.sha256()
    for name in sorted(state_dict):
        t = state_dict[name].detach().contiguous().cpu()
        h.update(f"{name}|{t.dtype}|{tuple(t.shape)}\0".encode())
        h.update(t.numpy().tobytes())
    return h.hexdigest()


# --- stages ---------------------------------------------------------------------------------------


def _stage_recipe(out: Path, recipe: BuildRecipe, resume: bool) -> None:
    f = out / "recipe.json"
    if f.exists():
        old = json.loads(f.read_text())
        if not resume:
            raise InputError("holds a build already; pass --resume to continue it or choose another --out", source=str(out))
        if old.get("key") != recipe.key():
            raise InputError(f"holds a build of another recipe (key {old.get('key')}, this one {recipe.key()})", source=str(out))
        return
    write_json(f, {"key": recipe.key(), "recipe": recipe.model_dump(), "build_version": BUILD_VERSION})


def _stage_text(out: Path, recipe: BuildRecipe, log):
    """Tokenizer and token stream, each made once."""
    import numpy as np

    from xlt.base.micro import train_tokenizer
    from xlt.corpus.micro.transfer import documents

    tok_dir, stream_f = out / "tokenizer", out / "stream.npy"
    if (tok_dir / "tokenizer.json").exists() and (out / "stream.json").exists():  # stream.json is written last
        from transformers import AutoTokenizer

        return AutoTokenizer.from_pretrained(tok_dir), np.load(stream_f), json.loads((out / "stream.json").read_text())
    started = time.perf_counter()
    docs = documents(recipe.text)
    log(f"text: {sum(map(len, docs.values())):,} documents in {time.perf_counter() - started:.1f} s")
    sample = [t for code in sorted(docs) for t in docs[code][:TOKENIZER_SAMPLE]]
    tokenizer = train_tokenizer(sample, recipe.model.vocab_size)
    tmp = Path(tempfile.mkdtemp(prefix=".tokenizer-", dir=out))
    tokenizer.save_pretrained(tmp)
    tmp.chmod(0o755)  # mkdtemp makes it private
    shutil.rmtree(tok_dir, ignore_errors=True)
    os.replace(tmp, tok_dir)

    pairs = [(code, text) for code in sorted(docs) for text in docs[code]]
    import random

    random.Random(recipe.train.seed).shuffle(pairs)
    eos = tokenizer.eos_token_id
    dtype = np.uint16 if len(tokenizer) < 65536 else np.int32
    chunks, per_lang = [], {}
    for i in range(0, len(pairs), 2000):  # numpy chunks: tens of millions of tokens as Python ints would take GBs
        chunk = pairs[i : i + 2000]
        stream = []
        for (code, _), ids in zip(chunk, tokenizer([t for _, t in chunk], add_special_tokens=False)["input_ids"], strict=True):
            stream.extend(ids)
            stream.append(eos)
            per_lang[code] = per_lang.get(code, 0) + len(ids) + 1
        chunks.append(np.asarray(stream, dtype=dtype))
    arr = np.concatenate(chunks)
    tmp_f = out / f".stream.{os.getpid()}.npy"
    np.save(tmp_f, arr)
    os.replace(tmp_f, stream_f)
    info = {"tokens": int(arr.size), "languages": per_lang, "documents": {c: len(d) for c, d in docs.items()}}
    write_json(out / "stream.json", info)
    log(f"tokens: {arr.size:,} in {time.perf_counter() - started:.1f} s")
    return tokenizer, arr, info


def _blocks(stream, context: int):
    import torch

    n = len(stream) // context
    return torch.from_numpy(stream[: n * context].astype("int64")).view(n, context)


class _Sampler:
    """The blocks of step s: sample j = s*batch + b is block perm[pass](j mod n), pass = j // n."""

    def __init__(self, n: int, batch: int, seed: int):
        self.n, self.batch, self.seed, self.perms = n, batch, seed, {}

    def _perm(self, p: int):
        import torch

        if p not in self.perms:
            self.perms = {p: torch.randperm(self.n, generator=torch.Generator().manual_seed(self.seed * 1_000_003 + p))}
        return self.perms[p]

    def indices(self, step: int):
        import torch

        j = torch.arange(step * self.batch, (step + 1) * self.batch)
        passes, offsets = j // self.n, j % self.n
        return torch.stack([self._perm(int(p))[int(o)] for p, o in zip(passes, offsets, strict=True)])


def lr_at(step: int, train: TrainRecipe) -> float:
    """Linear warmup, then peak * sqrt(warmup / step) (rsqrt) or cosine down to a tenth of the peak."""
    if step < train.warmup_steps:
        return train.learning_rate * (step + 1) / train.warmup_steps
    if train.schedule == "rsqrt":
        return train.learning_rate * math.sqrt(train.warmup_steps / (step + 1))
    frac = (step - train.warmup_steps) / max(1, train.steps - train.warmup_steps)
    return train.learning_rate * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, frac))))


def _save_checkpoint(path: Path, model, opt, step: int, losses: list[float], seconds: float) -> None:
    import torch

    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "losses": losses, "seconds": seconds}, tmp)
    os.replace(tmp, path)


def _train(out: Path, recipe: BuildRecipe, tokenizer, stream, log, stop_after: int | None):
    import torch
    from transformers import LlamaForCausalLM

    from xlt.base.micro import _model_config

    train = recipe.train
    data = _blocks(stream, train.context_length)
    if len(data) < train.batch_size:
        raise InputError(f"the text has {len(stream)} tokens, fewer than one batch of {train.batch_size} blocks", key="text")
    torch.manual_seed(train.seed)
    device = "cuda" if torch.cuda.is_available() else "cpu"  # a GPU builds the same recipe in minutes
    model = LlamaForCausalLM(_model_config(recipe.model, tokenizer)).to(device)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": train.weight_decay}, {"params": no_decay, "weight_decay": 0.0}],
        lr=train.learning_rate,
        betas=(0.9, 0.95),
    )
    ckpt = out / "checkpoint.pt"
    step, losses, seconds = 0, [], 0.0
    if ckpt.exists():
        state = torch.load(ckpt, weights_only=True, map_location=device)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        step, losses, seconds = state["step"], list(state["losses"]), state["seconds"]
        log(f"resumed at step {step}")
    sampler = _Sampler(len(data), train.batch_size, train.seed)
    model.train()
    last = time.perf_counter()
    end = train.steps if stop_after is None else min(train.steps, step + stop_after)
    while step < end:
        batch = data[sampler.indices(step)].to(device)
        for group in opt.param_groups:
            group["lr"] = lr_at(step, train)
        loss = model(input_ids=batch, labels=batch, use_cache=False).loss
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(round(loss.item(), 4))
        step += 1
        if step % train.checkpoint_every == 0 or step == end:
            now = time.perf_counter()
            seconds += now - last
            last = now
            _save_checkpoint(ckpt, model, opt, step, losses, seconds)
            tail = losses[-train.checkpoint_every :]
            log(f"step {step}/{train.steps} loss {sum(tail) / len(tail):.3f} "
                f"{step * train.batch_size * train.context_length / max(seconds, 1e-9):,.0f} tokens/s overall")
    model.eval()
    return model.cpu(), step, losses, seconds


def _finish(out: Path, recipe: BuildRecipe, tokenizer, model, losses, seconds, stream_info) -> tuple[Path, str]:
    digest = weights_digest(model.state_dict())
    final = out / "final"
    tmp = Path(tempfile.mkdtemp(prefix=".final-", dir=out))
    model.generation_config.eos_token_id = tokenizer.eos_token_id
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    model.save_pretrained(tmp, safe_serialization=True)
    tokenizer.save_pretrained(tmp)
    total = stream_info["tokens"]
    info = {
        "name": "micro",
        "key": recipe.key(),
        "recipe": recipe.model_dump(),
        "build_version": BUILD_VERSION,
        "digest": digest,
        "parameters": sum(p.numel() for p in model.parameters()),
        "pretraining": {
            "languages": {
                code: {"resource": "high" if code == "en" else recipe.text.profile.get(code), "tokens": n, "share": n / total}
                for code, n in sorted(stream_info["languages"].items())
            },
            "text_tokens": total,
            "trained_tokens": recipe.tokens,
            "epochs_over_text": recipe.tokens / total,
            "loss_first": losses[0],
            "loss_last": sum(losses[-20:]) / len(losses[-20:]),
            "seconds": seconds,
            "tokens_per_second": recipe.tokens / max(seconds, 1e-9),
        },
    }
    write_atomic(tmp / "xlt_base.json", json.dumps(info, indent=2, ensure_ascii=False) + "\n")
    tmp.chmod(0o755)
    shutil.rmtree(final, ignore_errors=True)
    os.replace(tmp, final)
    return final, digest


def build(
    recipe: BuildRecipe,
    out: str | Path,
    resume: bool = False,
    log=lambda _msg: None,
    stop_after: int | None = None,
) -> dict:
    """Build (or resume) into `out`; returns where the weights are, their digest, and whether it is the shipped one.

    `stop_after` ends the run after that many more steps with a checkpoint (a resumable partial build).
    """
    import torch

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    _stage_recipe(out, recipe, resume)
    tokenizer, stream, stream_info = _stage_text(out, recipe, log)
    model, step, losses, seconds = _train(out, recipe, tokenizer, stream, log, stop_after)
    result = {"out": str(out), "key": recipe.key(), "step": step, "steps": recipe.train.steps,
              "tokens": stream_info["tokens"], "seconds": round(seconds, 1), "threads": torch.get_num_threads()}
    if step < recipe.train.steps:
        return {**result, "finished": False}
    final, digest = _finish(out, recipe, tokenizer, model, losses, seconds, stream_info)
    shipped = _shipped_like(recipe)
    return {
        **result,
        "finished": True,
        "final": str(final),
        "digest": digest,
        "shipped_digest": shipped and shipped.get("digest"),
        "matches_shipped": bool(shipped) and shipped.get("digest") == digest,
    }


def _shipped_like(recipe: BuildRecipe) -> dict | None:
    """The shipped base a build should reproduce: the one whose model recipe it has, else "micro"."""
    infos = [i for i in map(shipped_info, MICRO_BASES) if i]
    same = [i for i in infos if i["recipe"].get("model") == recipe.model.model_dump()]
    return (same or infos or [None])[0]


def cut(src: str | Path, dst: str | Path, steps: int | None = None, log=lambda _msg: None, stop_after: int | None = None) -> dict:
    """Continue, in `dst`, `src`'s build as the build of its recipe with `steps` (default: the last checkpoint's step).

    Only for the rsqrt schedule, whose learning rate does not depend on `steps`: the checkpoint of step
    k of a longer build is then exactly what a build of k steps ends with, so a long build can be cut
    where the time ran out, or a finished one extended, and still ship weights that its recipe rebuilds.
    """
    import torch

    src, dst = Path(src), Path(dst)
    if not (src / "checkpoint.pt").exists():
        raise InputError("no checkpoint to cut at", source=str(src))
    recipe = parse_recipe(json.loads((src / "recipe.json").read_text())["recipe"], str(src / "recipe.json"))
    if recipe.train.schedule != "rsqrt":
        raise InputError("only an rsqrt build can be cut (a cosine schedule depends on its step count)", source=str(src))
    step = torch.load(src / "checkpoint.pt", weights_only=True, map_location="cpu")["step"]
    steps = step if steps is None else steps
    if steps < step:
        raise InputError(f"the last checkpoint is at step {step}, past {steps}", source=str(src))
    short = recipe.model_copy(update={"train": recipe.train.model_copy(update={"steps": steps})})
    if dst.exists() and any(dst.iterdir()):
        raise InputError("is not empty", source=str(dst))
    dst.mkdir(parents=True, exist_ok=True)
    shutil.copytree(src / "tokenizer", dst / "tokenizer")
    for name in ("stream.npy", "stream.json", "checkpoint.pt"):
        shutil.copy2(src / name, dst / name)
    write_json(dst / "recipe.json", {"key": short.key(), "recipe": short.model_dump(), "build_version": BUILD_VERSION})
    return build(short, dst, resume=True, log=log, stop_after=stop_after)


def checkpoint_model(out: str | Path):
    """(model, tokenizer) of a build folder: its final weights, else its last checkpoint."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer, LlamaForCausalLM

    from xlt.base.micro import _model_config

    out = Path(out)
    if (out / "config.json").exists():  # a finished base directory (final/ or a shipped one)
        return AutoModelForCausalLM.from_pretrained(out).eval(), AutoTokenizer.from_pretrained(out)
    if (out / "final" / "config.json").exists():
        return checkpoint_model(out / "final")
    if not (out / "checkpoint.pt").exists():
        raise InputError("neither a micro base nor a build folder with a checkpoint", source=str(out))
    recipe = parse_recipe(json.loads((out / "recipe.json").read_text())["recipe"], str(out / "recipe.json"))
    tokenizer = AutoTokenizer.from_pretrained(out / "tokenizer")
    model = LlamaForCausalLM(_model_config(recipe.model, tokenizer))
    model.load_state_dict(torch.load(out / "checkpoint.pt", weights_only=True, map_location="cpu")["model"])
    return model.eval(), tokenizer


def build_cached(recipe: BuildRecipe, progress: bool = True) -> Path:
    """The final weights of `recipe`, built once under `$XLT_CACHE/base/micro-build-<key>/` (resumed if killed)."""
    import sys

    from filelock import FileLock

    from xlt.store import cache_dir

    out = cache_dir() / "base" / f"micro-build-{recipe.key()}"
    if (out / "final" / "xlt_base.json").exists():
        return out / "final"
    out.parent.mkdir(parents=True, exist_ok=True)
    log = (lambda m: sys.stderr.write(f"micro base {recipe.key()}: {m}\n")) if progress else (lambda _m: None)
    with FileLock(str(out) + ".lock"):
        if not (out / "final" / "xlt_base.json").exists():  # another process may have built it while we waited
            log(f"pretraining {recipe.tokens:,} tokens (a one-off: the shipped base covers the default profile)")
            build(recipe, out, resume=True, log=log)
    return out / "final"
