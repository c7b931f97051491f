"""Portuguese (Brazilian)."""

NAMES = [{"name": n} for n in ("Ana", "João", "Beatriz", "Pedro", "Mariana", "Tiago", "Luísa", "Rafael")]

NOUNS = {  # object: (singular, plural, gender)
    "pen": ("caneta", "canetas", "f"), "cup": ("xícara", "xícaras", "f"), "book": ("livro", "livros", "m"),
    "apple": ("maçã", "maçãs", "f"), "ball": ("bola", "bolas", "f"), "key": ("chave", "chaves", "f"),
    "chair": ("cadeira", "cadeiras", "f"), "flower": ("flor", "flores", "f"), "egg": ("ovo", "ovos", "m"),
    "spoon": ("colher", "colheres", "f"),
}


def count(n, obj):
    sg, pl, _ = NOUNS[obj]
    return f"{n} {sg if n == 1 else pl}"


def ask(obj):
    _, pl, g = NOUNS[obj]
    return ("quantos " if g == "m" else "quantas ") + pl


def join(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " e " + parts[-1]


CITY = {c: {"city": n, "city_in": f"em {n}"} for c, n in {
    "paris": "Paris", "london": "Londres", "berlin": "Berlim", "rome": "Roma", "madrid": "Madri",
    "moscow": "Moscou", "tokyo": "Tóquio", "beijing": "Pequim", "istanbul": "Istambul", "lisbon": "Lisboa"}.items()}
DAY = {"today": "hoje", "tomorrow": "amanhã", "monday": "na segunda-feira", "friday": "na sexta-feira",
       "sunday": "no domingo"}


def people(n):
    return f"{n} pessoas"


def minutes(n):
    return f"{n} minutos"


READ = [
    "{name} tem {items}. {Ask} {name} tem?",
    "No quarto de {name} há {items}. {Ask} há no quarto?",
]
ADD = [
    "{name} tem {a} e compra mais {bn}. {Ask} {name} tem agora?",
    "{name} tem {a} na mochila e {b} na mesa. {Ask} {name} tem ao todo?",
]
SUB = ["{name} tem {a} e dá {b} para um amigo. {Ask} sobraram para {name}?"]
ANSWER = ["A resposta é {x}", "O resultado é {x}"]
API = {
    "get_weather": ["Como vai estar o tempo {city_in} {day}?", "Vai chover {city_in} {day}?"],
    "set_alarm": ["Coloque um alarme para as {time}.", "Me acorde às {time}, por favor."],
    "book_table": ["Reserve uma mesa para {people} {city_in} às {time}."],
    "call_taxi": ["Chame um táxi para mim {city_in} às {time}."],
    "convert_currency": ["Converta {amount} {cur_from} para {cur_to}."],
    "set_timer": ["Coloque um timer de {minutes}."],
}
STORY = [
    "{name} mora {city_in}.",
    "{Day} faz sol {city_in}.",
    "{name} acorda às {time}.",
    "{name} pega um táxi {city_in} às {time}.",
    "{name} reserva uma mesa para {people}.",
    "No banco, {name} troca {amount} {cur_from} por {cur_to}.",
    "O bolo assa no forno por {minutes}.",
    "Na estante há {items}.",
    "{Day} o tempo {city_in} está agradável.",
    "O despertador toca às {time}.",
    "O timer da cozinha está marcado para {minutes}.",
]
QA_READ = ["No mercado, {name} compra {items}. {Ask} {name} compra? {name} compra {ans}."]
QA_ADD = ["{name} tem {a}. Um amigo dá mais {b} para {name}. {Ask} {name} tem agora? Agora {name} tem {c}."]
