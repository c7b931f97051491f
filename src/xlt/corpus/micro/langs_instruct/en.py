"""English."""

WORDS = {
    "apple": "apple", "pear": "pear", "banana": "banana", "cherry": "cherry", "grape": "grape", "lemon": "lemon",
    "plum": "plum", "strawberry": "strawberry",
    "red": "red", "blue": "blue", "green": "green", "yellow": "yellow", "black": "black", "white": "white",
    "brown": "brown", "grey": "grey",
    "cat": "cat", "dog": "dog", "horse": "horse", "cow": "cow", "bird": "bird", "fish": "fish", "mouse": "mouse",
    "sheep": "sheep",
    "pen": "pen", "cup": "cup", "book": "book", "ball": "ball", "key": "key", "chair": "chair", "spoon": "spoon",
}
CATEGORY = {"fruit": "fruits", "color": "colours", "animal": "animals", "object": "household things"}
TITLE = {"fruit": "Fruits", "color": "Colours", "animal": "Animals", "object": "Household things"}


def count(n, cat):
    return f"{n} {CATEGORY[cat]}"


NUMBERS = ("one", "two", "three", "four", "five")
AND = ("and",)
QUOTES = (("“", "”"),)
REQUEST = ["Name {count}.", "List {count}.", "Can you give me {count}?"]
CLAUSE = {
    "list_n": ["", "Exactly {n}, no more and no less."],
    "one_line": ["Answer in one line.", "Keep your answer to a single line."],
    "bullets": ["Use a bulleted list with a dash before each one.", "Put each one on its own line, starting with “-”."],
    "numbered": ["Number them 1., 2., 3. and so on.", "Give them as a numbered list."],
    "json_list": ["Write them as a JSON list.", "Give the names as a JSON array of strings."],
    "semicolons": ["Separate them with semicolons.", "Use semicolons between them, not commas."],
    "start_word": ["Start your answer with the word “{word}”.", "Your answer must begin with “{word}”."],
    "end_word": ["End your answer with the word “{word}”.", "The last word of your answer must be “{word}”."],
    "exclude_word": ["Do not mention “{word}”.", "Leave out “{word}”."],
    "quotes": ["Wrap your whole answer in quotation marks.", "Put your entire answer inside quotation marks."],
    "title": ["Give your answer a title in double angle brackets, like <<title>>.",
              "Start with a title wrapped in << and >>."],
}
REPEAT = ["Write the word “{word}” {n} times.", "Repeat the word “{word}” exactly {n} times."]
COUNT = ["Count from one to {n} in words, without digits.", "Write the numbers from one to {n} as words, not digits."]
FILTER = ["Which of these words are {cat}: {words}?", "Here are some words: {words}. Which of them are {cat}?"]
INTRO = "Here are {count}"
OUTRO = "{items} are {count}."
REPEAT_INTRO = "Here is the word written {n} times"
COUNT_INTRO = "Counting up to {last} in words"
FILTER_INTRO = "The {cat} in that list are"
PROSE = [
    "{name} writes a shopping list for the market: {fruits}.",
    "On the farm near the village {name} sees these animals: {animals}.",
    "{name} paints a picture with these colours: {colors}.",
    "{name} packs a few household things in a box: {objects}.",
    "The little child counts slowly: {numbers}.",
    "The parrot repeats one word again and again: {repeat}.",
]
