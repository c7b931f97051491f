"""English."""

NAMES = [{"name": n} for n in ("Anna", "Tom", "Emma", "Jack", "Lucy", "Sam", "Mia", "Ben")]

PLURAL = {"pen": "pens", "cup": "cups", "book": "books", "apple": "apples", "ball": "balls", "key": "keys",
          "chair": "chairs", "flower": "flowers", "egg": "eggs", "spoon": "spoons"}


def count(n, obj):
    return f"{n} {obj if n == 1 else PLURAL[obj]}"


def ask(obj):
    return PLURAL[obj]


def join(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


CITY = {c: {"city": n, "city_in": f"in {n}"} for c, n in {
    "paris": "Paris", "london": "London", "berlin": "Berlin", "rome": "Rome", "madrid": "Madrid",
    "moscow": "Moscow", "tokyo": "Tokyo", "beijing": "Beijing", "istanbul": "Istanbul", "lisbon": "Lisbon"}.items()}
DAY = {"today": "today", "tomorrow": "tomorrow", "monday": "on Monday", "friday": "on Friday", "sunday": "on Sunday"}


def people(n):
    return f"{n} people"


def minutes(n):
    return f"{n} minutes"


READ = [
    "{name} has {items}. How many {ask} does {name} have?",
    "There are {items} in {name}'s room. How many {ask} are in the room?",
]
ADD = [
    "{name} has {a} and buys {bn} more. How many {ask} does {name} have now?",
    "{name} has {a} in a bag and {b} on the desk. How many {ask} does {name} have in total?",
]
SUB = ["{name} has {a} and gives {b} to a friend. How many {ask} does {name} have left?"]
ANSWER = ["The answer is {x}", "Answer: {x}"]
API = {
    "get_weather": ["What's the weather like {city_in} {day}?", "Will it rain {city_in} {day}?"],
    "set_alarm": ["Set an alarm for {time}.", "Please wake me up at {time}."],
    "book_table": ["Book a table for {people} {city_in} at {time}."],
    "call_taxi": ["Call me a taxi {city_in} at {time}."],
    "convert_currency": ["Convert {amount} {cur_from} to {cur_to}."],
    "set_timer": ["Set a timer for {minutes}."],
}
STORY = [
    "{name} lives {city_in}.",
    "{Day} it is sunny {city_in}.",
    "{name} wakes up at {time}.",
    "{name} takes a taxi {city_in} at {time}.",
    "{name} books a table for {people}.",
    "At the bank, {name} changes {amount} {cur_from} into {cur_to}.",
    "The cake bakes in the oven for {minutes}.",
    "On the shelf there are {items}.",
    "The weather {city_in} is warm {day}.",
    "The alarm clock rings at {time}.",
    "The kitchen timer is set to {minutes}.",
]
QA_READ = ["At the market {name} buys {items}. How many {ask} does {name} buy? {name} buys {ans}."]
QA_ADD = ["{name} has {a}. A friend gives {name} {bn} more {ask}. How many {ask} does {name} have now? Now {name} has {c}."]
