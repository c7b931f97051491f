"""Czech: a counted category takes the nominative plural after 2-4 and the genitive plural after 5+
(babel's CLDR category); colours are feminine, agreeing with "barva"."""

from xlt.corpus.micro.grammar import plural

WORDS = {
    "apple": "jablko", "pear": "hruška", "banana": "banán", "cherry": "třešeň", "grape": "hrozen", "lemon": "citron",
    "plum": "švestka", "strawberry": "jahoda",
    "red": "červená", "blue": "modrá", "green": "zelená", "yellow": "žlutá", "black": "černá", "white": "bílá",
    "brown": "hnědá", "grey": "šedá",
    "cat": "kočka", "dog": "pes", "horse": "kůň", "cow": "kráva", "bird": "pták", "fish": "ryba", "mouse": "myš",
    "sheep": "ovce",
    "pen": "pero", "cup": "hrnek", "book": "kniha", "ball": "míč", "key": "klíč", "chair": "židle", "spoon": "lžíce",
}
CATEGORY = {"fruit": "ovoce", "color": "barvy", "animal": "zvířata", "object": "předměty z domácnosti"}
TITLE = {"fruit": "Ovoce", "color": "Barvy", "animal": "Zvířata", "object": "Předměty z domácnosti"}
_COUNTED = {  # cat: (after 2-4, after 5+)
    "fruit": ("druhy ovoce", "druhů ovoce"), "color": ("barvy", "barev"), "animal": ("zvířata", "zvířat"),
    "object": ("předměty z domácnosti", "předmětů z domácnosti"),
}


def count(n, cat):
    return f"{n} {_COUNTED[cat][0 if plural('cs', n) == 'few' else 1]}"


NUMBERS = ("jedna", "dvě", "tři", "čtyři", "pět")
AND = ("a",)
QUOTES = (("„", "“"),)
REQUEST = ["Vyjmenuj {count}.", "Napiš {count}.", "Můžeš mi říct {count}?"]
CLAUSE = {
    "list_n": ["", "Přesně {n}, ne víc a ne méně."],
    "one_line": ["Odpověz na jednom řádku.", "Celá odpověď musí být na jediném řádku."],
    "bullets": ["Použij seznam s pomlčkou před každou položkou.", "Každou položku napiš na samostatný řádek a začni ho „-“."],
    "numbered": ["Očísluj je: 1., 2., 3. atd.", "Uveď je jako číslovaný seznam."],
    "json_list": ["Napiš je jako seznam ve formátu JSON.", "Uveď názvy jako pole řetězců v JSON."],
    "semicolons": ["Odděl je středníky.", "Mezi ně dávej středníky, ne čárky."],
    "start_word": ["Začni odpověď slovem „{word}“.", "Tvoje odpověď musí začínat slovem „{word}“."],
    "end_word": ["Ukonči odpověď slovem „{word}“.", "Posledním slovem odpovědi musí být „{word}“."],
    "exclude_word": ["Nezmiňuj „{word}“.", "Vynech „{word}“."],
    "quotes": ["Celou odpověď dej do uvozovek.", "Napiš celou odpověď v uvozovkách."],
    "title": ["Dej odpovědi nadpis ve dvojitých lomených závorkách, například <<nadpis>>.",
              "Začni nadpisem mezi << a >>."],
}
REPEAT = ["Napiš slovo „{word}“ {n}krát.", "Zopakuj slovo „{word}“ přesně {n}krát."]
COUNT = ["Počítej slovy od jedné do {n}, bez číslic.", "Napiš čísla od jedné do {n} slovy, ne číslicemi."]
FILTER = ["Která z těchto slov patří mezi {cat}: {words}?", "Tady jsou nějaká slova: {words}. Která z nich patří mezi {cat}?"]
INTRO = "Tady máš {count}"
OUTRO = "{items} jsou {count}."
REPEAT_INTRO = "Tady je to slovo napsané {n}krát"
COUNT_INTRO = "Počítám slovy, bez číslic"
FILTER_INTRO = "Z tohoto seznamu sem patří tato slova"
PROSE = [
    "{name} píše nákupní seznam na trh: {fruits}.",
    "Na statku u vesnice vidí {name} tato zvířata: {animals}.",
    "{name} maluje obraz těmito barvami: {colors}.",
    "{name} balí do krabice několik věcí z domácnosti: {objects}.",
    "Malé dítě pomalu počítá: {numbers}.",
    "Papoušek pořád dokola opakuje jedno slovo: {repeat}.",
]
