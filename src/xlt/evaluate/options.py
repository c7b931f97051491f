"""Log-likelihood of continuations given contexts, as lm-evaluation-harness computes it, in batches.

Same tokenization as lm-eval (trailing context spaces move to the continuation; the continuation's
tokens are those of context+continuation after the context's), same sum of log-probs and `is_greedy`.
Faster: rows are left-padded so every continuation ends the row, and the LM head is applied only to
the last positions (`logits_to_keep`) instead of the whole sequence.
"""

from __future__ import annotations

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
def score_options(model_ref, requests: list[tuple[str, str]], batch_size: int = 32) -> list[tuple[float, bool]]:
    """(sum of continuation log-probs, continuation is the greedy one) for each (context, continuation).

    Contexts are used as given: callers format them (`format_prompt`) where a chat format is wanted.
    """
    lm: LoadedModel = load_model(model_ref)
    tok, model = lm.tokenizer, lm.model
    max_len = getattr(model.config, "max_position_embeddings", None) or 2048
    pairs = [encode_pair(tok, c, x) for c, x in requests]
    for i, (_, cont) in enumerate(pairs):
        if not cont:
            raise ValueError(f"request {i}: the continuation {requests[i][1]!r} encodes to no tokens")
    inputs = [(ctx + cont)[-(max_len + 1) :][:-1] for ctx, cont in pairs]
    order = sorted(range(len(pairs)), key=lambda i: -len(inputs[i]))
    keep_arg = "logits_to_keep" in inspect.signature(model.forward).parameters
    pad = tok.pad_token_id if tok.pad_token_id is not None else 0
    results: list[tuple[float, bool]] = [(0.0, False)] * len(pairs)
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
        logprobs = F.log_softmax(logits.float(), dim=-1)
        for row, i in enumerate(idx):
            cont = torch.tensor(pairs[i][1], device=lm.device)
            lp = logprobs[row, keep - len(cont) :]
            greedy = bool((lp.argmax(-1) == cont).all())
            results[i] = (float(lp.gather(-1, cont[:, None]).sum()), greedy)
    return results
