"""Curves split by design instance: two P sweeps of one study (Shaham's 12-language and 6 'seen'
language sweeps) are two curves, each with its own seen/unseen pool, never averaged together."""

import json

import polars as pl

from xlt.analysis import curves
from xlt.analysis.data import ItemScores

EVAL = ["en", "es", "ru", "fi", "hi"]


def _rows(run, instances, label, percent, counts, scores):
    train = [lang for lang, n in counts.items() if n]
    return [dict(run=run, model="m", method="full", seed=0, designs=["pinch"], instances=instances, kind="pinch",
                 label=label, params=json.dumps({"percent": percent}), counts=json.dumps(counts), train_langs=train,
                 total=sum(counts.values()), task="math", eval_lang=lang, metric="exact_match", value=scores[lang])
            for lang in EVAL]


def test_named_sweep_is_its_own_curve_with_its_own_pool():
    rows = []
    # the sweep over all languages: every non-English language is seen
    rows += _rows("a0", ["pinch", "pinch:seen"], "pinch P=0; seen: pinch P=0", 0.0, {"en": 100},
                  dict(en=1, es=0, ru=0, fi=0, hi=0))
    rows += _rows("a50", ["pinch"], "pinch P=50", 50.0, {"en": 60, "es": 10, "ru": 10, "fi": 10, "hi": 10},
                  dict(en=1, es=0.6, ru=0.6, fi=0.6, hi=0.6))
    # the named sweep over en es ru only: fi and hi stay unseen and score 0
    rows += _rows("b50", ["pinch:seen"], "seen: pinch P=50", 50.0, {"en": 66, "es": 17, "ru": 17},
                  dict(en=1, es=0.8, ru=0.8, fi=0, hi=0))
    results = pl.DataFrame(rows)
    sections = curves.design_curves(results, ItemScores(None), {"eval": EVAL})
    by_key = {s.key: s.table for s in sections}
    assert set(by_key) == {"curves_pinch", "curves_pinch_seen"}

    def value(key, x, group):
        t = by_key[key].filter((pl.col("x") == x) & (pl.col("group") == group))
        return t["value"].to_list()

    assert value("curves_pinch", 50.0, "seen") == [0.6]  # only its own run at P = 50
    assert value("curves_pinch", 50.0, "unseen") == []  # its pool holds every language
    assert value("curves_pinch_seen", 50.0, "seen") == [0.8]
    assert value("curves_pinch_seen", 50.0, "unseen") == [0.0]  # fi and hi, outside the named sweep
    assert value("curves_pinch_seen", 0.0, "unseen") == [0.0]  # the shared P = 0 run is on both curves
