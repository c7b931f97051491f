"""Italian."""

WORDS = {
    "apple": "mela", "pear": "pera", "banana": "banana", "cherry": "ciliegia", "grape": "uva", "lemon": "limone",
    "plum": "prugna", "strawberry": "fragola",
    "red": "rosso", "blue": "blu", "green": "verde", "yellow": "giallo", "black": "nero", "white": "bianco",
    "brown": "marrone", "grey": "grigio",
    "cat": "gatto", "dog": "cane", "horse": "cavallo", "cow": "mucca", "bird": "uccello", "fish": "pesce",
    "mouse": "topo", "sheep": "pecora",
    "pen": "penna", "cup": "tazza", "book": "libro", "ball": "palla", "key": "chiave", "chair": "sedia",
    "spoon": "cucchiaio",
}
CATEGORY = {"fruit": "frutti", "color": "colori", "animal": "animali", "object": "oggetti di casa"}
TITLE = {"fruit": "Frutti", "color": "Colori", "animal": "Animali", "object": "Oggetti di casa"}


def count(n, cat):
    return f"{n} {CATEGORY[cat]}"


NUMBERS = ("uno", "due", "tre", "quattro", "cinque")
AND = ("e", "ed")
QUOTES = (("«", "»"), ("“", "”"))
REQUEST = ["Elenca {count}.", "Dimmi {count}.", "Puoi scrivere {count}?"]
CLAUSE = {
    "list_n": ["", "Esattamente {n}, né più né meno."],
    "one_line": ["Rispondi in una sola riga.", "Scrivi la risposta su un'unica riga."],
    "bullets": ["Usa un elenco puntato con un trattino davanti a ciascuno.", "Metti ciascuno su una riga, iniziando con «-»."],
    "numbered": ["Numerali: 1., 2., 3. e così via.", "Scrivili come un elenco numerato."],
    "json_list": ["Scrivili come una lista JSON.", "Dai i nomi come un array JSON di stringhe."],
    "semicolons": ["Separali con il punto e virgola.", "Usa il punto e virgola tra di loro, non la virgola."],
    "start_word": ["Inizia la risposta con la parola «{word}».", "La tua risposta deve cominciare con «{word}»."],
    "end_word": ["Termina la risposta con la parola «{word}».", "L'ultima parola della risposta deve essere «{word}»."],
    "exclude_word": ["Non nominare «{word}».", "Lascia fuori «{word}»."],
    "quotes": ["Metti tutta la risposta tra virgolette.", "Scrivi l'intera risposta tra virgolette."],
    "title": ["Dai alla risposta un titolo tra doppie parentesi angolari, come <<titolo>>.",
              "Comincia con un titolo racchiuso tra << e >>."],
}
REPEAT = ["Scrivi la parola «{word}» {n} volte.", "Ripeti la parola «{word}» esattamente {n} volte."]
COUNT = ["Conta da uno a {n} in lettere, senza usare cifre.", "Scrivi i numeri da uno a {n} in lettere, non in cifre."]
FILTER = ["Quali di queste parole sono {cat}: {words}?", "Ecco alcune parole: {words}. Quali di queste sono {cat}?"]
INTRO = "Ecco {count}"
OUTRO = "{items} sono {count}."
REPEAT_INTRO = "Ecco la parola scritta {n} volte"
COUNT_INTRO = "Conto fino a {last} in lettere"
FILTER_INTRO = "Le parole dell'elenco che sono {cat} sono queste"
PROSE = [
    "{name} scrive la lista della spesa per il mercato: {fruits}.",
    "Nella fattoria vicino al paese {name} vede questi animali: {animals}.",
    "{name} dipinge un quadro con questi colori: {colors}.",
    "{name} mette in una scatola alcuni oggetti di casa: {objects}.",
    "Il bambino piccolo conta piano: {numbers}.",
    "Il pappagallo ripete sempre la stessa parola: {repeat}.",
]
