"""translate_table against a real HTTP endpoint on 127.0.0.1."""

from __future__ import annotations

import json

import polars as pl
import pytest

from tests.translate.conftest import SENTENCES, corpus_table
from tests.translate.endpoint import fake_translate
from xlt.errors import InputError
from xlt.translate import OpenAIEngine, TranslationFailed, translate_table
from xlt.translate.cache import SegmentCache


def _engine(**kw) -> OpenAIEngine:
    return OpenAIEngine("tiny-mt", **{"timeout": 0.5, "max_retries": 6, **kw})


def test_translates_every_row_keeps_protected_spans_and_survives_errors(endpoint, tmp_path):
    ep = endpoint(error_share=0.15, timeout_share=0.03, stall=0.8)
    table = corpus_table(30)
    tr = translate_table(table, "en", ["es", "fr"], _engine(), workers=6, cache_dir=tmp_path)
    out = tr.table
    assert out.height == 90 and out.head(30).equals(table)
    assert out.filter(pl.col("lang") == "es")["id"].to_list() == table["id"].to_list()
    assert ep.failed > 0, "the endpoint should have answered some requests with errors or stalls"

    rows = {(r["id"], r["lang"]): r for r in out.to_dicts()}
    for src in table.to_dicts():
        es = rows[(src["id"], "es")]
        assert es["task"] == src["task"] and es["split"] == src["split"]
        assert es["prompt"] == fake_translate(src["prompt"], "English", "Spanish")
        if src["response"].startswith("{"):
            assert es["response"] == src["response"]  # api call: verbatim, keys and values
        else:
            # URLs and code come back unchanged even though the fake engine translates "the"/"cat" in them
            for span in ("https://example.com/", "```python\nprint(", "`x = "):
                assert (span in es["response"]) == (span in src["response"])
    # each distinct text was answered exactly once, despite errors and time-outs
    assert ep.answered and set(ep.answered.values()) == {1}
    assert tr.requested == ep.total_answered == len(ep.answered)


def test_system_message_names_both_languages_and_user_message_is_the_text_alone(endpoint, tmp_path):
    ep = endpoint()
    table = corpus_table(6)
    translate_table(table, "en", ["es"], _engine(), fields=["prompt"], workers=2, cache_dir=tmp_path)
    assert all("from English to Spanish" in s for s in ep.system_prompts)
    assert {text for text, _ in ep.answered} == set(table["prompt"].to_list())
    assert all("sk-test-secret-key" not in line for line in (tmp_path / "segments.sqlite").read_bytes().decode("latin-1").splitlines())


def test_rerun_of_a_finished_translation_makes_no_request(endpoint, tmp_path):
    ep = endpoint()
    table = corpus_table(20)
    first = translate_table(table, "en", ["es", "fr"], _engine(), workers=4, cache_dir=tmp_path)
    n = ep.received
    again = translate_table(table, "en", ["es", "fr"], _engine(), workers=4, cache_dir=tmp_path)
    assert ep.received == n and again.requested == 0 and again.cached == first.requested
    assert again.table.equals(first.table)


def test_broken_numbers_are_retried_then_the_row_is_left_out_and_counted(endpoint, tmp_path):
    ep = endpoint()
    table = corpus_table(12, broken=2)
    tr = translate_table(table, "en", ["es"], _engine(), workers=3, cache_dir=tmp_path)
    assert tr.dropped == {"es": 2} and tr.added == {"es": 10}
    ids = set(tr.table.filter(pl.col("lang") == "es")["id"])
    assert "q000" not in ids and "q001" not in ids and "q002" in ids
    flagged = [r for r in tr.records if not r.ok]
    assert [(r.id, r.field) for r in flagged] == [("q000", "prompt"), ("q001", "prompt")]
    assert all(r.attempts == 3 and r.problems[0].startswith("numbers: lost") for r in flagged)
    assert all(ep.answered[(table["prompt"][i], "Spanish")] == 3 for i in (0, 1))
    # a re-run does not ask again for flagged segments either
    n = ep.received
    assert translate_table(table, "en", ["es"], _engine(), workers=3, cache_dir=tmp_path).dropped == {"es": 2}
    assert ep.received == n


def test_rows_already_in_a_target_language_are_kept_not_translated(endpoint, tmp_path):
    ep = endpoint()
    table = corpus_table(4)
    own = table.head(1).with_columns(pl.lit("es").alias("lang"), pl.lit("mi propia traducción").alias("prompt"))
    tr = translate_table(pl.concat([table, own]), "en", ["es"], _engine(), fields=["prompt"], cache_dir=tmp_path)
    es = tr.table.filter(pl.col("lang") == "es")
    assert es.height == 4 and es.filter(pl.col("id") == "q000")["prompt"].to_list() == ["mi propia traducción"]
    assert (table["prompt"][0], "Spanish") not in ep.answered


def test_translated_table_holds_source_and_translation_rows(endpoint, tmp_path):
    endpoint()
    table = corpus_table(3)
    out = translate_table(table, "en", ["fr"], "openai:tiny-mt", ["prompt"], 2, tmp_path).table
    assert out["lang"].to_list() == ["en"] * 3 + ["fr"] * 3
    assert out["prompt"][3] == fake_translate(SENTENCES[0], "English", "French")


@pytest.mark.parametrize(
    "kwargs, key, words",
    [
        ({"fields": ["prompt", "answer"]}, "fields", "no field 'answer'"),
        ({"fields": ["lang"]}, "fields", "no field 'lang'"),
        ({"targets": ["en"]}, "to", "is the source language"),
        ({"targets": ["xx-nope"]}, "to", "unknown language code"),
        ({"source_lang": "de"}, "from", "no rows in the source language 'de'"),
        ({"engine": "deepl:foo"}, "engine", "unknown engine 'deepl:foo'"),
    ],
)
def test_bad_input_is_an_input_error_before_any_request(endpoint, tmp_path, kwargs, key, words):
    ep = endpoint()
    args = {"table": corpus_table(3), "source_lang": "en", "targets": ["es"], "engine": _engine(), "cache_dir": tmp_path, **kwargs}
    with pytest.raises(InputError) as err:
        translate_table(**args)
    assert err.value.key == key and words in str(err.value)
    assert ep.received == 0


def test_missing_credentials_is_an_input_error(monkeypatch, tmp_path):
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(InputError, match="OPENAI_API_KEY"):
        translate_table(corpus_table(2), "en", ["es"], _engine(), cache_dir=tmp_path)


def test_endpoint_that_stops_answering_fails_clearly_and_keeps_finished_segments(endpoint, tmp_path):
    ep = endpoint(hang_after=5)
    table = corpus_table(12)
    with pytest.raises(TranslationFailed) as err:
        translate_table(table, "en", ["es"], _engine(timeout=0.3, max_retries=1), fields=["prompt"], workers=2, cache_dir=tmp_path)
    msg = str(err.value)
    assert "APITimeoutError after 1 retries" in msg and "5 of 7 segments finished and cached" in msg  # 7 distinct prompts
    assert "run the same command again to resume" in msg and "sk-test" not in msg
    cache = SegmentCache(tmp_path)
    assert cache.count() == 5
    cache.close()
    # the endpoint recovers: only the 2 missing segments are asked for
    ep.hang_after = None
    ep.release.set()
    before = ep.total_answered
    tr = translate_table(table, "en", ["es"], _engine(), fields=["prompt"], workers=2, cache_dir=tmp_path)
    assert tr.requested == 2 and ep.total_answered - before == 2
    assert json.loads(json.dumps(tr.summary()))["added"] == {"es": 12}
