"""Hindi: nouns take their plural form after numbers (किताबें, अंडे), "कितने/कितनी" agrees with the
noun's gender, and verbs (खरीदता/खरीदती) with the name's gender, stored per name."""

NAMES = [{"name": n, "g": g} for n, g in (
    ("सीमा", "f"), ("राहुल", "m"), ("प्रिया", "f"), ("अमित", "m"), ("नेहा", "f"), ("रोहन", "m"), ("अंजलि", "f"),
    ("विकास", "m"))]
GENDER = {
    "f": {"buys": "खरीदती", "gives": "देती", "lives": "रहती", "wakes": "उठती", "takes": "लेती", "books": "बुक करती",
          "changes": "बदलती"},
    "m": {"buys": "खरीदता", "gives": "देता", "lives": "रहता", "wakes": "उठता", "takes": "लेता", "books": "बुक करता",
          "changes": "बदलता"},
}

NOUNS = {  # object: (singular, plural, gender)
    "pen": ("पेन", "पेन", "m"), "cup": ("कप", "कप", "m"), "book": ("किताब", "किताबें", "f"), "apple": ("सेब", "सेब", "m"),
    "ball": ("गेंद", "गेंदें", "f"), "key": ("चाबी", "चाबियाँ", "f"), "chair": ("कुर्सी", "कुर्सियाँ", "f"),
    "flower": ("फूल", "फूल", "m"), "egg": ("अंडा", "अंडे", "m"), "spoon": ("चम्मच", "चम्मच", "m"),
}


def count(n, obj):
    sg, pl, _ = NOUNS[obj]
    return f"{n} {sg if n == 1 else pl}"


def ask(obj):
    _, pl, g = NOUNS[obj]
    return ("कितने " if g == "m" else "कितनी ") + pl


def join(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " और " + parts[-1]


CITY = {c: {"city": n, "city_in": f"{n} में"} for c, n in {
    "paris": "पेरिस", "london": "लंदन", "berlin": "बर्लिन", "rome": "रोम", "madrid": "मैड्रिड", "moscow": "मॉस्को",
    "tokyo": "टोक्यो", "beijing": "बीजिंग", "istanbul": "इस्तांबुल", "lisbon": "लिस्बन"}.items()}
DAY = {"today": "आज", "tomorrow": "कल", "monday": "सोमवार को", "friday": "शुक्रवार को", "sunday": "रविवार को"}


def people(n):
    return f"{n} लोगों"


def minutes(n):
    return f"{n} मिनट"


READ = [
    "{name} के पास {items} हैं। {name} के पास {ask} हैं?",
    "{name} के कमरे में {items} हैं। कमरे में {ask} हैं?",
]
ADD = [
    "{name} के पास {a} हैं और वह {b} और {buys} है। अब {name} के पास {ask} हैं?",
    "{name} के बैग में {a} हैं और मेज़ पर {b} हैं। {name} के पास कुल {ask} हैं?",
]
SUB = ["{name} के पास {a} हैं और वह अपने दोस्त को {b} {gives} है। अब {name} के पास {ask} हैं?"]
ANSWER = ["उत्तर है {x}", "सही जवाब: {x}"]
API = {
    "get_weather": ["{day} {city_in} मौसम कैसा रहेगा?", "क्या {day} {city_in} बारिश होगी?"],
    "set_alarm": ["{time} बजे का अलार्म लगा दो।", "मुझे {time} बजे जगा देना।"],
    "book_table": ["{city_in} {time} बजे {people} के लिए टेबल बुक करो।"],
    "call_taxi": ["{city_in} {time} बजे मेरे लिए टैक्सी बुलाओ।"],
    "convert_currency": ["{amount} {cur_from} को {cur_to} में बदलो।"],
    "set_timer": ["{minutes} का टाइमर लगाओ।"],
}
STORY = [
    "{name} {city_in} {lives} है।",
    "{day} {city_in} धूप खिली है।",
    "{name} रोज़ {time} बजे {wakes} है।",
    "{name} {time} बजे {city_in} टैक्सी {takes} है।",
    "{name} {people} के लिए टेबल {books} है।",
    "बैंक में {name} {amount} {cur_from} को {cur_to} में {changes} है।",
    "केक को ओवन में {minutes} लगते हैं।",
    "शेल्फ़ पर {items} हैं।",
    "{day} {city_in} मौसम गर्म है।",
    "अलार्म {time} बजे बजता है।",
    "रसोई का टाइमर {minutes} पर लगा है।",
]
QA_READ = ["{name} बाज़ार से {items} {buys} है। {name} {ask} {buys} है? {name} {ans} {buys} है।"]
QA_ADD = ["{name} के पास {a} हैं। एक दोस्त {name} को {b} और देता है। अब {name} के पास {ask} हैं? "
          "अब {name} के पास {c} हैं।"]
