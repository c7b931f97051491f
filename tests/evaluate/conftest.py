"""Tiny local models and tokenizers for evaluation tests: built from scratch, nothing downloaded."""

from __future__ import annotations

import pytest

TEXTS = [
    "The cat sat on the mat because it was tired. Therefore it slept.",
    "El gato se sentó porque estaba cansado. Por lo tanto durmió.",
    "Кошка сидела на коврике, потому что устала.",
    "猫坐在垫子上，因为它累了。所以它睡着了。",
    "القطة جلست على الحصيرة لأنها كانت متعبة.",
    "Paka alikaa kwenye mkeka kwa sababu alikuwa amechoka.",
    "बिल्ली चटाई पर बैठी क्योंकि वह थकी हुई थी।",
    "Answer: 42. Rating: [[3]] [[A]] [[B]] [[C]] 0 1 2 3 4 5 6 7 8 9",
]


# Architecture families transformers ships, as the shipped studies name them (BLOOM, Pythia = GPT-NeoX,
# Aya Expanse = Cohere, Qwen3, ...): the same small shape for each, so a test can swap one for another.
FAMILIES = ("llama", "qwen2", "qwen3", "gemma", "cohere", "bloom", "gpt_neox")


def build_tiny_model(
    directory, hidden: int = 32, layers: int = 2, vocab: int = 400, seed: int = 0, chat: bool = False, family: str = "llama"
):
    """A random causal LM of `family` with a byte-level BPE tokenizer trained on a few sentences; saved to `directory`."""
    import torch
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import AutoConfig, AutoModelForCausalLM, PreTrainedTokenizerFast

    raw = Tokenizer(models.BPE())
    raw.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    raw.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab, special_tokens=["<pad>", "<s>", "</s>"], initial_alphabet=pre_tokenizers.ByteLevel.alphabet()
    )
    raw.train_from_iterator(TEXTS * 5, trainer)
    raw.post_processor = processors.TemplateProcessing(single="<s> $A", special_tokens=[("<s>", raw.token_to_id("<s>"))])
    tok = PreTrainedTokenizerFast(tokenizer_object=raw, bos_token="<s>", eos_token="</s>", pad_token="<pad>")
    if chat:
        tok.chat_template = "{{ bos_token }}{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}\n{% endfor %}{% if add_generation_prompt %}<|assistant|>{% endif %}"
    torch.manual_seed(seed)
    config = AutoConfig.for_model(
        family, vocab_size=len(tok), hidden_size=hidden, intermediate_size=hidden * 2, num_hidden_layers=layers,
        num_attention_heads=4, num_key_value_heads=4, head_dim=hidden // 4, max_position_embeddings=512,
        bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id,
    )  # head_dim explicit: Gemma's and Qwen3's defaults (256, 128) do not fit a tiny hidden size
    model = AutoModelForCausalLM.from_config(config)
    model.save_pretrained(directory)
    tok.save_pretrained(directory)
    return str(directory)


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny_llama"))


@pytest.fixture(scope="session")
def tiny_chat_model(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny_llama_chat"), chat=True, seed=1)
