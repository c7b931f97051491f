"""Stand-ins for the public data sets the shipped paper studies name, written in their public layouts.

Each writer makes a small copy (a few items per language) of what a user downloads: the file names,
folder layout, column names and value types of the published release, never xlt's own corpus format
where the release has another one. `xlt run STUDY --smoke --set ...` then runs on them as it would
on the real files (tests/test_paper_studies.py). Content is templated text; only its shape is real.

Layouts (checked against the releases):
- Bactrian-X (MBZUAI/Bactrian-X after its Parquet conversion): a dataset folder whose README.md
  lists one config per language, `<lang>/train-00000-of-00001.parquet`, columns instruction, input,
  id, output (ids shared across languages).
- Alpaca-cleaned (yahma/alpaca-cleaned): one JSON array `alpaca_data_cleaned.json` of
  {output, input, instruction}: no id, no language, no task.
- MGSM: `mgsm_<lang>.tsv`, question<TAB>answer_number, no header.
- XCOPA: `<lang>/{val,test}.<lang>.jsonl`, premise/choice1/choice2/question/label/idx/changed.
- XStoryCloze: `spring2016.val.<lang>.tsv.split_20_80_{train,eval}.tsv`, TSV with the ROCStories header.
- XWinograd (Muennighoff/xwinograd): `<lang>/test.jsonl` with Japanese as `jp`; answer "1" or "2".
- Belebele: `<dialect>.jsonl` (eng_Latn, ...), flores_passage/question/mc_answer1..4/correct_answer_num.
- XL-Sum: `<language name>_{train,val,test}.jsonl` (english, chinese_simplified, ...), id/url/title/summary/text.
- OpenAssistant prompts as Chen et al. publish them: `test_<lang>.jsonl` holding only id and prompt.
- Global-MMLU (CohereForAI/Global-MMLU): `<lang>/{test,dev}-00000-of-00001.parquet`, sample_id, subject,
  subject_category, question, option_a..option_d, answer (a letter), one row per MMLU subject at least
  (lm-eval's task family has one task per subject).
- INCLUDE (CohereForAI/include-base-44): `<Language>/{test,validation}-00000-of-00001.parquet`, language,
  country, domain, subject, regional_feature, level, question, option_a..option_d, answer (an index).
- m-ArenaHard (CohereForAI/m-ArenaHard): `<lang>/test-00000-of-00001.parquet`, question_id, category,
  subcategory, prompt, language; a reference model's answers in Arena-Hard's model_answer layout.
- FLORES+ (openlanguagedata/flores on GitHub): `{dev,devtest}/<split>.<lang_Script>`, one sentence a line.
"""

from __future__ import annotations

import json
from pathlib import Path

# Languages each public benchmark covers (its own codes where they differ from ISO: XWinograd's jp).
MGSM_LANGS = ("bn", "de", "en", "es", "fr", "ja", "ru", "sw", "te", "th", "zh")
XCOPA_LANGS = ("et", "ht", "id", "it", "qu", "sw", "ta", "th", "tr", "vi", "zh")
XSTORYCLOZE_LANGS = ("ar", "en", "es", "eu", "hi", "id", "my", "ru", "sw", "te", "zh")
XWINOGRAD_LANGS = ("en", "fr", "jp", "pt", "ru", "zh")
XLSUM_NAMES = {
    "ar": "arabic", "bn": "bengali", "en": "english", "es": "spanish", "fr": "french", "hi": "hindi",
    "id": "indonesian", "ja": "japanese", "ko": "korean", "my": "burmese", "pt": "portuguese", "ru": "russian",
    "sw": "swahili", "ta": "tamil", "te": "telugu", "th": "thai", "tr": "turkish", "vi": "vietnamese",
    "zh": "chinese_simplified",
}
BACTRIAN_X_LANGS = (
    "af", "ar", "az", "bn", "cs", "de", "es", "et", "fa", "fi", "fr", "gl", "gu", "he", "hi", "hr", "id", "it",
    "ja", "ka", "kk", "km", "ko", "lt", "lv", "mk", "ml", "mn", "mr", "my", "ne", "nl", "pl", "ps", "pt", "ro",
    "ru", "si", "sl", "sv", "sw", "ta", "te", "th", "tl", "tr", "uk", "ur", "vi", "xh", "zh", "en",
)

# A word in each language's own script, so rows in different languages differ as real ones do.
_WORD = {
    "ar": "سؤال", "bg": "въпрос", "bn": "প্রশ্ন", "cs": "otázka", "de": "Frage", "en": "question", "es": "pregunta",
    "et": "küsimus", "fa": "سوال", "fi": "kysymys", "fr": "question", "he": "שאלה", "hi": "प्रश्न", "ja": "質問",
    "ko": "질문", "my": "မေးခွန်း", "no": "spørsmål", "pt": "pergunta", "ru": "вопрос", "sw": "swali", "ta": "கேள்வி",
    "te": "ప్రశ్న", "th": "คำถาม", "tr": "soru", "uk": "питання", "zh": "问题",
}


