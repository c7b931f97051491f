"""Chinese (simplified): no spaces, the enumeration comma 、, full-width colon and full stop; counted
categories take a measure word (3种水果)."""

WORDS = {
    "apple": "苹果", "pear": "梨", "banana": "香蕉", "cherry": "樱桃", "grape": "葡萄", "lemon": "柠檬", "plum": "李子",
    "strawberry": "草莓",
    "red": "红色", "blue": "蓝色", "green": "绿色", "yellow": "黄色", "black": "黑色", "white": "白色",
    "brown": "棕色", "grey": "灰色",
    "cat": "猫", "dog": "狗", "horse": "马", "cow": "牛", "bird": "鸟", "fish": "鱼", "mouse": "老鼠", "sheep": "羊",
    "pen": "笔", "cup": "杯子", "book": "书", "ball": "球", "key": "钥匙", "chair": "椅子", "spoon": "勺子",
}
CATEGORY = {"fruit": "水果", "color": "颜色", "animal": "动物", "object": "家居用品"}
TITLE = {"fruit": "水果", "color": "颜色", "animal": "动物", "object": "家居用品"}
_MEASURE = {"fruit": "种", "color": "种", "animal": "种", "object": "样"}


def count(n, cat):
    return f"{n}{_MEASURE[cat]}{CATEGORY[cat]}"


SPACED = False
SEP = "、"
COLON = "："
STOP = "。"
SEMI = "；"
NUMBERS = ("一", "二", "三", "四", "五")
AND = ("和",)
QUOTES = (("“", "”"), ("「", "」"))
REQUEST = ["请列举{count}。", "说出{count}。", "你能写出{count}吗？"]
CLAUSE = {
    "list_n": ["", "正好{n}个，不多也不少。"],
    "one_line": ["请用一行回答。", "整个回答只能占一行。"],
    "bullets": ["用项目符号列表，每项前面加一个短横线。", "每项单独一行，以“-”开头。"],
    "numbered": ["请按1.、2.、3.这样编号。", "请写成编号列表。"],
    "json_list": ["请写成JSON列表。", "请把名称写成一个由字符串组成的JSON数组。"],
    "semicolons": ["用分号隔开。", "它们之间用分号，不要用逗号。"],
    "start_word": ["回答请以“{word}”这个词开头。", "你的回答必须以“{word}”开头。"],
    "end_word": ["回答请以“{word}”这个词结尾。", "你回答的最后一个词必须是“{word}”。"],
    "exclude_word": ["不要提到“{word}”。", "回答里不要包括“{word}”。"],
    "quotes": ["请把整个回答放在引号里。", "整个回答都要写在引号中。"],
    "title": ["给回答加一个用双尖括号括起来的标题，例如<<标题>>。", "先写一个放在<<和>>之间的标题。"],
}
REPEAT = ["把“{word}”这个词写{n}遍。", "把“{word}”这个词正好重复{n}次。"]
COUNT = ["用汉字从一数到{n}，不要用阿拉伯数字。", "用文字而不是数字写出从一到{n}的数。"]
FILTER = ["下面这些词中哪些是{cat}：{words}？", "这里有几个词：{words}。其中哪些是{cat}？"]
INTRO = "这里有{count}"
OUTRO = "{items}是{count}。"
REPEAT_INTRO = "这个词写了{n}遍"
COUNT_INTRO = "用汉字来数"
FILTER_INTRO = "这些词中属于{cat}的是"
PROSE = [
    "{name}写了一张去市场的购物清单：{fruits}。",
    "在村子附近的农场里，{name}看到了这些动物：{animals}。",
    "{name}用这些颜色画了一幅画：{colors}。",
    "{name}把几样家居用品放进盒子里：{objects}。",
    "小孩子慢慢地数着：{numbers}。",
    "鹦鹉一遍又一遍地重复一个词：{repeat}。",
]
