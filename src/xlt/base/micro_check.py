"""The gates of a micro base, measured before any SFT: `xlt micro check`.

If a base cannot read a number back out of its context, or keeps the languages apart in its hidden
states, SFT will not transfer either (research/micro-transfer.md), so both are measured on the base:

- copy: a passage states 2-3 counts once each (two digits, distinct), asks for one of them, and
  begins the answer; the base must continue with the asked count's digits (greedy, which with
  single-digit tokens equals every digit being the argmax after the true prefix). Per language.
- retrieval: the same N sentences of the world in English and in another language; each sentence in
  the language is matched to the English sentence nearest by cosine between mean-pooled hidden states
  (each language's mean removed), top-1 over a pool of N. Per language, at a layer fixed in advance
  (the middle one) and at every layer.

Gates (issue 16): copy >= 0.8 on average and >= 0.5 in every language; retrieval top-1 >= 0.5 on average.
"""

from __future__ import annotations

import random

from xlt.corpus.micro import transfer
from xlt.corpus.micro.parallel import LANGUAGES, lang

GATES = {"copy_mean": 0.8, "copy_min": 0.5, "retrieval_mean": 0.5}


def copy_items(code: str, n: int, seed: int = 0) -> list[tuple[str, str]]:
    """(prompt, digits) pairs: a passage stating counts once, asking one back, cut before its digits."""
    rng = random.Random(f"xlt.micro.check.copy:{seed}")  # the same facts in every language
    lg = lang(code)
    out = []
    for _ in range(n):
        pairs = transfer._pairs(rng, rng.randint(2, 3), 10, 99)
        ask = rng.choice(pairs)[0]
        name = lg.names[rng.randrange(len(lg.names))]
        text = transfer.render_fact(transfer.Fact("qa_read", (pairs, ask)), code, name)
        digits = str(dict(pairs)[ask])
        cut = text.rfind(digits)
        out.append((text[:cut], digits))
    return out


def parallel_sentences(codes: tuple[str, ...], n: int, seed: int = 0) -> dict[str, list[str]]:
    """n distinct sentences of the world (distinct in English), rendered in every language of codes."""
    rng = random.Random(f"xlt.micro.check.retrieval:{seed}")
    n_story = len(lang("en").story)
    facts, seen = [], set()
    for _ in range(n * 50):
        if len(facts) == n:
            break
        fact = transfer._story_fact(rng, n_story) if rng.random() < 0.6 else transfer._qa_read(rng, 2)
        name = rng.randrange(len(lang("en").names))
        en = transfer.render_fact(fact, "en", lang("en").names[name])
        if en not in seen:
            seen.add(en)
            facts.append((fact, name))
    return {c: [transfer.render_fact(f, c, lang(c).names[i]) for f, i in facts] for c in codes}


def _copy_accuracy(model, tokenizer, items, batch_size: int = 64) -> float:
    import torch

    eos = tokenizer.eos_token_id
    rows = []
    for prompt, digits in items:
        p = [eos] + tokenizer(prompt, add_special_tokens=False)["input_ids"]
        t = tokenizer(digits, add_special_tokens=False)["input_ids"]
        rows.append((p, t))
    correct = 0
    for i in range(0, len(rows), batch_size):
        chunk = rows[i : i + batch_size]
        width = max(len(p) + len(t) for p, t in chunk)
        ids = torch.full((len(chunk), width), tokenizer.pad_token_id, dtype=torch.long)
        mask = torch.zeros_like(ids)
        for r, (p, t) in enumerate(chunk):
            ids[r, : len(p) + len(t)] = torch.tensor(p + t)
            mask[r, : len(p) + len(t)] = 1
        with torch.no_grad():
            pred = model(input_ids=ids, attention_mask=mask).logits.argmax(-1)
        for r, (p, t) in enumerate(chunk):
            got = pred[r, len(p) - 1 : len(p) - 1 + len(t)].tolist()
            correct += got == t
    return correct / len(rows)


def _embeddings(model, tokenizer, texts: list[str], batch_size: int = 64):
    """Mean-pooled hidden states of every layer: a tensor (layers + 1, len(texts), hidden)."""
    import torch

    enc = [tokenizer(t, add_special_tokens=False)["input_ids"][: model.config.max_position_embeddings] for t in texts]
    order = sorted(range(len(enc)), key=lambda i: len(enc[i]))
    out = [None] * len(enc)
    for i in range(0, len(order), batch_size):
        idx = order[i : i + batch_size]
        width = max(len(enc[j]) for j in idx)
        ids = torch.full((len(idx), width), tokenizer.pad_token_id, dtype=torch.long)
        mask = torch.zeros_like(ids)
        for r, j in enumerate(idx):
            ids[r, : len(enc[j])] = torch.tensor(enc[j])
            mask[r, : len(enc[j])] = 1
        with torch.no_grad():
            hidden = model(input_ids=ids, attention_mask=mask, output_hidden_states=True).hidden_states
        stack = torch.stack(hidden)  # layers+1, batch, seq, hidden
        m = mask[None, :, :, None].float()
        pooled = (stack * m).sum(2) / m.sum(2)
        for r, j in enumerate(idx):
            out[j] = pooled[:, r]
    return torch.stack(out, dim=1)


def _top1(queries, pool) -> float:
    import torch

    q = queries - queries.mean(0, keepdim=True)
    k = pool - pool.mean(0, keepdim=True)
    q = torch.nn.functional.normalize(q, dim=-1)
    k = torch.nn.functional.normalize(k, dim=-1)
    hits = (q @ k.T).argmax(-1) == torch.arange(len(q))
    return hits.float().mean().item()


def check(model, tokenizer, languages=LANGUAGES, copy_n: int = 100, pool: int = 1000, seed: int = 0) -> dict:
    """Copy accuracy per language and retrieval top-1 (each language against English); gates passed or not."""
    import torch

    codes = tuple(c for c in LANGUAGES if c in languages)
    model.eval()
    copy = {c: round(_copy_accuracy(model, tokenizer, copy_items(c, copy_n, seed)), 4) for c in codes}
    sentences = parallel_sentences(tuple(dict.fromkeys(("en", *codes))), pool, seed)
    emb = {c: _embeddings(model, tokenizer, s) for c, s in sentences.items()}
    n_layers = emb["en"].shape[0]
    layer = n_layers // 2
    by_layer = {c: [round(_top1(emb[c][i], emb["en"][i]), 4) for i in range(n_layers)] for c in codes if c != "en"}
    retrieval = {c: v[layer] for c, v in by_layer.items()}
    copy_mean = sum(copy.values()) / len(copy)
    ret_mean = sum(retrieval.values()) / len(retrieval) if retrieval else float("nan")
    layer_means = [round(sum(v[i] for v in by_layer.values()) / max(1, len(by_layer)), 4) for i in range(n_layers)]
    return {
        "copy": {"per_language": copy, "mean": round(copy_mean, 4), "min": min(copy.values()), "items": copy_n},
        "retrieval": {
            "per_language": retrieval,
            "mean": round(ret_mean, 4),
            "layer": layer,
            "mean_by_layer": layer_means,
            "pool": len(sentences["en"]),
            "chance": round(1 / len(sentences["en"]), 6),
        },
        "gates": {
            "copy_mean": copy_mean >= GATES["copy_mean"],
            "copy_min": min(copy.values()) >= GATES["copy_min"],
            "retrieval_mean": bool(retrieval) and ret_mean >= GATES["retrieval_mean"],
        },
        "threads": torch.get_num_threads(),
    }
