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

import devset
import zjnews
from conftest import GOLD_DIR, REPO_ROOT, SEED_PAGES, SEEDS_DIR, load_gold
from zjnews import Article
from zjnews.evaluate import (
    ERROR_KINDS,
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER,
    Metrics,
    PageError,
    Report,
    edit_distance,
    evaluate_dir,
    evaluate_page,
    kgrams,
    main,
    normalize,
    normalize_body,
    page_errors,
    summarize_errors,
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


def _edit_distance_by_table(a: str, b: str) -> int:
    """The textbook dynamic programme, row by row."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


@given(st.text(alphabet="ab一二三，", max_size=90), st.text(alphabet="ab一二三，", max_size=90))
def test_edit_distance_equals_the_dynamic_programme(a: str, b: str) -> None:
    assert edit_distance(a, b) == _edit_distance_by_table(a, b)


@given(st.text(max_size=80), st.text(max_size=80))
def test_edit_distance_equals_rapidfuzz(a: str, b: str) -> None:
    levenshtein = pytest.importorskip("rapidfuzz.distance").Levenshtein
    assert edit_distance(a, b) == levenshtein.distance(a, b)


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


# ---------------------------------------------------------------- the development pages


@pytest.mark.parametrize("impl", ["zjnews", "baseline"])
def test_development_pages_agree_with_reference_scorer(score_module: ModuleType, impl: str) -> None:
    """Every metric to three decimals, on the 400 development pages (read at run time only)."""
    devset.require()
    parse: Callable[[Path], Sequence[Any]] = devset.parse if impl == "zjnews" else score_module.baseline_parse
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(devset.GOLD_DIR.glob("*.gold.json"))]
    if impl == "zjnews":
        report = devset.report()
    else:  # the baseline's pages are scored on every fourth page, to keep the run short
        golds = golds[::4]
        outputs = {g["source"]: parse(devset.PAGES_DIR / g["source"]) for g in golds}
        report = Report(evaluate_page(g, outputs[g["source"]]) for g in golds)
    rows = [score_module.score_page(g, list(parse(devset.PAGES_DIR / g["source"]))) for g in golds]
    expected = score_module.aggregate(rows)
    got = report.summary()
    for name in [*METRICS, "text_exact", "text_cer", "pages", "gold_articles", "out_articles"]:
        assert name in expected, name
        assert f"{got[name]:.3f}" == f"{expected[name]:.3f}", (name, got[name], expected[name])


def test_the_gold_itself_has_no_errors_on_the_development_pages() -> None:
    devset.require()
    found = []
    for gold_path in sorted(devset.GOLD_DIR.glob("*.gold.json"))[::4]:  # every fourth, to keep it short
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        articles = [Article.from_dict(a) for a in gold["articles"]]
        text = (devset.PAGES_DIR / gold["source"]).read_text(encoding="utf-8")
        found += page_errors(gold, articles, page_text=text)
    assert found == []


def test_errors_on_the_development_pages_are_of_known_kinds() -> None:
    devset.require()
    report = devset.report()
    summary = report.error_summary()
    assert set(summary.kinds) <= set(ERROR_KINDS)
    assert summary.page_count == len(report.pages)
    for page in report.pages:
        for error in page.page_errors:
            assert error.source == page.source
            assert error.describe().startswith(error.kind)
            assert all(line >= 1 for line in error.lines)
    # a page with no paragraph out of place has no paragraph errors, and the reverse (an article
    # merged into the one above keeps its paragraphs exact: its gold is matched to that article)
    for page in report.pages:
        kinds = {e.kind for e in page.page_errors}
        if page.paragraphs_exact == page.paragraphs_total:
            assert not kinds & {"paragraph_split", "paragraphs_joined", "lost"}, page.source


# ---------------------------------------------------------------- errors you can read


PAGE_TEXT = "\n".join(["标题甲", "", "本报记者 张三 李四", "", A, "", "子丑寅卯辰巳午未", "", "标题乙", "", B, ""])
"""The hand-made page as a dump: A on line 5, the caption on line 7, B on line 11."""


def _kinds(errors: Sequence[PageError]) -> list[tuple[str, str]]:
    return [(e.kind, e.detail) for e in errors]


def test_no_errors_on_a_perfect_page() -> None:
    assert page_errors(_gold(), PERFECT, page_text=PAGE_TEXT) == []


def test_errors_of_an_empty_or_failed_page() -> None:
    assert _kinds(page_errors(_gold(), [])) == [("no_output", "no article")]
    failed = page_errors(_gold(), [], error="DecodeError: broken")
    assert _kinds(failed) == [("no_output", "parse failed")]
    assert failed[0].got == "DecodeError: broken"


def test_an_article_merged_into_another() -> None:
    merged = [Article(title="标题甲", authors=("张三", "李四"), paragraphs=(A, B))]
    errors = page_errors(_gold(), merged, page_text=PAGE_TEXT)
    assert _kinds(errors) == [("merged", "")]
    assert (errors[0].gold_article, errors[0].out_article) == (1, 0)
    assert errors[0].lines == (11,)
    assert "the article of gold[0]" in errors[0].got


def test_an_article_split_in_two() -> None:
    split = [Article(title="标题甲", paragraphs=(A[:7],)), Article(title="标题甲", paragraphs=(A[2:],)), PERFECT[1]]
    errors = [e for e in page_errors(_gold(), split) if e.kind == "split"]
    assert [(e.gold_article, e.out_article, e.text) for e in errors] == [(0, 0, A[:7])]
    assert "rest in out[1]" in errors[0].got


def test_a_fragment_misplaced_in_another_article() -> None:
    out = [Article(title="标题甲", authors=("张三", "李四"), paragraphs=(A, B[:7])), Article(title="标题乙",
           authors=("王五",), paragraphs=(B[2:],))]
    errors = page_errors(_gold(), out, page_text=PAGE_TEXT)
    assert [(e.kind, e.gold_article, e.out_article, e.text) for e in errors if e.kind == "misplaced"] == [
        ("misplaced", 1, 0, B[:7])
    ]


def test_wrong_titles_say_what_was_taken_instead() -> None:
    gold = _gold()
    gold["articles"][0].update(kicker="文化惠民进乡村", subtitle="——来自基层一线的报道", title="主题")
    cases = {
        "文化惠民进乡村": "kicker",
        "——来自基层一线的报道": "subtitle",
        "": "none",
        "标题乙": "another article's headline",
        A[:8]: "body",
        "子丑寅卯辰巳午未": "caption",
        "主题——来自基层一线的报道": "title with more text",
    }
    for title, detail in cases.items():
        out = [Article(title=title, authors=("张三", "李四"), paragraphs=(A,)), PERFECT[1]]
        assert _kinds(page_errors(gold, out)) == [("title", detail)], title


def test_authors_missed_and_extra() -> None:
    out = [Article(title="标题甲", authors=("张三", "王五"), paragraphs=(A,)), Article(title="标题乙", paragraphs=(B,))]
    errors = page_errors(_gold(), out, page_text=PAGE_TEXT)
    found = [(e.kind, e.detail, e.gold_article, e.text or e.got) for e in errors]
    assert found == [
        ("authors_missed", "others found instead", 0, "李四"),
        ("authors_missed", "no author found", 1, "王五"),
        ("authors_extra", "another article's author", 0, "王五"),
    ]
    assert errors[0].lines == (3,)


def test_paragraph_split_and_joined_say_where() -> None:
    gold = _gold()
    gold["articles"][0]["paragraphs"] = [A[:5], A[5:]]
    joined = [Article(title="标题甲", authors=("张三", "李四"), paragraphs=(A,)), PERFECT[1]]
    errors = page_errors(gold, joined)
    assert [(e.kind, e.text) for e in errors] == [("paragraphs_joined", A[:5] + "‖" + A[5:])]
    split = [Article(title="标题乙", authors=("王五",), paragraphs=(B[:3], B[3:])), PERFECT[0]]
    errors = page_errors(_gold(), split, page_text=PAGE_TEXT)
    assert [(e.kind, e.gold_article, e.out_article, e.text) for e in errors] == [
        ("paragraph_split", 1, 0, B[:3] + "‖" + B[3:])
    ]
    assert errors[0].lines == (11,)


# Longer bodies, for errors that need runs of equal text around them: two gold articles of 20
# characters each, with a title of six.
C = "春眠不觉晓处处闻啼鸟夜来风雨声花落知多少"
D = "白日依山尽黄河入海流欲穷千里目更上一层楼"


def _long_gold(**changes: Any) -> dict[str, Any]:
    gold = _gold(**changes)
    gold["articles"][0].update(paragraphs=[C])
    gold["articles"][1].update(paragraphs=[D], title="登鹳雀楼远望")
    return gold


LONG = [
    Article(title="标题甲", authors=("张三", "李四"), paragraphs=(C,)),
    Article(title="登鹳雀楼远望", authors=("王五",), paragraphs=(D,)),
]


def test_a_caption_split_into_a_paragraph_counts_once() -> None:
    # a caption dropped in the middle of a paragraph, kept as a paragraph of its own
    out = [Article(title="标题甲", authors=("张三", "李四"), paragraphs=(C[:10], CAPTION, C[10:])), LONG[1]]
    errors = page_errors(_long_gold(), out, page_text=PAGE_TEXT)
    assert _kinds(errors) == [("paragraph_split", ""), ("caption_leak", "caption")]
    assert errors[0].text == C[:10] + "‖" + C[10:]
    assert errors[1].lines == (7,)


def test_caption_and_credit_leaks() -> None:
    gold = _gold()
    gold["articles"][0]["captions"] = ["子丑寅卯辰巳午未 东方既白摄"]
    out = [Article(title="标题甲", authors=("张三", "李四"), paragraphs=(A + "东方既白摄",)), PERFECT[1]]
    assert _kinds(page_errors(gold, out)) == [("caption_leak", "credit")]
    headshot = _gold()
    headshot["articles"][0]["captions"] = ["张三"]
    out = [Article(title="标题甲", authors=("张三", "李四"), paragraphs=(A + "张三",)), PERFECT[1]]
    assert _kinds(page_errors(headshot, out)) == [("caption_leak", "caption")]


def test_lost_text_says_where_it_went() -> None:
    page = zjnews.Page(
        articles=(PERFECT[0], Article(title=B, authors=("王五",))),
        removed=(),
    )
    errors = page_errors(_gold(), page, page_text=PAGE_TEXT)
    assert [(e.kind, e.detail, e.gold_article, e.text) for e in errors] == [
        ("extra_article", "headline only: body", None, ""),
        ("lost", "title", 1, B),
    ]
    assert errors[1].lines == (11,)
    nowhere = page_errors(_gold(), [PERFECT[0]])
    assert [(e.kind, e.detail) for e in nowhere] == [("lost", "nowhere")]
    removed = zjnews.Page(articles=(PERFECT[0],), removed=(zjnews.Removal(text=B, reason="furniture"),))
    assert _kinds(page_errors(_gold(), removed)) == [("lost", "removed (furniture)")]


def test_text_emitted_twice() -> None:
    doubled = [Article(title="标题甲", authors=("张三", "李四"), paragraphs=(A, A)), PERFECT[1]]
    errors = page_errors(_gold(), doubled, page_text=PAGE_TEXT)
    assert [(e.kind, e.text, e.got) for e in errors] == [
        ("paragraph_split", A + "‖", "") if False else ("duplicated", A, "in out[0]")
    ]
    assert errors[0].lines == (5,)


def test_extra_text_in_a_body_and_an_extra_article() -> None:
    out = [Article(title="标题甲", authors=("张三", "李四"), paragraphs=(C[:10] + "登鹳雀楼远望" + C[10:],)), LONG[1]]
    errors = page_errors(_long_gold(), out)
    assert [(e.kind, e.detail, e.got) for e in errors] == [("extra_text", "title", "登鹳雀楼远望")]
    extra = [*PERFECT, Article(title="东南西北春夏秋冬")]
    errors = page_errors(_gold(), extra)
    assert [(e.kind, e.detail, e.out_article) for e in errors] == [("extra_article", "headline only: other", 2)]


def test_byline_left_in_a_body() -> None:
    out = [Article(title="标题甲", authors=("张三", "李四"), paragraphs=("本报讯(记者 张三 李四)" + A,)), PERFECT[1]]
    errors = page_errors(_gold(), out)
    assert [(e.kind, e.got) for e in errors] == [("byline_in_body", "本报讯(记者张三李四)")]


def test_characters_that_differ() -> None:
    gold = _long_gold(clean_text=True, ocr_errors=[{"wrong": "处处闻蹄鸟", "right": "处处闻啼鸟"}])
    kept = [Article(title="标题甲", authors=("张三", "李四"), paragraphs=(C.replace("啼", "蹄"),)), LONG[1]]
    errors = page_errors(gold, kept)
    assert [(e.kind, e.detail, e.text, e.got) for e in errors] == [
        ("chars", "OCR error kept", "处处闻[啼]鸟夜来", "处处闻[蹄]鸟夜来")
    ]
    other = [Article(title="标题甲", authors=("张三", "李四"), paragraphs=(C.replace("风", "凤"),)), LONG[1]]
    assert _kinds(page_errors(gold, other)) == [("chars", "text")]
    # with the dump: did the page have the output's form, or did a repair make it?
    dump_kept = "标题甲\n\n" + C.replace("风", "凤") + "\n\n登鹳雀楼远望\n\n" + D
    assert _kinds(page_errors(gold, other, page_text=dump_kept)) == [("chars", "misreading kept")]
    dump_right = "标题甲\n\n" + C + "\n\n登鹳雀楼远望\n\n" + D
    errors = page_errors(gold, other, page_text=dump_right)
    assert [(e.kind, e.detail, e.lines) for e in errors] == [("chars", "introduced", (3,))]
    dropped = [Article(title="标题甲", authors=("张三", "李四"), paragraphs=(C.replace("风", ""),)), LONG[1]]
    assert _kinds(page_errors(gold, dropped, page_text=dump_right)) == [("chars", "dropped")]
    half = [Article(title="标题甲", authors=("张三", "李四"), paragraphs=(C[:10] + "," + C[10:],)), LONG[1]]
    comma = _long_gold(clean_text=True)
    comma["articles"][0]["paragraphs"] = [C[:10] + "，" + C[10:]]
    assert _kinds(page_errors(comma, half)) == [("chars", "form")]
    spaced = [Article(title="标题甲", authors=("张三", "李四"), paragraphs=(C[:10] + " " + C[10:],)), LONG[1]]
    assert _kinds(page_errors(_long_gold(clean_text=True), spaced)) == [("chars", "spaces")]
    # gold that keeps the page's misreading: the output's repair is no error
    damaged = _long_gold(ocr_errors=[{"wrong": "处处闻蹄鸟", "right": "处处闻啼鸟"}])
    damaged["articles"][0]["paragraphs"] = [C.replace("啼", "蹄")]
    assert page_errors(damaged, LONG) == []


def test_summarize_errors() -> None:
    errors = [
        PageError("title", "a.txt", "kicker"),
        PageError("title", "b.txt", "subtitle"),
        PageError("title", "b.txt", "kicker"),
        PageError("lost", "b.txt", "nowhere"),
        PageError("merged", "c.txt"),
    ]
    summary = summarize_errors(errors, pages=4)
    assert dict(summary.kinds) == {"merged": 1, "title": 3, "lost": 1}
    assert list(summary.kinds) == ["merged", "title", "lost"]  # the order of ERROR_KINDS
    assert dict(summary.pages) == {"merged": 1, "title": 2, "lost": 1}
    assert summary.details[("title", "kicker")] == 2
    lines = summary.lines()
    assert lines[0] == "error kinds over 4 pages: 5 errors"
    assert any(line.split() == ["title", "3", "on", "2", "pages"] for line in lines)
    assert "kicker 2, subtitle 1" in "\n".join(lines)
    assert json.loads(json.dumps(summary.to_dict()))["kinds"]["title"] == 3


def test_describe() -> None:
    error = PageError("title", "a.txt", "kicker", 0, 1, "主题", "引题", (3, 4, 5, 9))
    assert error.describe() == "title (kicker)  gold[0]  out[1]  gold “主题”  got “引题”  lines 3-5,9"
    assert error.to_dict()["lines"] == [3, 4, 5, 9]


# ---------------------------------------------------------------- the command


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "zjnews", "evaluate", *args], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    )


def test_command_help_names_the_command() -> None:
    result = _cli("--help")
    assert result.returncode == 0
    assert "Usage: zjnews evaluate [OPTIONS]" in result.stdout
    assert "--errors" in result.stdout


def _seed_copy(tmp_path: Path, count: int = 1) -> tuple[Path, Path]:
    pages, gold = tmp_path / "pages", tmp_path / "gold"
    pages.mkdir()
    gold.mkdir()
    for page in SEED_PAGES[:count]:
        (pages / page.name).write_bytes(page.read_bytes())
        (gold / f"{page.stem}.gold.json").write_bytes((GOLD_DIR / f"{page.stem}.gold.json").read_bytes())
    return pages, gold


def test_command_lists_errors_and_counts(tmp_path: Path) -> None:
    pages, gold = _seed_copy(tmp_path, 1)
    result = _cli("--pages", str(pages), "--gold", str(gold), "--errors")
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert out[-1].startswith("pages=1 gold_articles=")
    assert "error kinds over 1 pages: " in result.stdout
    assert f"{SEED_PAGES[0].name}\n  " in result.stdout  # the page's errors are listed under its name
    report = str(tmp_path / "r.json")
    counts = _cli("--pages", str(pages), "--gold", str(gold), "--error-counts", "--json", report)
    assert counts.returncode == 0
    assert SEED_PAGES[0].name not in counts.stdout  # counted, not listed
    assert counts.stdout.splitlines()[:-1] == out[out.index(next(x for x in out if x.startswith("error kinds"))) : -1]
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["errors"]["pages"] == 1
    assert {"aggregate", "pages", "errors"} <= set(data)


def test_command_fails_on_a_failed_or_missing_page(tmp_path: Path) -> None:
    pages, gold = _seed_copy(tmp_path, 1)
    for name in ("b", "c"):
        (gold / f"{name}.gold.json").write_text(json.dumps(_gold(source=f"{name}.txt")), encoding="utf-8")
    (pages / "b.txt").write_text("\n\n", encoding="utf-8")  # only whitespace: it fails to parse
    result = _cli("--pages", str(pages), "--gold", str(gold))
    assert result.returncode == 1
    assert "FAILED b.txt: EmptyInputError" in result.stderr
    assert "FAILED c.txt" in result.stderr
    assert "2 of 3 pages failed or gave no article" in result.stderr
    assert result.stdout.startswith("pages=3 ")


def test_a_page_with_no_article_counts_as_failed() -> None:
    report = evaluate_dir(SEEDS_DIR, GOLD_DIR, parse=lambda path: [] if path.name == SEED_PAGES[0].name else
                          zjnews.parse_file(path))
    assert [p.source for p in report.failed] == [SEED_PAGES[0].name]
    assert report.errors == 0  # it raised nothing


def test_command_refuses_wrong_folders(tmp_path: Path) -> None:
    empty = _cli("--pages", str(SEEDS_DIR), "--gold", str(tmp_path))
    assert empty.returncode == 2
    assert "no gold files (*.gold.json)" in empty.stderr
    elsewhere = _cli("--pages", str(tmp_path), "--gold", str(GOLD_DIR))
    assert elsewhere.returncode == 2
    assert f"none of the {len(SEED_PAGES)} pages the gold files in" in elsewhere.stderr
    missing = _cli("--pages", str(tmp_path / "nope"), "--gold", str(GOLD_DIR))
    assert missing.returncode == 2
    assert "does not exist" in missing.stderr
    kind = _cli("--pages", str(SEEDS_DIR), "--gold", str(GOLD_DIR), "--errors", "--kind", "nonsense")
    assert kind.returncode == 2
    assert "nonsense" in kind.stderr


@given(st.text(alphabet="一二三。，", max_size=30), st.text(alphabet="一二三。，", max_size=30))
def test_alignment_maps_are_consistent_and_monotonic(gold: str, out: str) -> None:
    from zjnews.evaluate import _aligned

    to_out, to_gold, _ = _aligned(gold, out)
    mapped = [(i, j) for i, j in enumerate(to_out) if j >= 0]
    assert all(gold[i] == out[j] and to_gold[j] == i for i, j in mapped)
    assert [j for _, j in mapped] == sorted({j for _, j in mapped})  # in order, each once
    assert sum(j >= 0 for j in to_gold) == len(mapped)


def test_alignment_keeps_an_inserted_block_whole() -> None:
    from zjnews.evaluate import _aligned

    to_out, _, _ = _aligned("一二三。四五", "一二三。甲乙丙。四五")
    assert to_out == [0, 1, 2, 3, 8, 9]  # the first 。 matches the first, not the block's last


def test_errors_carry_the_parser_decisions_on_their_lines() -> None:
    decisions = (
        zjnews.Decision("join", "joined", lines=(5, 11), score=1.5, evidence=(("open end", 1.0),)),
        zjnews.Decision("caption", "kept", lines=(7,)),
        zjnews.Decision("headline", "title", lines=(1,)),
    )
    merged = zjnews.Page(
        articles=(Article(title="标题甲", authors=("张三", "李四"), paragraphs=(A, B)),), decisions=decisions
    )
    errors = page_errors(_gold(), merged, page_text=PAGE_TEXT)
    assert [(e.kind, [d.kind for d in e.decisions]) for e in errors] == [("merged", ["join"])]
    assert errors[0].to_dict()["decisions"][0]["outcome"] == "joined"
    assert zjnews.evaluate.describe_decision(decisions[0]) == "join: joined (score 1.50; open end +1.00) lines 5,11"


@pytest.mark.parametrize("page", SEED_PAGES, ids=lambda p: p.stem)
def test_the_gold_itself_has_no_errors_on_the_seeds(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert page_errors(load_gold(page), _gold_as_articles(page), page_text=text) == []


_PIECES = st.sampled_from([A, B, C, D, CAPTION, A[:5], B[3:], C[:12], D[7:], "登鹳雀楼远望", "，", "。", " "])


@given(
    st.lists(
        st.tuples(st.sampled_from(["标题甲", "登鹳雀楼远望", "", "子丑寅卯"]), st.lists(_PIECES, max_size=4)),
        max_size=4,
    ),
    st.booleans(),
)
def test_errors_of_any_output_are_well_formed(outputs: list[tuple[str, list[str]]], clean: bool) -> None:
    articles = [Article(title=title, paragraphs=tuple(p for p in paras if p.strip())) for title, paras in outputs]
    errors = page_errors(_long_gold(clean_text=clean), articles, page_text=PAGE_TEXT)
    for error in errors:
        assert error.kind in ERROR_KINDS
        assert error.out_article is None or 0 <= error.out_article < len(articles)
        assert error.gold_article is None or 0 <= error.gold_article < 2
    if not articles:
        assert [e.kind for e in errors] == ["no_output"]
