"""Czech: after a number the noun takes the accusative singular (1), nominative/accusative plural
(2-4) or genitive plural (5 and more, and 21, 22 ... written as digits): CLDR categories from babel."""

from xlt.corpus.micro.grammar import plural

NAMES = [{"name": n} for n in ("Jana", "Petr", "Tereza", "Jakub", "Eva", "Tomáš", "Lucie", "Martin")]

NOUNS = {  # object: (accusative singular, plural 2-4, genitive plural)
    "pen": ("tužku", "tužky", "tužek"), "cup": ("hrnek", "hrnky", "hrnků"), "book": ("knihu", "knihy", "knih"),
    "apple": ("jablko", "jablka", "jablek"), "ball": ("míč", "míče", "míčů"), "key": ("klíč", "klíče", "klíčů"),
    "chair": ("židli", "židle", "židlí"), "flower": ("květinu", "květiny", "květin"),
    "egg": ("vejce", "vejce", "vajec"), "spoon": ("lžíci", "lžíce", "lžic"),
}
_FORM = {"one": 0, "few": 1}


def count(n, obj):
    return f"{n} {NOUNS[obj][_FORM.get(plural('cs', n), 2)]}"


def ask(obj):
    return NOUNS[obj][2]


def join(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " a " + parts[-1]


CITY = {c: {"city": n, "city_in": loc} for c, (n, loc) in {
    "paris": ("Paříž", "v Paříži"), "london": ("Londýn", "v Londýně"), "berlin": ("Berlín", "v Berlíně"),
    "rome": ("Řím", "v Římě"), "madrid": ("Madrid", "v Madridu"), "moscow": ("Moskva", "v Moskvě"),
    "tokyo": ("Tokio", "v Tokiu"), "beijing": ("Peking", "v Pekingu"), "istanbul": ("Istanbul", "v Istanbulu"),
    "lisbon": ("Lisabon", "v Lisabonu")}.items()}
DAY = {"today": "dnes", "tomorrow": "zítra", "monday": "v pondělí", "friday": "v pátek", "sunday": "v neděli"}


def people(n):
    return f"{n} {'osoby' if plural('cs', n) == 'few' else 'osob'}"


def minutes(n):
    return f"{n} {'minuty' if plural('cs', n) == 'few' else 'minut'}"


READ = [
    "{name} má {items}. Kolik {ask} má {name}?",
    "V pokoji má {name} {items}. Kolik {ask} má {name} v pokoji?",
]
ADD = [
    "{name} má {a} a koupí si ještě {bn}. Kolik {ask} má {name} teď?",
    "{name} má {a} v tašce a {b} na stole. Kolik {ask} má {name} celkem?",
]
SUB = ["{name} má {a} a {b} dá kamarádovi. Kolik {ask} má {name} teď?"]
ANSWER = ["Odpověď je {x}", "Výsledek je {x}"]
API = {
    "get_weather": ["Jaké bude počasí {city_in} {day}?", "Bude {day} {city_in} pršet?"],
    "set_alarm": ["Nastav budík na {time}.", "Vzbuď mě prosím v {time}."],
    "book_table": ["Zarezervuj stůl pro {people} {city_in} na {time}."],
    "call_taxi": ["Zavolej mi taxi {city_in} na {time}."],
    "convert_currency": ["Převeď {amount} {cur_from} na {cur_to}."],
    "set_timer": ["Nastav časovač na {minutes}."],
}
STORY = [
    "{name} bydlí {city_in}.",
    "{Day} je {city_in} slunečno.",
    "{name} vstává v {time}.",
    "{name} jede {city_in} v {time} taxíkem.",
    "{name} rezervuje stůl pro {people}.",
    "V bance {name} mění {amount} {cur_from} na {cur_to}.",
    "Koláč se peče v troubě {minutes}.",
    "{name} má doma {items}.",
    "{Day} je {city_in} teplé počasí.",
    "Budík zvoní v {time}.",
    "Kuchyňský časovač je nastavený na {minutes}.",
]
QA_READ = ["Na trhu {name} kupuje {items}. Kolik {ask} kupuje {name}? {name} kupuje {ans}."]
QA_ADD = ["{name} má {a} a od kamaráda dostane ještě {b}. Kolik {ask} má {name} teď? Teď má {name} {c}."]
