"""French: a space before the colon and inside guillemets, as French typography writes them."""

WORDS = {
    "apple": "pomme", "pear": "poire", "banana": "banane", "cherry": "cerise", "grape": "raisin", "lemon": "citron",
    "plum": "prune", "strawberry": "fraise",
    "red": "rouge", "blue": "bleu", "green": "vert", "yellow": "jaune", "black": "noir", "white": "blanc",
    "brown": "marron", "grey": "gris",
    "cat": "chat", "dog": "chien", "horse": "cheval", "cow": "vache", "bird": "oiseau", "fish": "poisson",
    "mouse": "souris", "sheep": "mouton",
    "pen": "stylo", "cup": "tasse", "book": "livre", "ball": "ballon", "key": "clé", "chair": "chaise",
    "spoon": "cuillère",
}
CATEGORY = {"fruit": "fruits", "color": "couleurs", "animal": "animaux", "object": "objets de la maison"}
TITLE = {"fruit": "Fruits", "color": "Couleurs", "animal": "Animaux", "object": "Objets de la maison"}


def count(n, cat):
    return f"{n} {CATEGORY[cat]}"


NUMBERS = ("un", "deux", "trois", "quatre", "cinq")
AND = ("et",)
COLON = " : "
QUOTES = (("« ", " »"), ("«", "»"))
REQUEST = ["Cite {count}.", "Donne-moi {count}.", "Peux-tu nommer {count} ?"]
CLAUSE = {
    "list_n": ["", "Exactement {n}, ni plus ni moins."],
    "one_line": ["Réponds en une seule ligne.", "Ta réponse doit tenir sur une seule ligne."],
    "bullets": ["Fais une liste à puces avec un tiret devant chacun.", "Mets chacun sur sa propre ligne, précédé de « - »."],
    "numbered": ["Numérote-les : 1., 2., 3., etc.", "Présente-les sous forme de liste numérotée."],
    "json_list": ["Écris-les sous forme de liste JSON.", "Donne les noms dans un tableau JSON de chaînes."],
    "semicolons": ["Sépare-les par des points-virgules.", "Mets des points-virgules entre eux, pas des virgules."],
    "start_word": ["Commence ta réponse par le mot « {word} ».", "Ta réponse doit commencer par « {word} »."],
    "end_word": ["Termine ta réponse par le mot « {word} ».", "Le dernier mot de ta réponse doit être « {word} »."],
    "exclude_word": ["Ne mentionne pas « {word} ».", "Laisse de côté « {word} »."],
    "quotes": ["Mets toute ta réponse entre guillemets.", "Écris ta réponse entière entre guillemets."],
    "title": ["Donne un titre à ta réponse entre doubles chevrons, comme <<titre>>.",
              "Commence par un titre entouré de << et >>."],
}
REPEAT = ["Écris le mot « {word} » {n} fois.", "Répète le mot « {word} » exactement {n} fois."]
COUNT = ["Compte de un à {n} en toutes lettres, sans chiffres.", "Écris les nombres de un à {n} en lettres, pas en chiffres."]
FILTER = ["Lesquels de ces mots sont des {cat} : {words} ?", "Voici quelques mots : {words}. Lesquels sont des {cat} ?"]
INTRO = "Voici {count}"
OUTRO = "{items} sont {count}."
REPEAT_INTRO = "Voici le mot écrit {n} fois"
COUNT_INTRO = "Je compte jusqu'à {last} en toutes lettres"
FILTER_INTRO = "Dans cette liste, les {cat} sont"
PROSE = [
    "{name} écrit la liste des courses pour le marché : {fruits}.",
    "À la ferme près du village, {name} voit ces animaux : {animals}.",
    "{name} peint un tableau avec ces couleurs : {colors}.",
    "{name} range quelques objets de la maison dans une boîte : {objects}.",
    "Le petit enfant compte lentement : {numbers}.",
    "Le perroquet répète sans cesse le même mot : {repeat}.",
]
