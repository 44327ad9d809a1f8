"""Adversarial inputs at growing sizes: does the pipeline's time stay linear?

    python benchmarks/bench_adversarial.py                  # every input, sizes ×1 … ×16
    python benchmarks/bench_adversarial.py --only fragments # one input
    python benchmarks/bench_adversarial.py --profile fragments --scale 4   # cProfile one run

Each input is built at a base size and at ×2, ×4, ×8, ×16 of it, and parsed with
``zjnews.parse_text`` (best of ``--rounds``, CPU time of the process: other processes of a shared
machine do not count; ``--wall`` for wall-clock time). The table gives the time of each size and the
ratio of the ×16 time to the ×1 time: a linear cost gives about 16 (up to 20 is counted as
linear, allowing for caches and a shared machine's noise); a quadratic one gives about 256. A size whose run
takes longer than ``--limit`` seconds stops that input's sweep (marked ``>limit``).

The inputs (see docs/robustness.md):

- ``punctuation``: one line of a long run of Chinese and ASCII punctuation;
- ``hashes``: one line of ``#`` marks, then lines of ``#`` runs of every length;
- ``spaces``: Chinese text with runs of spaces between every few characters;
- ``paragraph``: one giant paragraph of Chinese sentences on one line;
- ``tiny-blocks``: thousands of one-character blocks;
- ``fragments``: thousands of blocks that stop mid-sentence (open ends to be matched);
- ``names``: thousands of short name lines;
- ``headings``: thousands of ``#`` headings with nothing under them;
- ``repeats``: the same paragraph repeated thousands of times (duplicate removal);
- ``line-20mb``: a single line of Chinese text, 1.25 MB at ×1 and 20 MB at ×16;

and runs of each class of character that a repair pass passes over when it looks for a mark's
context (a quadratic search shows only where such runs are long, never in a unit with ``。``):

- ``commas``: one line of ASCII commas between two Chinese characters;
- ``question-marks``: ``?? `` repeated (what ``?``-mojibake of Chinese looks like);
- ``skipped-marks``: ``,:;()?!`` repeated (every mark the punctuation pass converts);
- ``quote-marks``: ASCII and curly quote marks and spaces, between Chinese characters;
- ``space-run``: one run of spaces, tabs and no-break spaces between Chinese characters;
- ``brackets``: nested ASCII brackets around Chinese text (every pair scans its contents);
- ``protected-spaces``: a body line of wrap spaces beside quoted slogans, bracketed bylines and
  credits, whose spaces the wrap-space pass keeps (every space checked against every span);
- ``hidden-breaks``: sentence ends followed by spaces, thousands on one line (paragraph breaks
  hidden in a line, each measured against the line's printed width).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Callable

import zjnews

_SENTENCE = "近日，梅山港正式开通夜间集装箱快线，首班货轮满载电子产品和纺织品驶离码头。"
_FRAGMENTS = (
    "据港口运营方介绍，夜间快线采用智能调度系统，堆场作业、海关查验和船舶",
    "靠泊实现无缝衔接，企业通过手机就能实时查询货物状态，村里引进农业专家，利用竹林下的",
    "空闲土地套种中药材，探索出一条林下经济的新路子，让更多老年人享受到便捷实惠的",
    "助餐服务，社区食堂由街道统一规划、社会企业运营，针对高龄、独居老人推出",
)
_NAMES = ("林晓峰", "沈佳怡", "何志远", "方 雨", "童立新", "叶 蓓", "钱 瑶", "郑元丹")


def _punctuation(n: int) -> str:
    return "。，、；：？！“”‘’（）《》——……·,.;:!?()\"'" * n + "\n"


def _hashes(n: int) -> str:
    return "#" * (20 * n) + "\n" + "".join("#" * (k % 50 + 1) + "\n" for k in range(n))


def _spaces(n: int) -> str:
    return "".join(_SENTENCE[k % 20 : k % 20 + 5] + " " * (k % 7 + 1) for k in range(4 * n)) + "。\n"


def _paragraph(n: int) -> str:
    return _SENTENCE * n + "\n"


def _tiny_blocks(n: int) -> str:
    return "".join(_SENTENCE[k % len(_SENTENCE)] + "\n\n" for k in range(4 * n))


def _fragments(n: int) -> str:
    return "".join(_FRAGMENTS[k % len(_FRAGMENTS)] + f"{k}\n\n" for k in range(n))


def _names(n: int) -> str:
    return "".join(_NAMES[k % len(_NAMES)] + "\n\n" for k in range(2 * n))


def _headings(n: int) -> str:
    return "".join("#" * (k % 3 + 1) + f" 梅山港开通夜间集装箱快线{k}\n\n" for k in range(n))


def _repeats(n: int) -> str:
    return "".join(f"{_SENTENCE}{_FRAGMENTS[0]}。\n\n" for _ in range(n))


def _quote_pieces(n: int) -> str:
    # every line breaks off with a quotation open: each one looks for its other piece below
    return "".join(f'他说："{_FRAGMENTS[k % len(_FRAGMENTS)]}\n\n' for k in range(2 * n))


def _spaced_numbers(n: int) -> str:
    # one long run of digits and spaces between Chinese characters, and many short ones
    return "增长" + " ".join("12" for _ in range(20 * n)) + "万元。\n" + "约7 2万元，" * (20 * n) + "。\n"


def _line_20mb(n: int) -> str:
    return _SENTENCE * (n * 1_250_000 // (len(_SENTENCE) * 3 * 500)) + "\n"


def _commas(n: int) -> str:
    return "中" + "," * (3 * n) + "文\n"


def _question_marks(n: int) -> str:
    return "?? " * n + "\n"


def _skipped_marks(n: int) -> str:
    return "中" + ",:;()?!" * n + "文\n"


def _quote_marks(n: int) -> str:
    return "他说" + "\"' “”‘’ " * n + "好\n"


def _space_run(n: int) -> str:
    return "近日，梅山港" + " \t\u00a0" * n + "开通快线。\n"


def _brackets(n: int) -> str:
    return "(" * n + "梅山港" + ")" * n + "开通快线。\n"


def _protected_spaces(n: int) -> str:
    unit = "开展“迎亚运 优服务 提形象”活动（记者 李华 通讯员 马美兰）， 梅山 港正式 开通，"
    return unit * n + "服务。 影友 陈立群 摄\n"


def _hidden_breaks(n: int) -> str:
    return "".join(f"第{k}句话说完了。 " for k in range(n)) + "结束\n"


INPUTS: dict[str, tuple[Callable[[int], str], int]] = {
    "punctuation": (_punctuation, 2_000),
    "hashes": (_hashes, 10_000),
    "spaces": (_spaces, 2_000),
    "paragraph": (_paragraph, 2_000),
    "tiny-blocks": (_tiny_blocks, 500),
    "fragments": (_fragments, 250),
    "names": (_names, 500),
    "headings": (_headings, 500),
    "repeats": (_repeats, 500),
    "quote-pieces": (_quote_pieces, 250),
    "spaced-numbers": (_spaced_numbers, 250),
    "line-20mb": (_line_20mb, 500),
    "commas": (_commas, 5_000),
    "question-marks": (_question_marks, 20_000),
    "skipped-marks": (_skipped_marks, 2_000),
    "quote-marks": (_quote_marks, 2_000),
    "space-run": (_space_run, 10_000),
    "brackets": (_brackets, 5_000),
    "protected-spaces": (_protected_spaces, 400),
    "hidden-breaks": (_hidden_breaks, 2_000),
}
"""name → (builder taking a size unit, the base size unit)."""
_SHORT = "# 梅山港开通夜间集装箱快线\n\n本报记者 林晓峰\n\n近日，梅山港正式开通夜间集装箱快线。\n"
_PAGE = (
    "# 梅山港开通夜间集装箱快线\n\n本报记者 林晓峰\n\n"
    + "".join(f"{_FRAGMENTS[k % 4]}{_SENTENCE}\n\n" for k in range(12))
    + "村民在图书驿站阅读。\n\n本报记者 郑志强 摄\n"
)


def _bad_inputs() -> dict[str, bytes]:
    """The inputs of the bad-input table of docs/robustness.md, as bytes (what a file holds); the
    20 MB line is added by :func:`bad_inputs`."""
    utf8 = _PAGE.encode("utf-8")
    return {
        "empty file": b"",
        "whitespace only": b" \r\n\t\n" + "\u3000".encode(),
        "control characters only": bytes(range(1, 9)) * 3 + b"\n",
        "PNG": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
        "PDF": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        "binary with many NUL bytes": bytes(300) + b"\x01\x02",
        "NUL bytes inside text": _PAGE.replace("正式", "正\x00式").encode("utf-8"),
        "invalid UTF-8": utf8[:300] + b"\xc3\x28" + utf8[300:],
        "UTF-8 BOM, then not UTF-8": b"\xef\xbb\xbf\xff\xfe\xfd",
        "GB18030": _PAGE.encode("gb18030"),
        "Big5": _PAGE.encode("big5", errors="ignore"),
        "UTF-16 LE with BOM": _PAGE.encode("utf-16"),
        "UTF-8 BOM": b"\xef\xbb\xbf" + utf8,
        "CRLF line ends": _PAGE.replace("\n", "\r\n").encode("utf-8"),
        "CR line ends": _PAGE.replace("\n", "\r").encode("utf-8"),
        "no headings": _PAGE.replace("# ", "").encode("utf-8"),
        "only #": b"#####\n\n##\n",
        "only punctuation": "。。。，，，——\n".encode(),
        "one paragraph × 5,000": ("# 梅山港开通夜间集装箱快线\n\n" + f"{_SENTENCE}\n\n" * 5000).encode("utf-8"),
        "headings × 2,000": ("# 梅山港开通夜间集装箱快线\n\n" * 2000).encode("utf-8"),
        "60,000 commas in a row": _commas(20_000).encode("utf-8"),
        "`?? ` × 40,000 (?-mojibake)": _question_marks(40_000).encode("utf-8"),
        "`,:;()?!` × 10,000": _skipped_marks(10_000).encode("utf-8"),
        "quote marks and spaces × 10,000": _quote_marks(10_000).encode("utf-8"),
        "20,000 nested brackets": _brackets(20_000).encode("utf-8"),
        "protected spans and wrap spaces × 2,000": _protected_spaces(2_000).encode("utf-8"),
        "10,000 hidden paragraph breaks on one line": _hidden_breaks(10_000).encode("utf-8"),
        "`#` after a sentence end, hashtags": "活动圆满结束。 #杭州亚运会# 话题阅读量破亿。 #1号\n".encode(),
        "control, bidi and zero-width characters": _PAGE.replace("，", "\u202e，\x07\u200b\x1b").encode("utf-8"),
    }


def _line_20mb_bytes(n: int) -> bytes:
    return _line_20mb(n).encode("utf-8")


BUDGET = (0.5, 0.5)
"""Seconds allowed for one bad input: ``BUDGET[0] + BUDGET[1]`` per MB."""


def bad_inputs() -> dict[str, bytes]:
    """The bad-input table's inputs (see :func:`_bad_inputs`)."""
    inputs = _bad_inputs()
    inputs["a single 20 MB line"] = _line_20mb_bytes(8000)
    return inputs


