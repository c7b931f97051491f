"""Korean: counts take the object's counter (펜 12자루, 책 5권, 꽃 3송이); particles (은/는, 이/가,
을/를, 와/과, 으로/로) follow the last sound of the word before them."""

from xlt.corpus.micro.grammar import josa, josa_ro

NAMES = [{"name": n, "name_top": josa(n, "은", "는")}
         for n in ("민수", "지은", "서연", "준호", "하은", "도윤", "수빈", "현우")]

NOUNS = {  # object: (noun, counter)
    "pen": ("펜", "자루"), "cup": ("컵", "개"), "book": ("책", "권"), "apple": ("사과", "개"), "ball": ("공", "개"),
    "key": ("열쇠", "개"), "chair": ("의자", "개"), "flower": ("꽃", "송이"), "egg": ("달걀", "개"),
    "spoon": ("숟가락", "개"),
}
CURRENCY = {"USD": "달러", "EUR": "유로", "GBP": "파운드", "JPY": "엔", "CNY": "위안"}


def _items(pairs):
    parts = [f"{NOUNS[o][0]} {n}{NOUNS[o][1]}" for o, n in pairs]
    if len(parts) == 2:
        return josa(parts[0], "과", "와") + " " + parts[1]
    return ", ".join(parts)


def read_slots(pairs, ask_obj, ans=None):
    noun, ctr = NOUNS[ask_obj]
    items = _items(pairs)
    slots = {
        "items_obj": josa(items, "을", "를"),
        "items_subj": josa(items, "이", "가"),
        "ask": f"{josa(noun, '을', '를')} 몇 {ctr}",
        "ask_subj": f"{josa(noun, '이', '가')} 몇 {ctr}",
    }
    if ans is not None:
        slots["ans"] = f"{josa(noun, '을', '를')} {ans}{ctr}"
    return slots


def arith_slots(obj, a, b, c=None):
    noun, ctr = NOUNS[obj]
    obj_noun = josa(noun, "을", "를")
    slots = {"a": f"{obj_noun} {a}{ctr}", "b": f"{obj_noun} {b}{ctr}", "bn": f"{b}{ctr}", "ask": f"{obj_noun} 몇 {ctr}"}
    if c is not None:
        slots["c"] = f"{obj_noun} {c}{ctr}"
    return slots


CITY = {c: {"city": n, "city_in": f"{n}에서", "city_top": josa(n, "은", "는")} for c, n in {
    "paris": "파리", "london": "런던", "berlin": "베를린", "rome": "로마", "madrid": "마드리드", "moscow": "모스크바",
    "tokyo": "도쿄", "beijing": "베이징", "istanbul": "이스탄불", "lisbon": "리스본"}.items()}
DAY = {"today": "오늘", "tomorrow": "내일", "monday": "월요일", "friday": "금요일", "sunday": "일요일"}


def people(n):
    return f"{n}명"


def minutes(n):
    return f"{n}분"


def api_extra(slots):
    if "cur_from" in slots:
        slots["cur_from_obj"] = josa(CURRENCY[slots["cur_from"]], "을", "를")
        slots["cur_to_dir"] = josa_ro(CURRENCY[slots["cur_to"]])
    return slots


READ = [
    "{name_top} {items_obj} 가지고 있습니다. {name_top} {ask} 가지고 있습니까?",
    "{name}의 방에 {items_subj} 있습니다. 방에 {ask_subj} 있습니까?",
]
ADD = [
    "{name_top} {a} 가지고 있습니다. {bn} 더 샀습니다. 지금 {name_top} {ask} 가지고 있습니까?",
    "{name_top} 가방에 {a}, 책상 위에 {b} 가지고 있습니다. {name_top} 모두 {ask} 가지고 있습니까?",
]
SUB = ["{name_top} {a} 가지고 있습니다. 친구에게 {b} 주었습니다. 이제 {name_top} {ask} 가지고 있습니까?"]
ANSWER = ["답은 {x}", "정답: {x}"]
API = {
    "get_weather": ["{day} {city} 날씨는 어때요?", "{day} {city}에 비가 오나요?"],
    "set_alarm": ["{time}에 알람을 맞춰 줘.", "{time}에 깨워 주세요."],
    "book_table": ["{city_in} {time}에 {people} 자리를 예약해 주세요."],
    "call_taxi": ["{city_in} {time}에 택시를 불러 주세요."],
    "convert_currency": ["{amount}{cur_from_obj} {cur_to_dir} 환전해 주세요."],
    "set_timer": ["{minutes} 타이머를 맞춰 줘."],
}
STORY = [
    "{name_top} {city}에 삽니다.",
    "{day} {city_top} 맑습니다.",
    "{name_top} 매일 {time}에 일어납니다.",
    "{name_top} {time}에 {city_in} 택시를 탑니다.",
    "{name_top} {people} 자리를 예약했습니다.",
    "{name_top} 은행에서 {amount}{cur_from_obj} {cur_to_dir} 바꿨습니다.",
    "케이크는 오븐에서 {minutes} 동안 굽습니다.",
    "선반 위에 {items_subj} 있습니다.",
    "{day} {city} 날씨는 따뜻합니다.",
    "알람이 {time}에 울립니다.",
    "부엌 타이머가 {minutes}으로 맞춰져 있습니다.",
]
QA_READ = ["{name_top} 시장에서 {items_obj} 샀습니다. {name_top} {ask} 샀습니까? {name_top} {ans} 샀습니다."]
QA_ADD = ["{name_top} {a} 가지고 있습니다. 친구가 {b} 더 주었습니다. 이제 {name_top} {ask} 가지고 있습니까? "
          "이제 {name_top} {c} 가지고 있습니다."]
