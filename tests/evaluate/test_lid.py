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
