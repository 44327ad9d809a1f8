"""Character repair: example tables, properties of every pass, and the seeds' gold."""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import ftfy
import opencc
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import strategies as s
import zjnews
from zjnews.model import Repair
from zjnews.options import Options
from zjnews.repair import PASSES, apply_pass, apply_repairs, repair_text
from zjnews.repair._chars import is_common_char
from zjnews.repair.mojibake import fix_code_page, fix_line
from zjnews.repair.ocr import (
    _SIMILARITY,
    FEATURES,
    Tree,
    _ocr_pairs,
    _ranked,
    candidates,
    confusions,
    decide,
    derived_tables,
    model,
    score_candidates,
    table,
)
from zjnews.repair.script import PROTECTED_WORDS, fix_script

HERE = Path(__file__).resolve().parent
CASES = json.loads((HERE / "cases" / "repair_cases.json").read_text(encoding="utf-8"))
FUNCTIONS = {p.name: p.function for p in PASSES}
GOLD = sorted((HERE.parent / "seeds" / "gold").glob("*.gold.json"))
IDEOGRAPH = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")


def run(name: str, text: str) -> str:
    return apply_pass(text, FUNCTIONS[name])[0]


def ideographs(text: str) -> list[str]:
    return IDEOGRAPH.findall(text)


# ---------------------------------------------------------------- registry


def test_passes_in_order_each_with_an_option() -> None:
    names = [p.name for p in PASSES]
    assert names == ["mojibake", "punctuation", "quotes", "wrap_spaces", "script", "ocr"]
    for p in PASSES:
        assert isinstance(getattr(Options(), p.option), bool)


def test_switched_off_pass_does_not_run() -> None:
    text = "服务三个\"一号工程\",储备能量"
    off = repair_text(text, Options().evolve(fix_punctuation=False, fix_quotes=False))
    assert off.text == text
    on = zjnews.repair_text(text)
    assert on.text == "服务三个“一号工程”，储备能量"
    assert {r.pass_name for r in on.repairs} == {"punctuation", "quotes"}


def test_log_replays_the_repair() -> None:
    text = "干部能力水平也必须跟 上,不能落后。\n他己经说過\"好\"。"
    result = repair_text(text)
    replay = text
    for p in PASSES:
        replay = apply_repairs(replay, [r for r in result.repairs if r.pass_name == p.name])
    assert replay == result.text == "干部能力水平也必须跟上，不能落后。\n他已经说过“好”。"


# ---------------------------------------------------------------- example tables


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            c,
            marks=[pytest.mark.xfail(strict=True, reason="known false fix, kept to show when it is cured")]
            if c.get("known_false_fix")
            else [],
        )
        for c in CASES
    ],
    ids=[c["label"] for c in CASES],
)
def test_case_table(case: dict[str, Any]) -> None:
    assert run(case["pass"], case["input"]) == case["expected"]


# ---------------------------------------------------------------- properties of every pass


@pytest.mark.parametrize("name", list(FUNCTIONS))
@settings(max_examples=60, deadline=None)
@given(text=st.one_of(s.any_text(), s.clean_pages().map(s.half_width).map(s.straight_quotes)))
@example(text='今""""')  # a pair whose only Chinese neighbour is a mark the pass converts
def test_idempotent_and_well_formed(name: str, text: str) -> None:
    repairs = FUNCTIONS[name](text)
    positions = [r.position for r in repairs]
    assert positions == sorted(positions)
    for a, b in itertools.pairwise(repairs):
        assert a.position + len(a.before) <= b.position
    once = apply_repairs(text, repairs)
    assert once.count("\n") == text.count("\n")
    assert run(name, once) == once


@pytest.mark.parametrize("name", list(FUNCTIONS))
@settings(max_examples=60, deadline=None)
@given(text=s.clean_pages())
def test_clean_text_unchanged(name: str, text: str) -> None:
    assert FUNCTIONS[name](text) == []


