"""Hebrew: possession is "יש ל" + name (לדנה יש), prefixes join the word; verbs that differ by gender
(נותן/נותנת) follow the name's gender, stored per name."""

NAMES = [{"name": n, "name_l": "ל" + n, "g": g} for n, g in (
    ("דנה", "f"), ("יוסי", "m"), ("נועה", "f"), ("אורי", "m"), ("מיכל", "f"), ("דני", "m"), ("שירה", "f"),
    ("עומר", "m"))]
GENDER = {
    "f": {"gives": "נותנת", "lives": "גרה", "wakes": "קמה", "takes": "לוקחת", "books": "מזמינה",
          "changes": "מחליפה", "gets": "מקבלת"},
    "m": {"gives": "נותן", "lives": "גר", "wakes": "קם", "takes": "לוקח", "books": "מזמין", "changes": "מחליף",
          "gets": "מקבל"},
}

NOUNS = {  # object: (singular, plural)
    "pen": ("עט", "עטים"), "cup": ("כוס", "כוסות"), "book": ("ספר", "ספרים"), "apple": ("תפוח", "תפוחים"),
    "ball": ("כדור", "כדורים"), "key": ("מפתח", "מפתחות"), "chair": ("כיסא", "כיסאות"), "flower": ("פרח", "פרחים"),
    "egg": ("ביצה", "ביצים"), "spoon": ("כף", "כפות"),
}


def count(n, obj):  # the world's counts start at 3, so the plural always fits
    return f"{n} {NOUNS[obj][1]}"


def ask(obj):
    return f"כמה {NOUNS[obj][1]}"


def join(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " ו-" + parts[-1]


CITY = {c: {"city": n, "city_in": "ב" + n} for c, n in {
    "paris": "פריז", "london": "לונדון", "berlin": "ברלין", "rome": "רומא", "madrid": "מדריד", "moscow": "מוסקבה",
    "tokyo": "טוקיו", "beijing": "בייג'ינג", "istanbul": "איסטנבול", "lisbon": "ליסבון"}.items()}
DAY = {"today": "היום", "tomorrow": "מחר", "monday": "ביום שני", "friday": "ביום שישי", "sunday": "ביום ראשון"}


def people(n):
    return f"{n} אנשים"


def minutes(n):
    return f"{n} דקות"


READ = [
    "{name_l} יש {items}. {ask} יש {name_l}?",
    "בחדר של {name} יש {items}. {ask} יש בחדר?",
]
ADD = [
    "{name_l} יש {a}, ו{name} קונה עוד {b}. {ask} יש {name_l} עכשיו?",
    "{name_l} יש {a} בתיק ו-{b} על השולחן. {ask} יש {name_l} בסך הכול?",
]
SUB = ["{name_l} יש {a}, ו{name} {gives} {b} לחבר. {ask} נשארו {name_l}?"]
ANSWER = ["התשובה היא {x}", "התשובה: {x}"]
API = {
    "get_weather": ["מה מזג האוויר {city_in} {day}?", "האם ירד גשם {city_in} {day}?"],
    "set_alarm": ["תכוון שעון מעורר ל-{time}.", "תעיר אותי ב-{time}, בבקשה."],
    "book_table": ["תזמין שולחן ל-{people} {city_in} ב-{time}."],
    "call_taxi": ["תזמין לי מונית {city_in} ל-{time}."],
    "convert_currency": ["תמיר {amount} {cur_from} ל-{cur_to}."],
    "set_timer": ["תפעיל טיימר ל-{minutes}."],
}
STORY = [
    "{name} {lives} {city_in}.",
    "מזג האוויר {city_in} {day} נעים ושמשי.",
    "{name} {wakes} ב-{time}.",
    "{name} {takes} מונית {city_in} ב-{time}.",
    "{name} {books} שולחן ל-{people}.",
    "בבנק, {name} {changes} {amount} {cur_from} ל-{cur_to}.",
    "העוגה צריכה {minutes} בתנור.",
    "על המדף יש {items}.",
    "מזג האוויר {city_in} {day} חמים.",
    "השעון המעורר מצלצל ב-{time}.",
    "הטיימר במטבח מכוון ל-{minutes}.",
]
QA_READ = ["בשוק {name} קונה {items}. {ask} {name} קונה? {name} קונה {ans}."]
QA_ADD = ["{name_l} יש {a}. {name} {gets} מחבר עוד {b}. {ask} יש {name_l} עכשיו? עכשיו יש {name_l} {c}."]
