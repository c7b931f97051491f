"""Property tests (hypothesis): generated bad study files and corpora never raise a traceback, only one
line and exit 2, never write a file, and the valid ones still plan (issue 19, item 2).

Study files are a valid study mutated at random (values of other types and ranges, huge numbers,
unicode, unknown keys, missing keys and tables, duplicated lines, invalid UTF-8, truncation); corpora
are a valid JSONL corpus damaged at random (broken JSON, missing fields, duplicate rows, other
encodings, wrong types, empty files). Every input goes through `xlt plan` in-process; one refused by
`plan` also goes through `xlt run --out`, which must refuse it the same way and leave --out untouched.
A very long corpus line is a test of its own, with 8 MB (not the issue's 1 GB: CI's disk and time)."""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from xlt.cli import app

LANGS = ["en", "es", "ru"]
ROWS = [{"id": f"m{i}", "lang": x, "task": "math", "prompt": f"q {i} {x}", "response": f"a {i}"} for i in range(60) for x in LANGS]
# derandomized: the same generated inputs every run, so the refused-count floors below cannot fail by chance
SETTINGS = dict(deadline=10000, database=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def valid_study(corpus: Path) -> dict:
    return {
        "name": "h",
        "seed": 0,
        "data": {"corpus": f"jsonl:{corpus}", "tasks": ["math"], "budget": 30, "holdout": 0.2},
        "languages": {"train": list(LANGS), "eval": ["en", "es"]},
        "design": [{"kind": "pinch", "percent": [0, 50]}, {"kind": "num_languages", "k": [1, 2]}],
        "train": {"epochs": 1, "batch_size": 4, "learning_rate": 1e-3},
        "eval": {"limit": 5, "judge": "rule"},
        "execution": {"workers": 1},
    }


def write_rows(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def cli(*args) -> tuple[int, str, BaseException | None]:
    res = CliRunner().invoke(app, [str(a) for a in args])
    crash = res.exception if res.exception is not None and not isinstance(res.exception, SystemExit) else None
    return res.exit_code, res.stderr, crash


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def plan_outcome(folder: Path, study: Path, outcomes: Counter) -> None:
    """`xlt plan` (and `xlt run` where plan refuses): exit 0 with runs or exit 2 with one line; no file written."""
    before = listing(folder)
    code, err, crash = cli("plan", study, "--json")
    assert crash is None, f"traceback from xlt plan: {crash!r}"
    assert code in (0, 2), (code, err)
    assert listing(folder) == before, "xlt plan wrote a file"
    if code == 0:
        outcomes["planned"] += 1
        return
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    out = folder / "out"
    code, err, crash = cli("run", study, "--out", out, "--quiet")
    assert crash is None, f"traceback from xlt run: {crash!r}"
    assert code == 2 and len(err.strip().splitlines()) == 1, (code, err)
    assert not out.exists() or not any(out.rglob("*")), f"xlt run wrote into --out: {listing(out)}"
    outcomes["refused"] += 1


# --- generated study files ----------------------------------------------------------------------

def paths(node, prefix=()):
    """Every key path of the study dict, tables and list items included."""
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for k, v in items:
        yield prefix + (k,)
        yield from paths(v, prefix + (k,))


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
VALUES = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 2**63, 2**64 + 1, 10**30]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    TEXT,
    st.sampled_from(["", "xx", "ftp://h/c.jsonl", "jsonl:", "hf:./no", "../..", "zz-ZZ", "日本語", "train", "eval"]),
    st.lists(st.one_of(st.integers(-5, 10**6), TEXT), max_size=4),
    st.just([]),
    st.just({}),
    st.dictionaries(TEXT, st.integers(-3, 3), max_size=2),
)


@st.composite
def mutated_study(draw, corpus: Path):
    data = valid_study(corpus)
    for _ in range(draw(st.integers(1, 3))):
        keys = list(paths(data))
        path = draw(st.sampled_from(keys))
        parent = data
        for k in path[:-1]:
            parent = parent[k]
        op = draw(st.sampled_from(["set", "set", "delete", "unknown"]))
        if op == "set":
            parent[path[-1]] = draw(VALUES)
        elif op == "delete" and isinstance(parent, dict):
            del parent[path[-1]]
        elif op == "unknown" and isinstance(parent, dict):
            parent[draw(TEXT.filter(bool))] = draw(VALUES)
    text = tomli_w.dumps(data).encode()
    damage = draw(st.sampled_from(["none", "none", "duplicate line", "invalid utf-8", "truncate"]))
    lines = text.splitlines(keepends=True)
    if damage == "duplicate line" and lines:
        i = draw(st.integers(0, len(lines) - 1))
        lines.insert(i, lines[i])
        text = b"".join(lines)
    elif damage == "invalid utf-8":
        i = draw(st.integers(0, len(text)))
        text = text[:i] + draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\x00"])) + text[i:]
    elif damage == "truncate":
        text = text[: draw(st.integers(0, max(0, len(text) - 1)))]
    return text


def warm():
    """What a first example would otherwise pay inside its deadline: the built-in corpus a study without
    [data] corpus reads, and xlt run's imports."""
    import xlt.run  # noqa: F401
    from xlt.corpus.readers import cached_micro

    cached_micro()


def test_generated_study_files_refused_in_one_line_or_planned(tmp_path_factory):
    warm()
    folder = tmp_path_factory.mktemp("studies")
    corpus = write_rows(folder / "c.jsonl", ROWS)
    study = folder / "s.toml"
    outcomes = Counter()

    @settings(max_examples=160, **SETTINGS)
    @given(mutated_study(corpus))
    def check(text):
        study.write_bytes(text)
        plan_outcome(folder, study, outcomes)

    check()
    assert outcomes["refused"] >= 125, outcomes  # ~145 of 160 mutations make a bad study; each was refused cleanly