def time_bad_input(data: bytes) -> tuple[float, str]:
    """Seconds to parse ``data`` with ``parse_bytes``, and what it gave (``N articles`` or the error)."""
    started = CLOCK()
    try:
        page = zjnews.parse_bytes(data)
    except zjnews.ZjnewsError as exc:
        return CLOCK() - started, type(exc).__name__
    return CLOCK() - started, f"{len(page)} articles"


def table(rounds: int) -> int:
    """Time every input of the bad-input table against its budget (best of ``rounds``)."""
    print("| input | bytes | seconds | budget | gives |")
    print("|---|---:|---:|---:|---|")
    over = 0
    for name, data in bad_inputs().items():
        runs = [time_bad_input(data) for _ in range(rounds if len(data) < 5_000_000 else 1)]
        seconds, gives = min(runs)
        budget = BUDGET[0] + BUDGET[1] * len(data) / 1e6
        over += seconds > budget
        print(f"| {name} | {len(data):,} | {seconds:.3f} | {budget:.2f} | {gives} |", flush=True)
    return 1 if over else 0


SCALES = (1, 2, 4, 8, 16)
LINEAR = 20.0
"""Largest ×16/×1 time ratio still counted as linear."""


CLOCK = time.process_time
"""The clock: CPU time of this process, so that other processes on a shared machine do not count
(``--wall`` switches to wall-clock time)."""


