"""German: nouns are capitalised; the counted categories take the plural."""

WORDS = {
    "apple": "Apfel", "pear": "Birne", "banana": "Banane", "cherry": "Kirsche", "grape": "Traube", "lemon": "Zitrone",
    "plum": "Pflaume", "strawberry": "Erdbeere",
    "red": "rot", "blue": "blau", "green": "grün", "yellow": "gelb", "black": "schwarz", "white": "weiß",
    "brown": "braun", "grey": "grau",
    "cat": "Katze", "dog": "Hund", "horse": "Pferd", "cow": "Kuh", "bird": "Vogel", "fish": "Fisch", "mouse": "Maus",
    "sheep": "Schaf",
    "pen": "Stift", "cup": "Tasse", "book": "Buch", "ball": "Ball", "key": "Schlüssel", "chair": "Stuhl",
    "spoon": "Löffel",
}
CATEGORY = {"fruit": "Obstsorten", "color": "Farben", "animal": "Tiere", "object": "Gegenstände im Haushalt"}
TITLE = {"fruit": "Obstsorten", "color": "Farben", "animal": "Tiere", "object": "Gegenstände im Haushalt"}


def count(n, cat):
    return f"{n} {CATEGORY[cat]}"


NUMBERS = ("eins", "zwei", "drei", "vier", "fünf")
AND = ("und",)
QUOTES = (("„", "“"),)
REQUEST = ["Nenne {count}.", "Zähl {count} auf.", "Kannst du mir {count} nennen?"]
CLAUSE = {
    "list_n": ["", "Genau {n}, nicht mehr und nicht weniger."],
    "one_line": ["Antworte in einer einzigen Zeile.", "Deine Antwort soll nur eine Zeile lang sein."],
    "bullets": ["Schreib eine Liste mit einem Bindestrich vor jedem Eintrag.", "Schreib jeden in eine eigene Zeile, beginnend mit „-“."],
    "numbered": ["Nummeriere sie: 1., 2., 3. und so weiter.", "Gib sie als nummerierte Liste an."],
    "json_list": ["Schreib sie als JSON-Liste.", "Gib die Namen als JSON-Array aus Strings an."],
    "semicolons": ["Trenne sie mit Semikolons.", "Setz Semikolons zwischen sie, keine Kommas."],
    "start_word": ["Beginne deine Antwort mit dem Wort „{word}“.", "Deine Antwort muss mit „{word}“ anfangen."],
    "end_word": ["Beende deine Antwort mit dem Wort „{word}“.", "Das letzte Wort deiner Antwort muss „{word}“ sein."],
    "exclude_word": ["Erwähne „{word}“ nicht.", "Lass „{word}“ weg."],
    "quotes": ["Setz deine ganze Antwort in Anführungszeichen.", "Schreib die gesamte Antwort in Anführungszeichen."],
    "title": ["Gib deiner Antwort einen Titel in doppelten spitzen Klammern, etwa <<Titel>>.",
              "Beginne mit einem Titel zwischen << und >>."],
}
REPEAT = ["Schreib das Wort „{word}“ {n}-mal.", "Wiederhole das Wort „{word}“ genau {n}-mal."]
COUNT = ["Zähle in Worten von eins bis {n}, ohne Ziffern.", "Schreib die Zahlen von eins bis {n} als Wörter, nicht als Ziffern."]
FILTER = ["Welche dieser Wörter sind {cat}: {words}?", "Hier sind einige Wörter: {words}. Welche davon sind {cat}?"]
INTRO = "Hier sind {count}"
OUTRO = "{items} sind {count}."
REPEAT_INTRO = "Hier ist das Wort, {n}-mal geschrieben"
COUNT_INTRO = "Ich zähle in Worten bis {last}"
FILTER_INTRO = "Die {cat} in dieser Liste sind"
PROSE = [
    "{name} schreibt einen Einkaufszettel für den Markt: {fruits}.",
    "Auf dem Bauernhof beim Dorf sieht {name} diese Tiere: {animals}.",
    "{name} malt ein Bild mit diesen Farben: {colors}.",
    "{name} packt ein paar Gegenstände aus dem Haushalt in eine Kiste: {objects}.",
    "Das kleine Kind zählt langsam: {numbers}.",
    "Der Papagei wiederholt immer wieder dasselbe Wort: {repeat}.",
]
