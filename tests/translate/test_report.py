"""The quality report: back-translation chrF on a seeded sample, LID share, length ratios, flagged rows."""

from __future__ import annotations

import json

import polars as pl
import pytest

from tests.translate.conftest import corpus_table
from xlt.translate import OpenAIEngine, translate_table
from xlt.translate.report import markdown, quality_report, write_report


def test_quality_report_per_language(endpoint, tmp_path):
    ep = endpoint()
    table = corpus_table(24, broken=1)
    eng = OpenAIEngine("tiny-mt", timeout=5)
    tr = translate_table(table, "en", ["es", "fr"], eng, workers=4, cache_dir=tmp_path)
    n_forward = ep.total_answered
    rep = quality_report(tr, eng, sample=10, seed=3, cache_dir=tmp_path, lid=False)

    for lang in ("es", "fr"):
        t = rep["targets"][lang]
        assert t["rows_added"] == 23 and t["rows_dropped"] == 1 and t["flagged"] == 1
        assert t["flagged_examples"][0]["id"] == "q000" and "numbers: lost" in t["flagged_examples"][0]["problems"][0]
        assert t["copied_verbatim"] == 8  # the api calls
        bt = t["back_translation"]
        # the fake engine's dictionary is invertible, so every back-translation gives the source back
        assert bt["n"] == 10 and bt["chrf"] == 100.0 and bt["back_translation_flagged"] == 0
        assert 0.7 < t["length_ratio"]["median"] < 1.5
    # back-translation went target -> source through the engine: 10 per language at most (dedup)
    back = [s for s in ep.system_prompts[n_forward:]]
    assert back and all("to English" in s for s in back) and len(back) <= 20

    # seeded: the same sample again, from the cache, with no request
    n = ep.received
    again = quality_report(tr, eng, sample=10, seed=3, cache_dir=tmp_path, lid=False)
    assert ep.received == n
    assert again["targets"]["es"]["back_translation"]["lowest"] == rep["targets"]["es"]["back_translation"]["lowest"]

    out = write_report(rep, tmp_path / "report")
    assert json.loads((out / "quality.json").read_text())["targets"]["fr"]["rows_dropped"] == 1
    md = (out / "quality.md").read_text()
    assert md == markdown(rep) and "| es | 23 | 1 |" in md and "## Flagged in fr" in md


@pytest.mark.slow  # lingua loads all its language models (10-40 s on a shared 2-core machine)
def test_lid_share_is_the_share_lingua_detects_as_the_target(endpoint, tmp_path):
    endpoint()
    prompts = [
        "the cat eats fish and my dog drinks water every day",  # all in the fake dictionary: Spanish out
        "my friend reads a book every day and the small cat eats fish",
        "Der Hund schläft heute im großen Garten hinter dem alten Haus",  # unknown words: stays German
        "Собака спит сегодня в большом саду за старым домом",  # stays Russian
    ]
    table = pl.DataFrame(
        [{"id": str(i), "lang": "en", "task": "t", "prompt": p, "response": None, "split": "train"} for i, p in enumerate(prompts)],
        schema={c: pl.Utf8 for c in ("id", "lang", "task", "prompt", "response", "split")},
    )
    eng = OpenAIEngine("tiny-mt", timeout=5)
    tr = translate_table(table, "en", ["es"], eng, fields=["prompt", "response"], workers=2, cache_dir=tmp_path)
    assert tr.table.filter(pl.col("lang") == "es")["response"].to_list() == [None] * 4
    lid = quality_report(tr, eng, sample=4, cache_dir=tmp_path)["targets"]["es"]["lid"]
    assert lid == {"share": 0.5, "n": 4, "other_languages": {"de": 1, "ru": 1}}


@pytest.mark.slow  # lingua loads all its language models
def test_lid_share_counts_bokmal_and_nynorsk_as_norwegian():
    """lingua answers nb or nn; a translation into the study's `no` is in the target language."""
    from types import SimpleNamespace

    from tests.evaluate.test_lid import NORWEGIAN
    from xlt.translate.report import _lid_share

    records = [SimpleNamespace(translation=t) for t in NORWEGIAN + ["Dette er en setning på norsk om været i dag og i går."]]
    assert _lid_share(records, "no") == {"share": 1.0, "n": 3, "other_languages": {}}
