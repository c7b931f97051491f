"""The evaluation entry the run pipeline calls: items in, one scored row per item and metric out.

Items are a table (id, lang, task, prompt, response = gold or null, and for multiple choice `options`
with `gold` or the gold option as `response`, optionally per-option `contexts`/`continuations`; `set`
names what the item is reported under, its task by default).
Generation tasks are generated in one batched call, scored by their metrics (`tasks.TASK_METRICS`),
and LID-gated; multiple-choice tasks are scored by option log-likelihood. The result is long:
id, lang, task, set, prompt, output, lid, metric, value, truncated — written as items.parquet, so every
number can get a bootstrap interval and two runs can be compared item by item.

A prompt longer than the model's context (less the tokens to generate) is cut in the middle, or its
item skipped (`long_prompts`): cutting the middle keeps both ends, where an instruction sits (before
the text, "Summarize: ...", or after it, "... TL;DR") and where a news article states its point (its
lead, which XLSum's summaries come from); cutting the left end, as lm-eval does for log-likelihoods,
would drop exactly those.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from xlt.chat import format_prompt
from xlt.evaluate import tasks as task_table
from xlt.evaluate.engines import HFEngine
from xlt.evaluate.generate import Decoding
from xlt.evaluate.models import encode, load_model
from xlt.evaluate.options import score_options
from xlt.evaluate.scorers import choice_metrics
from xlt.errors import InputError

ITEM_SCHEMA = {
    "id": pl.String, "lang": pl.String, "task": pl.String, "set": pl.String, "prompt": pl.String, "output": pl.String,
    "lid": pl.String, "metric": pl.String, "value": pl.Float64, "truncated": pl.Boolean,
}
LONG_PROMPTS = ("truncate", "skip")
CUT_MARK = " … "  # where the middle of a cut prompt was


def evaluate(model, items: pl.DataFrame, metrics: dict[str, tuple[str, ...]] | None = None,
             decoding: Decoding | dict | None = None, judge: str = "rule", lid: bool = True,
             option_format: str = "chat", batch_size: int = 32, judge_scale: int = 3,
             judge_template: str | None = None, judge_workers: int = 8,
             trust_remote_code: bool = False, long_prompts: str = "truncate",
             max_prompt_tokens: int | None = None, seed: int = 0, engine=None) -> pl.DataFrame:
    """Score `model` on `items`; long table of per-item metric values (see module docstring).

    model: "micro", a path, a hub id or a LoadedModel. metrics: task -> metric names, overriding
    `tasks.TASK_METRICS`. option_format: "chat" wraps multiple-choice contexts with `format_prompt`
    (what SFT saw), "raw" scores lm-eval's zero-shot contexts as they are.
    LID adds per item `fidelity` (1 when the output is in the prompt's language) and `<metric>_gated`.
    trust_remote_code: load a model that ships its own code (only when the study asks for it).
    long_prompts: "truncate" (cut the middle) or "skip" a prompt longer than the model's context less
    max_new_tokens, or than max_prompt_tokens; a skipped item has no rows, a cut one `truncated` true.
    seed: seeds sampling (decoding temperature > 0); batch_size: prompts per forward pass.
    engine: what generates (engines.py; default: transformers on `model`).
    """
    decoding = decoding if isinstance(decoding, Decoding) else Decoding.from_dict(decoding)
    if option_format not in ("chat", "raw"):
        raise InputError(f"option_format {option_format!r}; expected 'chat' or 'raw'", key="option_format")
    if long_prompts not in LONG_PROMPTS:
        raise InputError(f"long_prompts {long_prompts!r}; expected 'truncate' or 'skip'", key="long_prompts")
    for col in ("id", "lang", "task", "prompt"):
        if col not in items.columns:
            raise InputError(f"items table lacks column {col!r}; expected id, lang, task, prompt, response", key=col)
    rows = items.to_dicts()
    for r in rows:
        r.setdefault("response", None)
        r["set"] = r.get("set") or r["task"]
        for k in ("options", "gold", "contexts", "continuations"):
            r.setdefault(k, None)
    lm = load_model(model, trust_remote_code=trust_remote_code)
    choice = [r for r in rows if r["options"]]
    gen = [r for r in rows if not r["options"]]
    out: list[dict] = []
    if choice:
        out += _score_choice(lm, choice, option_format, batch_size)
    if gen:
        limit = prompt_limit(lm, decoding.max_new_tokens, max_prompt_tokens)
        gen = [r for r in (_fit(lm.tokenizer, r, limit, long_prompts) for r in gen) if r is not None]
        out += _score_generated(engine or HFEngine(lm), gen, metrics, decoding, judge, lid, judge_scale, judge_template, judge_workers, seed, batch_size)
    return pl.DataFrame(out, schema=ITEM_SCHEMA)


def model_context(lm) -> int | None:
    """Tokens the model can attend to: its position table, else its tokenizer's limit; None when neither says
    (ALiBi models such as BLOOM have no table)."""
    config = lm.model.config
    for name in ("max_position_embeddings", "n_positions", "seq_length"):
        if isinstance(getattr(config, name, None), int):
            return getattr(config, name)
    limit = getattr(lm.tokenizer, "model_max_length", None)
    return limit if isinstance(limit, int) and limit < 10**7 else None


def prompt_limit(lm, max_new_tokens: int, max_prompt_tokens: int | None = None) -> int | None:
    """The most tokens a formatted prompt may take: the context less the answer's room, or a lower cap."""
    context = model_context(lm)
    limits = [x for x in (None if context is None else context - max_new_tokens, max_prompt_tokens) if x is not None]
    if limits and min(limits) < 1:
        raise InputError(f"max_new_tokens {max_new_tokens} leaves no room for a prompt in the model's context of {context} tokens",
                         key="decoding.max_new_tokens")
    return min(limits) if limits else None


def _fit(tok, r: dict, limit: int | None, mode: str) -> dict | None:
    """The item with its prompt fitting `limit` tokens once formatted (cut in the middle), or None to skip it."""
    n = len(encode(tok, format_prompt(tok, r["prompt"]))) if limit is not None else 0
    if limit is None or n <= limit:
        return r
    if mode == "skip":
        return None
    ids = tok(r["prompt"], add_special_tokens=False)["input_ids"]
    keep = len(ids) - (n - limit) - len(tok(CUT_MARK, add_special_tokens=False)["input_ids"])
    while keep > 0:  # decoding and re-encoding may merge tokens otherwise: shrink until it fits
        head = (keep + 1) // 2
        tail = tok.decode(ids[len(ids) - (keep - head):]) if keep > head else ""
        text = tok.decode(ids[:head]).rstrip("\ufffd") + CUT_MARK + tail.lstrip("\ufffd")  # no half character at a cut
        n = len(encode(tok, format_prompt(tok, text)))
        if n <= limit:
            return {**r, "prompt": text, "truncated": True}
        keep -= n - limit
    return None  # the prompt format alone takes the whole context


def prompt_fit(items: pl.DataFrame, scored: pl.DataFrame) -> pl.DataFrame:
    """Per set and language: items given, prompts cut to fit the context, items skipped (given, not scored)."""
    given = items.with_columns(pl.col("set") if "set" in items.columns else pl.col("task").alias("set"))
    given = given.group_by("set", "lang").agg(pl.col("id").n_unique().alias("items"))
    kept = scored.group_by("set", "lang").agg(
        pl.col("id").n_unique().alias("kept"), pl.col("id").filter(pl.col("truncated")).n_unique().alias("truncated"))
    out = given.join(kept, on=["set", "lang"], how="left").with_columns(pl.col("kept", "truncated").fill_null(0))
    return out.select("set", "lang", "items", "truncated", (pl.col("items") - pl.col("kept")).alias("skipped")).sort("set", "lang")


def _gold_index(r: dict) -> int:
    options = list(r["options"])
    if r.get("gold") is not None:
        gold = int(r["gold"])
    elif r.get("response") in options:
        gold = options.index(r["response"])
    else:
        raise InputError(f"multiple-choice item {r['id']} has neither `gold` nor a `response` among its options",
                         key=f"id {r['id']}")
    if not 0 <= gold < len(options):
        raise InputError(f"gold {gold} out of range for {len(options)} options", key=f"id {r['id']}")
    return gold


def _score_choice(lm, rows: list[dict], option_format: str, batch_size: int) -> list[dict]:
    requests, spans = [], []
    for r in rows:
        options = list(r["options"])
        contexts = list(r["contexts"] or [r["prompt"]] * len(options))
        conts = list(r["continuations"] or [(" " if option_format == "raw" else "") + o for o in options])
        if option_format == "chat":  # the response follows the prompt format directly, as in SFT
            contexts = [format_prompt(lm.tokenizer, c) for c in contexts]
            conts = [c.lstrip(" ") for c in conts]
        spans.append((len(requests), len(options)))
        requests += list(zip(contexts, conts, strict=True))
    scored = score_options(lm, requests, batch_size=batch_size)
    out = []
    for r, (start, k) in zip(rows, spans, strict=True):
        lls, greedy = zip(*scored[start : start + k], strict=True)
        options = list(r["options"])
        gold = _gold_index(r)
        values = choice_metrics(lls, options, gold, greedy)
        metrics = task_table.metrics_for(r["task"]) if r["task"] in task_table.TASK_METRICS else task_table.OPTION_METRICS
        picked = options[max(range(k), key=lambda i: lls[i])]
        for m in metrics:
            if m in values:
                out.append(_row(r, picked, None, m, values[m]))
    return out


def _score_generated(engine, rows, metrics, decoding, judge, lid, judge_scale, judge_template, judge_workers, seed, batch_size) -> list[dict]:
    outputs = engine.generate([r["prompt"] for r in rows], decoding, seed=seed, batch_size=batch_size)
    if lid:
        from xlt.evaluate import lid as lidmod

        lids = lidmod.detect(outputs)
    else:
        lids = [None] * len(rows)
    out = []
    judged, paired = [], []
    for r, text, found in zip(rows, outputs, lids, strict=True):
        try:
            names = task_table.metrics_for(r["task"], metrics)
        except KeyError as exc:
            raise InputError(str(exc.args[0]), key=f"id {r['id']}") from None
        in_lang = float(found == task_table.ANSWER_LANG.get(r["task"], r["lang"]))
        if lid:
            out.append(_row(r, text, found, "fidelity", in_lang))
        for m in names:
            if m in task_table.SXS_METRICS:
                paired.append((r, text, found))
                continue
            if m in task_table.JUDGE_METRICS:
                judged.append((r, text, found))
                continue
            if m not in task_table.RESPONSE_METRICS:
                raise InputError(f"metric {m!r} cannot score generated text", key=f"task {r['task']}")
            if r["response"] is None:
                raise InputError(f"item {r['id']} ({r['lang']}) has no gold response for {m}", key=f"id {r['id']}")
            try:
                value = task_table.RESPONSE_METRICS[m](text, r["response"])
            except ValueError as exc:
                raise InputError(str(exc), key=f"id {r['id']}") from None
            out.append(_row(r, text, found, m, value))
            if lid:
                out.append(_row(r, text, found, f"{m}_gated", value * in_lang))
    if judged:
        out += _judge_rows(judged, judge, lid, judge_scale, judge_template, judge_workers)
    if paired:
        out += _sxs_rows(paired, judge, lid, judge_workers)
    return out


def _sxs_rows(paired, judge, lid, workers) -> list[dict]:
    """`win_rate` of each response against the item's reference answer (both orders); gated: a response not
    in the item's language loses."""
    from xlt.evaluate import judges

    pairs = [judges.Pair(str(r["id"]), r["lang"], r["prompt"], text, r["response"], None, r["task"]) for r, text, _ in paired]
    result = judges.judge_sxs(pairs, judges.make_judge(judge), workers=workers)
    value = {"win": 1.0, "tie": 0.5, "loss": 0.0, None: None}
    out = []
    for (r, text, found), outcome in zip(paired, result.outcomes, strict=True):
        v = value[outcome]
        out.append(_row(r, text, found, "win_rate", v))
        if lid:
            out.append(_row(r, text, found, "win_rate_gated", None if v is None else v * (found == r["lang"])))
    return out


def _judge_rows(judged, judge, lid, scale, template, workers) -> list[dict]:
    from xlt.evaluate import judges

    items = [judges.Item(str(r["id"]), r["lang"], r["prompt"], text, r["response"], r["task"]) for r, text, _ in judged]
    tpl = judges.load_template("single", template, scale=scale) if template else None
    result = judges.judge_single(items, judges.make_judge(judge, lid=lid), scale=scale, template=tpl, workers=workers, lid=lid)
    out = []
    for (r, text, found), rating in zip(judged, result.ratings, strict=True):
        out.append(_row(r, text, found, "judge", rating))
        if lid:
            out.append(_row(r, text, found, "judge_gated", None if rating is None else rating * (found == r["lang"])))
    return out


def _row(r: dict, output: str, lid: str | None, metric: str, value) -> dict:
    return {"id": str(r["id"]), "lang": r["lang"], "task": r["task"], "set": r["set"], "prompt": r["prompt"], "output": output,
            "lid": lid, "metric": metric, "value": None if value is None else float(value), "truncated": bool(r.get("truncated"))}


def summarize(scored: pl.DataFrame) -> dict[str, dict[str, float]]:
    """{lang: {metric: mean over items, ..., robustness_<m>: m − m_gated, "n": items}} (nulls skipped)."""
    out: dict[str, dict[str, float]] = {}
    means = scored.group_by("lang", "metric").agg(pl.col("value").mean().alias("mean")).sort("lang", "metric")
    for lang, metric, mean in means.iter_rows():
        out.setdefault(lang, {})[metric] = mean
    for lang, values in out.items():
        for m in [m for m in values if f"{m}_gated" in values]:
            values[f"robustness_{m}"] = values[m] - values[f"{m}_gated"]
        values["n"] = scored.filter(pl.col("lang") == lang).select("id", "task").n_unique()
    return out


def write_items(scored: pl.DataFrame, path: str | Path) -> Path:
    """items.parquet, written atomically."""
    from xlt.store import write_parquet

    return write_parquet(scored, path)


def benchmark_items(bench_items) -> pl.DataFrame:
    """BenchItems as the `evaluate` table."""
    schema = {"id": pl.String, "lang": pl.String, "task": pl.String, "prompt": pl.String, "response": pl.String,
              "options": pl.List(pl.String), "gold": pl.Int64, "contexts": pl.List(pl.String),
              "continuations": pl.List(pl.String)}
    return pl.DataFrame([b.row() for b in bench_items], schema=schema)
