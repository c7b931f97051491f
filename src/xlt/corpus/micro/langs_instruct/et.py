"""Estonian: a numeral takes the partitive singular ("3 puuvilja")."""

WORDS = {
    "apple": "õun", "pear": "pirn", "banana": "banaan", "cherry": "kirss", "grape": "viinamari", "lemon": "sidrun",
    "plum": "ploom", "strawberry": "maasikas",
    "red": "punane", "blue": "sinine", "green": "roheline", "yellow": "kollane", "black": "must", "white": "valge",
    "brown": "pruun", "grey": "hall",
    "cat": "kass", "dog": "koer", "horse": "hobune", "cow": "lehm", "bird": "lind", "fish": "kala", "mouse": "hiir",
    "sheep": "lammas",
    "pen": "pastakas", "cup": "tass", "book": "raamat", "ball": "pall", "key": "võti", "chair": "tool",
    "spoon": "lusikas",
}
CATEGORY = {"fruit": "puuviljad", "color": "värvid", "animal": "loomad", "object": "kodused esemed"}
TITLE = {"fruit": "Puuviljad", "color": "Värvid", "animal": "Loomad", "object": "Kodused esemed"}
_PARTITIVE = {"fruit": "puuvilja", "color": "värvi", "animal": "looma", "object": "kodust eset"}


def count(n, cat):
    return f"{n} {_PARTITIVE[cat]}"


NUMBERS = ("üks", "kaks", "kolm", "neli", "viis")
AND = ("ja",)
QUOTES = (("„", "“"),)
REQUEST = ["Nimeta {count}.", "Too välja {count}.", "Kas sa oskad nimetada {count}?"]
CLAUSE = {
    "list_n": ["", "Täpselt {n}, mitte rohkem ega vähem."],
    "one_line": ["Vasta ühel real.", "Kogu vastus peab mahtuma ühele reale."],
    "bullets": ["Kasuta loendit, kus iga rea ees on sidekriips.", "Pane igaüks eraldi reale ja alusta rida märgiga „-“."],
    "numbered": ["Nummerda need: 1., 2., 3. jne.", "Esita need nummerdatud loendina."],
    "json_list": ["Kirjuta need JSON-loendina.", "Esita nimed JSON-massiivina, milles on sõned."],
    "semicolons": ["Eralda need semikoolonitega.", "Pane nende vahele semikoolonid, mitte komad."],
    "start_word": ["Alusta vastust sõnaga „{word}“.", "Sinu vastus peab algama sõnaga „{word}“."],
    "end_word": ["Lõpeta vastus sõnaga „{word}“.", "Vastuse viimane sõna peab olema „{word}“."],
    "exclude_word": ["Ära maini sõna „{word}“.", "Jäta „{word}“ välja."],
    "quotes": ["Pane kogu vastus jutumärkidesse.", "Kirjuta kogu vastus jutumärkide vahele."],
    "title": ["Pane vastusele pealkiri kahekordsete nurksulgude vahele, näiteks <<pealkiri>>.",
              "Alusta pealkirjaga, mis on märkide << ja >> vahel."],
}
REPEAT = ["Kirjuta sõna „{word}“ {n} korda.", "Korda sõna „{word}“ täpselt {n} korda."]
COUNT = ["Loe sõnadega ühest kuni {n}-ni, ilma numbriteta.", "Kirjuta arvud ühest kuni {n}-ni sõnadega, mitte numbritega."]
FILTER = ["Millised neist sõnadest on {cat}: {words}?", "Siin on mõned sõnad: {words}. Millised neist on {cat}?"]
INTRO = "Palun, siin on {count}"
OUTRO = "{items} on {count}."
REPEAT_INTRO = "Siin on see sõna {n} korda kirjutatuna"
COUNT_INTRO = "Loen sõnadega, ilma numbriteta"
FILTER_INTRO = "Selles loendis on {cat} need"
PROSE = [
    "{name} kirjutab turu jaoks ostunimekirja: {fruits}.",
    "Küla lähedal talus näeb {name} neid loomi: {animals}.",
    "{name} maalib pilti nende värvidega: {colors}.",
    "{name} paneb kasti mõned kodused esemed: {objects}.",
    "Väike laps loeb aeglaselt: {numbers}.",
    "Papagoi kordab ikka ja jälle sama sõna: {repeat}.",
]
