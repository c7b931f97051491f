"""The parallel SFT corpus of the micro world: every id rendered in every language."""

from __future__ import annotations

import functools

import numpy as np
import polars as pl

from xlt.corpus.micro import render, typology, world
from xlt.errors import InputError

LANGUAGES = world.LANGUAGES
TASKS = ("math", "api")  # the default tasks of `generate`
ALL_TASKS = ("math", "api", "instruct")  # what `generate` can render (instruct: see instruct.py)
RESOURCE_PROFILE = {
    **dict.fromkeys(("en", "es", "fr", "de", "ru", "zh", "ja"), "high"),
    **dict.fromkeys(("it", "pt", "cs", "ar", "ko", "tr"), "mid"),
    **dict.fromkeys(("et", "fi", "he", "hi", "sw"), "low"),
}


@functools.cache
def lang(code: str) -> render.Lang:
    return render.load(code)


def _check(values, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    values = (values,) if isinstance(values, str) else tuple(values)
    bad = [v for v in values if v not in allowed]
    if bad or not values:
        raise InputError(f"unknown {what} {bad or 'none given'}; expected some of {', '.join(allowed)}", key=what)
    return tuple(dict.fromkeys(values))


def generate(n_ids: int = 20000, seed: int = 0, tasks=TASKS, languages=LANGUAGES) -> pl.DataFrame:
    """Rows id, lang, task, prompt, response; n_ids ids per task, each in every language asked for.

    Each task draws from its own stream seeded by (seed, task), and template choices are drawn for
    all 18 languages, so a subset of tasks or languages gives exactly the matching rows of the full frame.
    """
    if isinstance(n_ids, bool) or not isinstance(n_ids, int) or n_ids < 1:
        raise InputError(f"n_ids must be a positive integer, got {n_ids!r}", key="n_ids")
    tasks = _check(tasks, ALL_TASKS, "task")
    codes = _check(languages, LANGUAGES + tuple(typology.LADDER), "language")
    synthetic = [c for c in codes if c in typology.LADDER]
    if synthetic and "instruct" in tasks:
        raise InputError(f"the typology ladder's languages {synthetic} have math and api only, not instruct", key="task")
    # a synthetic language renders English's choice of template, then transforms it (typology.py)
    langs = [(LANGUAGES.index("en" if c in typology.LADDER else c), lang("en" if c in typology.LADDER else c),
              typology.LADDER.get(c) and c) for c in codes]
    width = max(6, len(str(n_ids - 1)))
    ids, prompts, responses, task_col = [], [], [], []
    for task in tasks:
        if task == "instruct":
            from xlt.corpus.micro import instruct

            i_ids, i_prompts, i_responses = instruct.generate(n_ids, seed, codes, LANGUAGES, width)
            ids += i_ids
            prompts += i_prompts
            responses += i_responses
            task_col.append(task)
            continue
        rng = np.random.default_rng([seed, ALL_TASKS.index(task)])
        if task == "math":
            items = world.math_items(n_ids, rng)
        else:
            items = world.api_items(n_ids, rng)
        picks = rng.integers(0, 1 << 30, (n_ids, len(LANGUAGES))).tolist()
        for i, item in enumerate(items):
            row = picks[i]
            if task == "math":
                for li, lg, syn in langs:
                    p, r = render.math_prompt(lg, item, row[li])
                    prompts.append(typology.apply(syn, p) if syn else p)
                    responses.append(typology.apply(syn, r) if syn else r)
            else:
                for li, lg, syn in langs:
                    p = render.api_prompt(lg, item, row[li])
                    prompts.append(typology.apply(syn, p) if syn else p)
                    responses.append(item.call)  # the call is the same in every language
            ids.append(f"{task}-{i:0{width}d}")
        task_col.append(task)
    n_l = len(codes)
    return pl.DataFrame(
        {
            "id": pl.Series(ids, dtype=pl.String).gather(np.repeat(np.arange(len(ids)), n_l)),
            "lang": pl.Series(list(codes) * len(ids), dtype=pl.String),
            "task": pl.Series(task_col, dtype=pl.String).gather(np.repeat(np.arange(len(tasks)), n_ids * n_l)),
            "prompt": pl.Series(prompts, dtype=pl.String),
            "response": pl.Series(responses, dtype=pl.String),
        }
    )