@pytest.mark.parametrize("name", ["punctuation", "quotes", "wrap_spaces"])
@settings(max_examples=60, deadline=None)
@given(text=st.one_of(s.any_text(), s.clean_pages().map(s.half_width).map(s.straight_quotes)))
def test_no_ideograph_lost_or_invented(name: str, text: str) -> None:
    assert ideographs(run(name, text)) == ideographs(text)


@settings(max_examples=60, deadline=None)
@given(text=s.any_text())
def test_ocr_changes_only_confusable_characters(text: str) -> None:
    table = confusions()
    for repair in FUNCTIONS["ocr"](text):
        assert repair.pass_name == "ocr"
        assert len(repair.before) == len(repair.after) == 1
        assert repair.after in table[repair.before]


def test_confusion_sources_are_attributed() -> None:
    data = json.loads((HERE.parent / "src" / "zjnews" / "repair" / "data" / "confusions.json").read_text("utf-8"))
    kinds = {source["kind"] for source in data["sources"]}
    assert kinds == {"ocr", "shape", "glyph"}
    for source in data["sources"]:
        assert source["name"] and source["note"] and (source.get("groups") or source.get("neighbours"))
    (shape,) = [source for source in data["sources"] if source["kind"] == "shape"]
    assert "shibing624/pycorrector" in shape["note"] and "Apache License 2.0" in shape["note"]
    assert re.search("[0-9a-f]{40}", shape["note"]) is not None  # the pinned commit
    assert all(len(pair) == 2 for pair in shape["groups"])
    (glyph,) = [source for source in data["sources"] if source["kind"] == "glyph"]
    assert "Open Font License" in glyph["note"] and "build_glyph_confusions.py" in glyph["note"]
    neighbours = glyph["neighbours"]
    assert len(neighbours) == 6763  # every GB 2312 ideograph
    assert all(len(near) == 8 and char not in near for char, near in neighbours.items())


def test_glyph_neighbours_recover_most_published_ocr_pairs() -> None:
    """The glyph table was built blind to the OCR pairs; it must find most of them on its own."""
    data = json.loads((HERE.parent / "src" / "zjnews" / "repair" / "data" / "confusions.json").read_text("utf-8"))
    (glyph,) = [source["neighbours"] for source in data["sources"] if source["kind"] == "glyph"]
    pairs = {
        (a, b)
        for source in data["sources"]
        if source["kind"] == "ocr"
        for group in source["groups"]
        for a in group
        for b in group
        if a < b and a in glyph and b in glyph
    }
    recovered = sum(1 for a, b in pairs if b in glyph[a] or a in glyph[b])
    assert recovered >= 0.85 * len(pairs)
    assert len(glyph) >= 6763  # every GB 2312 character, the common ones included


def test_candidates_follow_the_fitted_limits() -> None:
    """A look-alike is tried only within the fitted glyph rank (a wider one for a rare printed
    character), and towards a character at least
    as common (by the fitted ratio) unless the pair is a known OCR confusion."""
    from zjnews.lexicon import char_frequency

    weights = model()
    ranked, known = _ranked(), _ocr_pairs()
    tried = candidates()
    assert len(tried) > 3000
    assert "大" in tried["太"] and "人" in tried["入"] and "日" in tried["曰"] and "问" in tried["间"]
    for char, others in tried.items():
        for other in others:
            assert ranked[char][other] <= weights.rank_limit(not is_common_char(char))
            assert (char, other) in known or char_frequency(other) >= weights.min_ratio * char_frequency(char)
            if ranked[char][other] and is_common_char(char):
                assert _SIMILARITY[char][other] >= weights.min_similarity


def test_glyph_similarity_is_recorded() -> None:
    """The glyph source keeps each neighbour's similarity (nearest first, so non-increasing) and
    the similarity of every pair of the other sources; the pass reads it in hundredths."""
    data = json.loads((HERE.parent / "src" / "zjnews" / "repair" / "data" / "confusions.json").read_text("utf-8"))
    (glyph,) = [source for source in data["sources"] if source["kind"] == "glyph"]
    for char, near in glyph["neighbours"].items():
        values = glyph["similarity"][char]
        assert len(values) == len(near)
        assert all(a >= b for a, b in itertools.pairwise(values))
        assert all(-1.0 <= v <= 1.0 for v in values)
    assert len(glyph["pair_similarity"]) > 1000
    assert "similarity" in glyph["note"]
    # the pass's decoded table agrees with the source (to the hundredth, both directions)
    for a, b in (("太", "大"), ("井", "开"), ("入", "人")):
        stored = glyph["similarity"][a][glyph["neighbours"][a].index(b)]
        assert _SIMILARITY[a][b] == _SIMILARITY[b][a] == int(stored * 100) / 100
    assert _SIMILARITY["太"]["大"] > 0.9


