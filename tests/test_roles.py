"""Block roles: photo credits and captions (text written for these tests)."""

from __future__ import annotations

import pytest

from zjnews.blocks import split_blocks
from zjnews.model import Role
from zjnews.options import Options
from zjnews.roles import assign_roles, split_credit


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本报记者 郑志强 摄", ("", "本报记者 郑志强 摄")),
        ("夜间快线首班货轮离港 港口集团供图", ("夜间快线首班货轮离港", "港口集团供图")),
        # a bare 供图 after a space: the organisation before it is the provider
        ("桑溪乡人民政府 供图", ("", "桑溪乡人民政府 供图")),
        ("修缮后的祠堂。 桑溪乡人民政府 供图", ("修缮后的祠堂。", "桑溪乡人民政府 供图")),
        ("（图片由受访者提供）", ("", "（图片由受访者提供）")),
    ],
)
def test_credits(text: str, expected: tuple[str, str]) -> None:
    assert split_credit(text) == expected


@pytest.mark.parametrize("text", ["村民们纷纷表示要积极参与。", "这项工作由街道统一提供。今后将继续推进。"])
def test_sentences_are_no_credits(text: str) -> None:
    assert split_credit(text) is None


def roles_of(text: str) -> list[tuple[Role, str]]:
    return [(b.role, b.text) for b in assign_roles(split_blocks(text), Options())]


def test_a_caption_without_credit_in_a_broken_sentence() -> None:
    text = (
        "# 祠堂修缮完工\n\n施工队伍请来当地老木匠，按照传统榫卯\n\n修缮后的祠堂。\n\n"
        "桑溪乡人民政府 供图\n\n工艺替换糟朽构件，旧瓦片清洗后又铺回屋顶。\n"
    )
    roles = roles_of(text)
    assert (Role.CAPTION, "修缮后的祠堂。") in roles
    assert (Role.CREDIT, "桑溪乡人民政府 供图") in roles


def test_a_block_repeating_the_broken_sentence_is_no_caption() -> None:
    # the tail of the first block is re-read at the head of the second: the second continues the
    # first (the repeat is removed later), it is no caption dropped into the sentence
    text = (
        "# 高中开设人工智能课\n\n学生们打开电脑分组行动起来。本学期起，该校面向高\n\n"
        "本学期起，该校面向高一、高二学生开设人工智能选修课，选课学生超过300人。\n\n"
        "高二学生郑晓说，自己动手做了一遍，才真正理解课上讲的内容。\n"
    )
    roles = roles_of(text)
    assert all(role is not Role.CAPTION for role, _ in roles)
