import math

import pytest

from xlt import languages


def test_registry_covers_iso_639_1_and_639_3():
    codes = set(languages.all_codes())
    assert len(codes) > 7000  # every ISO 639-3 code, not a hand list
    for c in ("en", "sw", "yue", "fil", "ast", "quc"):
        assert c in codes


@pytest.mark.parametrize(
    "raw, code",
    [("en", "en"), ("eng", "en"), ("spa", "es"), ("jp", "ja"), ("iw", "he"), ("ZH", "zh"), ("zh-CN", "zh"), ("pt_BR", "pt"), ("tl", "tl"), ("tgl", "tl"), ("fil", "fil"), ("in", "id")],
)
def test_normalize_aliases(raw, code):
    assert languages.normalize(raw) == code


@pytest.mark.parametrize("raw", ["xx", "klingon", "", "e1"])
def test_unknown_codes_are_refused(raw):
    with pytest.raises(languages.UnknownLanguage, match="unknown language code"):
        languages.normalize(raw)


def test_entry_has_name_script_family_resource():
    ru = languages.get("ru")
    assert (ru.name, ru.script, ru.family, ru.resource) == ("Russian", "Cyrl", "Indo-European", "high")
    assert languages.get("zh").family == "Sino-Tibetan"  # macrolanguage zho -> URIEL's cmn
    assert languages.get("sw").family == "Atlantic-Congo"
    assert languages.get("he").script == "Hebr"
    assert languages.get("fil").resource is None


def test_similarities_are_uriel_cosines():
    codes = ["en", "es", "pt", "zh"]
    for kind in languages.SIMILARITY_FEATURES:
        m = languages.similarity_matrix(codes, kind)
        assert m.shape == (4, 4)
        assert all(math.isclose(m[i, i], 1.0) for i in range(4)), kind
        assert m[1, 2] == pytest.approx(m[2, 1])
    gen = languages.similarity_matrix(codes, "genetic")
    assert gen[1, 2] > gen[0, 1] > gen[0, 3]  # es~pt (Romance) > en~es (Indo-European) > en~zh
    assert languages.similarity("es", "pt", "syntactic") > languages.similarity("es", "zh", "syntactic")
    with pytest.raises(ValueError):
        languages.similarity("en", "es", "lexical")


# Individual languages that corpora, detectors and benchmarks write for a macrolanguage xlt names by
# its ISO 639-1 code: each pair must be one language everywhere (study, corpus, detector, benchmark).
MACRO_ALIASES = [
    ("nb", "no"), ("nob", "no"), ("nn", "no"), ("nno", "no"), ("nor", "no"),
    ("cmn", "zh"), ("cmn-Hans", "zh"), ("arb", "ar"), ("swh", "sw"), ("ekk", "et"), ("pes", "fa"),
    ("zsm", "ms"), ("lvs", "lv"), ("uzn", "uz"), ("als", "sq"), ("azj", "az"), ("khk", "mn"),
    ("npi", "ne"), ("ory", "or"), ("gaz", "om"), ("ydd", "yi"), ("plt", "mg"), ("pbt", "ps"),
]


@pytest.mark.parametrize("alias, code", MACRO_ALIASES)
def test_macrolanguage_members_are_one_code(alias, code):
    assert languages.normalize(alias) == code
    assert languages.get(alias) == languages.get(code)


@pytest.mark.parametrize("code", ["yue", "ary", "arz", "azb", "ckb", "tw"])
def test_distinct_members_of_a_macrolanguage_stay_apart(code):
    """Only the language a macrolanguage code stands for merges into it: Cantonese is not Mandarin."""
    assert languages.normalize(code) == code


def test_norwegian_is_one_language_with_a_family():
    no = languages.get("nb")
    assert (no.code, no.name, no.family) == ("no", "Norwegian", "Indo-European")


def test_xlt_languages_without_codes_lists_the_whole_registry():
    """Every registry code has an entry: the special-purpose subtags (und, mul, ...) are not languages and are
    not in the registry (`und` made the bare command fail with 'unknown language code')."""
    import json

    from typer.testing import CliRunner

    from xlt.cli import app

    res = CliRunner().invoke(app, ["languages", "--json"])
    assert res.exit_code == 0, res.output
    listed = [e["code"] for e in json.loads(res.stdout)]
    assert listed == [languages.normalize(c) for c in languages.all_codes()]  # each as xlt writes it (aju -> jrb)
    assert not {"mis", "mul", "und", "zxx"} & set(listed)
    assert not languages.is_known("und")
