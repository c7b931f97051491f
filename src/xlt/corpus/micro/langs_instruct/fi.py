"""Finnish: a numeral takes the partitive singular ("3 hedelmää"); the filter question the partitive plural."""

WORDS = {
    "apple": "omena", "pear": "päärynä", "banana": "banaani", "cherry": "kirsikka", "grape": "viinirypäle",
    "lemon": "sitruuna", "plum": "luumu", "strawberry": "mansikka",
    "red": "punainen", "blue": "sininen", "green": "vihreä", "yellow": "keltainen", "black": "musta",
    "white": "valkoinen", "brown": "ruskea", "grey": "harmaa",
    "cat": "kissa", "dog": "koira", "horse": "hevonen", "cow": "lehmä", "bird": "lintu", "fish": "kala",
    "mouse": "hiiri", "sheep": "lammas",
    "pen": "kynä", "cup": "kuppi", "book": "kirja", "ball": "pallo", "key": "avain", "chair": "tuoli",
    "spoon": "lusikka",
}
CATEGORY = {"fruit": "hedelmiä", "color": "värejä", "animal": "eläimiä", "object": "kodin esineitä"}
TITLE = {"fruit": "Hedelmät", "color": "Värit", "animal": "Eläimet", "object": "Kodin esineet"}
_PARTITIVE = {"fruit": "hedelmää", "color": "väriä", "animal": "eläintä", "object": "kodin esinettä"}


def count(n, cat):
    return f"{n} {_PARTITIVE[cat]}"


NUMBERS = ("yksi", "kaksi", "kolme", "neljä", "viisi")
AND = ("ja",)
QUOTES = (("”", "”"),)
REQUEST = ["Nimeä {count}.", "Luettele {count}.", "Voitko kertoa {count}?"]
CLAUSE = {
    "list_n": ["", "Tasan {n}, ei enempää eikä vähempää."],
    "one_line": ["Vastaa yhdellä rivillä.", "Kirjoita koko vastaus yhdelle riville."],
    "bullets": ["Tee luettelo, jossa jokaisen edessä on viiva.", "Kirjoita jokainen omalle rivilleen ja aloita rivi merkillä ”-”."],
    "numbered": ["Numeroi ne: 1., 2., 3. ja niin edelleen.", "Anna ne numeroituna luettelona."],
    "json_list": ["Kirjoita ne JSON-listana.", "Anna nimet JSON-taulukkona merkkijonoista."],
    "semicolons": ["Erota ne puolipisteillä.", "Käytä niiden välissä puolipisteitä, älä pilkkuja."],
    "start_word": ["Aloita vastauksesi sanalla ”{word}”.", "Vastauksesi täytyy alkaa sanalla ”{word}”."],
    "end_word": ["Lopeta vastauksesi sanaan ”{word}”.", "Vastauksesi viimeisen sanan täytyy olla ”{word}”."],
    "exclude_word": ["Älä mainitse sanaa ”{word}”.", "Jätä ”{word}” pois."],
    "quotes": ["Laita koko vastauksesi lainausmerkkeihin.", "Kirjoita koko vastaus lainausmerkkien sisään."],
    "title": ["Anna vastauksellesi otsikko kaksinkertaisissa kulmasulkeissa, esimerkiksi <<otsikko>>.",
              "Aloita otsikolla, joka on merkkien << ja >> välissä."],
}
REPEAT = ["Kirjoita sana ”{word}” {n} kertaa.", "Toista sana ”{word}” tasan {n} kertaa."]
COUNT = ["Laske sanoin yhdestä lukuun {n} asti, ilman numeroita.", "Kirjoita luvut yhdestä lukuun {n} sanoina, älä numeroina."]
FILTER = ["Mitkä näistä sanoista ovat {cat}: {words}?", "Tässä on muutama sana: {words}. Mitkä niistä ovat {cat}?"]
INTRO = "Tässä on {count}"
OUTRO = "{items} ovat {count}."
REPEAT_INTRO = "Tässä sana on kirjoitettuna {n} kertaa"
COUNT_INTRO = "Lasken sanoin ilman numeroita"
FILTER_INTRO = "Listan sanoista {cat} ovat nämä"
PROSE = [
    "{name} kirjoittaa ostoslistan torille: {fruits}.",
    "Kylän lähellä olevalla maatilalla {name} näkee nämä eläimet: {animals}.",
    "{name} maalaa taulun näillä väreillä: {colors}.",
    "{name} pakkaa laatikkoon muutaman kodin esineen: {objects}.",
    "Pieni lapsi laskee hitaasti: {numbers}.",
    "Papukaija toistaa samaa sanaa yhä uudelleen: {repeat}.",
]
