"""FLORES-200 / FLORES+ files: both directions per language, line-parallel files, chrF++."""

from __future__ import annotations

import pytest

from tests import standins
from xlt.errors import InputError
from xlt.evaluate import tasks
from xlt.evaluate.benchmarks import load_benchmark
from xlt.evaluate.flores import chrf_pp


def test_both_directions_per_language_from_the_github_layout(tmp_path):
    standins.write_flores(tmp_path, n=3)
    items = load_benchmark("flores", tmp_path, langs=["de", "es"], limit=2)
    assert [(i.id, i.lang, i.task) for i in items[:4]] == [
        ("0:en-de", "de", "translation_en_xx"), ("0:de-en", "de", "translation_xx_en"),
        ("1:en-de", "de", "translation_en_xx"), ("1:de-en", "de", "translation_xx_en")]
    assert items[0].reference.startswith("deu_Latn devtest") and "eng_Latn devtest" in items[0].prompt
    assert "from German to English" in items[1].prompt and items[1].reference.startswith("eng_Latn")
    assert len(load_benchmark("flores", tmp_path, split="dev")) == 12  # every language but English, 3 sentences, 2 ways


def test_flores_200_and_parquet_layouts(tmp_path):
    for code, text in (("eng_Latn", "one\ntwo\n"), ("fra_Latn", "un\ndeux\n")):
        (tmp_path / "f200" / "devtest").mkdir(parents=True, exist_ok=True)
        (tmp_path / "f200" / "devtest" / f"{code}.devtest").write_text(text)
    assert [i.reference for i in load_benchmark("flores", tmp_path / "f200")] == ["un", "one", "deux", "two"]
    standins._write_parquet(tmp_path / "hf" / "devtest" / "eng_Latn.parquet", [{"id": 2, "text": "two"}, {"id": 1, "text": "one"}])
    standins._write_parquet(tmp_path / "hf" / "devtest" / "fra_Latn.parquet", [{"id": 1, "text": "un"}, {"id": 2, "text": "deux"}])
    assert [i.reference for i in load_benchmark("flores", tmp_path / "hf")] == ["un", "one", "deux", "two"]


def test_files_that_are_not_parallel_or_lack_english_are_refused(tmp_path):
    standins.write_flores(tmp_path, n=3)
    (tmp_path / "devtest" / "devtest.deu_Latn").write_text("nur eins\n")
    with pytest.raises(InputError, match="1 sentences, English has 3"):
        load_benchmark("flores", tmp_path, langs=["de"])
    (tmp_path / "devtest" / "devtest.eng_Latn").unlink()
    with pytest.raises(InputError, match="no English file"):
        load_benchmark("flores", tmp_path, langs=["es"])


def test_chrf_pp_is_sacrebleus_and_each_direction_its_own_metric():
    from sacrebleu.metrics import CHRF

    hyp, ref = "Der Fluss stieg in der Nacht.", "Der Fluss stieg in der Nacht um zwei Meter."
    assert chrf_pp(hyp, ref) == CHRF(word_order=2).sentence_score(hyp, [ref]).score / 100
    assert chrf_pp(ref, ref) == 1.0
    assert tasks.metrics_for("translation_en_xx") == ("chrf++_en_xx",) and tasks.metrics_for("translation_xx_en") == ("chrf++_xx_en",)
    assert tasks.ANSWER_LANG["translation_xx_en"] == "en"  # the language gate of an answer into English
