"""Log-likelihood of continuations given contexts, as lm-evaluation-harness computes it, in batches.

Same tokenization as lm-eval (trailing context spaces move to the continuation; the continuation's
tokens are those of context+continuation after the context's), same sum of log-probs and `is_greedy`.
Faster: rows are left-padded so every continuation ends the row, and the LM head is applied only to
the last positions (`logits_to_keep`) instead of the whole sequence. Requests that share a context
(the options of one multiple-choice item) run that context once: its last position scores every
option's first token, and each option's remaining tokens run on the context's cached keys and values
(`past_key_values`, copied per option), so the context's tokens are computed once per item. Each
position's log-softmax is taken a few positions at a time, so that a block stays in cache.
"""

from __future__ import annotations

import copy
import inspect

import torch
import torch.nn.functional as F

from xlt.evaluate.models import LoadedModel, encode, load_model


def encode_pair(tokenizer, context: str, continuation: str) -> tuple[list[int], list[int]]:
    """lm-eval's `_encode_pair` for causal models."""
    n_spaces = len(context) - len(context.rstrip())
    if n_spaces:
        continuation = context[-n_spaces:] + continuation
        context = context[:-n_spaces]
    if not context:  # lm-eval conditions an empty context on a prefix token (BOS, else EOS)
        prefix = tokenizer.bos_token_id if tokenizer.bos_token_id is not None else tokenizer.eos_token_id
        return [prefix], tokenizer(continuation, add_special_tokens=False)["input_ids"]
    whole = encode(tokenizer, context + continuation)
    ctx = encode(tokenizer, context)
    return ctx, whole[len(ctx) :]


@torch.inference_mode()
def score_options(model_ref, requests: list[tuple[str, str]], batch_size: int = 32, share_contexts: bool = True) -> list[tuple[float, bool]]:
    """(sum of continuation log-probs, continuation is the greedy one) for each (context, continuation).

    Contexts are used as given: callers format them (`format_prompt`) where a chat format is wanted.
    `share_contexts=False` scores every request on its own row (the same numbers, more compute).
    """
    lm: LoadedModel = load_model(model_ref)
    tok = lm.tokenizer
    max_len = getattr(lm.model.config, "max_position_embeddings", None) or 2048
    pairs = [encode_pair(tok, c, x) for c, x in requests]
    for i, (_, cont) in enumerate(pairs):
        if not cont:
            raise ValueError(f"request {i}: the continuation {requests[i][1]!r} encodes to no tokens")
    groups: dict[tuple[int, ...], list[int]] = {}
    for i, (ctx, cont) in enumerate(pairs):
        groups.setdefault(tuple(ctx), []).append(i)
    # A context shared by several options, none of them truncated (lm-eval keeps the last max_len
    # tokens of context + continuation; a truncated row no longer starts with the whole context).
    shared = [
        idx for ctx, idx in groups.items()
        if share_contexts and len(idx) > 1 and all(len(ctx) + len(pairs[i][1]) - 1 <= max_len for i in idx)
    ]
    results: list[tuple[float, bool] | None] = [None] * len(pairs)
    if shared:
        _score_shared(lm, pairs, shared, batch_size, results)
    alone = [i for i, r in enumerate(results) if r is None]
    _score_rows(lm, pairs, alone, batch_size, max_len, results)
    return results


def _score_rows(lm: LoadedModel, pairs, todo: list[int], batch_size: int, max_len: int, results: list) -> None:
    """One left-padded row per request: context + continuation, minus its last token."""
    tok, model = lm.tokenizer, lm.model
    inputs = {i: (pairs[i][0] + pairs[i][1])[-(max_len + 1) :][:-1] for i in todo}
    order = sorted(todo, key=lambda i: -len(inputs[i]))
    keep_arg = "logits_to_keep" in inspect.signature(model.forward).parameters
    pad = tok.pad_token_id if tok.pad_token_id is not None else 0
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        width = max(len(inputs[i]) for i in idx)
        keep = max(len(pairs[i][1]) for i in idx)
        ids = torch.full((len(idx), width), pad, dtype=torch.long)
        mask = torch.zeros((len(idx), width), dtype=torch.long)
        for row, i in enumerate(idx):
            ids[row, width - len(inputs[i]) :] = torch.tensor(inputs[i])
            mask[row, width - len(inputs[i]) :] = 1
        positions = (mask.cumsum(-1) - 1).clamp(min=0)
        kwargs = {"logits_to_keep": keep} if keep_arg else {}
        logits = model(
            input_ids=ids.to(lm.device),
            attention_mask=mask.to(lm.device),
            position_ids=positions.to(lm.device),
            use_cache=False,
            **kwargs,
        ).logits[:, -keep:, :]
        segments = [((row + 1) * keep - len(pairs[i][1]), pairs[i][1]) for row, i in enumerate(idx)]
        for i, scored in zip(idx, _segment_scores(logits, segments)):
            results[i] = scored


