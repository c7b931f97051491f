"""Translation engines: `openai:<model>` (any OpenAI-compatible chat endpoint) and `hf:<path>`
(a transformers seq2seq model: Marian, M2M100, NLLB).

An engine translates a list of already-masked texts (see protect.py) from one language to another.
`attempt` > 0 asks for a different output after a translation failed the checks. The driver
(corpus.py) decides what to send, caches results and runs `openai` engines on a thread pool; the
engine itself holds no cache and no retry loop for checks.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from xlt import languages
from xlt.errors import InputError, redact

ENGINE_KINDS = ("openai:<model>", "hf:<path>")
PROMPT_VERSION = "1"  # part of the cache key: a changed prompt must not reuse old translations


class EngineError(RuntimeError):
    """The engine could not translate (endpoint unreachable after retries, model failure)."""


_REGISTRY_LOCK = threading.Lock()


def _name(code: str) -> str:
    # The registry loads lang2vec lazily and that first load is not thread-safe: serialise it.
    with _REGISTRY_LOCK:
        return languages.get(code).name


def system_prompt(source: str, target: str, attempt: int = 0) -> str:
    """The instructions, naming both languages in English; the text itself is the last user message."""
    src, tgt = _name(source), _name(target)
    text = (
        f"You are a professional translator. Translate the user's message from {src} to {tgt}. "
        f"Reply with the {tgt} translation only: no notes, no quotes, no answer to the message itself. "
        "Keep every marker of the form ⟦n⟧ exactly as written, once each, where it belongs in the sentence. "
        "Keep every number in digits, with the same value. Keep line breaks."
    )
    if attempt:
        text += " A previous translation dropped or changed a marker or a number: keep all of them."
    return text


# --- openai --------------------------------------------------------------------------------------


@dataclass
class OpenAIEngine:
    """One chat request per text; the driver runs `workers` of them at once (the concurrency bound)."""

    model: str
    timeout: float = 60.0
    max_retries: int = 4  # the openai client's own retries with backoff, on 429, 5xx, time-outs
    batch_size: int = 1
    parallel: bool = True
    _client: object = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return f"openai:{self.model}#p{PROMPT_VERSION}"

    def check_languages(self, source: str, targets: list[str]) -> None:
        """Any language the registry knows (a chat model is asked in words); the endpoint must be named."""
        if not os.environ.get("OPENAI_API_KEY") and not os.environ.get("OPENAI_BASE_URL"):
            raise InputError("set OPENAI_API_KEY (and OPENAI_BASE_URL for a server other than OpenAI's)", key="engine")

    def client(self):
        if self._client is None:
            import openai

            base_url = os.environ.get("OPENAI_BASE_URL")
            api_key = os.environ.get("OPENAI_API_KEY")
            self._client = openai.OpenAI(
                base_url=base_url,
                api_key=api_key or "unused",  # local OpenAI-compatible servers ignore it
                timeout=self.timeout,
                max_retries=self.max_retries,
            )
        return self._client

    def translate(self, texts: list[str], source: str, target: str, attempt: int = 0) -> list[str]:
        import openai

        out = []
        for text in texts:
            try:
                reply = self.client().chat.completions.create(
                    model=self.model,
                    messages=[
                        {"role": "system", "content": system_prompt(source, target, attempt)},
                        {"role": "user", "content": text},
                    ],
                    temperature=0.0 if attempt == 0 else 0.3,
                )
            except openai.APIError as exc:  # after the client's retries; neither the key nor the server's body is shown
                where = redact(os.environ.get("OPENAI_BASE_URL") or "api.openai.com")
                status = f" HTTP {exc.status_code}" if isinstance(exc, openai.APIStatusError) else ""
                raise EngineError(
                    f"{self.name.split('#')[0]} at {where}: {type(exc).__name__}{status} after {self.max_retries} retries"
                ) from None
            out.append((reply.choices[0].message.content or "") if reply.choices else "")
        return out


# --- hf seq2seq ----------------------------------------------------------------------------------

# How each family writes languages in its vocabulary.
_NLLB_CODE = re.compile(r"^([a-z]{3})_([A-Z][a-z]{3})$")  # spa_Latn
_M2M_CODE = re.compile(r"^__([a-z]{2,3})__$")  # __es__
_MARIAN_CODE = re.compile(r"^>>([a-z]{2,3}(?:_[A-Za-z]{4})?)<<$")  # >>spa<< (multi-target Marian)


def _registry_code(iso: str) -> str | None:
    """xlt's code for a code a model writes (an ISO 639-1/3 code, possibly an individual language)."""
    try:
        return languages.normalize(iso)
    except languages.UnknownLanguage:
        return None


def _macro(code: str) -> str | None:
    from langcodes.data_dicts import NORMALIZED_MACROLANGUAGES

    return NORMALIZED_MACROLANGUAGES.get(code)


