import json

import pytest

from xlt.errors import InputError
from xlt.evaluate.benchmarks import few_shot, load_benchmark, load_prompts


def _jsonl(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def test_mgsm_tsv(tmp_path):
    (tmp_path / "mgsm_sw.tsv").write_text("Paka 3 na 4?\t7\nSwali la pili\t12\n", encoding="utf-8")
    (tmp_path / "mgsm_zh.tsv").write_text("三加四？\t7\n", encoding="utf-8")
    items = load_benchmark("mgsm", tmp_path)
    assert [(i.lang, i.task, i.reference) for i in items] == [("sw", "math", "7"), ("sw", "math", "12"), ("zh", "math", "7")]
    assert len(load_benchmark("mgsm", tmp_path, langs=["sw"], limit=1)) == 1


def test_mgsm_few_shot_prompts_show_exemplars_of_the_items_language(tmp_path):
    """Shimabucoro's MGSM is 8-shot: each prompt starts with solved exemplars in its own language."""
    (tmp_path / "test" ).mkdir()
    (tmp_path / "train").mkdir()
    (tmp_path / "test" / "mgsm_es.tsv").write_text("Pregunta: ¿3 más 4?\t7\n", encoding="utf-8")
    (tmp_path / "test" / "mgsm_sw.tsv").write_text("Swali: 2 na 2?\t4\n", encoding="utf-8")
    (tmp_path / "train" / "mgsm_es.tsv").write_text("Pregunta: ¿1 más 1?\t2\nPregunta: ¿2 más 5?\t7\nPregunta: ¿9 más 0?\t9\n", encoding="utf-8")
    (tmp_path / "train" / "mgsm_sw.tsv").write_text("Swali: 1 na 2?\t3\nSwali: 5 na 1?\t6\n", encoding="utf-8")
    items = load_benchmark("mgsm", tmp_path / "test")
    shots = load_benchmark("mgsm", tmp_path / "train")
    es, sw = few_shot(items, shots, 2, "train")
    assert es.prompt == "Pregunta: ¿1 más 1?\n2\n\nPregunta: ¿2 más 5?\n7\n\nPregunta: ¿3 más 4?"
    assert sw.prompt.startswith("Swali: 1 na 2?\n3\n\n") and sw.prompt.endswith("Swali: 2 na 2?") and sw.reference == "4"
    with pytest.raises(InputError, match="2 exemplars in sw; expected 3"):
        few_shot(items, shots, 3, "train")
    mc = load_benchmark("mgsm", tmp_path / "test")  # a multiple-choice set cannot take shots
    from dataclasses import replace
    with pytest.raises(InputError, match="shots are for generation benchmarks"):
        few_shot([replace(mc[0], choices=("a", "b"))], shots, 1, "train")


def test_xcopa_layout_and_connectors(tmp_path):
    row = {"premise": "Mwanamume alifungua bomba.", "choice1": "Choo kilijaa maji.", "choice2": "Maji yalitiririka.",
           "question": "effect", "label": 1, "idx": 5}
    _jsonl(tmp_path / "sw" / "test.sw.jsonl", [row])
    _jsonl(tmp_path / "sw" / "val.sw.jsonl", [dict(row, idx=6)])
    (item,) = load_benchmark("xcopa", tmp_path, split="test")
    assert item.prompt == "Mwanamume alifungua bomba kwa hiyo" and item.gold == 1
    assert item.choices == ("choo kilijaa maji.", "maji yalitiririka.")
    assert load_benchmark("xcopa", tmp_path, split="validation")[0].id == "6"


def test_xwinograd_jp_is_ja_and_partial_contexts(tmp_path):
    _jsonl(tmp_path / "jp" / "test.jsonl", [{"sentence": "太郎は_が好きだ。", "option1": "犬", "option2": "猫", "answer": "2"}])
    (item,) = load_benchmark("xwinograd", tmp_path)
    assert item.lang == "ja" and item.gold == 1
    assert item.requests == (("太郎は犬", " が好きだ。"), ("太郎は猫", " が好きだ。"))


def test_xstorycloze_original_tsv_and_belebele(tmp_path):
    head = "InputStoryid\tInputSentence1\tInputSentence2\tInputSentence3\tInputSentence4\tRandomFifthSentenceQuiz1\tRandomFifthSentenceQuiz2\tAnswerRightEnding"
    (tmp_path / "spring2016.val.es.tsv.split_20_80_eval.tsv").write_text(head + "\ns1\tA.\tB.\tC.\tD.\tE1.\tE2.\t2\n", encoding="utf-8")
    (item,) = load_benchmark("xstorycloze", tmp_path, split="test")
    assert item.id == "s1" and item.prompt == "A. B. C. D." and item.gold == 1 and item.lang == "es"
    bb = tmp_path / "bb"
    _jsonl(bb / "swh_Latn.jsonl", [{"flores_passage": "P", "question": "Q", "mc_answer1": "a", "mc_answer2": "b",
                                    "mc_answer3": "c", "mc_answer4": "d", "correct_answer_num": "3"}])
    (item,) = load_benchmark("belebele", bb)
    assert item.lang == "sw" and item.gold == 2 and item.prompt.endswith("D: d\nAnswer:")


@pytest.mark.parametrize("content,message", [
    ('{"premise": "x.", "choice1": "a", "choice2": "b", "question": "cause", "label": 2}\n', "label 2 out of range"),
    ('{"premise": "x.", "choice1": "a", "question": "cause", "label": 0}\n', "missing choice2"),
    ('{"premise": "x.", "choice1": "a", "choice2": "b", "question": "why", "label": 0}\n', "expected 'cause' or 'effect'"),
    ('{"premise": "x.", "choice1": "a", "choice2": "b", "question": "cause", "label": 0}\n\n{"premise": "y."}\n', "empty line"),
    ('{"premise": "x.", "choice1": "a", "choice2": "b", "question": "cause", "label": 0}\n{broken\n', "not valid JSON"),
])
def test_bad_xcopa_files_name_file_and_line(tmp_path, content, message):
    path = tmp_path / "sw" / "test.sw.jsonl"
    path.parent.mkdir()
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as exc:
        load_benchmark("xcopa", tmp_path)
    assert str(path) in str(exc.value) and "line " in str(exc.value)


def test_wrong_encoding_and_bad_tsv(tmp_path):
    (tmp_path / "mgsm_es.tsv").write_bytes("¿Cuánto?\t3\n".encode("utf-8") + "¿Qué?\t4\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"line 2: not UTF-8"):
        load_benchmark("mgsm", tmp_path)
    (tmp_path / "mgsm_es.tsv").write_text("q\tnot a number\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1: answer 'not a number' holds no number"):
        load_benchmark("mgsm", tmp_path)
    with pytest.raises(InputError, match="no mgsm file for fi"):
        (tmp_path / "mgsm_es.tsv").write_text("q\t1\n", encoding="utf-8")
        load_benchmark("mgsm", tmp_path, langs=["fi"])


def test_prompts_jsonl_and_parquet(tmp_path):
    import polars as pl

    _jsonl(tmp_path / "p.jsonl", [{"id": 1, "lang": "jp", "prompt": "日本の首都は？"}, {"id": 2, "lang": "en", "prompt": "Hi", "reference": "Hello"}])
    items = load_prompts(tmp_path / "p.jsonl")
    assert [(i.id, i.lang, i.reference) for i in items] == [("1", "ja", None), ("2", "en", "Hello")]
    pl.DataFrame({"id": ["a"], "lang": ["es"], "prompt": ["Hola"]}).write_parquet(tmp_path / "p.parquet")
    assert load_benchmark("prompts", tmp_path / "p.parquet")[0].lang == "es"
    _jsonl(tmp_path / "bad.jsonl", [{"id": 1, "lang": "en", "prompt": "ok"}, {"id": 2, "lang": "xx-nope", "prompt": "p"}])
    with pytest.raises(InputError, match="line 2: unknown language code"):
        load_prompts(tmp_path / "bad.jsonl")
    _jsonl(tmp_path / "bad2.jsonl", [{"id": 1, "lang": "en"}])
    with pytest.raises(InputError, match="line 1: missing prompt"):
        load_prompts(tmp_path / "bad2.jsonl")


def _belebele_row(passage: str) -> dict:
    return {"flores_passage": passage, "question": "Q", "mc_answer1": "a", "mc_answer2": "b", "mc_answer3": "c",
            "mc_answer4": "d", "correct_answer_num": "1"}


def test_files_of_two_varieties_of_one_language_pick_the_one_it_stands_for(tmp_path):
    """FLORES/Belebele have nob and nno, zho_Hans and zho_Hant: xlt's `no` is Bokmål, `zh` Simplified."""
    for name in ("nno_Latn", "nob_Latn", "zho_Hant", "zho_Hans", "npi_Latn", "npi_Deva"):
        _jsonl(tmp_path / f"{name}.jsonl", [_belebele_row(name)])
    for _ in range(2):  # whatever order the file system lists them in
        items = load_benchmark("belebele", tmp_path, langs=["no", "zh", "ne"])
        assert [(i.lang, i.prompt.split("\n")[0]) for i in items] == [("no", "P: nob_Latn"), ("zh", "P: zho_Hans"), ("ne", "P: npi_Deva")]


def test_belebele_from_a_local_hf_dataset_with_flores_configs(tmp_path):
    """Belebele's configs are FLORES-200 codes: arb_Arab for xlt's `ar`, nob_Latn for `no`, zho_Hans for `zh`."""
    configs = []
    for name in ("arb_Arab", "nob_Latn", "zho_Hans", "est_Latn"):
        _jsonl(tmp_path / "belebele" / name / "test.jsonl", [_belebele_row(name)])
        configs.append(f"- config_name: {name}\n  data_files:\n  - split: test\n    path: {name}/test.jsonl\n")
    (tmp_path / "belebele" / "README.md").write_text("---\nconfigs:\n" + "".join(configs) + "---\n")
    items = load_benchmark("belebele", f"hf:{tmp_path / 'belebele'}", langs=["ar", "no", "zh", "et"])
    assert [(i.lang, i.prompt.split("\n")[0]) for i in items] == [("ar", "P: arb_Arab"), ("no", "P: nob_Latn"), ("zh", "P: zho_Hans"), ("et", "P: est_Latn")]
    with pytest.raises(InputError, match="config 'fra_Latn'"):
        load_benchmark("belebele", f"hf:{tmp_path / 'belebele'}", langs=["fr"])


def test_prompts_one_file_per_language_named_by_it(tmp_path):
    """OpenAssistant prompts as alpaca_budget's authors publish them: test_{lang}.jsonl with id and prompt only."""
    _jsonl(tmp_path / "oasst" / "test_de.jsonl", [{"id": 1, "prompt": "Wie geht's?"}, {"id": 2, "prompt": "Was ist Liebe?"}])
    _jsonl(tmp_path / "oasst" / "test_zh.jsonl", [{"id": 1, "prompt": "你好吗？"}])
    _jsonl(tmp_path / "oasst" / "test_eng_Latn.jsonl", [{"id": 1, "prompt": "Hi"}])
    items = load_prompts(tmp_path / "oasst")
    assert sorted((i.lang, i.id) for i in items) == [("de", "1"), ("de", "2"), ("en", "1"), ("zh", "1")]
    assert [i.lang for i in load_benchmark("prompts", str(tmp_path / "oasst" / "test_*.jsonl"), langs=["zh"])] == ["zh"]
    assert len(load_prompts(tmp_path / "oasst", limit=1)) == 3
    _jsonl(tmp_path / "both" / "test_de.jsonl", [{"id": 1, "lang": "fr", "prompt": "Salut"}])
    assert load_prompts(tmp_path / "both")[0].lang == "fr"  # a lang column wins over the name
    _jsonl(tmp_path / "anon" / "prompts.jsonl", [{"id": 1, "prompt": "Hi"}])
    with pytest.raises(InputError, match="line 1: missing lang; expected a lang column or a file named by its language"):
        load_prompts(tmp_path / "anon")
    with pytest.raises(InputError, match="no files match"):
        load_prompts(str(tmp_path / "nothing_*.jsonl"))
