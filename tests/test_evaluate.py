"""zjnews.evaluate: agreement with the reference scorer on the seeds, and hand-computed small cases."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zjnews
from conftest import GOLD_DIR, REPO_ROOT, SEED_PAGES, SEEDS_DIR, load_gold
from zjnews import Article
from zjnews.evaluate import (
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER,
    Metrics,
    Report,
    edit_distance,
    evaluate_dir,
    evaluate_page,
    kgrams,
    main,
    normalize,
    normalize_body,
)

METRICS = [
    "bcubed_f1",
    "continuity",
    "body_prec",
    "body_recall",
    "dup_residue",
    "cap_leak",
    "title_acc",
    "author_f1",
    "count_err",
    "para_exact",
    "ocr_fixed",
]


# ---------------------------------------------------------------- agreement with the reference scorer


def _gold_as_articles(path: Path) -> list[Article]:
    return [Article.from_dict(a) for a in load_gold(path)["articles"]]


def _implementations(score: ModuleType) -> dict[str, Callable[[Path], Sequence[Any]]]:
    return {
        "zjnews": zjnews.parse_file,
        "baseline": score.baseline_parse,
        "gold": _gold_as_articles,
    }


@pytest.mark.parametrize("impl", ["zjnews", "baseline", "gold"])
def test_aggregate_agrees_with_reference_scorer(score_module: ModuleType, impl: str) -> None:
    parse = _implementations(score_module)[impl]
    rows = [score_module.score_page(load_gold(p), list(parse(p))) for p in SEED_PAGES]
    expected = score_module.aggregate(rows)
    got = evaluate_dir(SEEDS_DIR, GOLD_DIR, parse=parse).metrics.to_dict()
    assert set(got) == {k for k in expected if k not in ("pages", "gold_articles", "out_articles")}
    for name in METRICS:
        assert got[name] == pytest.approx(expected[name], abs=5e-4), name
        assert f"{got[name]:.3f}" == f"{expected[name]:.3f}", name


@pytest.mark.parametrize("impl", ["zjnews", "baseline", "gold"])
def test_summary_line_matches_reference_scorer_output(score_module: ModuleType, impl: str) -> None:
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        score_module.main(["--pages", str(SEEDS_DIR), "--gold", str(GOLD_DIR), "--impl", impl])
    reference = buffer.getvalue().strip().rsplit(" seconds=", 1)[0]
    parse = zjnews.parse_file if impl == "zjnews" else score_module.load_impl(impl, str(GOLD_DIR))
    ours = evaluate_dir(SEEDS_DIR, GOLD_DIR, parse=parse).summary_line().rsplit(" seconds=", 1)[0]
    assert ours == reference


@pytest.mark.parametrize("page", SEED_PAGES, ids=lambda p: p.stem)
def test_page_counts_agree_with_reference_scorer(score_module: ModuleType, page: Path) -> None:
    gold = load_gold(page)
    articles = zjnews.parse_file(page)
    ref = score_module.score_page(gold, list(articles))
    ours = evaluate_page(gold, articles)
    pairs = {
        "gold_chars": ours.gold_chars,
        "out_articles": ours.out_articles,
        "continuity_n": ours.adjacent_kept,
        "continuity_d": ours.adjacent_pairs,
        "body_prec_n": ours.body_gold,
        "body_prec_d": ours.body_emitted,
        "body_recall_n": ours.body_found,
        "dup_n": ours.duplicated,
        "cap_leak_n": ours.caption_leaked,
        "cap_leak_d": ours.caption_grams,
        "title_ok": ours.titles_ok,
        "author_tp": ours.author_tp,
        "author_fp": ours.author_fp,
        "author_fn": ours.author_fn,
        "para_ok": ours.paragraphs_exact,
        "para_total": ours.paragraphs_total,
        "ocr_fixed_n": ours.ocr_fixed,
        "ocr_total": ours.ocr_total,
    }
    assert pairs == {k: ref[k] for k in pairs}
    assert ours.bcubed_f1 == pytest.approx(ref["bcubed_f1"], abs=1e-12)
    assert ours.count_err == pytest.approx(ref["count_err"], abs=1e-12)


def test_gold_scores_the_ceiling() -> None:
    metrics = evaluate_dir(SEEDS_DIR, GOLD_DIR, parse=_gold_as_articles).metrics
    for name in METRICS:
        if name == "ocr_fixed":
            continue  # the seeds' gold keeps the page's damaged characters: it repairs nothing
        want = 0.0 if name in LOWER_IS_BETTER else 1.0
        assert getattr(metrics, name) == pytest.approx(want), name


def test_normalize_matches_reference(score_module: ModuleType) -> None:
    for text in ["“新时代”新征程, 新伟业", "＃＃ 標題", "## 亲历 暖心服务", None, "", "ＡＢＣ１２３"]:
        assert normalize(text) == score_module.norm(text)
    paragraphs = ["本报讯(记者 张三 通讯员 李四)今天上午,会议召开。", "会议指出……(王五 赵六)"]
    assert normalize_body(paragraphs) == score_module.norm_body(paragraphs)


# ---------------------------------------------------------------- hand-made cases
# Two gold articles whose bodies share no k-gram: A and B have 10 distinct characters each,
# so 5 six-grams each (positions 0..4) and 4 adjacent pairs each. The caption has 8 characters:
# 3 six-grams.

A = "一二三四五六七八九十"
B = "甲乙丙丁戊己庚辛壬癸"
CAPTION = "子丑寅卯辰巳午未"


def _gold(**changes: Any) -> dict[str, Any]:
    gold: dict[str, Any] = {
        "source": "hand.txt",
        "articles": [
            {"title": "标题甲", "title_alternates": [], "kicker": None, "authors": ["张三", "李四"],
             "paragraphs": [A], "captions": [CAPTION]},
            {"title": "标题乙", "title_alternates": [], "kicker": None, "authors": ["王五"],
             "paragraphs": [B], "captions": []},
        ],
        "page_captions": [],
        "duplicates": [],
        "ocr_errors": [],
    }
    gold.update(changes)
    return gold


PERFECT = [
    Article(title="标题甲", authors=("张三", "李四"), paragraphs=(A,)),
    Article(title="标题乙", authors=("王五",), paragraphs=(B,)),
]


def test_perfect_output() -> None:
    score = evaluate_page(_gold(), PERFECT)
    assert score.gold_chars == 10
    assert score.caption_grams == 3
    m = score.metrics
    assert (m.bcubed_f1, m.continuity, m.body_prec, m.body_recall) == (1.0, 1.0, 1.0, 1.0)
    assert (m.dup_residue, m.cap_leak, m.count_err) == (0.0, 0.0, 0.0)
    assert (m.title_acc, m.author_f1, m.para_exact) == (1.0, 1.0, 1.0)
    assert m.text_exact is None and m.text_cer is None


def test_two_articles_merged_into_one_paragraph() -> None:
    # body A+B: 15 six-grams = 5 of A, 5 that straddle the join (not gold text), 5 of B.
    merged = [Article(title="标题甲", authors=("张三", "李四"), paragraphs=(A + B,))]
    score = evaluate_page(_gold(), merged)
    m = score.metrics
    assert m.body_prec == pytest.approx(10 / 15)
    assert m.body_recall == 1.0
    # one output cluster of 10 holding 5+5: precision 0.5 for each position, recall 1
    assert score.bcubed_precision == pytest.approx(0.5)
    assert score.bcubed_recall == pytest.approx(1.0)
    assert m.bcubed_f1 == pytest.approx(2 * 0.5 / 1.5)
    assert m.continuity == 1.0  # the 4+4 gold pairs all stay adjacent
    assert m.count_err == pytest.approx(0.5)  # |1 - 2| / 2
    assert m.title_acc == pytest.approx(0.5)  # both gold articles match the one output; one title fits
    assert m.para_exact == 0.0  # neither gold paragraph is a paragraph of the output
    # gold B is matched to the same output: its two names are false positives there
    assert (score.author_tp, score.author_fp, score.author_fn) == (2, 2, 1)
    assert m.author_f1 == pytest.approx(4 / 7)  # P 1/2, R 2/3


def test_paragraphs_kept_apart_in_one_article_are_exact() -> None:
    merged = [Article(title="标题甲", paragraphs=(A, B))]
    assert evaluate_page(_gold(), merged).metrics.para_exact == 1.0


def test_caption_leak_into_a_body() -> None:
    leaked = [*PERFECT, Article(title="图片", paragraphs=(CAPTION,))]
    m = evaluate_page(_gold(), leaked).metrics
    assert m.cap_leak == 1.0  # 3 of 3 caption six-grams
    assert m.body_prec == pytest.approx(10 / 13)
    assert m.count_err == pytest.approx(0.5)
    assert m.bcubed_f1 == 1.0  # caption text is not gold body: the partition is untouched


def test_page_captions_count_as_captions() -> None:
    gold = _gold(page_captions=["东南西北春夏秋冬"])  # 3 more caption six-grams
    leaked = [*PERFECT, Article(paragraphs=("东南西北春夏秋冬",))]
    score = evaluate_page(gold, leaked)
    assert (score.caption_leaked, score.caption_grams) == (3, 6)
    assert score.metrics.cap_leak == pytest.approx(0.5)


def test_duplicated_text() -> None:
    doubled = [Article(title="标题甲", authors=("张三", "李四"), paragraphs=(A, A)), PERFECT[1]]
    m = evaluate_page(_gold(), doubled).metrics
    assert m.dup_residue == pytest.approx(5 / 10)  # the 5 six-grams of A are emitted twice
    assert m.body_prec == pytest.approx(15 / 20)  # A+A gives 15 six-grams, 5 of them across the join
    assert m.body_recall == 1.0
    assert m.bcubed_f1 == 1.0  # a position counts once, where it was first emitted
    assert m.para_exact == 1.0
    # as in the reference scorer, a repeated run counts its adjacent pairs again: (4 + 4 + 4) / 8
    assert m.continuity == pytest.approx(1.5)


def test_text_split_between_articles() -> None:
    # B's first 7 characters go to A's article: B's six-grams 0 and 1 land there, 2..4 stay
    split = [
        Article(title="标题甲", paragraphs=(A, B[:7])),
        Article(title="标题乙", paragraphs=(B[2:],)),
    ]
    score = evaluate_page(_gold(), split)
    # clusters: output 0 = {A0..A4, B0, B1} (7), output 1 = {B2, B3, B4} (3)
    precision = (5 * 5 / 7 + 2 * 2 / 7 + 3 * 3 / 3) / 10
    recall = (5 * 5 / 5 + 2 * 2 / 5 + 3 * 3 / 5) / 10
    assert score.bcubed_precision == pytest.approx(precision)
    assert score.bcubed_recall == pytest.approx(recall)
    assert score.bcubed_f1 == pytest.approx(2 * precision * recall / (precision + recall))
    # gold pair B1-B2 is broken; the others (4 + 3) stay adjacent
    assert score.metrics.continuity == pytest.approx(7 / 8)
    assert score.metrics.title_acc == 1.0  # B is matched to output 1, which holds 3 of its 5 six-grams


def test_lost_text_and_unmatched_article() -> None:
    # only one six-gram of B is emitted, under 30 % of B: B is unmatched
    lost = [PERFECT[0], Article(title="标题乙", authors=("王五",), paragraphs=(B[:6],))]
    score = evaluate_page(_gold(), lost)
    m = score.metrics
    assert m.body_recall == pytest.approx(6 / 10)
    # lost positions are their own clusters: precision 1; recall (25/5 + 1/5) / 10 for the found ones
    assert score.bcubed_precision == pytest.approx(1.0)
    assert score.bcubed_recall == pytest.approx((25 / 5 + 1 / 5) / 10)
    assert m.title_acc == pytest.approx(0.5)  # an unmatched gold article has no title to be right
    assert (score.author_tp, score.author_fp, score.author_fn) == (2, 0, 1)
    assert m.para_exact == pytest.approx(0.5)


def test_authors_compared_without_spaces_and_roles_counted_wrong() -> None:
    out = [
        Article(title="标题甲", authors=("张 三", "赵六"), paragraphs=(A,)),
        Article(title="标题乙", paragraphs=(B,)),
    ]
    score = evaluate_page(_gold(), out)
    assert (score.author_tp, score.author_fp, score.author_fn) == (1, 1, 2)
    precision, recall = 1 / 2, 1 / 3
    assert score.metrics.author_f1 == pytest.approx(2 * precision * recall / (precision + recall))


def test_titles_kicker_and_alternates() -> None:
    gold = _gold()
    gold["articles"][0].update(kicker="引题", title="主题", title_alternates=["另一读法"])
    cases = {
        ("主题", None): True,
        ("引题主题", None): True,  # kicker and title read as one line
        ("主题", "引题"): True,
        ("# 主 题", None): True,  # normalised: no #, no spaces
        ("另一读法", None): True,
        ("引题", None): False,
        ("标题乙", None): False,
    }
    for (title, kicker), ok in cases.items():
        out = [Article(title=title, kicker=kicker, paragraphs=(A,)), PERFECT[1]]
        assert evaluate_page(gold, out).titles_ok == 1 + ok, (title, kicker)


def test_bylines_are_not_body_text() -> None:
    out = [
        Article(title="标题甲", paragraphs=("本报讯(记者 张三 李四)" + A,)),
        Article(title="标题乙", paragraphs=(B + "(王五)",)),
    ]
    m = evaluate_page(_gold(), out).metrics
    assert (m.body_prec, m.bcubed_f1) == (1.0, 1.0)
    assert m.para_exact == 0.0  # paragraphs are compared whole


def test_width_quotes_spaces_and_script_are_normalised() -> None:
    gold = _gold()
    gold["articles"][0]["paragraphs"] = ["一二三,四五六“七八九”十"]
    out = [Article(title="标题甲", paragraphs=("一二三，四五 六七八九十",)), PERFECT[1]]
    assert evaluate_page(gold, out).metrics.para_exact == 1.0
    gold["articles"][1]["paragraphs"] = ["这个开发区的发展很好"]
    out = [out[0], Article(title="标题乙", paragraphs=("這個開發區的發展很好",))]
    assert evaluate_page(gold, out).metrics.para_exact == 1.0


def test_ocr_fixed() -> None:
    gold = _gold(ocr_errors=[{"wrong": "百企干岗", "right": "百企千岗"}, {"wrong": "己经", "right": "已经"}])
    fixed = [Article(title="标题甲", paragraphs=(A, "推出百企千岗活动")), PERFECT[1]]
    assert evaluate_page(gold, fixed).metrics.ocr_fixed == pytest.approx(0.5)
    both = [Article(title="标题甲", paragraphs=("百企千岗", "百企干岗")), PERFECT[1]]
    assert evaluate_page(gold, both).ocr_fixed == 0  # the wrong form is still somewhere
    in_title = [Article(title="已经", paragraphs=(A,)), PERFECT[1]]
    assert evaluate_page(gold, in_title).ocr_fixed == 1


def test_clean_text_exact_and_cer() -> None:
    gold = _gold(clean_text=True)
    one_wrong = [Article(title="标题甲", paragraphs=("一二三四五六七八九千",)), PERFECT[1]]
    m = evaluate_page(gold, one_wrong).metrics
    assert m.text_exact == pytest.approx(1 / 2)
    assert m.text_cer == pytest.approx(1 / 20)
    assert m.para_exact == pytest.approx(1 / 2)


def test_clean_text_unmatched_article_counts_all_wrong() -> None:
    gold = _gold(clean_text=True)
    m = evaluate_page(gold, [PERFECT[0]]).metrics
    assert m.text_exact == pytest.approx(1 / 2)
    assert m.text_cer == pytest.approx(10 / 20)


def test_clean_text_quotes() -> None:
    gold = _gold(clean_text=True)
    gold["articles"][0]["paragraphs"] = ["一二“三四五”六七八九十"]  # 12 characters
    no_quotes = [Article(title="标题甲", paragraphs=(A,)), PERFECT[1]]
    m = evaluate_page(gold, no_quotes).metrics
    assert (m.text_exact, m.text_cer) == (pytest.approx(1 / 2), pytest.approx(2 / 22))
    gold["quotes_stripped"] = True  # quote marks are ignored on both sides
    m = evaluate_page(gold, no_quotes).metrics
    assert (m.text_exact, m.text_cer) == (1.0, 0.0)


def test_report_aggregates_counts_not_page_averages() -> None:
    perfect = evaluate_page(_gold(), PERFECT)
    merged = evaluate_page(_gold(), [Article(title="标题甲", paragraphs=(A + B,))])
    report = Report([perfect, merged])
    m = report.metrics
    assert m.body_prec == pytest.approx((10 + 10) / (10 + 15))
    assert m.count_err == pytest.approx((0 + 0.5) / 2)
    assert m.bcubed_f1 == pytest.approx((1.0 * 10 + (2 / 3) * 10) / 20)
    summary = report.summary()
    counts = (summary["pages"], summary["gold_articles"], summary["out_articles"], summary["errors"])
    assert counts == (2, 4, 3, 0)
    line = report.summary_line()
    assert line.startswith("pages=2 gold_articles=4 out_articles=3 bcubed_f1=0.833 ")
    assert "errors=0 seconds=" in line
    data = json.loads(json.dumps(report.to_dict()))
    assert data["aggregate"]["body_prec"] == pytest.approx(0.8)
    assert [p["out_articles"] for p in data["pages"]] == [2, 1]


def test_metric_names_and_directions() -> None:
    names = [name for name, _ in Metrics(*[0.0] * 11)]
    assert names == METRICS
    assert set(HIGHER_IS_BETTER) | set(LOWER_IS_BETTER) == {*METRICS, "text_exact", "text_cer"}
    assert not set(HIGHER_IS_BETTER) & set(LOWER_IS_BETTER)


def test_kgrams() -> None:
    assert kgrams("一二三四五六七", 6) == ["一二三四五六", "二三四五六七"]
    assert kgrams("一二三", 6) == []


@given(st.text(alphabet="abc一二", max_size=12), st.text(alphabet="abc一二", max_size=12))
def test_edit_distance_is_a_distance(a: str, b: str) -> None:
    d = edit_distance(a, b)
    assert d == edit_distance(b, a)
    assert abs(len(a) - len(b)) <= d <= max(len(a), len(b))
    assert (d == 0) == (a == b)


def test_edit_distance_examples() -> None:
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("一二三", "一三") == 1
    assert edit_distance("", "一二") == 2


def test_clean_text_cer_caps_a_paragraph_at_all_wrong() -> None:
    # the output paragraph paired with A holds A and much more: its edit distance (25) exceeds
    # A's length (10), but a paragraph counts as no more than all wrong
    gold = _gold(clean_text=True)
    tail = "子丑寅卯辰巳午未申酉戌亥东南西北春夏秋冬上下左右中"
    padded = [Article(title="标题甲", paragraphs=(A + tail,)), PERFECT[1]]
    m = evaluate_page(gold, padded).metrics
    assert m.text_cer == pytest.approx(10 / 20)


# ---------------------------------------------------------------- directories and the command line


def test_parse_errors_score_the_page_as_empty() -> None:
    def failing(path: Path) -> list[Article]:
        raise zjnews.DecodeError("broken")

    report = evaluate_dir(SEEDS_DIR, GOLD_DIR, parse=failing)
    assert report.errors == len(SEED_PAGES)
    assert all(p.error == "DecodeError: broken" and p.out_articles == 0 for p in report.pages)
    assert report.metrics.body_recall == 0.0


def test_main_writes_json_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.json"
    assert main(["--pages", str(SEEDS_DIR), "--gold", str(GOLD_DIR), "--json", str(out), "--verbose"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(SEED_PAGES) + 1
    assert lines[-1].startswith(f"pages={len(SEED_PAGES)} gold_articles=")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["aggregate"]["pages"] == len(SEED_PAGES)
    assert len(data["pages"]) == len(SEED_PAGES)


def test_main_without_gold_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--pages", str(SEEDS_DIR), "--gold", str(tmp_path)]) == 2
    assert "no gold files (*.gold.json)" in capsys.readouterr().err


def test_python_dash_m() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "zjnews.evaluate", "--pages", "seeds", "--gold", "seeds/gold"],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("pages=5 gold_articles=51 ")


HAND_OUTPUTS = {
    "perfect": PERFECT,
    "merged": [Article(title="标题甲", authors=("张三", "李四"), paragraphs=(A + B,))],
    "leak": [*PERFECT, Article(title="图片", paragraphs=(CAPTION,))],
    "doubled": [Article(title="标题甲", paragraphs=(A, A)), PERFECT[1]],
    "split": [Article(title="标题甲", paragraphs=(A, B[:7])), Article(title="标题乙", paragraphs=(B[2:],))],
    "lost": [PERFECT[0], Article(title="标题乙", authors=("王五",), paragraphs=(B[:6],))],
    "clean": [Article(title="标题甲", paragraphs=("一二三四五六七八九千",))],
}


@pytest.mark.parametrize("clean_text", [False, True])
@pytest.mark.parametrize("name", list(HAND_OUTPUTS))
def test_hand_cases_agree_with_reference_scorer(
    score_module: ModuleType, name: str, clean_text: bool
) -> None:
    gold = _gold(clean_text=clean_text, ocr_errors=[{"wrong": "九千", "right": "九十"}])
    articles = HAND_OUTPUTS[name]
    expected = score_module.aggregate([score_module.score_page(gold, articles)])
    got = Report([evaluate_page(gold, articles)]).summary()
    assert got == pytest.approx({**expected, "errors": 0, "seconds": 0.0})
