import json

import polars as pl
import pytest

from tests.conftest import write_parallel_corpus
from xlt.corpus import corpus_stats, load_corpus, validate_corpus
from xlt.errors import InputError


def test_jsonl_and_parquet_read_the_same(tmp_path):
    path = write_parallel_corpus(tmp_path / "c.jsonl", ["en", "es"], 50)
    a = load_corpus(f"jsonl:{path}")
    a.write_parquet(tmp_path / "c.parquet")
    b = load_corpus(f"parquet:{tmp_path / 'c.parquet'}")
    assert a.columns == ["id", "lang", "task", "prompt", "response", "split"]
    assert a.equals(b)


def test_splits_assign_whole_ids(tmp_path):
    path = write_parallel_corpus(tmp_path / "c.jsonl", ["en", "es", "zh"], 2000)
    t = load_corpus(f"jsonl:{path}", holdout=0.1, split_seed=3)
    per_id = t.group_by("id").agg(pl.col("split").n_unique().alias("k"))
    assert per_id["k"].max() == 1  # an id is in one split in all its languages
    shares = t.filter(pl.col("lang") == "en")["split"].value_counts().sort("split")
    share = dict(zip(shares["split"], shares["count"]))
    assert 60 <= share["validation"] <= 140 and 60 <= share["test"] <= 140
    again = load_corpus(f"jsonl:{path}", holdout=0.1, split_seed=3)
    assert again.equals(t)
    other = load_corpus(f"jsonl:{path}", holdout=0.1, split_seed=4)
    assert not other["split"].equals(t["split"])


def test_an_all_train_corpus_gets_validation_and_test_from_whole_train_ids(tmp_path):
    path = write_parallel_corpus(tmp_path / "c.jsonl", ["en", "es"], 1000, with_split=True)
    t = load_corpus(f"jsonl:{path}", holdout=0.1, split_seed=3)
    shares = dict(t.filter(pl.col("lang") == "en")["split"].value_counts().iter_rows())
    assert 25 <= shares["validation"] <= 75 and 25 <= shares["test"] <= 75
    assert t.group_by("id").agg(pl.col("split").n_unique().alias("k"))["k"].max() == 1  # all languages of an id move
    # the same ids a corpus without a split column would hold out: one seeded hash for both
    plain = write_parallel_corpus(tmp_path / "p.jsonl", ["en", "es"], 1000)
    assert load_corpus(f"jsonl:{plain}", holdout=0.1, split_seed=3)["split"].equals(t["split"])
    assert set(load_corpus(f"jsonl:{path}", holdout=0)["split"]) == {"train"}  # no holdout asked, none made


def test_explicit_validation_and_test_rows_are_kept(tmp_path):
    path = tmp_path / "c.jsonl"
    rows = [{"id": f"q{i}", "lang": lang, "task": "t", "prompt": "p", "response": "r", "split": "test" if i < 5 else "train"}
            for i in range(400) for lang in ("en", "es")]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    t = load_corpus(f"jsonl:{path}", holdout=0.2)
    test_ids = set(t.filter(pl.col("split") == "test")["id"])
    assert test_ids == {f"q{i}" for i in range(5)}  # the source's test rows, and no train row made test
    val = t.filter(pl.col("split") == "validation")
    assert 20 <= val.height // 2 <= 60 and not set(val["id"]) & test_ids  # validation only from train ids
    assert t.group_by("id").agg(pl.col("split").n_unique().alias("k"))["k"].max() == 1


def test_codes_are_normalized_and_stats_count_ids(tmp_path):
    path = write_parallel_corpus(tmp_path / "c.jsonl", ["eng", "jp"], 30, tasks=("math", "api"))
    t = load_corpus(f"jsonl:{path}")
    assert corpus_stats(t) == {"en": {"api": 30, "math": 30}, "ja": {"api": 30, "math": 30}}


