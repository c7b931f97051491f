"""Swahili: the number follows the plural noun (vikombe 12), and "-ngapi" agrees with its noun class
(vikombe vingapi, mipira mingapi, maua mangapi, kalamu ngapi)."""

NAMES = [{"name": n} for n in ("Juma", "Amina", "Baraka", "Neema", "Hamisi", "Zawadi", "Musa", "Rehema")]

NOUNS = {  # object: (singular, plural, "how many" agreeing with the plural's class)
    "pen": ("kalamu", "kalamu", "ngapi"), "cup": ("kikombe", "vikombe", "vingapi"),
    "book": ("kitabu", "vitabu", "vingapi"), "apple": ("tufaha", "matufaha", "mangapi"),
    "ball": ("mpira", "mipira", "mingapi"), "key": ("ufunguo", "funguo", "ngapi"), "chair": ("kiti", "viti", "vingapi"),
    "flower": ("ua", "maua", "mangapi"), "egg": ("yai", "mayai", "mangapi"), "spoon": ("kijiko", "vijiko", "vingapi"),
}


def count(n, obj):
    sg, pl, _ = NOUNS[obj]
    return f"{pl} {n}" if n != 1 else f"{sg} 1"


def ask(obj):
    _, pl, how_many = NOUNS[obj]
    return f"{pl} {how_many}"


def join(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " na " + parts[-1]


CITY = {c: {"city": n, "city_in": f"mjini {n}"} for c, n in {
    "paris": "Paris", "london": "London", "berlin": "Berlin", "rome": "Roma", "madrid": "Madrid",
    "moscow": "Moscow", "tokyo": "Tokyo", "beijing": "Beijing", "istanbul": "Istanbul", "lisbon": "Lisbon"}.items()}
DAY = {"today": "leo", "tomorrow": "kesho", "monday": "Jumatatu", "friday": "Ijumaa", "sunday": "Jumapili"}


def people(n):
    return f"watu {n}"


def minutes(n):
    return f"dakika {n}"


READ = [
    "{name} ana {items}. {name} ana {ask}?",
    "Katika chumba cha {name} kuna {items}. Kuna {ask} chumbani?",
]
ADD = [
    "{name} ana {a} na ananunua {b} zaidi. Sasa {name} ana {ask}?",
    "{name} ana {a} kwenye begi na {b} mezani. Kwa jumla {name} ana {ask}?",
]
SUB = ["{name} ana {a} na anampa rafiki yake {b}. Sasa {name} amebaki na {ask}?"]
ANSWER = ["Jibu ni {x}", "Jibu sahihi ni {x}"]
API = {
    "get_weather": ["Hali ya hewa itakuwaje {city_in} {day}?", "Je, mvua itanyesha {city_in} {day}?"],
    "set_alarm": ["Weka kengele saa {time}.", "Tafadhali niamshe saa {time}."],
    "book_table": ["Nihifadhie meza ya {people} {city_in} saa {time}."],
    "call_taxi": ["Niitie teksi {city_in} saa {time}."],
    "convert_currency": ["Badilisha {amount} {cur_from} kuwa {cur_to}."],
    "set_timer": ["Weka kipima muda cha {minutes}."],
}
STORY = [
    "{name} anaishi {city_in}.",
    "{Day} kuna jua {city_in}.",
    "{name} anaamka saa {time}.",
    "{name} anapanda teksi {city_in} saa {time}.",
    "{name} anahifadhi meza ya {people}.",
    "Benkini, {name} anabadilisha {amount} {cur_from} kuwa {cur_to}.",
    "Keki inahitaji {minutes} ndani ya oveni.",
    "Kwenye rafu kuna {items}.",
    "{Day} hali ya hewa {city_in} ni ya joto.",
    "Kengele inalia saa {time}.",
    "Kipima muda cha jikoni kimewekwa kwa {minutes}.",
]
QA_READ = ["Sokoni {name} ananunua {items}. {name} ananunua {ask}? {name} ananunua {ans}."]
QA_ADD = ["{name} ana {a}. Rafiki anampa {name} {b} zaidi. Sasa {name} ana {ask}? Sasa {name} ana {c}."]