def test_model_weighs_every_feature() -> None:
    """The fitted model has a weight for each feature, boosted trees over the same features, and a
    threshold that is finite."""
    weights = model()
    assert set(weights.weights) == set(FEATURES)
    assert weights.trees and weights.tree_threshold == weights.tree_threshold
    for tree in weights.trees:
        assert all(f < len(FEATURES) for f in tree.feature)
        assert len(tree.feature) == len(tree.threshold) == len(tree.left) == len(tree.right) == len(tree.value)


def test_tree_walk() -> None:
    """A tree sends a feature at most the node's threshold left, a larger one right."""
    tree = Tree(feature=(0, -2, 1, -2, -2), threshold=(1.0, -2.0, 5.0, -2.0, -2.0),
                left=(1, -1, 3, -1, -1), right=(2, -1, 4, -1, -1), value=(0.0, -1.0, 0.0, 0.5, 2.0))
    assert tree.value_of((1.0, 9.0)) == -1.0
    assert tree.value_of((1.5, 5.0)) == 0.5
    assert tree.value_of((1.5, 5.5)) == 2.0


@settings(max_examples=40, deadline=None)
@given(text=s.misread_paragraphs(table(2, 1.0)))
def test_ocr_screen_loses_nothing(text: str) -> None:
    """The pass skips a candidate early when a bound on its evidence is below the screen; the
    repairs are the same as when every candidate's evidence is gathered in full."""
    weights = model()
    full = decide(text, score_candidates(text, candidates()), weights)
    assert decide(text, score_candidates(text, candidates(), weights), weights) == full


@settings(max_examples=40, deadline=None)
@given(text=s.misread_paragraphs(table(2, 1.0)))
def test_ocr_repairs_misread_text_consistently(text: str) -> None:
    """On misread text the pass changes only look-alikes, keeps every other character, and a
    second run changes nothing more."""
    repairs = FUNCTIONS["ocr"](text)
    once = run("ocr", text)
    assert len(once) == len(text)
    changed = {r.position for r in repairs}
    assert all(a == b for i, (a, b) in enumerate(zip(text, once, strict=True)) if i not in changed)
    assert all(r.after in confusions()[r.before] for r in repairs)
    assert run("ocr", once) == once


def test_derived_tables_are_current() -> None:
    """The tables the pass reads at start-up are what the sources, lexicon and model give
    (regenerate with ``python benchmarks/bench_ocr.py --tables``)."""
    data = HERE.parent / "src" / "zjnews" / "repair" / "data"
    for name, text in derived_tables().items():
        assert (data / name).read_text(encoding="utf-8") == text, name


def test_page_vocabulary_tips_the_balance() -> None:
    """The same misreading scores higher when the right word is printed elsewhere in the text."""
    weights = model()
    alone = "令年的蔬菜产量创下新高。"
    with_page = "今年的粮食产量创下新高，今年的水果产量同样增长。\n" + alone

    def best(text: str) -> float:
        return max(c.score(weights) for c in score_candidates(text) if (c.before, c.after) == ("令", "今"))

    assert best(with_page) > best(alone)


def test_numeral_context() -> None:
    """A time or measure word after a numeral (digits read as the numeral 一) counts as evidence."""
    (after_digit,) = [c for c in score_candidates("7月6曰上午开会。") if c.after == "日"]
    assert after_digit.after_numeral
    assert not any(c.after_numeral for c in score_candidates("子曰：学而时习之。"))


