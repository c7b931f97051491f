"""Pretraining text of the micro world: plain documents per language, as many as its resource level says.

Documents tell short stories about the world's people, objects, cities, days, times and money, and
hold plain question-answer passages in prose (a purchase, then "How many cups does Anna buy?
Anna buys 30 cups."), as web text does: a tiny model learned the micro tasks only when its
pretraining held such passages. The templates are the languages' STORY/QA_* lists, never the SFT
prompt templates, and the random stream is separate from the SFT ids', so no SFT item appears verbatim.
Each document then gets one sentence of the `instruct` task's vocabulary (langs_instruct PROSE:
a shopping list of fruits, animals on a farm, colours, counting in words, a parrot repeating a word),
drawn from a stream of their own so the documents' first part stays what it was.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping

from xlt.corpus.micro import instruct, render, world
from xlt.corpus.micro.parallel import LANGUAGES, RESOURCE_PROFILE, lang
from xlt.errors import InputError

LEVELS = {"high": 4, "mid": 2, "low": 1}  # documents per unit of DOCS_PER_UNIT
DOCS_PER_UNIT = 110  # ~3.3 MB (UTF-8) of text for the default profile at scale 1.0 (question-answer passages dominate)


def _check_profile(profile) -> dict[str, str]:
    if not isinstance(profile, Mapping):
        raise InputError(f"the resource profile must map language codes to levels, got {profile!r}", key="profile")
    for code, level in profile.items():
        if code not in LANGUAGES:
            raise InputError(
                f"language {code!r} is not in the micro world; expected some of {', '.join(LANGUAGES)}",
                key=f"profile.{code}",
            )
        if level not in LEVELS:
            raise InputError(f"unknown resource level {level!r}; expected one of {', '.join(LEVELS)}", key=f"profile.{code}")
    return dict(profile)


def pretraining_documents(
    profile: dict[str, str] | None = None, seed: int = 0, scale: float = 1.0
) -> dict[str, list[str]]:
    """Documents per language of the profile (default RESOURCE_PROFILE); languages left out get none.

    high : mid : low = 4 : 2 : 1 documents; scale multiplies every amount (at least one document each).
    """
    profile = _check_profile(RESOURCE_PROFILE if profile is None else profile)
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not math.isfinite(scale) or scale <= 0:
        raise InputError(f"scale must be a positive number, got {scale!r}", key="scale")
    out = {}
    for code in LANGUAGES:
        if code in profile:
            rng = random.Random(f"xlt.micro.pretraining:{seed}:{code}")
            vocab_rng = random.Random(f"xlt.micro.pretraining.instruct:{seed}:{code}")
            n = max(1, round(LEVELS[profile[code]] * DOCS_PER_UNIT * scale))
            lg, ilg = lang(code), instruct.lang(code)
            out[code] = [lg.sep.join((document(lg, rng), *vocab_sentences(lg, ilg, vocab_rng))) for _ in range(n)]
    return out


def _pairs(rng: random.Random) -> tuple[tuple[str, int], ...]:
    objs = rng.sample(world.OBJECTS, rng.randint(2, 3))
    return tuple((o, rng.randint(*world.COUNT_RANGE)) for o in objs)


def _world_slots(lg: render.Lang, rng: random.Random) -> dict:
    args = world.event_args(rng)
    pairs = _pairs(rng)
    return {**render.api_slots(lg, args), **lg.read_slots(pairs, pairs[0][0])}


def document(lg: render.Lang, rng: random.Random) -> str:
    """One or two story sentences about one person, then several question-answer passages in prose.

    The passages carry the skill the tasks test (reading a count off a sentence, one-step sums); a
    2M-parameter model pretrained for minutes on 18 languages learns it only when they dominate the
    text (measured: with one or two per document it read off 0% of counts zero-shot).
    """
    name = lg.names[rng.randrange(len(lg.names))]
    parts = [t.format(**name, **_world_slots(lg, rng)) for t in rng.sample(lg.story, rng.randint(1, 2))]
    for _ in range(rng.randint(3, 5)):
        if rng.random() < 3 / 4:
            pairs = _pairs(rng)
            obj, n = rng.choice(pairs)
            parts.append(rng.choice(lg.qa_read).format(**name, **lg.read_slots(pairs, obj, n)))
        else:
            obj = rng.choice(world.OBJECTS)
            a, b = rng.randint(*world.DIGIT_RANGE), rng.randint(*world.DIGIT_RANGE)
            parts.append(rng.choice(lg.qa_add).format(**name, **lg.arith_slots(obj, a, b, a + b)))
    return lg.sep.join(parts)


def vocab_sentences(lg: render.Lang, ilg: instruct.InstructLang, rng: random.Random) -> list[str]:
    """A sentence listing category words, counting in words, or repeating a word."""
    name = lg.names[rng.randrange(len(lg.names))]
    out = []
    for template in rng.sample(ilg.prose, 1):
        slots = {f"{cat}s": ilg.items(rng.sample(words, rng.randint(2, 5)))
                 for cat, words in world.CATEGORIES.items()}
        slots["numbers"] = ilg.join_words(list(ilg.numbers[: rng.randint(3, len(ilg.numbers))]))
        word = ilg.words[rng.choice(world.WORD_KEYS)]
        slots["repeat"] = (" " if ilg.spaced else ilg.sep).join([word] * rng.randint(2, 5))
        out.append(template.format(**name, **slots))
    return out
