"""Pretraining text built for cross-lingual transfer: one world, rendered comparably in every language, with bridges.

What makes small models transfer (research/micro-transfer.md): comparable content across languages,
shared anchors (digits, names), a few percent of code-switched and parallel text, question-answer
passages in every language, and text that rewards copying from the context. Each of these is a share
of the documents, set by a `TextRecipe`, so a study can ablate one at a time.

Document i is drawn once from the world (an abstract list of facts, seeded by the recipe seed and i)
and rendered in every language that has more than i documents: the first documents of every
language are translations of one another, and a language with fewer documents holds a prefix of
the same content. Kinds follow a fixed interleaved schedule, so every prefix - every language -
holds each kind within one document of its share.

Kinds:
- story: a few sentences about a person, the city, the day, money and time, then a vocabulary sentence;
- qa: one story sentence, then 3-5 in-language question-answer passages (read a count off, one-step sums);
- copy: passages where a count is stated once among distractors and asked back, and key-value lists
  recalled by key (the skill a model needs to read a number out of its prompt);
- code_switch: a document whose sentences alternate between the language and a partner language
  (English for the others, another language for English), its word lists in the partner's words;
- translation: short pairs, the same sentence in the language and then in the partner, one per line;
- repeat: a random run of the language's words and numbers, then the same run again (the plainest
  text that rewards copying: induction heads form on it first; share 0 unless a recipe asks).
`shared_names` is the probability that a document's person carries one Latin-script name in every
language (a shared anchor) instead of the language's own name for it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from xlt.corpus.micro import instruct, render, typology, world
from xlt.corpus.micro.parallel import LANGUAGES, RESOURCE_PROFILE, lang
from xlt.errors import InputError

KINDS = ("story", "qa", "copy", "code_switch", "translation", "repeat")
SHARED_NAMES = ("Anna", "Tom", "Emma", "Jack", "Lucy", "Sam", "Mia", "Ben")  # one index per world name


class TextRecipe(BaseModel):
    """What the pretraining text holds: languages and amounts, and the share of each kind of document."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    seed: int = 0
    profile: dict[str, str] = dict(RESOURCE_PROFILE)  # language -> high | mid | low
    units: dict[str, int] = {"high": 4, "mid": 2, "low": 1}  # documents per level, in units of docs_per_unit
    english_units: int = 10  # English as the dominant language (a dominant language helps the rare ones)
    docs_per_unit: int = 2000
    shares: dict[str, float] = {"story": 0.15, "qa": 0.52, "copy": 0.18, "code_switch": 0.10, "translation": 0.05}
    shared_names: float = 0.15

    @field_validator("profile")
    @classmethod
    def _languages(cls, profile):
        known = LANGUAGES + tuple(typology.LADDER)
        bad = [code for code in profile if code not in known]
        if bad or not profile:
            raise ValueError(f"languages {bad or 'none'} are not in the micro world; expected some of {', '.join(known)}")
        return dict(sorted(profile.items()))

    @model_validator(mode="after")
    def _consistent(self):
        levels = [lv for lv in self.profile.values() if lv not in self.units]
        if levels:
            raise ValueError(f"profile levels {sorted(set(levels))} have no entry in units {sorted(self.units)}")
        if any(u < 0 for u in self.units.values()) or self.english_units < 0 or self.docs_per_unit < 1:
            raise ValueError("units, english_units must be >= 0 and docs_per_unit >= 1")
        unknown = [k for k in self.shares if k not in KINDS]
        if unknown:
            raise ValueError(f"unknown document kinds {unknown} in shares; expected some of {', '.join(KINDS)}")
        if any(v < 0 for v in self.shares.values()) or abs(sum(self.shares.values()) - 1) > 1e-6:
            raise ValueError(f"shares must be >= 0 and sum to 1, got {sum(self.shares.values()):.4f}")
        if not 0 <= self.shared_names <= 1:
            raise ValueError(f"shared_names is a probability, got {self.shared_names}")
        return self

    def documents_for(self, code: str) -> int:
        units = self.english_units if code == "en" else self.units[self.profile[code]]
        return units * self.docs_per_unit


def schedule(shares: dict[str, float], n: int) -> list[str]:
    """n kinds, interleaved so every prefix holds each kind within one of its share (the most-behind kind next)."""
    kinds = [k for k in KINDS if shares.get(k, 0) > 0]
    counts = dict.fromkeys(kinds, 0)
    out = []
    for i in range(n):
        kind = max(kinds, key=lambda k: ((i + 1) * shares[k] - counts[k], -kinds.index(k)))
        counts[kind] += 1
        out.append(kind)
    return out


# --- abstract facts: drawn once, rendered in any language ---------------------------------------------