def test_validation_reports_problems_with_counts(tmp_path):
    path = tmp_path / "c.jsonl"
    rows = [
        {"id": "1", "lang": "en", "task": "t", "prompt": "a", "response": "b"},
        {"id": "1", "lang": "en", "task": "t", "prompt": "a", "response": "b"},  # duplicate
        {"id": "1", "lang": "es", "task": "t", "prompt": " ", "response": ""},  # empty
        {"id": "2", "lang": "en", "task": "t", "prompt": "c", "response": "d"},  # missing in es
        {"id": "3", "lang": "qqq", "task": "t", "prompt": "e", "response": "f"},  # unknown code
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    rep = validate_corpus(load_corpus(f"jsonl:{path}"))
    assert rep.duplicates == 1
    assert rep.empty_prompts == 1 and rep.empty_responses == 1
    assert rep.unknown_codes == {"qqq": 1}
    assert rep.ids_missing_languages == {"t": 3}  # no id is in all of en, es, qqq
    assert len(rep.errors) == 3


@pytest.mark.parametrize(
    "content, match",
    [
        ('{"id": "1", "lang": "en", "task": "t", "prompt": "p"}\n{"id": "2", "lang": "en", "task": "t"}\n', "line 2: missing field"),
        ('{"id": "1", "lang": "en"}\n', r"lacks field\(s\) \['prompt', 'task'\]; has id, lang; add \[data\] fields"),
        ('{"id": "1", "lang": "en", "task": "t", "prompt": "p"}\nnot json\n', "line 2: invalid JSON"),
    ],
)
def test_bad_jsonl_names_file_and_line(tmp_path, content, match):
    path = tmp_path / "bad.jsonl"
    path.write_text(content)
    with pytest.raises(InputError, match=match) as err:
        load_corpus(f"jsonl:{path}")
    assert str(path) in str(err.value)


def test_jsonl_line_rule_is_the_benchmarks_one(tmp_path):
    """One rule for every JSONL file xlt reads: a byte-order mark is dropped, a blank line is an error."""
    row = '{"id": "1", "lang": "en", "task": "t", "prompt": "p", "response": "r"}'
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + (row + "\r\n").encode())
    assert load_corpus(f"jsonl:{path}")["prompt"].to_list() == ["p"]
    path.write_text(row + "\n\n" + row.replace('"1"', '"2"') + "\n")
    with pytest.raises(InputError, match="line 2: empty line"):
        load_corpus(f"jsonl:{path}")
    path.write_bytes(row.encode() + b"\n\xff\n")
    with pytest.raises(InputError, match="line 2: not UTF-8"):
        load_corpus(f"jsonl:{path}")


def test_missing_file_and_unknown_scheme(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_corpus(f"jsonl:{tmp_path / 'nope.jsonl'}")
    with pytest.raises(InputError, match="unknown corpus source"):
        load_corpus("ftp:x")


def test_hf_dataset_with_language_configs_and_field_map(tmp_path):
    """A Bactrian-X-shaped dataset built locally, read through the same code as a hub id."""
    root = tmp_path / "bactrian"
    langs = {"en": range(10), "es": range(10), "zh": range(2, 10)}  # zh lacks ids 0 and 1
    configs = []
    for lang, ids in langs.items():
        (root / lang).mkdir(parents=True)
        with (root / lang / "train.jsonl").open("w") as fh:
            for i in ids:
                fh.write(json.dumps({"id": f"alpaca-{i}", "instruction": f"{lang} instr {i}", "input": "" if i % 2 else f"ctx {i}", "output": f"{lang} out {i}"}) + "\n")
        configs.append(f"- config_name: {lang}\n  data_files:\n  - split: train\n    path: {lang}/train.jsonl\n")
    (root / "README.md").write_text("---\nconfigs:\n" + "".join(configs) + "---\n# local Bactrian-X-like dataset\n")
    t = load_corpus(f"hf:{root}", fields="bactrian-x")
    assert corpus_stats(t) == {"en": {"instruct": 10}, "es": {"instruct": 10}, "zh": {"instruct": 8}}
    row = t.filter((pl.col("lang") == "en") & (pl.col("id") == "alpaca-0")).row(0, named=True)
    assert row["prompt"] == "en instr 0\n\nctx 0" and row["response"] == "en out 0"
    assert row["split"] in ("train", "validation", "test")
    only_es = load_corpus(f"hf:{root}:e[s]", fields="bactrian-x")
    assert set(only_es["lang"]) == {"es"}
    assert validate_corpus(t).ids_missing_languages == {"instruct": 2}


def _alpaca_rows(n: int, lang: str = "en") -> list[dict]:
    return [{"instruction": f"[{lang}] do task {i}", "input": "" if i % 3 else f"context {i}", "output": f"[{lang}] done {i}"} for i in range(n)]


@pytest.mark.parametrize("layout", ["save_to_disk", "json_folder"])
def test_hf_dataset_with_only_a_train_split_gets_validation_and_test(tmp_path, layout):
    """hf: stamps every row with its split's name; a train-only dataset still gets held-out ids."""
    import datasets

    root = tmp_path / "alpaca-cleaned"
    if layout == "save_to_disk":
        datasets.DatasetDict({"train": datasets.Dataset.from_list(_alpaca_rows(600))}).save_to_disk(str(root))
    else:
        root.mkdir()
        (root / "alpaca_data_cleaned.json").write_text(json.dumps(_alpaca_rows(600)))
    t = load_corpus(f"hf:{root}", holdout=0.1, split_seed=1)
    counts = dict(t["split"].value_counts().iter_rows())
    assert set(counts) == {"train", "validation", "test"} and 15 <= counts["validation"] <= 45 and 15 <= counts["test"] <= 45
    assert t["id"].n_unique() == 600 and set(t["lang"]) == {"en"} and set(t["task"]) == {"instruct"}
    row = t.filter(pl.col("id") == "0").row(0, named=True)
    assert row["prompt"] == "[en] do task 0\n\ncontext 0" and row["response"] == "[en] done 0"
    assert t.filter(pl.col("id") == "1")["prompt"].item() == "[en] do task 1"  # an empty input adds nothing
