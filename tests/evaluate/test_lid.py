import pytest

from xlt import languages
from xlt.evaluate import lid


def test_detect_offline_with_xlt_codes():
    texts = ["Hola, ¿cómo estás hoy, amigo mío?", "Привет, как у тебя дела сегодня?", "我今天很高兴见到你。",
             "مرحبا، كيف حالك اليوم؟", "Habari yako rafiki yangu, umeamkaje leo?", "", "12345"]
    found = lid.detect(texts, codes=["en", "es", "ru", "zh", "ar", "sw"])
    assert found == ["es", "ru", "zh", "ar", "sw", None, None]


def test_fidelity_gate_robustness():
    lids, langs = ["es", "en", "es", None], ["es", "es", "es", "es"]
    assert lid.fidelity(lids, langs) == 0.5
    assert lid.gate([1, 1, 0, 1], lids, langs) == [1.0, 0.0, 0.0, 0.0]
    assert lid.robustness([1, 1, 0, 1], lids, langs) == 0.5


NORWEGIAN = [
    "Jeg liker å lese bøker om kvelden, og i morgen skal jeg gå en lang tur i skogen med familien min.",  # Bokmål
    "Eg likar å lesa bøker om kvelden, og i morgon skal eg gå ein lang tur i skogen med familien min.",  # Nynorsk
]


def test_norwegian_passes_the_gate_for_a_study_that_writes_no():
    """lingua says Bokmål (nb) or Nynorsk (nn); a study says `no`: the same language."""
    for codes in (["no", "da", "sv", "en"], ["nb", "da", "sv"]):
        found = lid.detect(NORWEGIAN, codes=codes)
        assert found == ["no", "no"], codes
        assert lid.gate([1, 1], found, ["no", "nb"]) == [1.0, 1.0]
        assert lid.fidelity(found, ["no", "nn"]) == 1.0
    assert lid.supported("no") and lid.supported("nob")


@pytest.mark.parametrize(
    "alias, text",
    [
        ("cmn", "我今天很高兴见到你，我们一起去公园散步吧。"),
        ("arb", "مرحبا، كيف حالك اليوم؟ أتمنى أن تكون بخير."),
        ("swh", "Habari yako rafiki yangu, umeamkaje leo asubuhi?"),
        ("ekk", "Tere, mu sõber! Kuidas sul täna läheb ja mida sa homme teed?"),
        ("pes", "سلام دوست من، امروز حال شما چطور است و فردا چه کار می‌کنید؟"),
        ("zsm", "Saya suka membaca buku pada waktu petang dan bermain bola sepak bersama kawan-kawan."),
        ("lvs", "Sveiki, mans draugs! Kā tev šodien klājas un ko tu darīsi rīt?"),
    ],
)
def test_detector_answers_in_the_studys_code_for_an_individual_language(alias, text):
    """The detector, the study and the corpus agree on one code whichever member of a pair is written."""
    found = lid.detect([text], codes=[alias, "en"])
    assert found == [languages.normalize(alias)]
    assert lid.gate([1], found, [alias]) == [1.0]
