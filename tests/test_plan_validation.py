"""Plan-time validation (issue 19, item 1): what can be known before training is refused by `xlt plan`
with one line naming the file, the dotted key (or the corpus file and line) and what was expected."""

import json

import pytest
from typer.testing import CliRunner

from tests.conftest import write_study
from xlt.cli import app

LANGS = ["en", "es", "ru"]


def corpus_rows(path, langs=LANGS, n=300, extra_lang=None, extra_at=None):
    """A small parallel corpus; `extra_lang` rows (one per id) written after the first `extra_at` rows."""
    lines = []
    for i in range(n):
        for x in langs:
            lines.append(json.dumps({"id": f"m{i}", "lang": x, "task": "math", "prompt": f"q{i}", "response": f"a{i}"}))
    if extra_lang:
        lines.insert(extra_at, json.dumps({"id": "m0", "lang": extra_lang, "task": "math", "prompt": "q", "response": "a"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def study(corpus: str, *, top: str = "", design: str = 'kind = "monolingual"', data: str = "") -> str:
    return f"""name = "t"
{top}
[data]
corpus = "{corpus}"
tasks = ["math"]
budget = 100
{data}
[languages]
train = {json.dumps(LANGS)}
eval = ["en", "es"]
[[design]]
{design}
"""


def plan(tmp_path, text):
    path = write_study(tmp_path / "s.toml", text)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    res = CliRunner().invoke(app, ["plan", str(path), "--json"])
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # nothing written, refused or not
    return path, res


def refused(tmp_path, text, *expected):
    path, res = plan(tmp_path, text)
    assert res.exit_code == 2, res.output
    err = res.stderr.strip()
    assert len(err.splitlines()) == 1 and str(path) in err, err
    for part in expected:
        assert part in err, err
    return err


@pytest.fixture
def local(tmp_path):
    return f"jsonl:{corpus_rows(tmp_path / 'c.jsonl')}"


def test_the_valid_base_study_plans(tmp_path, local):
    _, res = plan(tmp_path, study(local))
    assert res.exit_code == 0, res.output
    assert len(json.loads(res.stdout)) == 3


def test_an_unknown_corpus_scheme_is_refused_at_plan_time(tmp_path):
    refused(tmp_path, study("ftp://example.org/c.jsonl"), "data.corpus", "'ftp'", "jsonl:<path>")


def test_a_missing_translation_source_is_refused_at_plan_time(tmp_path, local):
    text = study(local, data=f'translate = {{ source = "jsonl:{tmp_path}/nope.jsonl", engine = "openai:gpt" }}')
    refused(tmp_path, text, "data.translate.source", "nope.jsonl", "not found")


def test_a_missing_local_hf_folder_is_refused_at_plan_time(tmp_path):
    refused(tmp_path, study(f"hf:{tmp_path}/no-such-dataset"), "data.corpus", "no-such-dataset", "not found")


def test_an_unknown_translation_engine_and_language_are_refused(tmp_path, local):
    refused(tmp_path, study(local, data='translate = { engine = "deepl" }'), "data.translate.engine", "'deepl'")
    refused(tmp_path, study(local, data='translate = { engine = "openai:gpt", from = "zz" }'), "data.translate.from", "'zz'")


@pytest.mark.parametrize("design, key, words", [
    ('kind = "num_languages"\nk = [1, 5]', "design[0].k", ["5", "3 languages"]),
    ('kind = "num_languages"\nk = [2]\npermutations = [["en"]]', "design[0].k", ["2", "permutation 1", "1 language"]),
    ('kind = "bilingual_pairs"\npairs = 2', "design[0].pairs", ["2 pairs", "3 languages"]),
    ('kind = "progressive"\nper_language = 10\nworld_size = [1]', "design[0].world_size", ["1 entries", "3 language counts"]),
    ('kind = "sets"\nsets = [["en"]]\nnames = ["a", "b"]', "design[0].names", ["2 entries for 1 sets"]),
    ('kind = "sets"\nsets = [["en"], ["es"]]\nnames = ["a", "a"]', "design[0].names", ["'a'", "twice"]),
])
def test_design_parameters_that_cannot_be_met_name_their_key(tmp_path, local, design, key, words):
    refused(tmp_path, study(local, design=design), key, *words)


@pytest.mark.parametrize("name", ["a/b", "../up", ".hidden", "", " lead", "trail ", "back\\\\slash", "tab\\there", "x" * 81,
                                  "line\\nbreak", "semi;colon"])
def test_a_design_name_that_could_become_a_path_is_refused_at_plan_time(tmp_path, local, name):
    err = refused(tmp_path, study(local, design=f'kind = "monolingual"\nname = "{name}"'), ": design[0].name: ",
                  "labels runs and report files", "letters, digits")
    assert "Traceback" not in err


@pytest.mark.parametrize("name", ["seen", "latin summarization", "mixed-script math", "en+es (seen)", "año 2", "v1.2"])
def test_plain_design_names_plan(tmp_path, local, name):
    _, res = plan(tmp_path, study(local, design=f'kind = "monolingual"\nname = "{name}"'))
    assert res.exit_code == 0, res.output
    assert all(r["labels"][0].startswith(f"{name}: ") for r in json.loads(res.stdout))


def test_a_set_name_that_could_become_a_path_is_refused_at_plan_time(tmp_path, local):
    refused(tmp_path, study(local, design='kind = "sets"\nsets = [["en"], ["es"]]\nnames = ["ok", "x/../y"]'),
            ": design[0].names: ", "'x/../y'")


@pytest.mark.parametrize("top, key, word", [
    ("seeds = []", "seeds", "empty"),
    ("seeds = [1, 1]", "seeds", "twice"),
    ("seed = -1", "seed", "0"),
    ("seeds = [-5]", "seeds", "0"),
    ("seed = 99999999999999999999", "seed", "2**32"),
])
def test_seeds_that_cannot_seed_a_run_are_refused(tmp_path, local, top, key, word):
    err = refused(tmp_path, study(local, top=top), f": {key}: ", word)
    assert "Traceback" not in err


@pytest.mark.parametrize("seeds, word", [("[]", "empty"), ("[0, 2, 0]", "twice"), ("[1, -3]", "0 .. 2**32 - 1")])
def test_design_seeds_that_cannot_seed_a_run_name_the_design(tmp_path, local, seeds, word):
    design = f'kind = "monolingual"\n[[design]]\nkind = "pinch"\npercent = [0, 50]\nseeds = {seeds}'
    err = refused(tmp_path, study(local, design=design), ": design[1].seeds: ", word)
    assert "Traceback" not in err


def test_a_corpus_row_with_an_unknown_language_names_its_file_and_line(tmp_path):
    corpus = corpus_rows(tmp_path / "c.jsonl", extra_lang="xx", extra_at=7)  # the 8th line
    refused(tmp_path, study(f"jsonl:{corpus}"), "c.jsonl", "line 8", "unknown language code 'xx'")


def test_a_corpus_row_with_a_known_alias_is_one_language_with_the_code(tmp_path):
    corpus = corpus_rows(tmp_path / "c.jsonl", langs=["en", "spa", "ru"])  # ISO 639-3 for es
    _, res = plan(tmp_path, study(f"jsonl:{corpus}"))
    assert res.exit_code == 0, res.output
    assert sorted(next(iter(r["counts"])) for r in json.loads(res.stdout)) == ["en", "es", "ru"]


def test_a_parquet_row_with_an_unknown_language_names_its_row(tmp_path):
    import polars as pl

    rows = [{"id": str(i), "lang": x, "task": "math", "prompt": "q", "response": "a"} for i in range(200) for x in LANGS]
    rows[4]["lang"] = "qqq"
    pl.DataFrame(rows).write_parquet(tmp_path / "c.parquet")
    refused(tmp_path, study(f"parquet:{tmp_path}/c.parquet"), "c.parquet", "row 5", "unknown language code 'qqq'")