def _score_shared(lm: LoadedModel, pairs, groups: list[list[int]], batch_size: int, results: list) -> None:
    """Each context once, then every option's continuation on a copy of the context's cache.

    Contexts are left-padded (batched longest first, at most `batch_size` options a batch); the
    continuations, minus their last token, are right-padded after them, at the positions they hold in
    lm-eval's unpadded row, in one or two parts by length (`_parts_by_length`). Token t of a
    continuation is scored by the position before it: the context's last position for the first
    token, the continuation's own positions for the rest. Requests left unscored (a model whose cache
    cannot be copied per option) stay None for the caller to score one row each.
    """
    tok, model = lm.tokenizer, lm.model
    keep_arg = "logits_to_keep" in inspect.signature(model.forward).parameters
    pad = tok.pad_token_id if tok.pad_token_id is not None else 0
    order = sorted(groups, key=lambda idx: -len(pairs[idx[0]][0]))
    batches, current = [], []
    for idx in order:
        if current and sum(map(len, current)) + len(idx) > batch_size:
            batches.append(current)
            current = []
        current.append(idx)
    if current:
        batches.append(current)
    for batch in batches:
        ctxs = [pairs[idx[0]][0] for idx in batch]
        width = max(map(len, ctxs))
        ids = torch.full((len(batch), width), pad, dtype=torch.long)
        mask = torch.zeros((len(batch), width), dtype=torch.long)
        for row, ctx in enumerate(ctxs):
            ids[row, width - len(ctx) :] = torch.tensor(ctx)
            mask[row, width - len(ctx) :] = 1
        out = model(
            input_ids=ids.to(lm.device),
            attention_mask=mask.to(lm.device),
            position_ids=(mask.cumsum(-1) - 1).clamp(min=0).to(lm.device),
            use_cache=True,
            **({"logits_to_keep": 1} if keep_arg else {}),
        )
        if not hasattr(out.past_key_values, "reorder_cache"):
            return  # a cache that cannot be copied per option: the rest go one row per request
        first = out.logits[:, -1, :]  # (contexts, vocab): scores every option's first token
        rows = [(b, i) for b, idx in enumerate(batch) for i in idx]
        for (_, i), scored in zip(rows, _segment_scores(first, [(b, pairs[i][1][:1]) for b, i in rows])):
            results[i] = scored
        rows.sort(key=lambda bi: len(pairs[bi[1]][1]))  # by length, so a part pads little
        parts = _parts_by_length([len(pairs[i][1]) - 1 for _, i in rows])
        for part in parts:
            sub = rows[part]
            tails = [pairs[i][1][:-1] for _, i in sub]
            span = len(tails[-1])
            if not span:
                continue
            src = torch.tensor([b for b, _ in sub], device=lm.device)
            cache = copy.deepcopy(out.past_key_values) if len(parts) > 1 else out.past_key_values
            cache.reorder_cache(src)  # one copy of its context's keys and values per option
            tail_ids = torch.full((len(sub), span), pad, dtype=torch.long)
            tail_mask = torch.zeros((len(sub), span), dtype=torch.long)
            for r, tail in enumerate(tails):
                tail_ids[r, : len(tail)] = torch.tensor(tail, dtype=torch.long)
                tail_mask[r, : len(tail)] = 1
            start = torch.tensor([len(ctxs[b]) for b, _ in sub])[:, None]
            logits = model(
                input_ids=tail_ids.to(lm.device),
                attention_mask=torch.cat([mask.to(lm.device)[src], tail_mask.to(lm.device)], dim=1),
                position_ids=(start + torch.arange(span)).to(lm.device),
                past_key_values=cache,
                use_cache=True,
                **({"logits_to_keep": span} if keep_arg else {}),
            ).logits  # (options, span, vocab): position j scores continuation token j + 1
            segments = [(r * span, pairs[i][1][1:]) for r, (_, i) in enumerate(sub)]
            for (_, i), (total, greedy) in zip(sub, _segment_scores(logits, segments)):
                results[i] = (results[i][0] + total, results[i][1] and greedy)


def _parts_by_length(lengths: list[int]) -> list[slice]:
    """Rows sorted by length, in one part or two: two where that pads at least a tenth fewer
    positions (the options of an item often differ in length; each part pads to its longest)."""
    n, whole = len(lengths), len(lengths) * lengths[-1]
    cost = {k: k * lengths[k - 1] + (n - k) * lengths[-1] for k in range(1, n)}
    k = min(cost, key=cost.get, default=None)
    return [slice(0, k), slice(k, n)] if k is not None and cost[k] <= 0.9 * whole else [slice(0, n)]


def _segment_scores(logits: torch.Tensor, segments: list[tuple[int, list[int]]]) -> list[tuple[float, bool]]:
    """(sum of log-softmax at `tokens`, each token the argmax) for each (start, tokens): the tokens
    scored by consecutive positions of `logits` flattened to (positions, vocab), from `start`.

    On CPU a few positions at a time, as views: a block stays in cache, where one log-softmax over
    every position of a batch is memory-bound (3-4x slower with a 32k vocabulary); padding is skipped.
    """
    flat = logits.reshape(-1, logits.shape[-1])
    out = []
    for start, tokens in segments:
        step = 16 if flat.device.type == "cpu" else max(1, len(tokens))
        t = torch.tensor(tokens, dtype=torch.long, device=flat.device)[:, None]
        total, greedy = 0.0, True
        for s in range(0, len(tokens), step):
            want = t[s : s + step]
            block = F.log_softmax(flat[start + s : start + s + len(want)].float(), dim=-1)
            total += float(block.gather(-1, want).sum())
            greedy = greedy and bool((block.argmax(-1) == want[:, 0]).all())
        out.append((total, greedy))
    return out
