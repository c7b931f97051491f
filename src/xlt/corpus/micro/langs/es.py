"""Spanish."""

NAMES = [{"name": n} for n in ("Lucía", "Carlos", "María", "Javier", "Sofía", "Pablo", "Elena", "Diego")]

# object: (singular, plural, gender)
NOUNS = {
    "pen": ("bolígrafo", "bolígrafos", "m"), "cup": ("taza", "tazas", "f"), "book": ("libro", "libros", "m"),
    "apple": ("manzana", "manzanas", "f"), "ball": ("pelota", "pelotas", "f"), "key": ("llave", "llaves", "f"),
    "chair": ("silla", "sillas", "f"), "flower": ("flor", "flores", "f"), "egg": ("huevo", "huevos", "m"),
    "spoon": ("cuchara", "cucharas", "f"),
}


def count(n, obj):
    sg, pl, _ = NOUNS[obj]
    return f"{n} {sg if n == 1 else pl}"


def ask(obj):
    _, pl, g = NOUNS[obj]
    return ("cuántos " if g == "m" else "cuántas ") + pl


def join(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " y " + parts[-1]


CITY = {c: {"city": n, "city_in": f"en {n}"} for c, n in {
    "paris": "París", "london": "Londres", "berlin": "Berlín", "rome": "Roma", "madrid": "Madrid",
    "moscow": "Moscú", "tokyo": "Tokio", "beijing": "Pekín", "istanbul": "Estambul", "lisbon": "Lisboa"}.items()}
DAY = {"today": "hoy", "tomorrow": "mañana", "monday": "el lunes", "friday": "el viernes", "sunday": "el domingo"}


def people(n):
    return f"{n} personas"


def minutes(n):
    return f"{n} minutos"


READ = [
    "{name} tiene {items}. ¿{Ask} tiene {name}?",
    "En la habitación de {name} hay {items}. ¿{Ask} hay en la habitación?",
]
ADD = [
    "{name} tiene {a} y compra {bn} más. ¿{Ask} tiene {name} ahora?",
    "{name} tiene {a} en la mochila y {b} en el escritorio. ¿{Ask} tiene {name} en total?",
]
SUB = ["{name} tiene {a} y le da {b} a un amigo. ¿{Ask} le quedan a {name}?"]
ANSWER = ["La respuesta es {x}", "El resultado es {x}"]
API = {
    "get_weather": ["¿Qué tiempo hará {city_in} {day}?", "¿Va a llover {city_in} {day}?"],
    "set_alarm": ["Pon una alarma a las {time}.", "Despiértame a las {time}, por favor."],
    "book_table": ["Reserva una mesa para {people} {city_in} a las {time}."],
    "call_taxi": ["Pídeme un taxi {city_in} a las {time}."],
    "convert_currency": ["Convierte {amount} {cur_from} a {cur_to}."],
    "set_timer": ["Pon un temporizador de {minutes}."],
}
STORY = [
    "{name} vive {city_in}.",
    "{Day} hace sol {city_in}.",
    "{name} se levanta a las {time}.",
    "{name} toma un taxi {city_in} a las {time}.",
    "{name} reserva una mesa para {people}.",
    "En el banco, {name} cambia {amount} {cur_from} por {cur_to}.",
    "El pastel se hornea durante {minutes}.",
    "En la estantería hay {items}.",
    "{Day} el tiempo {city_in} es agradable.",
    "El despertador suena a las {time}.",
    "El temporizador de la cocina marca {minutes}.",
]
QA_READ = ["En el mercado, {name} compra {items}. ¿{Ask} compra {name}? {name} compra {ans}."]
QA_ADD = ["{name} tiene {a}. Un amigo le regala {bn} más. ¿{Ask} tiene {name} ahora? Ahora {name} tiene {c}."]
