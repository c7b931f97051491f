import pytest

from xlt.evaluate.scorers import MultilingualTokenizer, call_match, choice_metrics, exact_match, rouge_l


@pytest.mark.parametrize("response,gold,want", [
    ("The answer is 18.", 18, 1.0),
    ("الجواب هو ١٨", "18", 1.0),
    ("جواب ۱۸ است", 18, 1.0),  # Extended Arabic-Indic (Persian)
    ("उत्तर १८ है", 18, 1.0),
    ("答案是１８。", 18, 1.0),
    ("Total: 1,234 apples", 1234, 1.0),
    ("Итого: 1\u00a0234", 1234, 1.0),
    ("3 then 5", 3, 0.0),  # the last number counts
    ("no number", 3, 0.0),
    ("It is -5", -5, 1.0),
    ("Pay 12.50", "The price is 12.5 dollars", 1.0),  # gold as a response
])
def test_exact_match(response, gold, want):
    assert exact_match(response, gold) == want


def test_call_match_canonicalises():
    gold = {"name": "book", "arguments": {"city": "Paris", "n": 4}}
    assert call_match('Call: {"arguments": {"n": 4.0, "city": "  Paris "}, "name": "book"} done', gold) == 1.0
    assert call_match('{"name": "book", "arguments": "{\\"city\\": \\"Paris\\", \\"n\\": 4}"}', gold) == 1.0
    assert call_match('{"name": "book", "arguments": {"city": "paris", "n": 4}}', gold) == 0.0  # case kept
    assert call_match('{"name": "book", "arguments": {"city": "Paris", "n": 5}}', gold) == 0.0
    assert call_match('{"name": "book", "arguments": {"city": "Paris", "n": true}}', {"name": "book", "arguments": {"city": "Paris", "n": 1}}) == 0.0
    assert call_match("no json {here", gold) == 0.0
    assert call_match('{"name": "book", "arguments": {"city": "Paris", "n": 4}}', '{"name":"book","arguments":{"n":4,"city":"Paris"}}') == 1.0


def test_rouge_keeps_non_latin_scripts():
    tok = MultilingualTokenizer()
    assert tok.tokenize("我爱北京") == ["我", "爱", "北", "京"]
    assert tok.tokenize("Привет, мир!") == ["привет", "мир"]
    assert tok.tokenize("नमस्ते दुनिया") == ["नमस्ते", "दुनिया"]
    assert rouge_l("猫坐在垫子上", "猫在垫子上") == pytest.approx(2 * 5 / 11)
    assert rouge_l("مرحبا بالعالم", "مرحبا بالعالم") == 1.0
    assert rouge_l("كلمة", "شيء آخر") == 0.0


def test_choice_metrics_as_lm_eval():
    # option 0 has the higher total log-likelihood; option 1 is higher per character
    m = choice_metrics([-4.0, -6.0], ["ab", "abcdef"], gold=1, is_greedy=[False, True])
    assert m == {"acc": 0.0, "acc_norm": 1.0, "acc_bytes": 1.0, "exact_match": 1.0}
    # characters, not bytes, for acc_norm: "ж" is 2 bytes
    m = choice_metrics([-3.0, -1.5], ["жжж", "ab"], gold=0)  # per char -1 vs -0.75; per byte -0.5 vs -0.75
    assert m["acc_norm"] == 0.0 and m["acc_bytes"] == 1.0
    with pytest.raises(ValueError):
        choice_metrics([-1.0], ["a"], gold=1)
