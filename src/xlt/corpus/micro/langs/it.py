"""Italian."""

NAMES = [{"name": n} for n in ("Giulia", "Marco", "Sofia", "Luca", "Chiara", "Matteo", "Anna", "Paolo")]

NOUNS = {  # object: (singular, plural, gender of the plural)
    "pen": ("penna", "penne", "f"), "cup": ("tazza", "tazze", "f"), "book": ("libro", "libri", "m"),
    "apple": ("mela", "mele", "f"), "ball": ("palla", "palle", "f"), "key": ("chiave", "chiavi", "f"),
    "chair": ("sedia", "sedie", "f"), "flower": ("fiore", "fiori", "m"), "egg": ("uovo", "uova", "f"),
    "spoon": ("cucchiaio", "cucchiai", "m"),
}


def count(n, obj):
    sg, pl, _ = NOUNS[obj]
    return f"{n} {sg if n == 1 else pl}"


def ask(obj):
    _, pl, g = NOUNS[obj]
    return ("quanti " if g == "m" else "quante ") + pl


def join(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " e " + parts[-1]


CITY = {c: {"city": n, "city_in": f"a {n}"} for c, n in {
    "paris": "Parigi", "london": "Londra", "berlin": "Berlino", "rome": "Roma", "madrid": "Madrid",
    "moscow": "Mosca", "tokyo": "Tokyo", "beijing": "Pechino", "istanbul": "Istanbul", "lisbon": "Lisbona"}.items()}
DAY = {"today": "oggi", "tomorrow": "domani", "monday": "lunedì", "friday": "venerdì", "sunday": "domenica"}


def people(n):
    return f"{n} persone"


def minutes(n):
    return f"{n} minuti"


READ = [
    "{name} ha {items}. {Ask} ha {name}?",
    "Nella stanza di {name} ci sono {items}. {Ask} ci sono nella stanza?",
]
ADD = [
    "{name} ha {a} e ne compra ancora {bn}. {Ask} ha {name} adesso?",
    "{name} ha {a} nello zaino e {b} sulla scrivania. {Ask} ha {name} in tutto?",
]
SUB = ["{name} ha {a} e ne regala {bn} a un amico. {Ask} restano a {name}?"]
ANSWER = ["La risposta è {x}", "Il risultato è {x}"]
API = {
    "get_weather": ["Che tempo farà {city_in} {day}?", "Pioverà {city_in} {day}?"],
    "set_alarm": ["Imposta una sveglia alle {time}.", "Svegliami alle {time}, per favore."],
    "book_table": ["Prenota un tavolo per {people} {city_in} alle {time}."],
    "call_taxi": ["Chiamami un taxi {city_in} alle {time}."],
    "convert_currency": ["Converti {amount} {cur_from} in {cur_to}."],
    "set_timer": ["Imposta un timer di {minutes}."],
}
STORY = [
    "{name} abita {city_in}.",
    "{Day} c'è il sole {city_in}.",
    "{name} si sveglia alle {time}.",
    "{name} prende un taxi {city_in} alle {time}.",
    "{name} prenota un tavolo per {people}.",
    "In banca, {name} cambia {amount} {cur_from} in {cur_to}.",
    "La torta cuoce in forno per {minutes}.",
    "Sullo scaffale ci sono {items}.",
    "{Day} il tempo {city_in} è mite.",
    "La sveglia suona alle {time}.",
    "Il timer della cucina è impostato su {minutes}.",
]
QA_READ = ["Al mercato {name} compra {items}. {Ask} compra {name}? {name} compra {ans}."]
QA_ADD = ["{name} ha {a}. Poi {name} riceve in regalo {b}. {Ask} ha {name} adesso? Adesso {name} ha {c}."]
