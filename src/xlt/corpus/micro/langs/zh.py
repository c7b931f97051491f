"""Chinese (Simplified): every counted noun takes its measure word (支笔, 本书, 把椅子)."""

SEP = ""
NAMES = [{"name": n} for n in ("小明", "小红", "李华", "王芳", "张伟", "刘洋", "陈静", "赵磊")]

NOUNS = {  # object: measure word + noun
    "pen": "支笔", "cup": "个杯子", "book": "本书", "apple": "个苹果", "ball": "个球", "key": "把钥匙",
    "chair": "把椅子", "flower": "朵花", "egg": "个鸡蛋", "spoon": "把勺子",
}


def count(n, obj):
    return f"{n}{NOUNS[obj]}"


def ask(obj):
    return NOUNS[obj]


def join(parts):
    return parts[0] if len(parts) == 1 else "、".join(parts[:-1]) + "和" + parts[-1]


CITY = {c: {"city": n, "city_in": f"在{n}"} for c, n in {
    "paris": "巴黎", "london": "伦敦", "berlin": "柏林", "rome": "罗马", "madrid": "马德里", "moscow": "莫斯科",
    "tokyo": "东京", "beijing": "北京", "istanbul": "伊斯坦布尔", "lisbon": "里斯本"}.items()}
DAY = {"today": "今天", "tomorrow": "明天", "monday": "星期一", "friday": "星期五", "sunday": "星期天"}


def people(n):
    return f"{n}个人"


def minutes(n):
    return f"{n}分钟"


READ = [
    "{name}有{items}。{name}有多少{ask}？",
    "{name}的房间里有{items}。房间里有多少{ask}？",
]
ADD = [
    "{name}有{a}，又买了{b}。{name}现在有多少{ask}？",
    "{name}的书包里有{a}，桌子上有{b}。{name}一共有多少{ask}？",
]
SUB = ["{name}有{a}，送给朋友{b}。{name}还剩多少{ask}？"]
ANSWER = ["答案是{x}", "结果是{x}"]
API = {
    "get_weather": ["{city}{day}天气怎么样？", "{day}{city}会下雨吗？"],
    "set_alarm": ["帮我设一个{time}的闹钟。", "请在{time}叫醒我。"],
    "book_table": ["帮我在{city}订一张{people}的桌子，时间是{time}。"],
    "call_taxi": ["请帮我在{city}叫一辆出租车，{time}出发。"],
    "convert_currency": ["把{amount} {cur_from}换算成{cur_to}。"],
    "set_timer": ["设一个{minutes}的计时器。"],
}
STORY = [
    "{name}住在{city}。",
    "{day}{city}是晴天。",
    "{name}每天{time}起床。",
    "{name}{time}在{city}坐出租车。",
    "{name}订了一张{people}的桌子。",
    "{name}在银行把{amount} {cur_from}换成了{cur_to}。",
    "蛋糕要在烤箱里烤{minutes}。",
    "架子上有{items}。",
    "{day}{city}的天气很暖和。",
    "闹钟在{time}响了。",
    "厨房的计时器设了{minutes}。",
]
QA_READ = ["{name}在市场上买了{items}。{name}买了多少{ask}？{name}买了{ans}。"]
QA_ADD = ["{name}有{a}，朋友又送给{name}{b}。{name}现在有多少{ask}？{name}现在有{c}。"]