@dataclass(frozen=True)
class Fact:
    kind: str  # story | qa_read | qa_add | vocab | kv
    data: tuple  # what the kind needs, language-independent


def _pairs(rng: random.Random, k: int, lo: int, hi: int) -> tuple[tuple[str, int], ...]:
    objs = rng.sample(world.OBJECTS, k)
    counts = rng.sample(range(lo, hi + 1), k)  # distinct: the asked count is stated once
    return tuple(zip(objs, counts, strict=True))


def _story_fact(rng: random.Random, n_story: int) -> Fact:
    args = world.event_args(rng)
    return Fact("story", (rng.randrange(n_story), tuple(sorted(args.items())), _pairs(rng, rng.randint(2, 3), 3, 99)))


def _qa_read(rng: random.Random, k: int) -> Fact:
    pairs = _pairs(rng, k, *world.COUNT_RANGE)
    return Fact("qa_read", (pairs, rng.choice(pairs)[0]))


def _qa_add(rng: random.Random) -> Fact:
    lo, hi = world.DIGIT_RANGE
    return Fact("qa_add", (rng.choice(world.OBJECTS), rng.randint(lo, hi), rng.randint(lo, hi)))


def _vocab_fact(rng: random.Random, n_prose: int) -> Fact:
    words = tuple((cat, tuple(rng.sample(ws, rng.randint(2, 5)))) for cat, ws in world.CATEGORIES.items())
    return Fact("vocab", (rng.randrange(n_prose), words, rng.randint(3, 5), rng.choice(world.WORD_KEYS), rng.randint(2, 5)))


def _repeat_fact(rng: random.Random) -> Fact:
    run = tuple(rng.choice(world.WORD_KEYS) if rng.random() < 0.6 else rng.randrange(10, 100) for _ in range(rng.randint(4, 10)))
    return Fact("repeat", (run,))


def _kv_fact(rng: random.Random) -> Fact:
    keys = rng.sample(world.WORD_KEYS, rng.randint(3, 6))
    values = rng.sample(range(10, 1000), len(keys))
    return Fact("kv", (tuple(zip(keys, values, strict=True)), rng.randrange(len(keys))))


@dataclass(frozen=True)
class Doc:
    kind: str
    name: int  # index into a language's names
    shared_name: bool
    facts: tuple[Fact, ...]
    partner: int  # a draw that picks the partner language of code_switch / translation documents
    switch: tuple[bool, ...]  # per fact: render in the partner language (code_switch)


def draw(kind: str, rng: random.Random, shared_names: float, n_story: int, n_prose: int) -> Doc:
    """The abstract document of one kind (every language renders the same one)."""
    name, shared = rng.randrange(world.N_NAMES), rng.random() < shared_names
    if kind == "story":
        facts = [_story_fact(rng, n_story) for _ in range(rng.randint(2, 4))] + [_vocab_fact(rng, n_prose)]
    elif kind == "copy":
        facts = [_qa_read(rng, rng.randint(2, 3)) if rng.random() < 0.6 else _kv_fact(rng) for _ in range(rng.randint(2, 4))]
    elif kind == "repeat":
        facts = [_repeat_fact(rng) for _ in range(rng.randint(2, 4))]
    elif kind == "translation":
        facts = [_story_fact(rng, n_story) if rng.random() < 0.5 else _qa_read(rng, 2) for _ in range(rng.randint(2, 4))]
    else:  # qa, code_switch
        facts = [_story_fact(rng, n_story)]
        facts += [_qa_read(rng, rng.randint(2, 3)) if rng.random() < 0.75 else _qa_add(rng) for _ in range(rng.randint(3, 5))]
        if kind == "code_switch":
            facts.append(_vocab_fact(rng, n_prose))
    switch = tuple(rng.random() < 0.5 for _ in facts)
    return Doc(kind, name, shared, tuple(facts), rng.randrange(1 << 30), switch)


# --- rendering ------------------------------------------------------------------------------------------


def _name(lg: render.Lang, index: int, shared: bool) -> dict:
    native = lg.names[index]
    if not shared:
        return native
    latin = SHARED_NAMES[index]
    out = dict(native)
    for key, value in native.items():
        if key == "name":
            out[key] = latin
        elif key.startswith("name_"):  # an inflected form: keep its affix where the stem is visible
            out[key] = value.replace(native["name"], latin) if native["name"] in value else latin
    return out


