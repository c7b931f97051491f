"""French."""

NAMES = [{"name": n} for n in ("Marie", "Louis", "Camille", "Hugo", "Léa", "Jules", "Chloé", "Paul")]

NOUNS = {  # object: (singular, plural)
    "pen": ("stylo", "stylos"), "cup": ("tasse", "tasses"), "book": ("livre", "livres"), "apple": ("pomme", "pommes"),
    "ball": ("balle", "balles"), "key": ("clé", "clés"), "chair": ("chaise", "chaises"), "flower": ("fleur", "fleurs"),
    "egg": ("œuf", "œufs"), "spoon": ("cuillère", "cuillères"),
}


def count(n, obj):
    sg, pl = NOUNS[obj]
    return f"{n} {sg if n == 1 else pl}"


def ask(obj):
    pl = NOUNS[obj][1]
    return ("combien d'" if pl[0] in "aeiouéœ" else "combien de ") + pl


def join(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " et " + parts[-1]


CITY = {c: {"city": n, "city_in": f"à {n}"} for c, n in {
    "paris": "Paris", "london": "Londres", "berlin": "Berlin", "rome": "Rome", "madrid": "Madrid",
    "moscow": "Moscou", "tokyo": "Tokyo", "beijing": "Pékin", "istanbul": "Istanbul", "lisbon": "Lisbonne"}.items()}
DAY = {"today": "aujourd'hui", "tomorrow": "demain", "monday": "lundi", "friday": "vendredi", "sunday": "dimanche"}


def people(n):
    return f"{n} personnes"


def minutes(n):
    return f"{n} minutes"


READ = [
    "{name} a {items}. {Ask} a {name} ?",
    "Dans la chambre de {name}, il y a {items}. {Ask} y a-t-il dans la chambre ?",
]
ADD = [
    "{name} a {a} et en achète {bn} de plus. {Ask} a {name} maintenant ?",
    "{name} a {a} dans son sac et {b} sur son bureau. {Ask} a {name} en tout ?",
]
SUB = ["{name} a {a} et en donne {bn} à un ami. {Ask} reste-t-il à {name} ?"]
ANSWER = ["La réponse est {x}", "Le résultat est {x}"]
API = {
    "get_weather": ["Quel temps fera-t-il {city_in} {day} ?", "Est-ce qu'il va pleuvoir {city_in} {day} ?"],
    "set_alarm": ["Mets un réveil à {time}.", "Réveille-moi à {time}, s'il te plaît."],
    "book_table": ["Réserve une table pour {people} {city_in} à {time}."],
    "call_taxi": ["Appelle-moi un taxi {city_in} à {time}."],
    "convert_currency": ["Convertis {amount} {cur_from} en {cur_to}."],
    "set_timer": ["Lance un minuteur de {minutes}."],
}
STORY = [
    "{name} habite {city_in}.",
    "{Day}, il fait beau {city_in}.",
    "{name} se lève à {time}.",
    "{name} prend un taxi {city_in} à {time}.",
    "{name} réserve une table pour {people}.",
    "À la banque, {name} change {amount} {cur_from} en {cur_to}.",
    "Le gâteau cuit au four pendant {minutes}.",
    "Sur l'étagère, il y a {items}.",
    "{Day}, le temps est doux {city_in}.",
    "Le réveil sonne à {time}.",
    "Le minuteur de la cuisine est réglé sur {minutes}.",
]
QA_READ = ["Au marché, {name} achète {items}. {Ask} achète {name} ? {name} achète {ans}."]
QA_ADD = ["{name} a {a}. Un ami lui en offre {bn} de plus. {Ask} a {name} maintenant ? Maintenant, {name} a {c}."]
