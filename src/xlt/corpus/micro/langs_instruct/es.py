"""Spanish."""

WORDS = {
    "apple": "manzana", "pear": "pera", "banana": "plátano", "cherry": "cereza", "grape": "uva", "lemon": "limón",
    "plum": "ciruela", "strawberry": "fresa",
    "red": "rojo", "blue": "azul", "green": "verde", "yellow": "amarillo", "black": "negro", "white": "blanco",
    "brown": "marrón", "grey": "gris",
    "cat": "gato", "dog": "perro", "horse": "caballo", "cow": "vaca", "bird": "pájaro", "fish": "pez",
    "mouse": "ratón", "sheep": "oveja",
    "pen": "bolígrafo", "cup": "taza", "book": "libro", "ball": "pelota", "key": "llave", "chair": "silla",
    "spoon": "cuchara",
}
CATEGORY = {"fruit": "frutas", "color": "colores", "animal": "animales", "object": "objetos de casa"}
TITLE = {"fruit": "Frutas", "color": "Colores", "animal": "Animales", "object": "Objetos de casa"}


def count(n, cat):
    return f"{n} {CATEGORY[cat]}"


NUMBERS = ("uno", "dos", "tres", "cuatro", "cinco")
AND = ("y", "e")
QUOTES = (("«", "»"), ("“", "”"))
REQUEST = ["Nombra {count}.", "Dime {count}.", "¿Puedes escribir {count}?"]
CLAUSE = {
    "list_n": ["", "Exactamente {n}, ni más ni menos."],
    "one_line": ["Responde en una sola línea.", "Escribe la respuesta en una única línea."],
    "bullets": ["Usa una lista con un guion delante de cada uno.", "Pon cada uno en su propia línea, empezando con «-»."],
    "numbered": ["Numéralos: 1., 2., 3., etc.", "Escríbelos como una lista numerada."],
    "json_list": ["Escríbelos como una lista JSON.", "Da los nombres como un array JSON de cadenas."],
    "semicolons": ["Sepáralos con punto y coma.", "Usa punto y coma entre ellos, no comas."],
    "start_word": ["Empieza tu respuesta con la palabra «{word}».", "Tu respuesta debe comenzar con «{word}»."],
    "end_word": ["Termina tu respuesta con la palabra «{word}».", "La última palabra de tu respuesta debe ser «{word}»."],
    "exclude_word": ["No menciones «{word}».", "Deja fuera «{word}»."],
    "quotes": ["Pon toda tu respuesta entre comillas.", "Escribe la respuesta completa entre comillas."],
    "title": ["Ponle a tu respuesta un título entre dobles corchetes angulares, como <<título>>.",
              "Empieza con un título entre << y >>."],
}
REPEAT = ["Escribe la palabra «{word}» {n} veces.", "Repite la palabra «{word}» exactamente {n} veces."]
COUNT = ["Cuenta del uno al {n} con palabras, sin usar cifras.", "Escribe los números del uno al {n} con letras, no con cifras."]
FILTER = ["¿Cuáles de estas palabras son {cat}: {words}?", "Aquí tienes unas palabras: {words}. ¿Cuáles de ellas son {cat}?"]
INTRO = "Aquí tienes {count}"
OUTRO = "{items} son {count}."
REPEAT_INTRO = "Aquí está la palabra escrita {n} veces"
COUNT_INTRO = "Contando hasta el {last} con palabras"
FILTER_INTRO = "Las palabras de la lista que son {cat} son estas"
PROSE = [
    "{name} escribe la lista de la compra para el mercado: {fruits}.",
    "En la granja cerca del pueblo {name} ve estos animales: {animals}.",
    "{name} pinta un cuadro con estos colores: {colors}.",
    "{name} guarda en una caja algunas cosas de casa: {objects}.",
    "El niño pequeño cuenta despacio: {numbers}.",
    "El loro repite una palabra una y otra vez: {repeat}.",
]
