"""The micro `instruct` task: short requests with one checkable constraint each, in the spirit of IFEval.

Every id carries one `Constraint` (kind + parameters), a function of the id alone (`constraint_for`),
so a checker needs nothing but the id, whatever seed rendered the corpus: "instruct-000123" asks for
the same thing (say: 4 animals as a JSON list) in all 18 languages. The seed picks the phrasings and
which words the reference response lists. Words are the world's category keys (world.CATEGORIES),
written per language in langs_instruct/<code>.py together with the prompt phrasings and the frames of
the reference responses ("Here are 4 animals: cat, dog, cow and bird."): a lead-in sentence keeps
every reference long enough for lingua to tell its language.
"""

from __future__ import annotations

import functools
import importlib
import json
import random
from dataclasses import dataclass, field

import numpy as np

from xlt.corpus.micro import world
from xlt.corpus.micro.grammar import cap
from xlt.errors import InputError

TASK = "instruct"
# kinds whose response is a list of n words of one category (the content every such checker verifies)
LIST_KINDS = ("list_n", "one_line", "bullets", "numbered", "json_list", "semicolons", "start_word", "end_word",
              "exclude_word", "quotes", "title")
KINDS = (*LIST_KINDS, "repeat_word", "no_digits", "filter")
FILTER_SIZE = 5  # words shown in a filter question


@dataclass(frozen=True)
class Constraint:
    kind: str
    params: dict = field(default_factory=dict)  # cat, n, word (a world key), words (world keys)

    def to_json(self) -> str:
        return json.dumps({"kind": self.kind, "params": self.params}, sort_keys=True, ensure_ascii=False)


def id_index(item_id: str) -> int:
    """The number in "instruct-000123" (123); InputError for an id that is not a micro instruct id."""
    prefix, _, num = str(item_id).rpartition("-")
    if prefix != TASK or not num.isdigit():
        raise InputError(f"not a micro instruct id: {item_id!r}; expected 'instruct-<number>'", key=f"id {item_id}")
    return int(num)


@functools.lru_cache(maxsize=65536)
def _constraint(index: int) -> Constraint:
    rng = random.Random(f"xlt.micro.instruct:{index}")
    kind = KINDS[rng.randrange(len(KINDS))]
    cat = rng.choice(tuple(world.CATEGORIES))
    n = rng.choice(world.INSTRUCT_N)
    if kind == "repeat_word":
        return Constraint(kind, {"word": rng.choice(world.WORD_KEYS), "n": n})
    if kind == "no_digits":
        return Constraint(kind, {"n": n})
    if kind == "filter":
        k = rng.choice((2, 3))
        inside = rng.sample(world.CATEGORIES[cat], k)
        outside = rng.sample([w for w in world.WORD_KEYS if world.CATEGORY_OF[w] != cat], FILTER_SIZE - k)
        words = inside + outside
        rng.shuffle(words)
        return Constraint(kind, {"cat": cat, "words": words})
    if kind in ("start_word", "end_word", "exclude_word"):
        return Constraint(kind, {"cat": cat, "n": n, "word": rng.choice(world.CATEGORIES[cat])})
    return Constraint(kind, {"cat": cat, "n": n})


def constraint_for(item_id: str) -> Constraint:
    """The constraint of a micro instruct id; the same in every language and for every corpus seed."""
    return _constraint(id_index(item_id))


# --- languages -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InstructLang:
    code: str
    words: dict  # world key -> word
    category: dict  # cat -> bare plural ("fruits")
    title: dict  # cat -> title ("Fruits")
    count: object  # (n, cat) -> "3 fruits"
    times: object  # n -> "3 times" in languages whose templates use {times} (Russian "3 раза", "5 раз")
    numbers: tuple  # words for 1..5
    conj: tuple  # "and"-words a list may put before its last item
    quotes: tuple  # ((open, close), ...): the first is used by references
    spaced: bool  # words separated by spaces (False: zh, ja)
    sep: str
    colon: str
    stop: str
    semi: str
    join: str  # between the request and its constraint clause
    request: tuple
    clause: dict
    repeat: tuple
    count_prompts: tuple
    filter: tuple
    intro: str
    outro: str
    repeat_intro: str
    count_intro: str
    filter_intro: str
    prose: tuple

    def items(self, keys, conj: bool = True) -> str:
        """Words of the keys as a list ("cat, dog and cow"): the language's separator and, where it has one, its "and"."""
        return self.join_words([self.words[k] for k in keys], conj)

    def join_words(self, words: list[str], conj: bool = True) -> str:
        if conj and self.conj and len(words) > 1:
            space = " " if self.spaced else ""
            return self.sep.join(words[:-1]) + f"{space}{self.conj[0]}{space}" + words[-1]
        return self.sep.join(words)


