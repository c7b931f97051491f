"""Finnish: after a number above one the noun stands in the partitive singular (12 kynää);
possession is the adessive of the name (Annalla on ...), stored per name with its consonant gradation."""

NAMES = [{"name": n, "name_ad": ad} for n, ad in (
    ("Anna", "Annalla"), ("Mikko", "Mikolla"), ("Liisa", "Liisalla"), ("Juha", "Juhalla"), ("Aino", "Ainolla"),
    ("Ville", "Villellä"), ("Elina", "Elinalla"), ("Matti", "Matilla"))]

NOUNS = {  # object: (nominative singular, partitive singular)
    "pen": ("kynä", "kynää"), "cup": ("kuppi", "kuppia"), "book": ("kirja", "kirjaa"), "apple": ("omena", "omenaa"),
    "ball": ("pallo", "palloa"), "key": ("avain", "avainta"), "chair": ("tuoli", "tuolia"),
    "flower": ("kukka", "kukkaa"), "egg": ("muna", "munaa"), "spoon": ("lusikka", "lusikkaa"),
}


def count(n, obj):
    return f"{n} {NOUNS[obj][0 if n == 1 else 1]}"


def ask(obj):
    return NOUNS[obj][1]


def join(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " ja " + parts[-1]


CITY = {c: {"city": n, "city_in": ine} for c, (n, ine) in {
    "paris": ("Pariisi", "Pariisissa"), "london": ("Lontoo", "Lontoossa"), "berlin": ("Berliini", "Berliinissä"),
    "rome": ("Rooma", "Roomassa"), "madrid": ("Madrid", "Madridissa"), "moscow": ("Moskova", "Moskovassa"),
    "tokyo": ("Tokio", "Tokiossa"), "beijing": ("Peking", "Pekingissä"), "istanbul": ("Istanbul", "Istanbulissa"),
    "lisbon": ("Lissabon", "Lissabonissa")}.items()}
DAY = {"today": "tänään", "tomorrow": "huomenna", "monday": "maanantaina", "friday": "perjantaina",
       "sunday": "sunnuntaina"}


def people(n):
    return f"{n} hengelle"


def minutes(n):
    return f"{n} minuutiksi"


READ = [
    "{name_ad} on {items}. Kuinka monta {ask} {name_ad} on?",
    "{name_ad} on huoneessaan {items}. Montako {ask} {name_ad} on huoneessaan?",
]
ADD = [
    "{name_ad} on {a}. {name} ostaa {bn} lisää. Kuinka monta {ask} {name_ad} on nyt?",
    "{name_ad} on laukussa {a} ja pöydällä {b}. Kuinka monta {ask} {name_ad} on yhteensä?",
]
SUB = ["{name_ad} on {a}. {name} antaa ystävälleen {b}. Kuinka monta {ask} {name_ad} on jäljellä?"]
ANSWER = ["Vastaus on {x}", "Tulos on {x}"]
API = {
    "get_weather": ["Millainen sää on {city_in} {day}?", "Sataako {city_in} {day}?"],
    "set_alarm": ["Aseta herätys kello {time}.", "Herätä minut kello {time}."],
    "book_table": ["Varaa pöytä {people} {city_in} kello {time}."],
    "call_taxi": ["Tilaa minulle taksi {city_in} kello {time}."],
    "convert_currency": ["Muunna {amount} {cur_from} valuutaksi {cur_to}."],
    "set_timer": ["Aseta ajastin {minutes}."],
}
STORY = [
    "{name} asuu {city_in}.",
    "{City_in} paistaa aurinko {day}.",
    "{name} herää kello {time}.",
    "{name} ottaa taksin {city_in} kello {time}.",
    "{name} varaa pöydän {people}.",
    "Pankissa {name} vaihtaa {amount} {cur_from} valuuttaan {cur_to}.",
    "{name} asettaa uunin ajastimen {minutes}.",
    "Hyllyllä on {items}.",
    "{City_in} sää on lämmin {day}.",
    "Herätyskello soi kello {time}.",
    "Keittiön ajastin on asetettu {minutes}.",
]
QA_READ = ["Torilta {name} ostaa {items}. Kuinka monta {ask} {name} ostaa? {name} ostaa {ans}."]
QA_ADD = ["{name_ad} on {a}. {name} saa ystävältään vielä {b}. Kuinka monta {ask} {name_ad} on nyt? "
          "Nyt {name_ad} on {c}."]