@pytest.mark.skipif(not (HERE.parent.parent / "shared" / "dev" / "gold").is_dir(),
                    reason="the development pages (../shared/dev) are not here")
def test_ocr_precision_on_development_pages() -> None:
    """On the odd-numbered development pages (not used to fit the weights) the pass introduces
    at most one new error per 20 fixes, and fixes at least 60 % of the planted misreadings."""
    import sys

    sys.path.insert(0, str(HERE.parent / "benchmarks"))
    import bench_ocr

    pages = bench_ocr.damaged_pages(HERE.parent.parent / "shared" / "dev", "odd")
    results, _ = bench_ocr.run_pass(pages)
    counts = bench_ocr.tally(pages, results)
    fixed = sum(counts["fixed"].values())  # type: ignore[attr-defined]
    new = sum(counts["new"].values()) + sum(counts["wrong"].values())  # type: ignore[attr-defined]
    planted = fixed + sum(counts["missed"].values())  # type: ignore[attr-defined]
    assert new * 20 <= fixed
    assert fixed >= 0.6 * planted


@settings(max_examples=200, deadline=None)
@given(line=s.mojibake_lines())
def test_mojibake_screen_skips_only_lines_ftfy_leaves_alone(line: str) -> None:
    """ftfy runs only on lines with a character it could change: the result is ftfy's on every line."""
    config = ftfy.TextFixerConfig(
        uncurl_quotes=False, fix_character_width=False, normalization=None, fix_line_breaks=False, explain=False
    )
    expected = line if line.isascii() else ftfy.fix_text(fix_code_page(line), config)
    assert fix_line(line) == expected


@settings(max_examples=60, deadline=None)
@given(text=s.clean_pages().map(s.traditional))
def test_script_keeps_the_number_of_ideographs(text: str) -> None:
    assert len(ideographs(run("script", text))) == len(ideographs(text))


# ---------------------------------------------------------------- damage, then repair


@settings(max_examples=80, deadline=None)
@given(text=s.clean_pages())
def test_half_width_round_trip(text: str) -> None:
    assert run("punctuation", s.half_width(text)) == text


@settings(max_examples=80, deadline=None)
@given(text=s.clean_pages())
def test_straight_quotes_round_trip(text: str) -> None:
    assert run("quotes", s.straight_quotes(text)) == text


@settings(max_examples=80, deadline=None)
@given(text=s.clean_pages(), width=st.integers(min_value=12, max_value=20))
def test_wrap_spaces_round_trip(text: str, width: int) -> None:
    assert run("wrap_spaces", s.wrap_spaces(text, width)) == text


@settings(max_examples=80, deadline=None)
@given(text=s.clean_pages())
def test_traditional_round_trip(text: str) -> None:
    assert run("script", s.traditional(text)) == text


@settings(max_examples=80, deadline=None)
@given(text=s.clean_pages(), width=st.integers(min_value=12, max_value=20))
def test_all_damage_round_trip(text: str, width: int) -> None:
    damaged = s.wrap_spaces(s.straight_quotes(s.half_width(s.traditional(text))), width)
    assert repair_text(damaged).text == text


# ---------------------------------------------------------------- script: the protect list


def test_protected_names_snapshot() -> None:
    """OpenCC t2s changes each of these; the script pass must keep every one."""
    t2s = opencc.OpenCC("t2s")
    kept = {word: apply_repairs(word, fix_script(word)) for word in ("於潜镇", "乾安县", "徐乾学", "乾隆")}
    assert kept == {"於潜镇": "於潜镇", "乾安县": "乾安县", "徐乾学": "徐乾学", "乾隆": "乾隆"}
    assert t2s.convert("於潜镇") != "於潜镇" and t2s.convert("乾安县") != "乾安县"
    assert {"於潜", "乾安", "乾隆", "徐乾学"} <= set(PROTECTED_WORDS)


def test_protected_names_stay_in_a_traditional_line() -> None:
    assert run("script", "於潛鎮舉辦乾隆時期的書畫展覽") == "於潜镇举办乾隆时期的书画展览"


# ---------------------------------------------------------------- the seeds' gold


