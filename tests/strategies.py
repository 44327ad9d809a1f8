"""Hypothesis strategies shared by the test modules.

Section "character repair": clean printed Chinese text (full-width punctuation, curly quotes,
simplified script) written for these tests, and the damage the page dumps show (half-width
punctuation, straight quotes, wrap spaces, traditional script), so that tests can damage clean
text, repair it and compare.
"""

from __future__ import annotations

import re

import opencc
from hypothesis import strategies as st

# ---------------------------------------------------------------- character repair

CLEAN_SENTENCES = (
    "今年以来，全区累计走访企业两千余家次。",
    "活动现场，志愿者们为居民提供义诊服务。",
    "“我们要把好事办好，把实事办实。”他说。",
    "据了解，该项目总投资约3500万元，预计明年完工。",
    "村里新建了文化礼堂（图书室），方便群众读书看报。",
    "他们提出“稳岗位、促就业”的目标，取得明显成效。",
    "会议于10：30开始，持续了两个小时。",
    "一季度地区生产总值（GDP）稳步增长，增幅居全省前列。",
    "为什么要这样做？因为群众有需要！",
    "下一步，我们将继续完善服务机制；同时加强宣传。",
    "新建的公园里，孩子们在草地上奔跑。",
    "该区打造了“一站式”服务平台，实现“最多跑一次”。",
    "老人们说：“现在办事方便多了。”",
    "工作人员介绍，今年共培训干部1200余人次。",
    "在AI技术的帮助下，审批时间缩短了一半。",
    "他希望，更多年轻人能够回到家乡创业。",
    "他说，‘共富工坊’让村民在家门口就业。",
)
"""Clean sentences as a Chinese newspaper prints them (written for these tests)."""

HEADINGS = ("# 聚焦重点工程 确保群众喝上优质水", "## 增值零距离 服务更圈粉", "上城区 以高质量发展描绘新画卷")
NAME_LINES = ("谢 婷", "梅博涵 甘凌峰", "本报记者 郑元丹", "影友 陈立群 摄")

_TO_HALF = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "？": "?", "！": "!"})
_TO_STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
_S2T = opencc.OpenCC("s2t")
_WRAPPABLE = re.compile("[\u4e00-\u9fff，。；：？！“”（）、]")


def paragraphs(min_sentences: int = 1, max_sentences: int = 4) -> st.SearchStrategy[str]:
    """A body paragraph: a few clean sentences on one line."""
    return st.lists(st.sampled_from(CLEAN_SENTENCES), min_size=min_sentences, max_size=max_sentences).map(
        "".join
    )


def clean_pages() -> st.SearchStrategy[str]:
    """A clean page: headings, name lines and body paragraphs, separated by blank lines."""
    block = st.one_of(paragraphs(), paragraphs(), st.sampled_from(HEADINGS), st.sampled_from(NAME_LINES))
    return st.lists(block, min_size=1, max_size=6).map("\n\n".join)


@st.composite
def misread_paragraphs(draw: st.DrawFn, look_alikes: dict[str, frozenset[str]]) -> str:
    """A clean paragraph with one to three characters replaced by one of their look-alikes
    (``look_alikes``: each character → the characters an OCR engine may read it as)."""
    text = list(draw(paragraphs(1, 3)))
    places = [i for i, c in enumerate(text) if look_alikes.get(c)]
    if places:
        for i in draw(st.lists(st.sampled_from(places), min_size=1, max_size=3, unique=True)):
            text[i] = draw(st.sampled_from(sorted(look_alikes[text[i]])))
    return "".join(text)


def half_width(text: str) -> str:
    """Damage: full-width punctuation read as ASCII."""
    return text.translate(_TO_HALF)


def straight_quotes(text: str) -> str:
    """Damage: curly quotes read as ASCII quote marks."""
    return text.translate(_TO_STRAIGHT)


def traditional(text: str) -> str:
    """Damage: the text in traditional script (OpenCC s2t)."""
    converted: str = _S2T.convert(text)
    return converted


def wrap_spaces(text: str, width: int) -> str:
    """Damage: a space after every ``width`` characters of a body line, as a column wrap leaves.

    Spaces go only between two Chinese characters or marks, as in the dumps.
    """
    lines = []
    for line in text.split("\n"):
        if line.startswith("#") or len(line) < 2 * width:
            lines.append(line)
            continue
        out = []
        for i, char in enumerate(line):
            out.append(char)
            nxt = line[i + 1 : i + 2]
            if (i + 1) % width == 0 and nxt and _WRAPPABLE.match(char) and _WRAPPABLE.match(nxt):
                out.append(" ")
        lines.append("".join(out))
    return "\n".join(lines)


def mojibake_lines() -> st.SearchStrategy[str]:
    """Lines mixing clean Chinese, its mojibake (UTF-8 read as Windows-1252 or Latin-1, GBK read
    as Latin-1) and characters ftfy acts on (entities, controls, ligatures, C1 and box drawing)."""
    clean = st.sampled_from(CLEAN_SENTENCES)

    def misread(text: str, codec: str, as_codec: str) -> str:
        return text.encode(codec, errors="ignore").decode(as_codec, errors="ignore")

    broken = st.one_of(
        clean.map(lambda t: misread(t, "utf-8", "cp1252")),
        clean.map(lambda t: misread(t, "utf-8", "latin-1")),
        clean.map(lambda t: misread(t, "gbk", "latin-1")),
    )
    odd = st.sampled_from(
        ["&amp;", "&lt;", "\x1b[0m", "\ufb01", "\x85", "\x9d", "\u2552", "Ã©", "â€", "\xa0", "·", "—"]
    )
    return st.lists(st.one_of(clean, broken, odd), max_size=5).map("".join).map(lambda t: t.replace("\n", ""))


def any_text() -> st.SearchStrategy[str]:
    """Arbitrary text mixing Chinese, Latin, digits, punctuation of both widths and spaces."""
    alphabet = st.sampled_from(
        list("今年以来干部群众已经己未末人入土士日曰千问间滨江的了是在")
        + list("abcXYZ019 .,:;()?!\"'“”‘’，。：；（）？！、\n#")
    )
    return st.lists(alphabet, max_size=80).map("".join)


# ---------------------------------------------------------------- duplicates


@st.composite
def reread_pages(draw: st.DrawFn) -> tuple[str, str, str, str]:
    """A page whose paragraph was printed in two pieces, the continuation further up, with the
    first ``k`` characters of the continuation read again after the beginning (a re-read line).

    Returns the page, the beginning, the continuation and the re-read piece."""
    sentences = draw(st.lists(st.sampled_from(CLEAN_SENTENCES), min_size=4, max_size=6, unique=True))
    paragraph, between = "".join(sentences[:-1]), sentences[-1]
    cut = draw(st.integers(min_value=5, max_value=len(paragraph) // 2))
    beginning, continuation = paragraph[:cut], paragraph[cut:]
    reread = continuation[: draw(st.integers(min_value=0, max_value=len(continuation) // 2))]
    page = "\n\n".join((draw(st.sampled_from(HEADINGS)), continuation, between, beginning + reread))
    return page, beginning, continuation, reread
