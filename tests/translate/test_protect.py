"""Protection: spans extracted as markers and put back; numbers and markers checked."""

from xlt.translate.protect import check, mask, unmask


def test_json_call_is_one_marker_and_copied_verbatim():
    call = '  {"name": "get_weather", "arguments": {"city": "Paris", "days": 3}}\n'
    m = mask(call)
    assert m.text == "⟦0⟧" and not m.translatable
    assert unmask(m, m.text) == call


def test_code_url_inline_code_and_embedded_json_are_extracted():
    text = "Run `pip install x` then see https://example.com/a?b=1. Call {\"f\": 1} now:\n```py\nprint('hello world')\n```"
    m = mask(text)
    assert m.spans == ("`pip install x`", "https://example.com/a?b=1", '{"f": 1}', "```py\nprint('hello world')\n```")
    assert m.text == "Run ⟦0⟧ then see ⟦1⟧. Call ⟦2⟧ now:\n⟦3⟧"
    translated = "Ejecuta ⟦0⟧ y mira ⟦1⟧. Llama ⟦2⟧ ahora:\n⟦3⟧"
    assert check(m, translated) == []
    assert unmask(m, translated) == text.replace("Run", "Ejecuta").replace("then see", "y mira").replace("Call", "Llama").replace(" now:", " ahora:")


def test_literal_marker_in_the_input_survives():
    m = mask("keep ⟦7⟧ as is")
    assert m.spans == ("⟦7⟧",) and m.text == "keep ⟦0⟧ as is"
    assert unmask(m, "garde ⟦0⟧ tel quel") == "garde ⟦7⟧ tel quel"


def test_numbers_may_change_grouping_but_not_value():
    m = mask("It costs 1,000.50 dollars for 3 days.")
    assert check(m, "Cuesta 1.000,50 dólares por 3 días.") == []
    assert check(m, "Cuesta ١٬٠٠٠٫٥٠ dólares por ٣ días.") == []  # Arabic-Indic digits count as digits
    assert check(m, "Cuesta 1.000,50 dólares por tres días.") == ["numbers: lost 3"]
    assert check(m, "Cuesta 1.000,50 dólares por 4 días.") == ["numbers: lost 3, added 4"]


def test_markers_missing_repeated_or_invented_are_problems():
    m = mask("see https://a.org and https://b.org")
    assert check(m, "mira ⟦0⟧ y ⟦1⟧") == []
    assert check(m, "mira ⟦0⟧") == ["protected spans: missing ⟦1⟧"]
    assert check(m, "mira ⟦0⟧ ⟦0⟧ ⟦1⟧ ⟦2⟧") == ["protected spans: unexpected ⟦0⟧ ⟦2⟧"]
    assert check(m, "   ") == ["protected spans: missing ⟦0⟧ ⟦1⟧", "empty translation"]


def test_whitespace_around_a_field_is_kept():
    m = mask("\n  the cat  \n")
    assert m.text == "the cat"
    assert unmask(m, " el gato ") == "\n  el gato  \n"


def test_numbers_are_compared_as_a_multiset_not_a_set():
    m = mask("3 cats and 3 dogs")
    assert check(m, "3 gatos y perros") == ["numbers: lost 3"]
    assert check(m, "3 gatos y 3 perros") == []


def test_a_response_that_is_a_whole_json_array_is_one_marker_copied_verbatim():
    calls = '[{"name": "f", "arguments": {"x": "two words"}}, {"name": "g", "arguments": {}}]'
    m = mask(calls)
    assert m.text == "⟦0⟧" and m.spans == (calls,) and not m.translatable
    assert unmask(m, "⟦0⟧") == calls


def test_every_json_object_in_prose_is_found_after_braces_that_are_not_json():
    text = 'Use {x} or {{"a": 1} then {"b": [1, 2]} and {"c": {"d": 2}} end {'
    m = mask(text)
    assert m.spans == ('{"a": 1}', '{"b": [1, 2]}', '{"c": {"d": 2}}')
    assert m.text == "Use {x} or {⟦0⟧ then ⟦1⟧ and ⟦2⟧ end {"
    assert unmask(m, m.text) == text


def test_a_url_inside_a_code_block_is_one_span_not_two():
    m = mask("Run:\n```\ncurl https://a.org/x\n```\nthen https://b.org")
    assert m.spans == ("```\ncurl https://a.org/x\n```", "https://b.org")


def test_problems_name_only_what_happened_in_marker_order():
    m = mask(" ".join(f"`c{i}`" for i in range(12)))
    kept = " ".join(f"⟦{i}⟧" for i in range(12) if i not in (2, 10))
    assert check(m, kept) == ["protected spans: missing ⟦2⟧ ⟦10⟧"]  # by number, not as text ("10" < "2")
    assert check(mask("3 cats"), "3 gatos 4") == ["numbers: added 4"]
    assert check(mask("3 and 4 cats"), "gatos") == ["numbers: lost 3, 4"]


def test_an_invented_marker_is_left_as_written():
    m = mask("see https://a.org")
    assert unmask(m, "ver ⟦0⟧ y ⟦5⟧") == "ver https://a.org y ⟦5⟧"
