"""Blocks: splitting the dump, heading marks, wrapped lines, paragraph ends hidden in wrap spaces."""

from __future__ import annotations

from zjnews.blocks import join_lines, split_blocks


def test_blocks_are_runs_of_lines_and_keep_their_line_numbers() -> None:
    text = "## 青溪镇建起乡村图书驿站\n\n走进青溪镇云岭村的文化礼堂，\n一排排书架整齐摆放。\n\n\n#\n\n（林晓峰）\n"
    blocks = split_blocks(text)
    assert [(b.line, b.text, b.heading_level) for b in blocks] == [
        (1, "青溪镇建起乡村图书驿站", 2),
        (3, "走进青溪镇云岭村的文化礼堂，一排排书架整齐摆放。", 0),
        (9, "（林晓峰）", 0),
    ]


def test_a_heading_line_is_a_block_of_its_own() -> None:
    blocks = split_blocks("正文的最后一句。\n# 下一篇的标题\n下一篇的正文。")
    assert [b.text for b in blocks] == ["正文的最后一句。", "下一篇的标题", "下一篇的正文。"]


def test_latin_words_keep_a_space_across_a_wrap() -> None:
    assert join_lines(["使用 ChatGPT", "and AIGC 工具"]) == "使用 ChatGPT and AIGC 工具"
    assert join_lines(["社区", "食堂"]) == "社区食堂"
