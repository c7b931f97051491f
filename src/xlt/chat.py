"""How a corpus row becomes model text: one function for training and evaluation alike.

A model whose tokenizer has a chat template (Qwen-Instruct, the micro model) is prompted through it;
a plain base model gets the Alpaca-style format Chen et al. used. Training and evaluation must agree,
so both call `format_prompt`.
"""

from __future__ import annotations

ALPACA_PROMPT = (
    "Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n"
    "### Instruction:\n{prompt}\n\n### Response:\n"
)


def format_prompt(tokenizer, prompt: str) -> str:
    """The text a model sees before its answer: the chat template's user turn plus generation prompt."""
    if getattr(tokenizer, "chat_template", None):
        return tokenizer.apply_chat_template(
            [{"role": "user", "content": prompt}], tokenize=False, add_generation_prompt=True
        )
    return ALPACA_PROMPT.format(prompt=prompt)


def format_completion(tokenizer, response: str) -> str:
    """The answer text a model is trained to produce, ended by the end-of-sequence token."""
    return response + (tokenizer.eos_token or "")
