"""lm-eval sets: task templates over languages, offline data tables, the study keys, the missing extra."""

from __future__ import annotations

import json

import pytest

from xlt.errors import InputError
from xlt.evaluate import lmeval
from xlt.study import EvalSet

NAMES = frozenset({"global_mmlu_full_de", "global_mmlu_full_sw", "global_mmlu_full_zh", "include_base_44_german",
                   "include_base_44_north_macedonian", "belebele_deu_Latn", "belebele_arb_Arab", "belebele_zho_Hans",
                   "xcopa_et"})


@pytest.mark.parametrize(("template", "lang", "task"), [
    ("global_mmlu_full_{lang}", "de", "global_mmlu_full_de"),
    ("include_base_44_{language}", "de", "include_base_44_german"),
    ("include_base_44_{language}", "mk", "include_base_44_north_macedonian"),
    ("belebele_{lang_Script}", "ar", "belebele_arb_Arab"),  # FLORES writes Arabic as its member arb
    ("belebele_{lang_Script}", "zh", "belebele_zho_Hans"),
])
def test_a_language_maps_to_the_task_familys_suffix(template, lang, task):
    assert lmeval.resolve_task(template, lang, NAMES)[0] == task


def test_a_language_the_family_lacks_lists_the_languages_it_has():
    with pytest.raises(InputError) as exc:
        lmeval.resolve_task("global_mmlu_full_{lang}", "fi", NAMES)
    assert "has no task for language 'fi'" in str(exc.value) and "de, sw, zh" in str(exc.value)
    with pytest.raises(InputError, match="has: ar, de, zh"):
        lmeval.resolve_task("belebele_{lang_Script}", "fi", NAMES)


def test_data_table_fills_the_language_and_digests_the_files(tmp_path):
    (tmp_path / "German").mkdir()
    (tmp_path / "German" / "test.parquet").write_bytes(b"PAR1")
    overrides, digests = lmeval.data_overrides({"test": str(tmp_path / "{language}" / "test.parquet")}, "de", "eval.sets.0")
    assert overrides["dataset_path"] == "parquet" and overrides["dataset_name"] is None
    assert overrides["dataset_kwargs"]["data_files"] == {"test": str((tmp_path / "German" / "test.parquet").resolve())}
    assert len(digests["test"]) == 16
    with pytest.raises(InputError) as exc:
        lmeval.data_overrides({"dev": str(tmp_path / "{lang}" / "dev.jsonl")}, "de", "eval.sets.0")
    assert exc.value.key == "eval.sets.0.data.dev" and "de/dev.jsonl not found" in str(exc.value)


def test_study_keys_take_a_task_or_a_benchmark_not_both():
    s = EvalSet(name="gm", lmeval="global_mmlu_full_{lang}", data={"test": "x/{lang}.jsonl"})
    assert s.num_fewshot is None and EvalSet(name="gm", lmeval="x", shots=5).num_fewshot == 5
    with pytest.raises(ValueError, match="one of benchmark"):
        EvalSet(name="a", benchmark="mgsm", lmeval="mgsm_native_cot_{lang}", data="d")
    with pytest.raises(ValueError, match="table of split"):
        EvalSet(name="a", lmeval="xcopa_{lang}", data="d")
    with pytest.raises(ValueError, match="needs data"):
        EvalSet(name="a", benchmark="xcopa")


def test_a_missing_extra_is_one_line_naming_it(monkeypatch):
    monkeypatch.setattr(lmeval, "available", lambda: False)
    with pytest.raises(InputError) as exc:
        lmeval.set_items(EvalSet(name="a", lmeval="xcopa_{lang}"), ["et"], "eval.sets.0")
    assert "pip install 'xlt[lmeval]'" in str(exc.value) and "\n" not in str(exc.value) and exc.value.key == "eval.sets.0"


def test_samples_become_item_rows_named_as_lm_eval_names_metrics():
    out = {"samples": {
        "gm_de_anatomy": [{"doc_id": 0, "filter": "none", "metrics": ["acc"], "acc": 1.0, "arguments": [["Q?", " A"]]}],
        "mgsm_de": [{"doc_id": 3, "filter": "strict-match", "metrics": ["exact_match"], "exact_match": 0.0, "arguments": [["Q2", {}]]},
                    {"doc_id": 3, "filter": "none", "metrics": ["bleu"], "bleu": ("a", "b")}],
    }}
    specs = [("a", "de", {"task": "gm_de"}), ("b", "sw", {"task": "mgsm_de"})]
    rows = lmeval.sample_rows(out, {("a", "de"): ["gm_de_anatomy"], ("b", "sw"): ["mgsm_de"]}, specs)
    got = [(r["set"], r["id"], r["lang"], r["metric"], r["value"]) for r in rows]
    assert got == [("a", "gm_de_anatomy/0", "de", "acc", 1.0), ("b", "3", "sw", "exact_match,strict-match", 0.0)]


def test_sets_share_one_lm_eval_call_unless_limits_shots_or_tasks_differ():
    spec = lambda task, limit=4, shots=None: {"task": task, "limit": limit, "num_fewshot": shots}  # noqa: E731
    specs = [("a", "de", spec("x_de")), ("b", "de", spec("y_de")), ("c", "de", spec("x_de")), ("d", "de", spec("z_de", shots=5))]
    assert [[e[0] for e in b] for b in lmeval.batches(specs)] == [["a", "b"], ["c"], ["d"]]


def test_set_items_hold_the_spec_per_language(tmp_path, monkeypatch):
    monkeypatch.setattr(lmeval, "task_names", lambda: NAMES)
    monkeypatch.setattr(lmeval, "available", lambda: True)
    for lang in ("de", "sw"):
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "test.jsonl").write_text('{"question": "q"}\n')
    s = EvalSet(name="gm", lmeval="global_mmlu_full_{lang}", data={"test": str(tmp_path / "{lang}" / "test.jsonl")}, limit=3)
    rows = lmeval.set_items(s, ["de", "sw"], "eval.sets.0")
    assert [(r["id"], r["lang"], r["task"]) for r in rows] == [("global_mmlu_full_de", "de", "lmeval"), ("global_mmlu_full_sw", "sw", "lmeval")]
    spec = json.loads(rows[0]["prompt"])
    assert spec["limit"] == 3 and spec["num_fewshot"] is None and spec["overrides"]["dataset_path"] == "json"
    with pytest.raises(InputError, match="has no task for language 'fi'; it has: de, sw, zh") as exc:
        lmeval.set_items(s, ["de", "fi"], "eval.sets.0")
    assert exc.value.key == "eval.sets.0.lmeval"
    with pytest.raises(InputError, match="names no language"):
        lmeval.set_items(EvalSet(name="x", lmeval="xcopa_et"), ["de", "sw"], "eval.sets.1")
