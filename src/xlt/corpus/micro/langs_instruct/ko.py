"""Korean: the counted category comes before its count ("과일 3가지"); words the prompt quotes stand
after a colon, which spares the particle that would have to agree with them."""

WORDS = {
    "apple": "사과", "pear": "배", "banana": "바나나", "cherry": "체리", "grape": "포도", "lemon": "레몬",
    "plum": "자두", "strawberry": "딸기",
    "red": "빨간색", "blue": "파란색", "green": "초록색", "yellow": "노란색", "black": "검은색", "white": "흰색",
    "brown": "갈색", "grey": "회색",
    "cat": "고양이", "dog": "개", "horse": "말", "cow": "소", "bird": "새", "fish": "물고기", "mouse": "쥐",
    "sheep": "양",
    "pen": "펜", "cup": "컵", "book": "책", "ball": "공", "key": "열쇠", "chair": "의자", "spoon": "숟가락",
}
CATEGORY = {"fruit": "과일", "color": "색깔", "animal": "동물", "object": "집에 있는 물건"}
TITLE = {"fruit": "과일", "color": "색깔", "animal": "동물", "object": "집에 있는 물건"}


def count(n, cat):
    return f"{CATEGORY[cat]} {n}가지"


NUMBERS = ("하나", "둘", "셋", "넷", "다섯")
QUOTES = (("“", "”"),)
REQUEST = ["{count}를 말해 주세요.", "{count}를 나열해 주세요.", "{count}를 알려 줄 수 있나요?"]
CLAUSE = {
    "list_n": ["", "정확히 {n}개만 써 주세요."],
    "one_line": ["한 줄로 답해 주세요.", "답 전체를 한 줄에 써 주세요."],
    "bullets": ["각 항목 앞에 하이픈을 붙인 목록으로 써 주세요.", "각각을 한 줄에 하나씩, “-”로 시작해서 써 주세요."],
    "numbered": ["1., 2., 3.처럼 번호를 붙여 주세요.", "번호가 있는 목록으로 써 주세요."],
    "json_list": ["JSON 목록으로 써 주세요.", "이름을 문자열로 된 JSON 배열로 주세요."],
    "semicolons": ["세미콜론으로 구분해 주세요.", "쉼표 대신 세미콜론을 사이에 넣어 주세요."],
    "start_word": ["다음 단어로 답을 시작해 주세요: “{word}”.", "답은 반드시 이 단어로 시작해야 합니다: “{word}”."],
    "end_word": ["다음 단어로 답을 끝내 주세요: “{word}”.", "답의 마지막 단어는 반드시 이것이어야 합니다: “{word}”."],
    "exclude_word": ["이 단어는 언급하지 마세요: “{word}”.", "이 단어는 빼 주세요: “{word}”."],
    "quotes": ["답 전체를 따옴표 안에 넣어 주세요.", "전체 답을 따옴표로 감싸 주세요."],
    "title": ["<<제목>>처럼 이중 꺾쇠괄호로 감싼 제목을 붙여 주세요.", "<<와 >> 사이에 제목을 쓰고 시작해 주세요."],
}
REPEAT = ["다음 단어를 {n}번 써 주세요: “{word}”.", "다음 단어를 정확히 {n}번 반복해 주세요: “{word}”."]
COUNT = ["숫자를 쓰지 말고 하나부터 {n}까지 글자로 세어 주세요.", "하나부터 {n}까지의 수를 숫자가 아닌 글자로 써 주세요."]
FILTER = ["다음 단어 중 {cat}은 어느 것인가요: {words}?", "몇 가지 단어가 있습니다: {words}. 이 중에서 {cat}은 무엇인가요?"]
INTRO = "{count}를 알려 드릴게요"
OUTRO = "{items}, 이렇게 {count}입니다."
REPEAT_INTRO = "이 단어를 {n}번 썼습니다"
COUNT_INTRO = "숫자 없이 글자로 세어 보겠습니다"
FILTER_INTRO = "이 목록에서 {cat}에 해당하는 단어는 다음과 같습니다"
PROSE = [
    "{name_top} 시장에 가져갈 장보기 목록을 씁니다: {fruits}.",
    "{name_top} 마을 근처 농장에서 이 동물들을 봅니다: {animals}.",
    "{name_top} 이 색깔들로 그림을 그립니다: {colors}.",
    "{name_top} 상자에 집에 있는 물건 몇 개를 넣습니다: {objects}.",
    "어린아이가 천천히 셉니다: {numbers}.",
    "앵무새가 같은 단어를 계속 반복합니다: {repeat}.",
]
