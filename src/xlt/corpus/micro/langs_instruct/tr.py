"""Turkish: a numeral takes the singular ("3 meyve"); the dative after a digit is written 3'e, 4'e, 5'e."""

WORDS = {
    "apple": "elma", "pear": "armut", "banana": "muz", "cherry": "kiraz", "grape": "üzüm", "lemon": "limon",
    "plum": "erik", "strawberry": "çilek",
    "red": "kırmızı", "blue": "mavi", "green": "yeşil", "yellow": "sarı", "black": "siyah", "white": "beyaz",
    "brown": "kahverengi", "grey": "gri",
    "cat": "kedi", "dog": "köpek", "horse": "at", "cow": "inek", "bird": "kuş", "fish": "balık", "mouse": "fare",
    "sheep": "koyun",
    "pen": "kalem", "cup": "fincan", "book": "kitap", "ball": "top", "key": "anahtar", "chair": "sandalye",
    "spoon": "kaşık",
}
CATEGORY = {"fruit": "meyve", "color": "renk", "animal": "hayvan", "object": "ev eşyası"}
TITLE = {"fruit": "Meyveler", "color": "Renkler", "animal": "Hayvanlar", "object": "Ev eşyaları"}


def count(n, cat):
    return f"{n} {CATEGORY[cat]}"


NUMBERS = ("bir", "iki", "üç", "dört", "beş")
AND = ("ve",)
QUOTES = (("“", "”"),)
REQUEST = ["{count} say.", "Bana {count} yaz.", "Bana {count} söyler misin?"]
CLAUSE = {
    "list_n": ["", "Tam olarak {n} tane, ne fazla ne eksik."],
    "one_line": ["Tek satırda cevap ver.", "Cevabın tek bir satır olsun."],
    "bullets": ["Her birinin önüne kısa çizgi koyarak bir liste yap.", "Her birini ayrı bir satıra, “-” ile başlayarak yaz."],
    "numbered": ["Onları 1., 2., 3. diye numaralandır.", "Numaralı bir liste hâlinde yaz."],
    "json_list": ["Onları JSON listesi olarak yaz.", "İsimleri metinlerden oluşan bir JSON dizisi olarak ver."],
    "semicolons": ["Onları noktalı virgülle ayır.", "Aralarına virgül değil, noktalı virgül koy."],
    "start_word": ["Cevabına “{word}” kelimesiyle başla.", "Cevabın “{word}” kelimesiyle başlamalı."],
    "end_word": ["Cevabını “{word}” kelimesiyle bitir.", "Cevabının son kelimesi “{word}” olmalı."],
    "exclude_word": ["“{word}” kelimesini kullanma.", "“{word}” kelimesini dışarıda bırak."],
    "quotes": ["Cevabının tamamını tırnak içine al.", "Bütün cevabı tırnak işaretleri arasında yaz."],
    "title": ["Cevabına <<başlık>> gibi çift açılı ayraç içinde bir başlık koy.", "<< ve >> arasında bir başlıkla başla."],
}
REPEAT = ["“{word}” kelimesini {n} kez yaz.", "“{word}” kelimesini tam {n} kez tekrarla."]
COUNT = ["Birden {n}'e kadar rakam kullanmadan yazıyla say.", "Birden {n}'e kadar sayıları rakamla değil, yazıyla yaz."]
FILTER = ["Bu kelimelerden hangileri {cat}: {words}?", "İşte birkaç kelime: {words}. Bunlardan hangileri {cat}?"]
INTRO = "Tabii, işte istediğin {count}"
OUTRO = "{items}: bunlar {count}."
REPEAT_INTRO = "İşte {n} kez yazılmış kelime"
COUNT_INTRO = "Rakam kullanmadan yazıyla sayıyorum"
FILTER_INTRO = "Bu listede {cat} olanlar şunlar"
PROSE = [
    "{name} pazar için bir alışveriş listesi yazıyor: {fruits}.",
    "Köyün yakınındaki çiftlikte {name} şu hayvanları görüyor: {animals}.",
    "{name} şu renklerle bir resim yapıyor: {colors}.",
    "{name} bir kutuya birkaç ev eşyası koyuyor: {objects}.",
    "Küçük çocuk yavaş yavaş sayıyor: {numbers}.",
    "Papağan aynı kelimeyi tekrar tekrar söylüyor: {repeat}.",
]
