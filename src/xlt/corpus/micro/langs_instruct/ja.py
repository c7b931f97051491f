"""Japanese: no spaces, 、 between items, full-width colon, 「」 quotes; kanji numerals count in words."""

WORDS = {
    "apple": "りんご", "pear": "なし", "banana": "バナナ", "cherry": "さくらんぼ", "grape": "ぶどう", "lemon": "レモン",
    "plum": "すもも", "strawberry": "いちご",
    "red": "赤", "blue": "青", "green": "緑", "yellow": "黄色", "black": "黒", "white": "白", "brown": "茶色",
    "grey": "灰色",
    "cat": "猫", "dog": "犬", "horse": "馬", "cow": "牛", "bird": "鳥", "fish": "魚", "mouse": "ねずみ", "sheep": "羊",
    "pen": "ペン", "cup": "コップ", "book": "本", "ball": "ボール", "key": "鍵", "chair": "椅子", "spoon": "スプーン",
}
CATEGORY = {"fruit": "果物", "color": "色", "animal": "動物", "object": "家にある物"}
TITLE = {"fruit": "果物", "color": "色", "animal": "動物", "object": "家にある物"}


def count(n, cat):
    return {"fruit": f"{n}つの果物", "color": f"{n}つの色", "animal": f"{n}種類の動物", "object": f"家にある物{n}つ"}[cat]


SPACED = False
SEP = "、"
COLON = "："
STOP = "。"
SEMI = "；"
NUMBERS = ("一", "二", "三", "四", "五")
QUOTES = (("「", "」"),)
REQUEST = ["{count}を挙げてください。", "{count}を教えてください。", "{count}を書いてくれますか？"]
CLAUSE = {
    "list_n": ["", "ちょうど{n}つにしてください。"],
    "one_line": ["1行で答えてください。", "答え全体を1行に収めてください。"],
    "bullets": ["それぞれの前にハイフンを付けた箇条書きにしてください。", "それぞれを別の行に書き、行頭に「-」を付けてください。"],
    "numbered": ["1.、2.、3.のように番号を付けてください。", "番号付きのリストで書いてください。"],
    "json_list": ["JSONのリストで書いてください。", "名前を文字列のJSON配列で答えてください。"],
    "semicolons": ["セミコロンで区切ってください。", "読点ではなくセミコロンで区切ってください。"],
    "start_word": ["答えを「{word}」という言葉で始めてください。", "答えは必ず「{word}」で始めてください。"],
    "end_word": ["答えを「{word}」という言葉で終えてください。", "答えの最後の言葉は「{word}」にしてください。"],
    "exclude_word": ["「{word}」には触れないでください。", "「{word}」は除いてください。"],
    "quotes": ["答え全体をかぎかっこで囲んでください。", "答えを全部かぎかっこの中に書いてください。"],
    "title": ["答えに<<タイトル>>のように二重山かっこで囲んだタイトルを付けてください。", "まず<<と>>で囲んだタイトルを書いてください。"],
}
REPEAT = ["「{word}」という言葉を{n}回書いてください。", "「{word}」という言葉をちょうど{n}回繰り返してください。"]
COUNT = ["一から{n}まで、数字を使わずに言葉で数えてください。", "一から{n}までの数を、算用数字ではなく漢字で書いてください。"]
FILTER = ["次の言葉のうち、{cat}はどれですか：{words}？", "いくつかの言葉があります：{words}。この中で{cat}はどれですか？"]
INTRO = "{count}を挙げます"
OUTRO = "{items}は{count}です。"
REPEAT_INTRO = "その言葉を{n}回書きます"
COUNT_INTRO = "数字を使わずに数えます"
FILTER_INTRO = "この中で{cat}なのは次の言葉です"
PROSE = [
    "{name}は市場へ行くための買い物リストを書きます：{fruits}。",
    "村の近くの農場で、{name}はこれらの動物を見ます：{animals}。",
    "{name}はこれらの色で絵を描きます：{colors}。",
    "{name}は箱にいくつかの家にある物を入れます：{objects}。",
    "小さな子どもがゆっくり数えます：{numbers}。",
    "オウムが同じ言葉を何度も繰り返します：{repeat}。",
]
