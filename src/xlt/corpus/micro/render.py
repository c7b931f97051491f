"""Turn a language module (langs/<code>.py) into a Lang and fill its templates with an item's slots.

A language module holds its vocabulary and templates as plain data plus a few grammar functions:
NAMES (8 dicts: "name" and any case forms), optional GENDER ({"f"|"m": verb forms}), count(n, obj),
join(phrases), ask(obj) -- or read_slots/arith_slots where the language needs more --, CITY
({city: {"city": ..., "city_in": ...}}), DAY, people(n), minutes(n), optional api_extra(slots),
the SFT templates READ/ADD/SUB/ANSWER/API and the pretraining templates STORY/QA_READ/QA_ADD.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass

from xlt.corpus.micro import world
from xlt.corpus.micro.grammar import cap


@dataclass(frozen=True)
class Lang:
    code: str
    sep: str  # between sentences of a document ("" for zh/ja)
    names: tuple[dict, ...]
    read_slots: Callable  # (pairs, ask_obj, ans) -> dict
    arith_slots: Callable  # (obj, a, b, c) -> dict
    city: dict
    day: dict
    people: Callable[[int], str]
    minutes: Callable[[int], str]
    api_extra: Callable[[dict], dict]
    read: tuple[str, ...]
    add: tuple[str, ...]
    sub: tuple[str, ...]
    answer: tuple[str, ...]
    api: dict
    story: tuple[str, ...]
    qa_read: tuple[str, ...]
    qa_add: tuple[str, ...]


def _default_read_slots(mod):
    count, ask = functools.cache(mod.count), _ask_slots(mod)
    join = mod.join

    def read_slots(pairs, ask_obj, ans=None):
        slots = {"items": join([count(n, o) for o, n in pairs]), **ask(ask_obj)}
        if ans is not None:
            slots["ans"] = count(ans, ask_obj)
        return slots

    return read_slots


def _default_arith_slots(mod):
    count, ask = functools.cache(mod.count), _ask_slots(mod)

    def arith_slots(obj, a, b, c=None):
        slots = {"a": count(a, obj), "b": count(b, obj), "bn": str(b), **ask(obj)}
        if c is not None:
            slots["c"] = count(c, obj)
        return slots

    return arith_slots


def _ask_slots(mod):
    """The question phrase as written mid-sentence and sentence-initially, computed once per object."""
    table = {obj: {"ask": mod.ask(obj), "Ask": cap(mod.ask(obj))} for obj in world.OBJECTS}
    return table.__getitem__


def load(code: str) -> Lang:
    """Compile langs/<code>.py into a Lang, checking that it covers the whole world."""
    mod = importlib.import_module(f"xlt.corpus.micro.langs.{code}")
    gender = getattr(mod, "GENDER", {})
    names = tuple({**n, **gender.get(n.get("g"), {})} for n in mod.NAMES)
    lang = Lang(
        code=code,
        sep=getattr(mod, "SEP", " "),
        names=names,
        read_slots=getattr(mod, "read_slots", None) or _default_read_slots(mod),
        arith_slots=getattr(mod, "arith_slots", None) or _default_arith_slots(mod),
        city={c: {**v, "City": cap(v["city"]), "City_in": cap(v["city_in"])} for c, v in mod.CITY.items()},
        day=mod.DAY,
        people=mod.people,
        minutes=mod.minutes,
        api_extra=getattr(mod, "api_extra", None) or (lambda slots: slots),
        read=tuple(mod.READ),
        add=tuple(mod.ADD),
        sub=tuple(mod.SUB),
        answer=tuple(mod.ANSWER),
        api={f: tuple(t) for f, t in mod.API.items()},
        story=tuple(mod.STORY),
        qa_read=tuple(mod.QA_READ),
        qa_add=tuple(mod.QA_ADD),
    )
    missing = (
        [f"name #{i}" for i in range(len(names), world.N_NAMES)]
        + [c for c in world.CITIES if c not in lang.city]
        + [d for d in world.DAYS if d not in lang.day]
        + [f for f in world.FUNCTIONS if not lang.api.get(f)]
    )
    if missing:
        raise RuntimeError(f"micro language module {code!r} lacks {', '.join(missing)}")
    return lang


def api_slots(lang: Lang, args: dict) -> dict:
    """Slots of one call's canonical arguments in lang (the city in its local name, the day as a phrase)."""
    slots = dict(lang.city[args["city"]]) if "city" in args else {}
    if "day" in args:
        day = lang.day[args["day"]]
        slots["day"], slots["Day"] = day, cap(day)
    if "time" in args:
        slots["time"] = args["time"]
    if "people" in args:
        slots["people"] = lang.people(args["people"])
    if "minutes" in args:
        slots["minutes"] = lang.minutes(args["minutes"])
    if "amount" in args:
        slots["amount"], slots["cur_from"], slots["cur_to"] = str(args["amount"]), args["from"], args["to"]
    return lang.api_extra(slots)


def math_prompt(lang: Lang, item: world.MathItem, pick: int) -> tuple[str, str]:
    """(prompt, response) of a math item in lang; pick chooses the template (and the answer phrasing)."""
    if item.kind == "read":
        templates = lang.read
        slots = lang.read_slots(item.pairs, item.ask)
    else:
        templates = lang.add if item.kind == "add" else lang.sub
        slots = lang.arith_slots(item.ask, item.pairs[0][1], item.b)
    t = pick % len(templates)
    prompt = templates[t].format(**lang.names[item.name], **slots)
    return prompt, lang.answer[t % len(lang.answer)].format(x=item.answer)


def api_prompt(lang: Lang, item: world.ApiItem, pick: int) -> str:
    templates = lang.api[item.function]
    return templates[pick % len(templates)].format(**api_slots(lang, item.args))
