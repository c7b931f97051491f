"""Turkish: no plural after numbers (12 kalem); possession is the locative of the name with an
apostrophe (Ayşe'de, Mehmet'te) and its genitive (Ayşe'nin), stored per name with its vowel harmony and consonant assimilation."""

NAMES = [{"name": n, "name_loc": loc, "name_gen": gen} for n, loc, gen in (
    ("Ayşe", "Ayşe'de", "Ayşe'nin"), ("Mehmet", "Mehmet'te", "Mehmet'in"), ("Elif", "Elif'te", "Elif'in"),
    ("Can", "Can'da", "Can'ın"), ("Zeynep", "Zeynep'te", "Zeynep'in"), ("Emre", "Emre'de", "Emre'nin"),
    ("Fatma", "Fatma'da", "Fatma'nın"), ("Ali", "Ali'de", "Ali'nin"))]

NOUNS = {"pen": "kalem", "cup": "bardak", "book": "kitap", "apple": "elma", "ball": "top", "key": "anahtar",
         "chair": "sandalye", "flower": "çiçek", "egg": "yumurta", "spoon": "kaşık"}


def count(n, obj):
    return f"{n} {NOUNS[obj]}"


def ask(obj):
    return f"kaç {NOUNS[obj]}"


def join(parts):
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " ve " + parts[-1]


CITY = {c: {"city": n, "city_in": loc} for c, (n, loc) in {
    "paris": ("Paris", "Paris'te"), "london": ("Londra", "Londra'da"), "berlin": ("Berlin", "Berlin'de"),
    "rome": ("Roma", "Roma'da"), "madrid": ("Madrid", "Madrid'de"), "moscow": ("Moskova", "Moskova'da"),
    "tokyo": ("Tokyo", "Tokyo'da"), "beijing": ("Pekin", "Pekin'de"), "istanbul": ("İstanbul", "İstanbul'da"),
    "lisbon": ("Lizbon", "Lizbon'da")}.items()}
DAY = {"today": "bugün", "tomorrow": "yarın", "monday": "pazartesi", "friday": "cuma", "sunday": "pazar"}


def people(n):
    return f"{n} kişilik"


def minutes(n):
    return f"{n} dakikalık"


READ = [
    "{name_loc} {items} var. {name_loc} {ask} var?",
    "{name} çantasına {items} koydu. {name} çantasına {ask} koydu?",
]
ADD = [
    "{name_loc} {a} var ve {name} {b} daha satın alıyor. {name_loc} şimdi {ask} var?",
    "{name_gen} çantasında {a}, masasında {b} var. {name_loc} toplam {ask} var?",
]
SUB = ["{name_loc} {a} var. {name} arkadaşına {b} veriyor. {name_loc} şimdi {ask} kaldı?"]
ANSWER = ["Cevap {x}", "Doğru cevap {x}"]
API = {
    "get_weather": ["{Day} {city_in} hava nasıl olacak?", "{Day} {city_in} yağmur yağacak mı?"],
    "set_alarm": ["Alarmı saat {time} için kur.", "Saat {time} için bir alarm ayarla."],
    "book_table": ["{City_in} saat {time} için {people} bir masa ayırt."],
    "call_taxi": ["{City_in} saat {time} için bana bir taksi çağır."],
    "convert_currency": ["{amount} {cur_from} kaç {cur_to} eder?"],
    "set_timer": ["{minutes} bir zamanlayıcı kur."],
}
STORY = [
    "{name} {city_in} yaşıyor.",
    "{Day} {city_in} hava güneşli.",
    "{name} sabahları alarmını saat {time} için kuruyor.",
    "{name} {city_in} taksiye biniyor.",
    "{name} {people} bir masa ayırtıyor.",
    "Bankada {name} {amount} {cur_from} bozdurup {cur_to} alıyor.",
    "{name} fırın için {minutes} bir zamanlayıcı kuruyor.",
    "Rafta {items} var.",
    "{Day} {city_in} hava ılık.",
    "Alarm saati {time} olarak ayarlı.",
    "Mutfakta {minutes} bir zamanlayıcı çalışıyor.",
]
QA_READ = ["{name} pazardan {items} aldı. {name} {ask} aldı? {name} {ans} aldı."]
QA_ADD = ["{name_loc} {a} var. {name} bir arkadaşından {b} daha alıyor. {name_loc} şimdi {ask} var? "
          "{name_loc} şimdi {c} var."]
