"""Swahili: the number follows the noun ("matunda 3"), which spares the numeral's class agreement."""

WORDS = {
    "apple": "tufaha", "pear": "pea", "banana": "ndizi", "cherry": "cheri", "grape": "zabibu", "lemon": "limau",
    "plum": "plamu", "strawberry": "stroberi",
    "red": "nyekundu", "blue": "buluu", "green": "kijani", "yellow": "njano", "black": "nyeusi", "white": "nyeupe",
    "brown": "kahawia", "grey": "kijivu",
    "cat": "paka", "dog": "mbwa", "horse": "farasi", "cow": "ng'ombe", "bird": "ndege", "fish": "samaki",
    "mouse": "panya", "sheep": "kondoo",
    "pen": "kalamu", "cup": "kikombe", "book": "kitabu", "ball": "mpira", "key": "ufunguo", "chair": "kiti",
    "spoon": "kijiko",
}
CATEGORY = {"fruit": "matunda", "color": "rangi", "animal": "wanyama", "object": "vitu vya nyumbani"}
TITLE = {"fruit": "Matunda", "color": "Rangi", "animal": "Wanyama", "object": "Vitu vya nyumbani"}


def count(n, cat):
    return f"vitu {n} vya nyumbani" if cat == "object" else f"{CATEGORY[cat]} {n}"


NUMBERS = ("moja", "mbili", "tatu", "nne", "tano")
AND = ("na",)
QUOTES = (("“", "”"),)
REQUEST = ["Taja {count}.", "Niorodheshee {count}.", "Unaweza kunitajia {count}?"]
CLAUSE = {
    "list_n": ["", "Hasa {n}, si zaidi wala si pungufu."],
    "one_line": ["Jibu kwa mstari mmoja tu.", "Jibu lako liwe katika mstari mmoja."],
    "bullets": ["Tumia orodha yenye kistari mbele ya kila kimoja.", "Andika kila kimoja kwenye mstari wake, ukianza na “-”."],
    "numbered": ["Viwekee namba: 1., 2., 3. na kuendelea.", "Viandike kama orodha yenye namba."],
    "json_list": ["Viandike kama orodha ya JSON.", "Toa majina kama safu ya JSON ya maneno."],
    "semicolons": ["Vitenganishe kwa semikoloni.", "Tumia semikoloni kati yake, si koma."],
    "start_word": ["Anza jibu lako kwa neno “{word}”.", "Jibu lako lazima lianze na “{word}”."],
    "end_word": ["Maliza jibu lako kwa neno “{word}”.", "Neno la mwisho la jibu lako liwe “{word}”."],
    "exclude_word": ["Usitaje “{word}”.", "Usiweke “{word}” kwenye jibu."],
    "quotes": ["Weka jibu lako lote ndani ya alama za kunukuu.", "Andika jibu zima ndani ya alama za kunukuu."],
    "title": ["Lipe jibu lako kichwa ndani ya mabano mawili ya pembe, kama <<kichwa>>.",
              "Anza na kichwa kilicho kati ya << na >>."],
}
REPEAT = ["Andika neno “{word}” mara {n}.", "Rudia neno “{word}” mara {n} hasa."]
COUNT = ["Hesabu kuanzia moja hadi {n} kwa maneno, bila tarakimu.", "Andika namba kuanzia moja hadi {n} kwa maneno, si kwa tarakimu."]
FILTER = ["Ni maneno gani kati ya haya ni {cat}: {words}?", "Haya ni baadhi ya maneno: {words}. Ni yapi kati yake ni {cat}?"]
INTRO = "Hii ndiyo orodha ya {count}"
OUTRO = "{items} — hiyo ndiyo orodha ya {count}."
REPEAT_INTRO = "Hili hapa ni neno hilo limeandikwa mara {n}"
COUNT_INTRO = "Ninahesabu kwa maneno bila tarakimu"
FILTER_INTRO = "Katika orodha hii, maneno yanayohusu {cat} ni"
PROSE = [
    "{name} anaandika orodha ya vitu vya kununua sokoni: {fruits}.",
    "Katika shamba karibu na kijiji, {name} anaona wanyama hawa: {animals}.",
    "{name} anachora picha kwa rangi hizi: {colors}.",
    "{name} anaweka vitu vichache vya nyumbani ndani ya sanduku: {objects}.",
    "Mtoto mdogo anahesabu polepole: {numbers}.",
    "Kasuku anarudia neno moja tena na tena: {repeat}.",
]