def _time(text: str, rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        started = CLOCK()
        zjnews.parse_text(text)
        best = min(best, CLOCK() - started)
    return best


def sweep(name: str, rounds: int, limit: float) -> dict[str, object]:
    """Times of one input at every scale, and the verdict."""
    build, base = INPUTS[name]
    times: list[float | None] = []
    size = 0
    for scale in SCALES:
        if times and (times[-1] is None or times[-1] > limit):
            times.append(None)
            continue
        text = build(base * scale)
        if scale == 1:
            size = len(text.encode("utf-8"))
        long_run = times and times[-1] is not None and times[-1] > 2.0
        times.append(_time(text, 1 if long_run else rounds))
    first, last = times[0], times[-1]
    ratio = last / first if first and last is not None else None
    verdict = "linear" if ratio is not None and ratio <= LINEAR else "SUPERLINEAR"
    return {"name": name, "bytes": size, "times": times, "ratio": ratio, "verdict": verdict}


def _cell(value: float | None, limit: float) -> str:
    return f">{limit:.0f}" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", action="append", choices=sorted(INPUTS), help="run only this input (repeatable)")
    parser.add_argument("--rounds", type=int, default=3, help="best of this many runs per size (1 past 2 s)")
    parser.add_argument("--limit", type=float, default=60.0, help="stop an input's sweep past this many seconds")
    parser.add_argument("--profile", choices=sorted(INPUTS), help="cProfile one input at --scale instead")
    parser.add_argument("--scale", type=int, default=16, help="the scale profiled by --profile")
    parser.add_argument("--table", action="store_true", help="time the bad-input table against its budget")
    parser.add_argument("--wall", action="store_true", help="wall-clock time instead of this process's CPU time")
    args = parser.parse_args(argv)
    global CLOCK
    if args.wall:
        CLOCK = time.perf_counter
    for build, _ in INPUTS.values():
        zjnews.parse_text(build(8))  # load the lexicons and caches before timing
    if args.table:
        return table(args.rounds)
    if args.profile:
        build, base = INPUTS[args.profile]
        text = build(base * args.scale)
        profiler = cProfile.Profile()
        profiler.runcall(zjnews.parse_text, text)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
        return 0
    clock = "wall-clock" if args.wall else "CPU"
    print(f"zjnews {zjnews.__version__}, Python {sys.version.split()[0]}; {clock} seconds, best of {args.rounds}\n")
    print("| input | bytes at ×1 | ×1 | ×2 | ×4 | ×8 | ×16 | ×16 / ×1 | verdict |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    failed = False
    for name in args.only or list(INPUTS):
        row = sweep(name, args.rounds, args.limit)
        times = row["times"]
        assert isinstance(times, list)
        ratio = row["ratio"]
        cells = " | ".join(_cell(t, args.limit) for t in times)
        shown = f"{ratio:.1f}" if isinstance(ratio, float) else "—"
        print(f"| {name} | {row['bytes']:,} | {cells} | {shown} | {row['verdict']} |", flush=True)
        failed = failed or row["verdict"] != "linear"
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