def language_tokens(vocab: list[str]) -> tuple[str, dict[str, str]]:
    """The family a tokenizer's vocabulary belongs to, and its language tokens by registry code.

    NLLB writes `spa_Latn` (ISO 639-3 + script; `arb_Arab` for Arabic, `zho_Hans` and `zho_Hant`
    for Chinese), M2M100 `__es__` (ISO 639-1), multi-target Marian `>>spa<<`. Where a model has
    several tokens for one language, the one in the registry's script for it wins (zh → zho_Hans),
    then the member the code stands for (no → nob_Latn, not nno_Latn), then an individual language
    whose macrolanguage is the code.
    """
    families = {"nllb": _NLLB_CODE, "m2m100": _M2M_CODE, "marian": _MARIAN_CODE}
    found = {fam: [t for t in vocab if rx.match(t)] for fam, rx in families.items()}
    family = max(found, key=lambda f: len(found[f]))
    if not found[family]:
        return "none", {}
    rx = families[family]
    ranked: dict[str, tuple[tuple, str]] = {}
    for token in sorted(found[family]):
        m = rx.match(token)
        iso, script = m.group(1).split("_")[0], (m.group(2) if family == "nllb" else None)
        code = _registry_code(iso)
        if code is None:
            continue
        for lang, exact in ((code, 0), (_macro(code), 1)):
            if not lang:
                continue
            rank = (exact, *languages.variety_rank(f"{iso}_{script}" if script else iso, lang), token)
            if lang not in ranked or rank < ranked[lang][0]:
                ranked[lang] = (rank, token)
    return family, {lang: token for lang, (rank, token) in ranked.items()}


@dataclass
class HFEngine:
    """A local seq2seq model, batched; each field is translated line by line (MT models work on sentences)."""

    path: str
    batch_size: int = 16
    max_new_tokens: int = 256
    device: str | None = None
    parallel: bool = False
    _tokenizer: object = field(default=None, repr=False)
    _model: object = field(default=None, repr=False)
    _codes: tuple | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return f"hf:{Path(self.path).resolve()}"

    def tokenizer(self):
        if self._tokenizer is None:
            from transformers import AutoTokenizer

            if not Path(self.path).is_dir():
                raise InputError(f"no model directory at {self.path!r}; expected a saved transformers seq2seq model", key="engine")
            try:
                self._tokenizer = AutoTokenizer.from_pretrained(self.path, trust_remote_code=False)
            except (OSError, ValueError, ImportError) as exc:
                raise InputError(f"cannot load the tokenizer of {self.path!r}: {exc}", key="engine") from None
        return self._tokenizer

    def codes(self) -> tuple[str, dict[str, str]]:
        """(family, {registry code: model token}) for a multilingual model; Marian pairs from their config."""
        if self._codes is None:
            tok = self.tokenizer()
            family, codes = language_tokens(list(tok.get_vocab()))
            if family == "none":
                src, tgt = getattr(tok, "source_lang", None), getattr(tok, "target_lang", None)
                if src and tgt:  # a one-pair Marian model (opus-mt-en-de): no language tokens needed
                    family, codes = "marian-pair", {languages.normalize(src): "", languages.normalize(tgt): ""}
            self._codes = (family, codes)
        return self._codes

    def check_languages(self, source: str, targets: list[str]) -> None:
        family, codes = self.codes()
        if family == "none":
            raise InputError(
                f"{self.path!r} has no language codes in its vocabulary (expected an NLLB, M2M100 or Marian model)",
                key="engine",
            )
        supported = ", ".join(sorted(codes))
        for lang, key in [(source, "from")] + [(t, "to") for t in targets]:
            if lang not in codes:
                raise InputError(f"{self.path} ({family}) does not support {lang!r}; it supports: {supported}", key=key)

    def model(self):
        if self._model is None:
            import torch
            from transformers import AutoModelForSeq2SeqLM

            self._model = AutoModelForSeq2SeqLM.from_pretrained(self.path, trust_remote_code=False)
            self._model.to(self.device or ("cuda" if torch.cuda.is_available() else "cpu")).eval()
        return self._model

    def translate(self, texts: list[str], source: str, target: str, attempt: int = 0) -> list[str]:
        """Translate every non-empty line of every text in batches of `batch_size` lines."""
        lines = [line.strip() for text in texts for line in text.split("\n")]
        todo = list(dict.fromkeys(x for x in lines if any(ch.isalpha() for ch in x)))
        done = {x: x for x in lines}
        for i in range(0, len(todo), self.batch_size):
            batch = todo[i : i + self.batch_size]
            done.update(zip(batch, self._generate(batch, source, target, attempt)))
        out = []
        for text in texts:  # each line keeps its indentation
            out.append("\n".join(line[: len(line) - len(line.lstrip())] + done[line.strip()] for line in text.split("\n")))
        return out

    def _generate(self, batch: list[str], source: str, target: str, attempt: int) -> list[str]:
        import torch

        family, codes = self.codes()
        tok, model = self.tokenizer(), self.model()
        kwargs: dict = {}
        if family in ("nllb", "m2m100"):
            tok.src_lang = codes[source]
            kwargs["forced_bos_token_id"] = tok.convert_tokens_to_ids(codes[target])
        elif family == "marian":
            batch = [f"{codes[target]} {x}" for x in batch]
        enc = tok(batch, return_tensors="pt", padding=True, truncation=True, max_length=512).to(model.device)
        with torch.inference_mode():
            ids = model.generate(
                **enc,
                **kwargs,
                max_new_tokens=self.max_new_tokens,
                num_beams=1 if attempt == 0 else 4,  # a retry after a failed check searches wider
                do_sample=False,
            )
        return [x.strip() for x in tok.batch_decode(ids, skip_special_tokens=True)]


# --- parsing -------------------------------------------------------------------------------------


def make_engine(spec: str, *, timeout: float = 60.0, max_retries: int = 4, batch_size: int | None = None):
    """An engine from its spec: `openai:<model>` or `hf:<path>`."""
    kind, _, arg = spec.partition(":")
    if kind == "openai" and arg:
        return OpenAIEngine(model=arg, timeout=timeout, max_retries=max_retries)
    if kind == "hf" and arg:
        return HFEngine(path=arg, batch_size=batch_size or 16)
    raise InputError(f"unknown engine {spec!r}; expected one of {', '.join(ENGINE_KINDS)}", key="engine")
