"""Estonian: after a number above one the noun stands in the partitive singular (12 pliiatsit);
possession is the adessive of the name (Maril on ...), stored per name."""

NAMES = [{"name": n, "name_ad": ad} for n, ad in (
    ("Mari", "Maril"), ("Jaan", "Jaanil"), ("Liis", "Liisil"), ("Martin", "Martinil"), ("Kati", "Katil"),
    ("Andres", "Andresel"), ("Kadri", "Kadril"), ("Mihkel", "Mihklil"))]

NOUNS = {  # object: (nominative singular, partitive singular)
    "pen": ("pliiats", "pliiatsit"), "cup": ("tass", "tassi"), "book": ("raamat", "raamatut"),
    "apple": ("õun", "õuna"), "ball": ("pall", "palli"), "key": ("võti", "võtit"), "chair": ("tool", "tooli"),
    "flower": ("lill", "lille"), "egg": ("muna", "muna"), "spoon": ("lusikas", "lusikat"),
}


def count(n, obj):
    return f"{n} {NOUNS[obj][0 if n == 1 else 1]}"


def ask(obj):
    return NOUNS[obj][1]


def join(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " ja " + parts[-1]


CITY = {c: {"city": n, "city_in": ine} for c, (n, ine) in {
    "paris": ("Pariis", "Pariisis"), "london": ("London", "Londonis"), "berlin": ("Berliin", "Berliinis"),
    "rome": ("Rooma", "Roomas"), "madrid": ("Madrid", "Madridis"), "moscow": ("Moskva", "Moskvas"),
    "tokyo": ("Tokyo", "Tokyos"), "beijing": ("Peking", "Pekingis"), "istanbul": ("Istanbul", "Istanbulis"),
    "lisbon": ("Lissabon", "Lissabonis")}.items()}
DAY = {"today": "täna", "tomorrow": "homme", "monday": "esmaspäeval", "friday": "reedel", "sunday": "pühapäeval"}


def people(n):
    return f"{n} inimesele"


def minutes(n):
    return f"{n} minuti"


READ = [
    "{name_ad} on {items}. Mitu {ask} {name_ad} on?",
    "{name_ad} on toas {items}. Mitu {ask} on {name_ad} toas?",
]
ADD = [
    "{name_ad} on {a}. {name} ostab veel {b}. Mitu {ask} {name_ad} nüüd on?",
    "{name_ad} on kotis {a} ja laual {b}. Mitu {ask} {name_ad} kokku on?",
]
SUB = ["{name_ad} on {a}. {name} annab sõbrale {b}. Mitu {ask} {name_ad} alles jäi?"]
ANSWER = ["Vastus on {x}", "Tulemus on {x}"]
API = {
    "get_weather": ["Milline ilm on {day} {city_in}?", "Kas {day} sajab {city_in} vihma?"],
    "set_alarm": ["Pane äratus kella {time} peale.", "Ärata mind palun kell {time}."],
    "book_table": ["Broneeri laud {people} {city_in} kell {time}."],
    "call_taxi": ["Telli mulle takso {city_in} kell {time}."],
    "convert_currency": ["Vaheta {amount} {cur_from} {cur_to} vastu."],
    "set_timer": ["Pane taimer {minutes} peale."],
}
STORY = [
    "{name} elab {city_in}.",
    "{Day} paistab {city_in} päike.",
    "{name} ärkab kell {time}.",
    "{name} sõidab kell {time} {city_in} taksoga.",
    "{name} broneerib laua {people}.",
    "Pangas vahetab {name} {amount} {cur_from} {cur_to} vastu.",
    "Kook küpseb ahjus {minutes} jooksul.",
    "Riiulil on {items}.",
    "{Day} on {city_in} ilm soe.",
    "Äratuskell heliseb kell {time}.",
    "Köögitaimer on pandud {minutes} peale.",
]
QA_READ = ["Turult ostab {name} {items}. Mitu {ask} {name} ostab? {name} ostab {ans}."]
QA_ADD = ["{name_ad} on {a}. {name} saab sõbralt veel {b}. Mitu {ask} {name_ad} nüüd on? Nüüd on {name_ad} {c}."]