@functools.cache
def lang(code: str) -> InstructLang:
    """langs_instruct/<code>.py as an InstructLang, checked to cover every key of the world."""
    if code not in world.LANGUAGES:
        raise InputError(f"language {code!r} is not in the micro world; expected one of {', '.join(world.LANGUAGES)}",
                         key="lang")
    m = importlib.import_module(f"xlt.corpus.micro.langs_instruct.{code}")
    spaced = getattr(m, "SPACED", True)
    lg = InstructLang(
        code=code, words=dict(m.WORDS), category=dict(m.CATEGORY), title=dict(m.TITLE), count=m.count,
        times=getattr(m, "times", str),
        numbers=tuple(m.NUMBERS), conj=tuple(getattr(m, "AND", ()) or ()), quotes=tuple(m.QUOTES), spaced=spaced,
        sep=getattr(m, "SEP", ", "), colon=getattr(m, "COLON", ": "), stop=getattr(m, "STOP", "."),
        semi=getattr(m, "SEMI", "; "), join=" " if spaced else "",
        request=tuple(m.REQUEST), clause={k: tuple(v) for k, v in m.CLAUSE.items()}, repeat=tuple(m.REPEAT),
        count_prompts=tuple(m.COUNT), filter=tuple(m.FILTER), intro=m.INTRO, outro=m.OUTRO,
        repeat_intro=m.REPEAT_INTRO, count_intro=m.COUNT_INTRO, filter_intro=m.FILTER_INTRO, prose=tuple(m.PROSE),
    )
    missing = ([k for k in world.WORD_KEYS if k not in lg.words] + [c for c in world.CATEGORIES if c not in lg.category]
               + [c for c in world.CATEGORIES if c not in lg.title] + [k for k in LIST_KINDS if not lg.clause.get(k)])
    if missing or len(lg.numbers) < max(world.INSTRUCT_N):
        raise RuntimeError(f"micro instruct module {code!r} lacks {', '.join(missing) or 'number words'}")
    return lg


# --- rendering --------------------------------------------------------------------------------------


def content(c: Constraint, rng: random.Random | np.random.Generator) -> list[str]:
    """The world keys a reference response lists for constraint c (drawn from rng: the seed's choice)."""
    if c.kind == "filter":
        return [w for w in c.params["words"] if world.CATEGORY_OF[w] == c.params["cat"]]
    if c.kind in ("repeat_word", "no_digits"):
        return []
    pool = [w for w in world.CATEGORIES[c.params["cat"]] if w != c.params.get("word")]
    order = rng.permutation(len(pool))
    n = c.params["n"]
    if c.kind in ("start_word", "end_word"):
        picked = [pool[i] for i in order[: n - 1]]
        return [c.params["word"], *picked] if c.kind == "start_word" else [*picked, c.params["word"]]
    return [pool[i] for i in order[:n]]


def render(lg: InstructLang, c: Constraint, keys: list[str], pick: int) -> tuple[str, str]:
    """(prompt, reference response) of constraint c in lg; pick chooses the phrasings."""
    p = c.params
    if c.kind == "repeat_word":
        word = lg.words[p["word"]]
        times = lg.times(p["n"])
        prompt = lg.repeat[pick % len(lg.repeat)].format(word=word, n=p["n"], times=times)
        body = (" " if lg.spaced else lg.sep).join([word] * p["n"])
        return prompt, f"{lg.repeat_intro.format(n=p['n'], times=times)}{lg.colon}{body}{lg.stop}"
    if c.kind == "no_digits":
        prompt = lg.count_prompts[pick % len(lg.count_prompts)].format(n=p["n"])
        body = lg.join_words(list(lg.numbers[: p["n"]]))
        return prompt, f"{lg.count_intro.format(last=lg.numbers[p['n'] - 1])}{lg.colon}{body}{lg.stop}"
    if c.kind == "filter":
        shown = lg.sep.join(lg.words[w] for w in p["words"])
        prompt = lg.filter[pick % len(lg.filter)].format(cat=lg.category[p["cat"]], words=shown)
        return prompt, f"{lg.filter_intro.format(cat=lg.category[p['cat']])}{lg.colon}{lg.items(keys)}{lg.stop}"
    count = lg.count(p["n"], p["cat"])
    request = lg.request[pick % len(lg.request)].format(count=count)
    clauses = lg.clause[c.kind]
    clause = clauses[(pick // len(lg.request)) % len(clauses)].format(n=p["n"], word=lg.words.get(p.get("word"), ""))
    prompt = request + (lg.join + clause if clause else "")
    intro = lg.intro.format(count=count)
    listed = f"{intro}{lg.colon}{lg.items(keys)}{lg.stop}"
    words = [lg.words[k] for k in keys]
    if c.kind == "bullets":
        response = intro + lg.colon.rstrip() + "".join(f"\n- {w}" for w in words)
    elif c.kind == "numbered":
        response = intro + lg.colon.rstrip() + "".join(f"\n{i}. {w}" for i, w in enumerate(words, 1))
    elif c.kind == "json_list":
        response = intro + lg.colon + json.dumps(words, ensure_ascii=False)
    elif c.kind == "semicolons":
        response = f"{intro}{lg.colon}{lg.semi.join(words)}{lg.stop}"
    elif c.kind == "start_word":
        response = lg.outro.format(items=cap(lg.items(keys)), count=count)
    elif c.kind == "quotes":
        response = lg.quotes[0][0] + listed + lg.quotes[0][1]
    elif c.kind == "title":
        response = f"<<{lg.title[p['cat']]}>>\n{listed}"
    else:  # list_n, one_line, end_word, exclude_word
        response = listed
    return prompt, response


def generate(n_ids: int, seed: int, codes: tuple[str, ...], all_codes: tuple[str, ...], width: int):
    """(ids, prompts, responses) of n_ids instruct items, each in every language of codes (id-major).

    Phrasing picks are drawn for all languages (all_codes) so a language subset renders the same rows.
    """
    rng = np.random.default_rng([seed, 2])
    picks = rng.integers(0, 1 << 30, (n_ids, len(all_codes))).tolist()
    langs = [(all_codes.index(c), lang(c)) for c in codes]
    ids, prompts, responses = [], [], []
    for i in range(n_ids):
        c = _constraint(i)
        keys = content(c, rng)
        row = picks[i]
        for li, lg in langs:
            p, r = render(lg, c, keys, row[li])
            prompts.append(p)
            responses.append(r)
        ids.append(f"{TASK}-{i:0{width}d}")
    return ids, prompts, responses