def test_the_unmutated_study_plans(tmp_path):
    corpus = write_rows(tmp_path / "c.jsonl", ROWS)
    study = tmp_path / "s.toml"
    study.write_text(tomli_w.dumps(valid_study(corpus)))
    outcomes = Counter()
    plan_outcome(tmp_path, study, outcomes)
    assert outcomes == {"planned": 1}


# --- generated corpora --------------------------------------------------------------------------

def _line(row) -> bytes:
    return (json.dumps(row, ensure_ascii=False) + "\n").encode()


@st.composite
def damaged_corpus(draw):
    rows = copy.deepcopy(ROWS)
    i = draw(st.integers(0, len(rows) - 1))
    damage = draw(st.sampled_from(["missing field", "wrong type", "duplicate row", "unknown language", "broken json",
                                   "not an object", "latin-1", "utf-16", "bom", "empty file", "blank only", "none"]))
    if damage == "missing field":
        del rows[i][draw(st.sampled_from(["id", "lang", "task", "prompt"]))]
    elif damage == "wrong type":
        rows[i][draw(st.sampled_from(["id", "lang", "task", "prompt", "response"]))] = draw(
            st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.lists(st.integers(), max_size=2), st.just({"a": 1})))
    elif damage == "duplicate row":
        rows.insert(draw(st.integers(0, len(rows))), dict(rows[i]))
    elif damage == "unknown language":
        rows[i]["lang"] = draw(st.sampled_from(["xx", "klingon", "", "en-XX-zz-1", "日本"]))
    lines = [_line(r) for r in rows]
    if damage == "broken json":
        lines[i] = lines[i][: draw(st.integers(1, len(lines[i]) - 2))] + b"\n"
    elif damage == "not an object":
        lines[i] = draw(st.sampled_from([b"[1, 2]\n", b'"text"\n', b"3\n", b"null\n"]))
    elif damage == "latin-1":
        lines[i] = json.dumps({**rows[i], "prompt": "café"}, ensure_ascii=False).encode("latin-1") + b"\n"
    elif damage == "utf-16":
        return damage, "".join(r.decode() for r in lines).encode("utf-16")
    elif damage == "bom":
        return damage, b"\xef\xbb\xbf" + b"".join(lines)
    elif damage == "empty file":
        return damage, b""
    elif damage == "blank only":
        return damage, b"\n  \n\n"
    return damage, b"".join(lines)


def test_generated_corpora_refused_in_one_line_or_planned(tmp_path_factory):
    warm()
    folder = tmp_path_factory.mktemp("corpora")
    corpus = folder / "c.jsonl"
    study = folder / "s.toml"
    study.write_text(tomli_w.dumps(valid_study(corpus)))
    outcomes, damages = Counter(), Counter()

    @settings(max_examples=110, **SETTINGS)
    @given(damaged_corpus())
    def check(case):
        damage, data = case
        corpus.write_bytes(data)
        plan_outcome(folder, study, outcomes)
        damages[damage] += 1

    check()
    assert outcomes["refused"] >= 80, (outcomes, damages)  # ~97 of 110; with the studies >= 205 bad inputs a run
    assert outcomes["refused"] + outcomes["planned"] == sum(damages.values())


@pytest.mark.parametrize("damage", ["duplicate row", "unknown language", "empty file", "broken json", "null id"])
def test_each_corpus_damage_is_refused_with_its_file(tmp_path, damage):
    rows = copy.deepcopy(ROWS)
    lines = [_line(r) for r in rows]
    if damage == "duplicate row":
        lines.insert(10, lines[3])
    elif damage == "unknown language":
        lines[10] = _line({**rows[10], "lang": "klingon"})
    elif damage == "empty file":
        lines = []
    elif damage == "broken json":
        lines[10] = lines[10][:20] + b"\n"
    elif damage == "null id":  # found by the generated corpora: a traceback from the split hash
        lines[10] = _line({**rows[10], "id": None})
    corpus = tmp_path / "c.jsonl"
    corpus.write_bytes(b"".join(lines))
    study = tmp_path / "s.toml"
    study.write_text(tomli_w.dumps(valid_study(corpus)))
    code, err, crash = cli("plan", study)
    assert crash is None and code == 2, (code, err, crash)
    assert "c.jsonl" in err and len(err.strip().splitlines()) == 1
    if damage != "empty file":
        assert "line 11" in err, err


def test_a_very_long_corpus_line_is_read_or_refused_without_a_traceback(tmp_path):
    """8 MB in one prompt (the issue asks for 1 GB; a few MB exercise the same path in CI's time and disk)."""
    corpus = tmp_path / "c.jsonl"
    long_row = {**ROWS[0], "id": "long", "prompt": "x" * (8 << 20)}
    corpus.write_bytes(b"".join(_line(r) for r in [*ROWS, long_row]))
    study = tmp_path / "s.toml"
    study.write_text(tomli_w.dumps(valid_study(corpus)))
    outcomes = Counter()
    plan_outcome(tmp_path, study, outcomes)
    assert outcomes == {"planned": 1}


def test_a_key_with_a_control_character_is_named_on_one_line(tmp_path):
    """Found by the generated studies: an unknown key '\\x1e' (a line separator to str.splitlines) split the message."""
    data = valid_study(write_rows(tmp_path / "c.jsonl", ROWS))
    data["data"]["\x1e\u2028"] = 1
    study = tmp_path / "s.toml"
    study.write_text(tomli_w.dumps(data))
    code, err, crash = cli("plan", study)
    assert crash is None and code == 2
    assert len(err.strip().splitlines()) == 1 and "data.\\x1e\\u2028: unknown key" in err, err
