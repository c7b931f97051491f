"""German."""

NAMES = [{"name": n} for n in ("Anna", "Lukas", "Lena", "Jonas", "Marie", "Felix", "Hannah", "Paul")]

NOUNS = {  # object: (singular, plural)
    "pen": ("Stift", "Stifte"), "cup": ("Tasse", "Tassen"), "book": ("Buch", "Bücher"), "apple": ("Apfel", "Äpfel"),
    "ball": ("Ball", "Bälle"), "key": ("Schlüssel", "Schlüssel"), "chair": ("Stuhl", "Stühle"),
    "flower": ("Blume", "Blumen"), "egg": ("Ei", "Eier"), "spoon": ("Löffel", "Löffel"),
}


def count(n, obj):
    sg, pl = NOUNS[obj]
    return f"{n} {sg if n == 1 else pl}"


def ask(obj):
    return NOUNS[obj][1]


def join(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " und " + parts[-1]


CITY = {c: {"city": n, "city_in": f"in {n}"} for c, n in {
    "paris": "Paris", "london": "London", "berlin": "Berlin", "rome": "Rom", "madrid": "Madrid",
    "moscow": "Moskau", "tokyo": "Tokio", "beijing": "Peking", "istanbul": "Istanbul", "lisbon": "Lissabon"}.items()}
DAY = {"today": "heute", "tomorrow": "morgen", "monday": "am Montag", "friday": "am Freitag", "sunday": "am Sonntag"}


def people(n):
    return f"{n} Personen"


def minutes(n):
    return f"{n} Minuten"


READ = [
    "{name} hat {items}. Wie viele {ask} hat {name}?",
    "Im Zimmer von {name} gibt es {items}. Wie viele {ask} gibt es im Zimmer?",
]
ADD = [
    "{name} hat {a} und kauft noch {bn} dazu. Wie viele {ask} hat {name} jetzt?",
    "{name} hat {a} in der Tasche und {b} auf dem Schreibtisch. Wie viele {ask} hat {name} insgesamt?",
]
SUB = ["{name} hat {a} und schenkt einem Freund {b}. Wie viele {ask} hat {name} noch?"]
ANSWER = ["Die Antwort ist {x}", "Das Ergebnis ist {x}"]
API = {
    "get_weather": ["Wie wird das Wetter {day} {city_in}?", "Regnet es {day} {city_in}?"],
    "set_alarm": ["Stell einen Wecker auf {time}.", "Weck mich bitte um {time}."],
    "book_table": ["Reserviere einen Tisch für {people} {city_in} um {time}."],
    "call_taxi": ["Bestell mir ein Taxi {city_in} um {time}."],
    "convert_currency": ["Rechne {amount} {cur_from} in {cur_to} um."],
    "set_timer": ["Stell einen Timer auf {minutes}."],
}
STORY = [
    "{name} wohnt {city_in}.",
    "{Day} scheint {city_in} die Sonne.",
    "{name} steht um {time} auf.",
    "{name} nimmt um {time} ein Taxi {city_in}.",
    "{name} reserviert einen Tisch für {people}.",
    "In der Bank tauscht {name} {amount} {cur_from} in {cur_to}.",
    "Der Kuchen backt {minutes} im Ofen.",
    "Im Regal stehen {items}.",
    "{Day} ist das Wetter {city_in} mild.",
    "Der Wecker klingelt um {time}.",
    "Der Küchentimer steht auf {minutes}.",
]
QA_READ = ["Auf dem Markt kauft {name} {items}. Wie viele {ask} kauft {name}? {name} kauft {ans}."]
QA_ADD = ["{name} hat {a}. Ein Freund schenkt {name} noch {b}. Wie viele {ask} hat {name} jetzt? Jetzt hat {name} {c}."]
