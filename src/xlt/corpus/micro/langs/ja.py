"""Japanese: every count takes the object's counter (ペン12本, 本3冊, 椅子4脚), asked with 何 + counter."""

SEP = ""
NAMES = [{"name": n} for n in ("太郎", "花子", "さくら", "健太", "美咲", "翔太", "結衣", "大輝")]

NOUNS = {  # object: (noun, counter)
    "pen": ("ペン", "本"), "cup": ("コップ", "個"), "book": ("本", "冊"), "apple": ("りんご", "個"),
    "ball": ("ボール", "個"), "key": ("鍵", "本"), "chair": ("椅子", "脚"), "flower": ("花", "本"),
    "egg": ("卵", "個"), "spoon": ("スプーン", "本"),
}


def read_slots(pairs, ask_obj, ans=None):
    noun, ctr = NOUNS[ask_obj]
    slots = {
        "items": "と".join(f"{NOUNS[o][0]}{n}{NOUNS[o][1]}" for o, n in pairs),
        "ask": f"{noun}を何{ctr}",
        "ask_ga": f"{noun}が何{ctr}",
    }
    if ans is not None:
        slots["ans"] = f"{noun}を{ans}{ctr}"
    return slots


def arith_slots(obj, a, b, c=None):
    noun, ctr = NOUNS[obj]
    slots = {"a": f"{noun}を{a}{ctr}", "b": f"{noun}を{b}{ctr}", "bn": f"{b}{ctr}", "ask": f"{noun}を何{ctr}"}
    if c is not None:
        slots["c"] = f"{noun}を{c}{ctr}"
    return slots


CITY = {c: {"city": n, "city_in": f"{n}で"} for c, n in {
    "paris": "パリ", "london": "ロンドン", "berlin": "ベルリン", "rome": "ローマ", "madrid": "マドリード",
    "moscow": "モスクワ", "tokyo": "東京", "beijing": "北京", "istanbul": "イスタンブール", "lisbon": "リスボン"}.items()}
DAY = {"today": "今日", "tomorrow": "明日", "monday": "月曜日", "friday": "金曜日", "sunday": "日曜日"}


def people(n):
    return f"{n}人"


def minutes(n):
    return f"{n}分"


READ = [
    "{name}は{items}を持っています。{name}は{ask}持っていますか？",
    "{name}の部屋には{items}があります。部屋には{ask_ga}ありますか？",
]
ADD = [
    "{name}は{a}持っています。さらに{b}買いました。{name}は今、{ask}持っていますか？",
    "{name}はかばんに{a}、机の上に{b}持っています。{name}は全部で{ask}持っていますか？",
]
SUB = ["{name}は{a}持っています。友達に{b}あげました。{name}は今、{ask}持っていますか？"]
ANSWER = ["答えは{x}", "答え：{x}"]
API = {
    "get_weather": ["{day}の{city}の天気はどうですか？", "{day}、{city}で雨は降りますか？"],
    "set_alarm": ["{time}にアラームをセットして。", "{time}に起こしてください。"],
    "book_table": ["{city}で{time}に{people}でテーブルを予約して。"],
    "call_taxi": ["{city}で{time}にタクシーを呼んでください。"],
    "convert_currency": ["{amount} {cur_from}を{cur_to}に換算して。"],
    "set_timer": ["{minutes}のタイマーをセットして。"],
}
STORY = [
    "{name}は{city}に住んでいます。",
    "{day}の{city}は晴れです。",
    "{name}は毎朝{time}に起きます。",
    "{name}は{time}に{city}でタクシーに乗ります。",
    "{name}は{people}でレストランを予約しました。",
    "{name}は銀行で{amount} {cur_from}を{cur_to}に両替しました。",
    "ケーキはオーブンで{minutes}焼きます。",
    "棚の上に{items}があります。",
    "{day}の{city}の天気は暖かいです。",
    "目覚まし時計は{time}に鳴ります。",
    "キッチンのタイマーは{minutes}にセットされています。",
]
QA_READ = ["{name}は市場で{items}を買いました。{name}は{ask}買いましたか？{name}は{ans}買いました。"]
QA_ADD = ["{name}は{a}持っています。友達から{b}もらいました。{name}は今、{ask}持っていますか？"
          "{name}は今、{c}持っています。"]
