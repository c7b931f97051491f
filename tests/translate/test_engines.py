"""Engines: the hf seq2seq engine on a tiny random model (plumbing, batching, codes), code mapping, parsing."""

from __future__ import annotations

import polars as pl
import pytest

from tests.translate.conftest import NLLB_CODES, corpus_table
from xlt.errors import InputError
from xlt.translate import HFEngine, OpenAIEngine, make_engine, translate_table
from xlt.translate.engines import language_tokens, system_prompt


def test_nllb_codes_come_from_the_registry_alpha3_and_script():
    family, codes = language_tokens(NLLB_CODES + ["<s>", "▁a"])
    assert family == "nllb"
    assert codes == {"en": "eng_Latn", "es": "spa_Latn", "fr": "fra_Latn", "ar": "arb_Arab", "zh": "zho_Hans", "sw": "swh_Latn"}


def test_nllb_norwegian_is_bokmal():
    """NLLB has Bokmål and Nynorsk; a study's `no` (one language in xlt) is translated into Bokmål."""
    family, codes = language_tokens(["nno_Latn", "nob_Latn", "eng_Latn", "ary_Arab", "arb_Arab"])
    assert codes == {"no": "nob_Latn", "en": "eng_Latn", "ar": "arb_Arab", "ary": "ary_Arab"}


def test_m2m100_and_marian_codes():
    family, codes = language_tokens(["__en__", "__es__", "__zh__", "__ja__", "▁x"])
    assert (family, codes) == ("m2m100", {"en": "__en__", "es": "__es__", "zh": "__zh__", "ja": "__ja__"})
    family, codes = language_tokens([">>spa<<", ">>fra<<", ">>por<<", "▁x"])
    assert (family, codes) == ("marian", {"es": ">>spa<<", "fr": ">>fra<<", "pt": ">>por<<"})
    assert language_tokens(["▁a", "b"]) == ("none", {})


def test_make_engine_parses_specs():
    assert isinstance(make_engine("openai:gpt-4o-mini"), OpenAIEngine)
    assert isinstance(make_engine("hf:/some/dir"), HFEngine)
    for bad in ("openai:", "hf", "google:translate"):
        with pytest.raises(InputError, match="expected one of openai:<model>, hf:<path>"):
            make_engine(bad)


def test_system_prompt_names_both_languages_in_english():
    text = system_prompt("en", "zh")
    assert "from English to Chinese" in text and "⟦n⟧" in text


def test_hf_engine_rejects_a_language_the_model_lacks_and_says_which_it_has(tiny_nllb):
    eng = HFEngine(str(tiny_nllb))
    with pytest.raises(InputError) as err:
        eng.check_languages("en", ["es", "de"])
    assert err.value.key == "to"
    assert "does not support 'de'; it supports: ar, en, es, fr, sw, zh" in str(err.value)
    with pytest.raises(InputError, match="no model directory"):
        HFEngine(str(tiny_nllb / "missing")).check_languages("en", ["es"])


def test_hf_engine_batches_lines_and_forces_the_target_code(tiny_nllb):
    eng = HFEngine(str(tiny_nllb), batch_size=2, max_new_tokens=8)
    model = eng.model()
    calls = []
    real = model.generate

    def spy(**kw):
        calls.append((kw["input_ids"].shape[0], kw.get("forced_bos_token_id"), eng.tokenizer().src_lang))
        return real(**kw)

    model.generate = spy
    texts = ["the cat eats fish", "the dog\n  drinks water", "a house", "the cat eats fish"]
    out = eng.translate(texts, "en", "zh")
    zh = eng.tokenizer().convert_tokens_to_ids("zho_Hans")
    # 4 distinct non-empty lines in batches of 2, each with the source code set and zho_Hans forced
    assert calls == [(2, zh, "eng_Latn"), (2, zh, "eng_Latn")]
    assert len(out) == 4 and out[0] == out[3] and out[1].count("\n") == 1 and out[1].split("\n")[1].startswith("  ")
    # batching and padding do not change what a line becomes
    one = HFEngine(str(tiny_nllb), batch_size=1, max_new_tokens=8)
    assert one.translate(texts, "en", "zh") == out
    eng.translate(["the cat eats fish"], "en", "ar")  # another target: another forced code
    assert calls[-1][1] == eng.tokenizer().convert_tokens_to_ids("arb_Arab")


def test_translate_table_with_the_hf_engine_flags_rows_whose_numbers_it_drops(tiny_nllb, tmp_path):
    table = corpus_table(6)  # row q004 holds numbers; the tiny model has no digits to write them
    eng = HFEngine(str(tiny_nllb), batch_size=4, max_new_tokens=8)
    tr = translate_table(table, "en", ["es", "fr"], eng, fields=["prompt"], cache_dir=tmp_path)
    assert tr.dropped == {"es": 1, "fr": 1} and tr.added == {"es": 5, "fr": 5}
    assert "q004" not in set(tr.table.filter(pl.col("lang") == "es")["id"])
    flagged = [r for r in tr.records if not r.ok]
    assert {r.id for r in flagged} == {"q004"} and all(r.attempts == 3 for r in flagged)
    again = translate_table(table, "en", ["es", "fr"], eng, fields=["prompt"], cache_dir=tmp_path)
    assert again.requested == 0 and again.table.equals(tr.table)


def test_engine_error_hides_credentials_and_the_servers_body(monkeypatch):
    from tests.translate.endpoint import SECRET_BODY, Endpoint
    from xlt.translate import make_engine
    from xlt.translate.engines import EngineError

    with Endpoint(reject=400) as ep:
        monkeypatch.setenv("OPENAI_BASE_URL", ep.base_url.replace("http://", "http://user:hunter2@"))
        monkeypatch.setenv("OPENAI_API_KEY", "k")
        with pytest.raises(EngineError) as info:
            make_engine("openai:m").translate(["hello"], "en", "es")
    message = str(info.value)
    assert "HTTP 400" in message and "***@127.0.0.1" in message
    assert "hunter2" not in message and SECRET_BODY not in message
