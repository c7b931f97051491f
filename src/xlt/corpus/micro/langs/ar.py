"""Arabic (Modern Standard): after 3-10 the noun takes the plural (5 أقلام), after 11-99 the
accusative singular (12 قلمًا), and "كم" asks with the accusative singular; CLDR categories from babel.
Verbs agree with the name's gender, stored per name."""

from xlt.corpus.micro.grammar import plural

NAMES = [{"name": n, "g": g} for n, g in (
    ("سارة", "f"), ("أحمد", "m"), ("ليلى", "f"), ("عمر", "m"), ("مريم", "f"), ("يوسف", "m"), ("فاطمة", "f"),
    ("خالد", "m"))]
GENDER = {
    "f": {"buys": "تشتري", "gives": "تعطي", "friend": "لصديقتها", "lives": "تعيش", "wakes": "تستيقظ",
          "takes": "تركب", "books": "تحجز", "changes": "تصرف", "gets": "تحصل"},
    "m": {"buys": "يشتري", "gives": "يعطي", "friend": "لصديقه", "lives": "يعيش", "wakes": "يستيقظ",
          "takes": "يركب", "books": "يحجز", "changes": "يصرف", "gets": "يحصل"},
}

NOUNS = {  # object: (singular, plural after 3-10, accusative singular after 11-99)
    "pen": ("قلم", "أقلام", "قلمًا"), "cup": ("كوب", "أكواب", "كوبًا"), "book": ("كتاب", "كتب", "كتابًا"),
    "apple": ("تفاحة", "تفاحات", "تفاحةً"), "ball": ("كرة", "كرات", "كرةً"), "key": ("مفتاح", "مفاتيح", "مفتاحًا"),
    "chair": ("كرسي", "كراسٍ", "كرسيًا"), "flower": ("زهرة", "زهرات", "زهرةً"), "egg": ("بيضة", "بيضات", "بيضةً"),
    "spoon": ("ملعقة", "ملاعق", "ملعقةً"),
}
_FORM = {"few": 1, "many": 2}


def count(n, obj):
    return f"{n} {NOUNS[obj][_FORM.get(plural('ar', n), 0)]}"


def ask(obj):
    return f"كم {NOUNS[obj][2]}"


def join(parts):
    return " و".join(parts)


CITY = {c: {"city": n, "city_in": f"في {n}"} for c, n in {
    "paris": "باريس", "london": "لندن", "berlin": "برلين", "rome": "روما", "madrid": "مدريد", "moscow": "موسكو",
    "tokyo": "طوكيو", "beijing": "بكين", "istanbul": "إسطنبول", "lisbon": "لشبونة"}.items()}
DAY = {"today": "اليوم", "tomorrow": "غدًا", "monday": "يوم الاثنين", "friday": "يوم الجمعة", "sunday": "يوم الأحد"}


def people(n):
    return f"{n} {'أشخاص' if plural('ar', n) == 'few' else 'شخصًا'}"


def minutes(n):
    return f"{n} {'دقائق' if plural('ar', n) == 'few' else 'دقيقة'}"


READ = [
    "لدى {name} {items}. {ask} لدى {name}؟",
    "في غرفة {name} {items}. {ask} في الغرفة؟",
]
ADD = [
    "لدى {name} {a}، و{buys} {b} أخرى. {ask} لدى {name} الآن؟",
    "لدى {name} {a} في الحقيبة و{b} على المكتب. {ask} لدى {name} في المجموع؟",
]
SUB = ["لدى {name} {a}، و{gives} {b} {friend}. {ask} بقي لدى {name}؟"]
ANSWER = ["الجواب هو {x}", "الإجابة: {x}"]
API = {
    "get_weather": ["كيف سيكون الطقس {city_in} {day}؟", "هل ستمطر {city_in} {day}؟"],
    "set_alarm": ["اضبط المنبه على الساعة {time}.", "أيقظني الساعة {time} من فضلك."],
    "book_table": ["احجز طاولة لـ{people} {city_in} الساعة {time}."],
    "call_taxi": ["اطلب لي سيارة أجرة {city_in} الساعة {time}."],
    "convert_currency": ["حوّل {amount} {cur_from} إلى {cur_to}."],
    "set_timer": ["اضبط مؤقتًا لمدة {minutes}."],
}
STORY = [
    "{lives} {name} {city_in}.",
    "الجو مشمس {city_in} {day}.",
    "{wakes} {name} الساعة {time}.",
    "{takes} {name} سيارة أجرة {city_in} الساعة {time}.",
    "{books} {name} طاولة لـ{people}.",
    "في البنك، {changes} {name} {amount} {cur_from} إلى {cur_to}.",
    "تحتاج الكعكة إلى {minutes} في الفرن.",
    "على الرف {items}.",
    "الطقس دافئ {city_in} {day}.",
    "يرن المنبه الساعة {time}.",
    "مؤقت المطبخ مضبوط على {minutes}.",
]
QA_READ = ["في السوق {buys} {name} {items}. {ask} {buys} {name}؟ {buys} {name} {ans}."]
QA_ADD = ["لدى {name} {a}، ثم {gets} {name} على {b} أخرى من صديق. {ask} لدى {name} الآن؟ لدى {name} الآن {c}."]