def word(lang: str) -> str:
    return _WORD.get(lang, f"{lang}-word")


def _write_jsonl(path: Path, rows) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _write_tsv(path: Path, rows, header=None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = (["\t".join(header)] if header else []) + ["\t".join(str(x) for x in r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _write_parquet(path: Path, rows: list[dict]) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


# --- corpora ------------------------------------------------------------------------------------


def write_lima_oasst_en(path: Path, n_ids: int = 60) -> Path:
    """Shaham et al.'s English source: LIMA and OpenAssistant instructions as an xlt JSONL corpus
    (English only: the study machine-translates it), with LIMA's `source` field kept as an extra."""
    rows = []
    for i in range(n_ids):
        source = "lima" if i % 4 == 0 else "oasst"
        rows.append({
            "id": f"{source}-{i:04d}", "lang": "en", "task": "instruct", "source": source,
            "prompt": f"Write {i % 5 + 2} short tips about keeping a garden in a small flat.",
            "response": f"Here are {i % 5 + 2} tips: water early, use deep pots, turn the pots weekly.",
        })
    return _write_jsonl(path, rows)


def write_bactrian_x(root: Path, langs=BACTRIAN_X_LANGS, n_ids: int = 60) -> Path:
    """MBZUAI/Bactrian-X as a local datasets folder: one config (Parquet file) per language."""
    configs = []
    for lang in langs:
        rows = [
            {
                "instruction": f"{word(lang)} {i}: give {i % 4 + 2} reasons to learn to swim.",
                "input": "" if i % 3 else f"{word(lang)} context {i}",
                "id": f"{i}",
                "output": f"{word(lang)}: {i % 4 + 2} reasons, safety first.",
            }
            for i in range(n_ids)
        ]
        _write_parquet(root / lang / "train-00000-of-00001.parquet", rows)
        configs.append(f"- config_name: {lang}\n  data_files:\n  - split: train\n    path: {lang}/train-*\n")
    (root / "README.md").write_text("---\nlicense: cc-by-nc-4.0\nconfigs:\n" + "".join(configs) + "---\n# Bactrian-X stand-in\n")
    return root


def write_alpaca_cleaned(root: Path, n_ids: int = 60) -> Path:
    """yahma/alpaca-cleaned as a local datasets folder: one JSON array, fields output/input/instruction."""
    rows = [
        {
            "output": f"Step {i % 7 + 1}: mix the flour and water, then rest the dough for {i % 5 + 10} minutes.",
            "input": "" if i % 2 else f"I have {i % 9 + 1} cups of flour.",
            "instruction": f"Explain how to make bread dough ({i}).",
        }
        for i in range(n_ids)
    ]
    root.mkdir(parents=True, exist_ok=True)
    (root / "alpaca_data_cleaned.json").write_text(json.dumps(rows, ensure_ascii=False, indent=4), encoding="utf-8")
    (root / "README.md").write_text("---\nlicense: cc-by-4.0\nlanguage:\n- en\n---\n# Alpaca-cleaned stand-in\n")
    return root


def _task_row(task: str, lang: str, i: int) -> tuple[str, str]:
    w = word(lang)
    if task == "math":
        a, b = i % 9 + 1, i % 7 + 2
        return f"{w} {i}: Tom has {a} apples and buys {b} more. How many apples does he have?", f"{w}: {a + b}"
    if task == "api":
        call = {"name": "get_weather", "arguments": {"city": ["Paris", "Lima", "Oslo"][i % 3], "days": i % 5 + 1}}
        return f"{w} {i}: what is the weather in {call['arguments']['city']} for {i % 5 + 1} days?", json.dumps(call)
    if task == "summarization":
        return (f"{w} {i}: Summarize: The city opened {i % 6 + 2} new parks this year. Residents welcomed the green space.",
                f"{w}: {i % 6 + 2} new parks opened.")
    return f"{w} {i}: list {i % 4 + 2} fruits.", f"{w}: apple, pear, plum, fig."


def write_parallel_corpus(path: Path, langs, tasks, n_ids: int = 60) -> Path:
    """A machine-translated parallel corpus in xlt's JSONL layout (Shimabucoro's and Dhaliwal's data
    are the user's own translations): the same ids in every language, api responses as JSON calls."""
    rows = []
    for task in tasks:
        for i in range(n_ids):
            for lang in langs:
                prompt, response = _task_row(task, lang, i)
                rows.append({"id": f"{task}-{i:04d}", "lang": lang, "task": task, "prompt": prompt, "response": response})
    return _write_jsonl(path, rows)


# --- evaluation sets ----------------------------------------------------------------------------


def write_mgsm(root: Path, langs=MGSM_LANGS, n: int = 4, split: str = "test") -> Path:
    """The test files, or (split="train") the exemplars a few-shot prompt shows, in the same layout."""
    animal = "ducks" if split == "test" else "geese"
    for lang in langs:
        rows = [(f"{word(lang)}: Janet has {i + 3} {animal} and buys {i + 2} more. How many {animal}?", 2 * i + 5) for i in range(n)]
        _write_tsv(root / f"mgsm_{lang}.tsv", rows)
    return root


def write_xcopa(root: Path, langs=XCOPA_LANGS, n: int = 4) -> Path:
    for lang in langs:
        for split in ("val", "test"):
            rows = [
                {"premise": f"{word(lang)} the man turned on the tap {i}.", "choice1": "Water flowed out.",
                 "choice2": "The toilet filled.", "question": ["effect", "cause"][i % 2], "label": i % 2, "idx": i,
                 "changed": False}
                for i in range(n)
            ]
            _write_jsonl(root / lang / f"{split}.{lang}.jsonl", rows)
    return root


STORY_HEADER = ("InputStoryid", "InputSentence1", "InputSentence2", "InputSentence3", "InputSentence4",
                "RandomFifthSentenceQuiz1", "RandomFifthSentenceQuiz2", "AnswerRightEnding")


def write_xstorycloze(root: Path, langs=XSTORYCLOZE_LANGS, n: int = 4) -> Path:
    for lang in langs:
        for split in ("train", "eval"):
            rows = [
                (f"{lang}-{split}-{i:04d}", f"{word(lang)} Anna woke up early {i}.", "She made coffee.", "It was raining.",
                 "She took an umbrella.", "She stayed dry.", "She flew to the moon.", 1 + i % 2)
                for i in range(n)
            ]
            _write_tsv(root / f"spring2016.val.{lang}.tsv.split_20_80_{split}.tsv", rows, STORY_HEADER)
    return root


def write_xwinograd(root: Path, langs=XWINOGRAD_LANGS, n: int = 4) -> Path:
    for lang in langs:
        rows = [
            {"sentence": f"{word(lang)} The trophy {i} does not fit in the suitcase because _ is too big.",
             "option1": "the trophy", "option2": "the suitcase", "answer": str(1 + i % 2)}
            for i in range(n)
        ]
        _write_jsonl(root / lang / "test.jsonl", rows)
    return root


def write_belebele(root: Path, dialects=("eng_Latn", "spa_Latn", "zho_Hans", "arb_Arab", "swh_Latn"), n: int = 4) -> Path:
    for dialect in dialects:
        rows = [
            {"link": f"https://en.wikibooks.org/wiki/Page_{i}", "question_number": 1,
             "flores_passage": f"{dialect}: The river rose {i + 2} metres in the night.",
             "question": "How much did the river rise?", "mc_answer1": f"{i + 2} metres", "mc_answer2": "1 metre",
             "mc_answer3": "none", "mc_answer4": "10 metres", "correct_answer_num": "1", "dialect": dialect, "ds": "2023-05-03"}
            for i in range(n)
        ]
        _write_jsonl(root / f"{dialect}.jsonl", rows)
    return root


def write_xlsum(root: Path, langs=tuple(XLSUM_NAMES), n: int = 4) -> Path:
    for lang in langs:
        name = XLSUM_NAMES[lang]
        for split in ("train", "val", "test"):
            rows = [
                {"id": f"{name}-{split}-{i}", "url": f"https://www.bbc.com/{name}/news-{i}",
                 "title": f"{word(lang)} parks {i}",
                 "summary": f"{word(lang)}: the city opened {i + 2} parks.",
                 "text": f"{word(lang)}: The city opened {i + 2} new parks this year. " * 3}
                for i in range(n)
            ]
            _write_jsonl(root / f"{name}_{split}.jsonl", rows)
    return root


def write_prompts(path: Path, langs, n: int = 4) -> Path:
    """AlpacaFarm-style open-ended instructions, translated, one file: xlt's prompt rows id/lang/prompt."""
    rows = [{"id": f"alpacafarm-{i}", "lang": lang, "prompt": f"{word(lang)}: plan a {i + 2}-day trip to the coast."}
            for lang in langs for i in range(n)]
    return _write_jsonl(path, rows)


def write_oasst_test(root: Path, langs, n: int = 4) -> Path:
    """Chen et al.'s OpenAssistant test prompts: `test_<lang>.jsonl` per language, only id and prompt."""
    for lang in langs:
        _write_jsonl(root / f"test_{lang}.jsonl", [{"id": i, "prompt": f"{word(lang)}: how do I start running at {40 + i}?"} for i in range(n)])
    return root


GLOBAL_MMLU_SUBJECTS = (
    "abstract_algebra", "anatomy", "astronomy", "business_ethics", "clinical_knowledge", "college_biology",
    "college_chemistry", "college_computer_science", "college_mathematics", "college_medicine", "college_physics",
    "computer_security", "conceptual_physics", "econometrics", "electrical_engineering", "elementary_mathematics",
    "formal_logic", "global_facts", "high_school_biology", "high_school_chemistry", "high_school_computer_science",
    "high_school_european_history", "high_school_geography", "high_school_government_and_politics",
    "high_school_macroeconomics", "high_school_mathematics", "high_school_microeconomics", "high_school_physics",
    "high_school_psychology", "high_school_statistics", "high_school_us_history", "high_school_world_history",
    "human_aging", "human_sexuality", "international_law", "jurisprudence", "logical_fallacies", "machine_learning",
    "management", "marketing", "medical_genetics", "miscellaneous", "moral_disputes", "moral_scenarios", "nutrition",
    "philosophy", "prehistory", "professional_accounting", "professional_law", "professional_medicine",
    "professional_psychology", "public_relations", "security_studies", "sociology", "us_foreign_policy", "virology",
    "world_religions",
)
INCLUDE_DOMAINS = ("Applied Science", "Arts & Humanities", "Business & Commerce", "Driving License", "General knowledge",
                   "Health oriented education", "Marine License", "Medical License", "Professional certification", "STEM",
                   "Social Science")
INCLUDE_NAMES = {"de": "German", "el": "Greek", "es": "Spanish", "fr": "French", "ru": "Russian", "zh": "Chinese"}


def write_global_mmlu(root: Path, langs=("de", "sw"), n: int = 1) -> Path:
    for lang in langs:
        for split in ("test", "dev"):
            rows = [
                {"sample_id": f"{subject}/{split}/{i}", "subject": subject, "subject_category": "STEM",
                 "question": f"{word(lang)} {subject} {i}: which number is {i + 2}?", "option_a": f"{i + 2}",
                 "option_b": f"{i + 3}", "option_c": f"{i + 4}", "option_d": "none", "answer": "ABCD"[(i + k) % 4],
                 "required_knowledge": "[]", "time_sensitive": "[]", "reference": "[]", "culture": "[]", "region": "[]",
                 "country": "[]", "cultural_sensitivity_label": "CA", "is_annotated": False}
                for k, subject in enumerate(GLOBAL_MMLU_SUBJECTS) for i in range(n)
            ]
            _write_parquet(root / lang / f"{split}-00000-of-00001.parquet", rows)
    return root


def write_include(root: Path, langs=("de", "es"), n: int = 1) -> Path:
    for lang in langs:
        name = INCLUDE_NAMES[lang]
        for split in ("test", "validation"):
            rows = [
                {"language": name, "country": name, "domain": domain, "subject": domain.lower(),
                 "regional_feature": "region explicit", "level": "University",
                 "question": f"{word(lang)} {domain} {i}: which number is {i + 2}?", "option_a": f"{i + 2}",
                 "option_b": f"{i + 3}", "option_c": f"{i + 4}", "option_d": "none", "answer": (i + k) % 4}
                for k, domain in enumerate(INCLUDE_DOMAINS) for i in range(n)
            ]
            _write_parquet(root / name / f"{split}-00000-of-00001.parquet", rows)
    return root


def write_m_arenahard(root: Path, langs=("de", "es"), n: int = 4) -> tuple[Path, Path]:
    """The questions, and a reference model's answers (`answers/<lang>.jsonl`): every other answer says GOOD,
    which tests.translate.endpoint's judge prefers."""
    for lang in langs:
        rows = [{"question_id": f"q{i:03d}", "category": "arena-hard-v0.1", "subcategory": f"topic {i}",
                 "prompt": f"{word(lang)}: write a function that returns {i + 2}.", "language": lang} for i in range(n)]
        _write_parquet(root / lang / "test-00000-of-00001.parquet", rows)
        answers = [{"question_id": f"q{i:03d}", "answer_id": f"a{i}", "model_id": "reference", "tstamp": 0.0,
                    "choices": [{"index": 0, "turns": [{"content": ("GOOD " if i % 2 else "") + f"return {i + 2}"}]}]}
                   for i in range(n)]
        _write_jsonl(root / "answers" / f"{lang}.jsonl", answers)
    return root, root / "answers" / "{lang}.jsonl"


def write_flores(root: Path, dialects=("eng_Latn", "deu_Latn", "spa_Latn"), n: int = 4) -> Path:
    for split in ("dev", "devtest"):
        for dialect in dialects:
            lines = [f"{dialect} {split}: the river rose {i + 2} metres in the night." for i in range(n)]
            path = root / split / f"{split}.{dialect}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root
