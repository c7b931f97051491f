"""The language-independent world: objects, cities, days, currencies, functions, and seeded items.

An item is drawn once per id and rendered in every language, so the same id carries the same
numbers and the same JSON call everywhere. Numbers in prompts start at 3: no language then needs
the singular or dual forms that agree badly with a bare digit (Arabic dual, Hebrew "one" after the
noun), while Russian/Czech/Arabic counted forms still change with the number (3 ручки, 5 ручек, 21 ручка).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

# The world's languages, in the order every generator draws them (parallel.py and instruct.py both read it).
LANGUAGES = ("en", "es", "fr", "it", "pt", "de", "cs", "et", "fi", "ru", "zh", "ja", "ko", "ar", "he", "hi", "sw", "tr")
OBJECTS = ("pen", "cup", "book", "apple", "ball", "key", "chair", "flower", "egg", "spoon")
CITIES = ("paris", "london", "berlin", "rome", "madrid", "moscow", "tokyo", "beijing", "istanbul", "lisbon")
DAYS = ("today", "tomorrow", "monday", "friday", "sunday")
CURRENCIES = ("USD", "EUR", "GBP", "JPY", "CNY")
TIMER_MINUTES = (5, 10, 15, 20, 30, 45)
FUNCTIONS = ("get_weather", "set_alarm", "book_table", "call_taxi", "convert_currency", "set_timer")
N_NAMES = 8  # every language lists 8 names; an item picks one by index

MATH_KINDS = ("read", "add", "sub")
MATH_KIND_P = (2 / 3, 1 / 6, 1 / 6)
COUNT_RANGE = (3, 99)  # read-off counts, inclusive
DIGIT_RANGE = (3, 9)  # one-step arithmetic operands, inclusive


@dataclass(frozen=True)
class MathItem:
    kind: str  # read | add | sub
    name: int  # index into a language's NAMES
    pairs: tuple[tuple[str, int], ...]  # (object, count) for read; ((object, a),) for add/sub
    ask: str  # the object asked about
    b: int  # second operand for add/sub (0 for read)
    answer: int


@dataclass(frozen=True)
class ApiItem:
    function: str
    args: dict  # canonical, language-independent values
    call: str  # compact JSON with sorted keys: the response in every language


def clock(hour: int, minute: int) -> str:
    return f"{hour:02d}:{minute:02d}"


def event_args(rng) -> dict:
    """A city, day, time, party size, timer and amount with two currencies: the slots of an api request or a
    story, drawn from a `random.Random` in one fixed order (texts built from them are reproducible)."""
    args = {
        "city": rng.choice(CITIES),
        "day": rng.choice(DAYS),
        "time": clock(rng.randint(6, 22), rng.choice((0, 15, 30, 45))),
        "people": rng.randint(3, 8),
        "minutes": rng.choice(TIMER_MINUTES),
        "amount": 10 * rng.randint(1, 50),
    }
    args["from"], args["to"] = rng.sample(CURRENCIES, 2)
    return args


def call_json(function: str, args: dict) -> str:
    return json.dumps({"arguments": args, "name": function}, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def math_items(n: int, rng: np.random.Generator) -> list[MathItem]:
    """n math items; 2/3 read a stated count off, 1/3 one-step single-digit addition or subtraction."""
    kind = rng.choice(len(MATH_KINDS), size=n, p=MATH_KIND_P)
    name = rng.integers(0, N_NAMES, n)
    order = np.argsort(rng.random((n, len(OBJECTS))), axis=1)[:, :3]
    k = rng.integers(2, 4, n)
    counts = rng.integers(COUNT_RANGE[0], COUNT_RANGE[1] + 1, (n, 3))
    ask = (rng.random(n) * k).astype(int)
    lo, hi = DIGIT_RANGE
    a = rng.integers(lo, hi + 1, n)
    b_add = rng.integers(lo, hi + 1, n)
    b_sub = lo + (rng.random(n) * (a - lo + 1)).astype(int)  # lo <= b <= a, so a - b >= 0
    items = []
    for i in range(n):
        kd = MATH_KINDS[kind[i]]
        if kd == "read":
            pairs = tuple((OBJECTS[order[i, j]], int(counts[i, j])) for j in range(k[i]))
            obj, ans = pairs[ask[i]]
            items.append(MathItem(kd, int(name[i]), pairs, obj, 0, ans))
        else:
            obj = OBJECTS[order[i, 0]]
            b = int(b_add[i] if kd == "add" else b_sub[i])
            ans = int(a[i]) + b if kd == "add" else int(a[i]) - b
            items.append(MathItem(kd, int(name[i]), ((obj, int(a[i])),), obj, b, ans))
    return items


def api_items(n: int, rng: np.random.Generator) -> list[ApiItem]:
    """n requests, each answered by exactly one call to one of FUNCTIONS."""
    fn = rng.integers(0, len(FUNCTIONS), n)
    city = rng.integers(0, len(CITIES), n)
    day = rng.integers(0, len(DAYS), n)
    hour = rng.integers(6, 23, n)
    minute = rng.integers(0, 4, n) * 15
    people = rng.integers(3, 9, n)
    amount = rng.integers(1, 51, n) * 10
    cur_from = rng.integers(0, len(CURRENCIES), n)
    cur_to = (cur_from + rng.integers(1, len(CURRENCIES), n)) % len(CURRENCIES)
    minutes = rng.integers(0, len(TIMER_MINUTES), n)
    items = []
    for i in range(n):
        f = FUNCTIONS[fn[i]]
        t = clock(int(hour[i]), int(minute[i]))
        if f == "get_weather":
            args = {"city": CITIES[city[i]], "day": DAYS[day[i]]}
        elif f == "set_alarm":
            args = {"time": t}
        elif f == "book_table":
            args = {"city": CITIES[city[i]], "people": int(people[i]), "time": t}
        elif f == "call_taxi":
            args = {"city": CITIES[city[i]], "time": t}
        elif f == "convert_currency":
            args = {"amount": int(amount[i]), "from": CURRENCIES[cur_from[i]], "to": CURRENCIES[cur_to[i]]}
        else:
            args = {"minutes": TIMER_MINUTES[minutes[i]]}
        items.append(ApiItem(f, args, call_json(f, args)))
    return items


# --- the `instruct` task's vocabulary: small categories every language names (langs_instruct/<code>.py)
CATEGORIES = {
    "fruit": ("apple", "pear", "banana", "cherry", "grape", "lemon", "plum", "strawberry"),
    "color": ("red", "blue", "green", "yellow", "black", "white", "brown", "grey"),
    "animal": ("cat", "dog", "horse", "cow", "bird", "fish", "mouse", "sheep"),
    "object": ("pen", "cup", "book", "ball", "key", "chair", "spoon"),
}
WORD_KEYS = tuple(w for words in CATEGORIES.values() for w in words)
CATEGORY_OF = {w: c for c, words in CATEGORIES.items() for w in words}
INSTRUCT_N = (3, 4, 5)  # how many items a constraint asks for (from 3: no dual forms, as above)
