"""Russian: after a number the noun takes the nominative singular (21 ручка), genitive singular
(3 ручки) or genitive plural (5 ручек) by the CLDR category from babel; possession is "у" with the
genitive of the name, stored per name; verbs stay in the present tense, which has no gender."""

from xlt.corpus.micro.grammar import plural

NAMES = [{"name": n, "name_gen": g} for n, g in (
    ("Анна", "Анны"), ("Иван", "Ивана"), ("Мария", "Марии"), ("Дмитрий", "Дмитрия"), ("Ольга", "Ольги"),
    ("Сергей", "Сергея"), ("Елена", "Елены"), ("Павел", "Павла"))]

NOUNS = {  # object: (one, few, many)
    "pen": ("ручка", "ручки", "ручек"), "cup": ("чашка", "чашки", "чашек"), "book": ("книга", "книги", "книг"),
    "apple": ("яблоко", "яблока", "яблок"), "ball": ("мяч", "мяча", "мячей"), "key": ("ключ", "ключа", "ключей"),
    "chair": ("стул", "стула", "стульев"), "flower": ("цветок", "цветка", "цветов"), "egg": ("яйцо", "яйца", "яиц"),
    "spoon": ("ложка", "ложки", "ложек"),
}
_FORM = {"one": 0, "few": 1}


def count(n, obj):
    return f"{n} {NOUNS[obj][_FORM.get(plural('ru', n), 2)]}"


def ask(obj):
    return NOUNS[obj][2]


def join(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " и " + parts[-1]


CITY = {c: {"city": n, "city_in": loc} for c, (n, loc) in {
    "paris": ("Париж", "в Париже"), "london": ("Лондон", "в Лондоне"), "berlin": ("Берлин", "в Берлине"),
    "rome": ("Рим", "в Риме"), "madrid": ("Мадрид", "в Мадриде"), "moscow": ("Москва", "в Москве"),
    "tokyo": ("Токио", "в Токио"), "beijing": ("Пекин", "в Пекине"), "istanbul": ("Стамбул", "в Стамбуле"),
    "lisbon": ("Лиссабон", "в Лиссабоне")}.items()}
DAY = {"today": "сегодня", "tomorrow": "завтра", "monday": "в понедельник", "friday": "в пятницу",
       "sunday": "в воскресенье"}
_PEOPLE = {"one": "человек", "few": "человека"}
_MINUTES = {"one": "минуту", "few": "минуты"}


def people(n):
    return f"{n} {_PEOPLE.get(plural('ru', n), 'человек')}"


def minutes(n):
    return f"{n} {_MINUTES.get(plural('ru', n), 'минут')}"


READ = [
    "У {name_gen} {items}. Сколько {ask} у {name_gen}?",
    "У {name_gen} дома {items}. Сколько у {name_gen} дома {ask}?",
]
ADD = [
    "У {name_gen} {a}. {name} покупает ещё {b}. Сколько {ask} теперь у {name_gen}?",
    "У {name_gen} {a} в сумке и {b} на столе. Сколько всего {ask} у {name_gen}?",
]
SUB = ["У {name_gen} {a}. {name} дарит другу {b}. Сколько {ask} осталось у {name_gen}?"]
ANSWER = ["Ответ: {x}", "Правильный ответ — {x}"]
API = {
    "get_weather": ["Какая погода будет {city_in} {day}?", "Будет ли дождь {city_in} {day}?"],
    "set_alarm": ["Поставь будильник на {time}.", "Разбуди меня в {time}, пожалуйста."],
    "book_table": ["Забронируй столик на {people} {city_in} на {time}."],
    "call_taxi": ["Вызови мне такси {city_in} на {time}."],
    "convert_currency": ["Переведи {amount} {cur_from} в {cur_to}."],
    "set_timer": ["Поставь таймер на {minutes}."],
}
STORY = [
    "{name} живёт {city_in}.",
    "{Day} {city_in} солнечно.",
    "{name} просыпается в {time}.",
    "{name} едет на такси {city_in} в {time}.",
    "{name} бронирует столик на {people}.",
    "В банке {name} меняет {amount} {cur_from} на {cur_to}.",
    "Пирог печётся в духовке {minutes}.",
    "На полке {items}.",
    "{Day} {city_in} тёплая погода.",
    "Будильник звонит в {time}.",
    "Кухонный таймер поставлен на {minutes}.",
]
QA_READ = ["У {name_gen} в корзине {items}. Сколько {ask} в корзине у {name_gen}? В корзине {ans}."]
QA_ADD = ["У {name_gen} {a}. {name} получает в подарок ещё {b}. Сколько {ask} теперь у {name_gen}? "
          "Теперь у {name_gen} {c}."]
