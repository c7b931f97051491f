"""Portuguese (Brazilian spelling)."""

WORDS = {
    "apple": "maçã", "pear": "pera", "banana": "banana", "cherry": "cereja", "grape": "uva", "lemon": "limão",
    "plum": "ameixa", "strawberry": "morango",
    "red": "vermelho", "blue": "azul", "green": "verde", "yellow": "amarelo", "black": "preto", "white": "branco",
    "brown": "marrom", "grey": "cinza",
    "cat": "gato", "dog": "cachorro", "horse": "cavalo", "cow": "vaca", "bird": "pássaro", "fish": "peixe",
    "mouse": "rato", "sheep": "ovelha",
    "pen": "caneta", "cup": "xícara", "book": "livro", "ball": "bola", "key": "chave", "chair": "cadeira",
    "spoon": "colher",
}
CATEGORY = {"fruit": "frutas", "color": "cores", "animal": "animais", "object": "objetos de casa"}
TITLE = {"fruit": "Frutas", "color": "Cores", "animal": "Animais", "object": "Objetos de casa"}


def count(n, cat):
    return f"{n} {CATEGORY[cat]}"


NUMBERS = ("um", "dois", "três", "quatro", "cinco")
AND = ("e",)
QUOTES = (("“", "”"),)
REQUEST = ["Cite {count}.", "Me diga {count}.", "Você pode escrever {count}?"]
CLAUSE = {
    "list_n": ["", "Exatamente {n}, nem mais nem menos."],
    "one_line": ["Responda em uma só linha.", "Escreva a resposta em uma única linha."],
    "bullets": ["Use uma lista com um hífen antes de cada um.", "Coloque cada um em uma linha, começando com “-”."],
    "numbered": ["Numere-os: 1., 2., 3. e assim por diante.", "Escreva-os como uma lista numerada."],
    "json_list": ["Escreva-os como uma lista JSON.", "Dê os nomes como um array JSON de strings."],
    "semicolons": ["Separe-os com ponto e vírgula.", "Use ponto e vírgula entre eles, não vírgulas."],
    "start_word": ["Comece sua resposta com a palavra “{word}”.", "Sua resposta deve começar com “{word}”."],
    "end_word": ["Termine sua resposta com a palavra “{word}”.", "A última palavra da sua resposta deve ser “{word}”."],
    "exclude_word": ["Não mencione “{word}”.", "Deixe “{word}” de fora."],
    "quotes": ["Coloque toda a sua resposta entre aspas.", "Escreva a resposta inteira entre aspas."],
    "title": ["Dê um título à sua resposta entre colchetes angulares duplos, como <<título>>.",
              "Comece com um título entre << e >>."],
}
REPEAT = ["Escreva a palavra “{word}” {n} vezes.", "Repita a palavra “{word}” exatamente {n} vezes."]
COUNT = ["Conte de um até {n} por extenso, sem algarismos.", "Escreva os números de um a {n} por extenso, não em algarismos."]
FILTER = ["Quais destas palavras são {cat}: {words}?", "Aqui estão algumas palavras: {words}. Quais delas são {cat}?"]
INTRO = "Aqui estão {count}"
OUTRO = "{items} são {count}."
REPEAT_INTRO = "Aqui está a palavra escrita {n} vezes"
COUNT_INTRO = "Contando até {last} por extenso"
FILTER_INTRO = "Nessa lista, as palavras que são {cat} são estas"
PROSE = [
    "{name} escreve a lista de compras para a feira: {fruits}.",
    "Na fazenda perto da cidade, {name} vê estes animais: {animals}.",
    "{name} pinta um quadro com estas cores: {colors}.",
    "{name} guarda alguns objetos de casa numa caixa: {objects}.",
    "A criança pequena conta devagar: {numbers}.",
    "O papagaio repete a mesma palavra sem parar: {repeat}.",
]
