"""Duplicate removal and the maximum-weight assignment, on small cases worked out by hand."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from zjnews.assignment import best_assignment
from zjnews.blocks import split_blocks
from zjnews.dedup import remove_duplicates
from zjnews.options import Options
from zjnews.roles import assign_roles

OPTIONS = Options()


def _dedup(text: str) -> tuple[list[str], list[tuple[str, str]]]:
    result = remove_duplicates(assign_roles(split_blocks(text), OPTIONS).blocks, OPTIONS)
    return [b.text for b in result.blocks], [(d.text, d.reason) for d in result.duplicates]


def test_an_exact_repeat_is_removed_once() -> None:
    line = "社区食堂由街道统一规划、社会企业运营，针对高龄老人推出助餐补贴。"
    kept, removed = _dedup(f"# 标题\n\n{line}\n\n{line}\n\n下一段的文字在这里结束。")
    assert kept.count(line) == 1
    assert removed == [(line, "exact")]


def test_an_overlap_with_an_ocr_variant_keeps_the_reread_copy() -> None:
    upper = "老街居民说，最终经过社区集体研究，小区内破损的梳子很快得到了修复"
    lower = "小区内破损的椅子很快得到了修复。为深入推进清廉社区建设，街道做了许多工作。"
    kept, removed = _dedup(f"# 标题\n\n{upper}\n\n{lower}")
    assert kept[1] == "老街居民说，最终经过社区集体研究，"
    assert removed == [("小区内破损的梳子很快得到了修复", "overlap")]


def test_a_repeated_phrase_inside_text_is_not_a_duplicate() -> None:
    text = (
        "# 标题\n\n践行绿水青山就是金山银山理念，青田走出了一条新路。\n\n"
        "多年来，当地始终坚持践行绿水青山就是金山银山理念，发展生态经济。"
    )
    kept, removed = _dedup(text)
    assert removed == []
    assert len(kept) == 3


def test_best_assignment_maximises_the_total() -> None:
    assert best_assignment([[3.0, 2.0], [2.5, 0.0]]) == [(0, 1), (1, 0)]  # 2 + 2.5 beats 3
    assert best_assignment([[1.0], [2.0], [0.5]]) == [(1, 0)]
    assert best_assignment([[0.0, -1.0]]) == []
    assert best_assignment([]) == []


@given(st.lists(st.lists(st.floats(0, 10), min_size=3, max_size=3), min_size=1, max_size=4))
def test_best_assignment_is_optimal_on_small_matrices(gains: list[list[float]]) -> None:
    import itertools

    pairs = best_assignment(gains)
    rows = [r for r, _ in pairs]
    cols = [c for _, c in pairs]
    assert len(set(rows)) == len(rows) and len(set(cols)) == len(cols)
    total = sum(gains[r][c] for r, c in pairs)
    best = 0.0
    n, m = len(gains), 3
    for perm in itertools.permutations(range(max(n, m)), n):
        best = max(best, sum(gains[r][c] for r, c in enumerate(perm) if c < m and gains[r][c] > 0))
    assert abs(total - best) < 1e-6


def test_a_block_repeating_an_earlier_blocks_ending_is_read_before_it() -> None:
    upper = "建成了一批社区服务中心，同时搭建智慧养老信息平台，继而在医疗、教育、文化、"
    lower = "打造幸福社区的新路径——搭建智慧养老信息平台，继而在医疗、教育、文化、"
    text = f"# 标题\n\n开篇的一段话，已经说完了。\n\n{upper}\n\n{lower}\n\n体育等领域推出服务。"
    kept, removed = _dedup(text)
    assert kept[1:] == ["开篇的一段话，已经说完了。", "打造幸福社区的新路径——", upper, "体育等领域推出服务。"]
    assert removed == [("搭建智慧养老信息平台，继而在医疗、教育、文化、", "overlap")]


def test_a_reread_open_ending_glued_after_the_next_lines_head_is_removed() -> None:
    # a line broken off mid-clause, then the next line's first words with that line's tail read
    # again after them: the repeat goes, the head stays where it stands (it continues the line)
    upper = "开篇的一段话，说到了村里的变化，游客越来越多，民宿的生意也一天比一天红火，旺季"
    lower = "的时候民宿的生意也一天比一天红火，旺季"
    text = f"# 标题\n\n{upper}\n\n{lower}\n\n常常一房难求。"
    kept, removed = _dedup(text)
    assert kept[1:] == [upper, "的时候", "常常一房难求。"]
    assert removed == [("民宿的生意也一天比一天红火，旺季", "overlap")]


def test_two_paragraphs_ending_in_the_same_sentence_keep_it() -> None:
    # a stock phrase that ends two paragraphs ends them with a full stop: no re-read line
    first = "街道组织志愿者上门走访独居老人，为他们送去米面油，确保困难群众温暖过冬。"
    second = "社区还开设了爱心食堂，每天供应热饭热菜，确保困难群众温暖过冬。"
    kept, removed = _dedup(f"# 标题\n\n{first}\n\n{second}")
    assert kept[1:] == [first, second]
    assert removed == []


def test_an_open_ending_repeated_far_away_is_kept() -> None:
    # two open endings alike, many blocks apart: not one line read twice
    upper = "据介绍，今年全区新开工项目三十个，总投资超过一百亿元，其中"
    middle = [f"{word}一段说完了。" for word in "甲乙丙丁戊己庚辛壬癸"]
    lower = "民生项目十二个，总投资超过一百亿元，其中"
    text = "\n\n".join(["# 标题", upper, "二十个已经完工。", *middle, lower, "八个在建。"])
    kept, removed = _dedup(text)
    assert lower in kept
    assert removed == []