def render_fact(fact: Fact, code: str, name: dict, words_from: str | None = None) -> str:
    """One fact as a sentence (or passage) in the language; `words_from` writes word lists in another language.

    A language of the typology ladder writes the fact in English, then transforms it (typology.py).
    """
    if code in typology.LADDER:
        return typology.apply(code, render_fact(fact, "en", name, words_from))
    if words_from in typology.LADDER:
        words_from = "en"
    lg, ilg = lang(code), instruct.lang(code)
    if fact.kind == "story":
        t, args, pairs = fact.data
        slots = {**render.api_slots(lg, dict(args)), **lg.read_slots(pairs, pairs[0][0])}
        return lg.story[t].format(**name, **slots)
    if fact.kind == "qa_read":
        pairs, ask = fact.data
        n = dict(pairs)[ask]
        return lg.qa_read[0].format(**name, **lg.read_slots(pairs, ask, n))
    if fact.kind == "qa_add":
        obj, a, b = fact.data
        return lg.qa_add[0].format(**name, **lg.arith_slots(obj, a, b, a + b))
    if fact.kind == "kv":
        pairs, ask = fact.data
        wl = instruct.lang(words_from) if words_from else ilg
        listed = "; ".join(f"{wl.words[k]} {v}" for k, v in pairs)
        key, value = pairs[ask]
        return f"{listed}. {wl.words[key]}: {value}."
    if fact.kind == "repeat":
        wl = instruct.lang(words_from) if words_from else ilg
        run = " ".join(wl.words[x] if isinstance(x, str) else str(x) for x in fact.data[0])
        return f"{run} | {run}."
    t, words, n_numbers, repeat, times = fact.data  # vocab
    wl = instruct.lang(words_from) if words_from else ilg
    slots = {f"{cat}s": ilg.join_words([wl.words[w] for w in ws]) for cat, ws in words}
    slots["numbers"] = ilg.join_words(list(ilg.numbers[:n_numbers]))
    slots["repeat"] = (" " if ilg.spaced else ilg.sep).join([wl.words[repeat]] * times)
    return ilg.prose[t].format(**name, **slots)


def _lang(code: str) -> render.Lang:
    """The rendering language: English for the ladder's synthetic languages (they transform English)."""
    return lang("en" if code in typology.LADDER else code)


def partner_of(code: str, doc: Doc, languages: tuple[str, ...]) -> str:
    """English for every other language (three times in four), else another language of the text."""
    others = [c for c in languages if c != code]
    if code != "en" and "en" in languages and doc.partner % 4:
        return "en"
    return others[doc.partner % len(others)] if others else code


def render_doc(doc: Doc, code: str, languages: tuple[str, ...]) -> str:
    """The document in one language (code_switch and translation documents bring in the partner language)."""
    lg = _lang(code)
    if doc.kind in ("code_switch", "translation"):
        other = partner_of(code, doc, languages)
        name, other_name = _name(lg, doc.name, doc.shared_name), _name(_lang(other), doc.name, doc.shared_name)
        if doc.kind == "translation":
            return "\n".join(f"{render_fact(f, code, name)}\n{render_fact(f, other, other_name)}" for f in doc.facts)
        parts = []
        for fact, switch in zip(doc.facts, doc.switch, strict=True):
            if fact.kind == "vocab":  # a sentence of the language with the partner's words in its lists
                parts.append(render_fact(fact, code, name, words_from=other))
            else:
                parts.append(render_fact(fact, other, other_name) if switch else render_fact(fact, code, name))
        return " ".join(parts)
    name = _name(lg, doc.name, doc.shared_name)
    return lg.sep.join(render_fact(f, code, name) for f in doc.facts)


def documents(recipe: TextRecipe) -> dict[str, list[str]]:
    """Documents per language of the recipe's profile: document i of every language renders the same facts."""
    codes = tuple(c for c in LANGUAGES + tuple(typology.LADDER) if c in recipe.profile)
    sizes = {c: recipe.documents_for(c) for c in codes}
    n = max(sizes.values(), default=0)
    kinds = schedule(recipe.shares, n)
    n_story, n_prose = len(lang("en").story), len(instruct.lang("en").prose)
    out: dict[str, list[str]] = {c: [] for c in codes}
    for i, kind in enumerate(kinds):
        doc = draw(kind, random.Random(f"xlt.micro.transfer:{recipe.seed}:{i}"), recipe.shared_names, n_story, n_prose)
        for code in codes:
            if i < sizes[code]:
                out[code].append(render_doc(doc, code, codes))
    return {c: docs for c, docs in out.items() if docs}


def load_text_recipe(data: dict, source: str | None = None) -> TextRecipe:
    """A TextRecipe from plain data; InputError naming the key on bad input."""
    from pydantic import ValidationError

    from xlt.schema import first_error

    try:
        return TextRecipe.model_validate(data)
    except ValidationError as exc:
        key, message = first_error(exc)
        raise InputError(message, source=source, key=key or None) from None
