"""Fixtures for translation tests: a local endpoint, small corpora, a tiny NLLB-style model."""

from __future__ import annotations

import json
import string

import polars as pl
import pytest

from tests.translate.endpoint import Endpoint
from xlt.corpus import COLUMNS

SENTENCES = [
    "the cat eats fish",
    "my dog drinks water every day",
    "the house is very big",
    "my friend reads a book",
    "the small cat has {n} apples and the dog has {m}",
    "how many apples has the cat",
]
CALL = '{{"name": "get_weather", "arguments": {{"city": "Paris", "days": {n}}}}}'


def corpus_rows(n_ids: int = 30, *, broken: int = 0) -> list[dict]:
    """English rows: prompts from SENTENCES, responses a mix of prose with numbers, code and api calls.
    The first `broken` rows hold the endpoint's trigger word, so their numbers get dropped."""
    rows = []
    for i in range(n_ids):
        prompt = SENTENCES[i % len(SENTENCES)].format(n=i, m=i + 1)
        if i < broken:
            prompt = f"BREAKNUM {prompt} {i}"
        if i % 3 == 0:
            response = CALL.format(n=i)
        elif i % 3 == 1:
            response = f"the cat has {i} apples, see https://example.com/{i} and `x = {i}`"
        else:
            response = f"the dog eats fish\n\n```python\nprint({i})\n```"
        rows.append({"id": f"q{i:03d}", "lang": "en", "task": "demo", "prompt": prompt, "response": response, "split": "train"})
    return rows


def corpus_table(n_ids: int = 30, **kw) -> pl.DataFrame:
    return pl.DataFrame(corpus_rows(n_ids, **kw), schema={c: pl.Utf8 for c in COLUMNS})


def write_corpus(path, rows) -> str:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return f"jsonl:{path}"


@pytest.fixture
def endpoint(monkeypatch):
    """A local endpoint (no failures); OPENAI_BASE_URL points at it for the test."""

    def start(**kw) -> Endpoint:
        ep = Endpoint(**kw).__enter__()
        started.append(ep)
        monkeypatch.setenv("OPENAI_BASE_URL", ep.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-key")
        return ep

    started: list[Endpoint] = []
    yield start
    for ep in started:
        ep.__exit__(None, None, None)


NLLB_CODES = ["eng_Latn", "spa_Latn", "fra_Latn", "arb_Arab", "zho_Hans", "zho_Hant", "swh_Latn"]


@pytest.fixture(scope="session")
def tiny_nllb(tmp_path_factory):
    """A random M2M100-architecture model with an NLLB tokenizer over letters, built and saved locally."""
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer

    path = tmp_path_factory.mktemp("tiny-nllb")
    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for ch in ["▁", *string.ascii_letters, *".,?!'"]:  # no digits: the model cannot write a number
        vocab[ch] = len(vocab)
    tok = NllbTokenizer(vocab=vocab, merges=[], extra_special_tokens=NLLB_CODES, src_lang="eng_Latn")
    torch.manual_seed(0)
    cfg = M2M100Config(
        vocab_size=len(tok), d_model=16, encoder_layers=1, decoder_layers=1, encoder_attention_heads=2,
        decoder_attention_heads=2, encoder_ffn_dim=32, decoder_ffn_dim=32, max_position_embeddings=256,
        pad_token_id=1, bos_token_id=0, eos_token_id=2, decoder_start_token_id=2,
    )
    M2M100ForConditionalGeneration(cfg).save_pretrained(path)
    tok.save_pretrained(path)
    return path