def _norm(text: str) -> str:
    """The reference scorer's normalisation: width, script, quotes and spaces do not count."""
    text = unicodedata.normalize("NFKC", text)
    text = opencc.OpenCC("t2s").convert(text)
    text = re.sub("[\"'“”‘’「」『』〝〞＂＇]", "", text)
    return re.sub(r"\s+", "", text)


def _gold_paragraphs() -> list[tuple[str, str, list[dict[str, str]]]]:
    out = []
    for path in GOLD:
        gold = json.loads(path.read_text(encoding="utf-8"))
        for article in gold["articles"]:
            for paragraph in article["paragraphs"]:
                out.append((path.stem, paragraph, gold.get("ocr_errors", [])))
    return out


@pytest.mark.parametrize(("page", "paragraph", "errors"), _gold_paragraphs())
def test_gold_paragraph_changes_only_recorded_errors(
    page: str, paragraph: str, errors: list[dict[str, str]]
) -> None:
    repaired = repair_text(paragraph).text
    allowed = {_norm(paragraph)}
    for error in errors:
        wrong, right = _norm(error["wrong"]), _norm(error["right"])
        allowed |= {text.replace(wrong, right) for text in allowed}
    assert _norm(repaired) in allowed


def test_repair_is_a_repair_record() -> None:
    result = repair_text("他己经到了。")
    assert result.repairs == (Repair("ocr", 1, "己", "已"),)


# ---------------------------------------------------------------- linear time on runs of skipped characters

LONG_RUNS = {
    "punctuation": ["中" + "," * 60_000 + "文", "?? " * 40_000, "中" + ",:;()?!" * 10_000 + "文",
                    "(" * 20_000 + "梅山港" + ")" * 20_000],
    "quotes": ["他说" + "\"' “”‘’ " * 10_000 + "好", "中" + '"' * 60_001 + "文"],
    "wrap_spaces": ["开展“迎亚运 优服务 提形象”活动（记者 李华 通讯员 马美兰）， 梅山 港正式 开通，" * 2_000
                    + "服务。 影友 陈立群 摄"],
}
"""Runs that a pass passes over when it reads a mark's context: a search per mark (or a check of
every space against every protected span) made these quadratic, minutes for 100 KB."""


@pytest.mark.parametrize(("name", "index"), [(n, i) for n, texts in LONG_RUNS.items() for i in range(len(texts))])
def test_long_runs_of_skipped_characters_take_linear_time(name: str, index: int) -> None:
    import time

    function = next(p.function for p in PASSES if p.name == name)
    text = LONG_RUNS[name][index]
    started = time.perf_counter()
    repairs = function(text)
    assert time.perf_counter() - started < 3.0  # linear: about 0.1 s; quadratic: minutes
    apply_repairs(text, repairs)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("中,,,文", "中，，，文"),
        ("1,,,2", "1,,,2"),  # between two digits, as in 1,000
        ("((梅山港))", "（（梅山港））"),
        ("((AI)梅山港)", "（（AI）梅山港）"),
        ("(AI)(梅)", "（AI）（梅）"),
        ("((AI)(x))", "((AI)(x))"),
        ("好?? 是", "好？？ 是"),
    ],
)
def test_marks_in_runs_read_the_same_neighbours(text: str, expected: str) -> None:
    assert apply_repairs(text, s_fix_punctuation(text)) == expected


def s_fix_punctuation(text: str) -> list[Repair]:
    return next(p.function for p in PASSES if p.name == "punctuation")(text)


def test_markup_keeps_its_marks() -> None:
    from zjnews.repair.punctuation import fix_punctuation

    text = "开学第一天(周一)。\n\n![图](img/01.jpg)\n\n见https://example.com/a,b(c)页,好!"
    changed = {r.position for r in fix_punctuation(text)}
    link = text.index("![")
    url = text.index("https")
    assert not any(link <= p < link + len("![图](img/01.jpg)") for p in changed)
    assert not any(url <= p < url + len("https://example.com/a,b(c)") for p in changed)
    assert text.index("(") in changed and text.rindex(",") in changed
