"""Structure-aware fuzzing of the whole pipeline: pages generated here, mutated the way real
dumps go wrong, and five properties checked on every one.

    python fuzz/fuzz_pages.py --count 10000                 # 10,000 inputs, this process
    python fuzz/fuzz_pages.py --count 1000000 --jobs 2 --small --out fuzz-run/   # the long run
    python fuzz/fuzz_pages.py --replay 123456               # one input again, with its checks
    python fuzz/fuzz_pages.py --show 123456                 # print one input

**Inputs.** Input ``i`` of seed ``s`` is built from ``random.Random(f"{s}:{i}")`` alone, so any
input can be rebuilt from its number. A page is generated from parts written for this harness
(headlines with ``#`` marks or none, kickers, subtitles, bylines in every form, body paragraphs
wrapped into printed lines with wrap spaces, captions and credits, headshot names, column
labels, page furniture), then mutated 1–8 times:

- structure: a line duplicated, moved, deleted, cut mid-sentence (into two lines, or two blocks
  apart), lines joined, blank lines added or removed, two pages run together;
- marks: half-width / full-width punctuation swapped, runs of marks, brackets opened or closed
  alone or nested, quote marks ASCII or curly and unbalanced, ``#`` inside lines and hashtags
  (``#话题#``), sentence ends followed by spaces (hidden paragraph breaks), long runs of spaces,
  of ``?``, of one mark;
- characters: control characters (NUL, BEL, form feed, ESC, DEL, C1), CR and CRLF line ends,
  bidi controls (RLO, LRI, RLM…), zero-width characters, BOMs inside the text, line and paragraph
  separators, ideographic spaces, traditional script, mojibake (UTF-8 read as cp1252 or
  Latin-1), lone surrogates;
- bytes: the page encoded as UTF-8 (with or without BOM), GB18030, Big5, UTF-16/32 (with or
  without BOM), then sometimes a few bytes flipped, inserted or cut.

**Checks.** Each input is parsed (``parse_text`` or ``parse_bytes``) and must

1. return a ``Page`` or raise a ``zjnews.ZjnewsError`` (any other exception is a finding);
2. finish within ``0.5 s + 0.5 s per MB`` of CPU time (×4, ``--slack``; a wall-clock alarm at
   ``--hang`` seconds ends the parse as a hang);
3. conserve the text (``Page.unaccounted(decoded)`` empty);
4. replay its repair log from the decoded text (``conservation.replay_repairs``) to the
   repaired text, and pass by pass on the decoded text itself when it has LF line ends only;
5. be deterministic: the same page from a second parse of the same input (every ``--again``-th
   input), and (with ``--jobs 2`` or more) the same page digest in workers run with different
   ``PYTHONHASHSEED`` (every ``--cross``-th input is parsed by two workers).

Findings are written to ``--out`` (one JSON line each: kind, input number, message, the input
itself) and summarised at the end; the exit status is 1 when there are any.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import zjnews
from zjnews.conservation import replay_repairs
from zjnews.decode import decode_bytes
from zjnews.prepare import normalize_newlines, prepare_text
from zjnews.repair import PASSES, apply_repairs, repair_text

# ---------------------------------------------------------------- the parts of a page (written for this harness)

HEADLINES = (
    "老街巷焕发新活力", "数字赋能 服务升级", "小小竹林撑起富民大产业", "为什么这个村子留住了年轻人？",
    "守护一江清水", "山区学校的第一堂编程课", "从“跑一次”到“不用跑”", "暖心食堂、托幼驿站、健身步道",
    "夜间经济点亮小城", "AI助手走进社区服务中心", "123", "Smart City 2024",
)
KICKERS = ("聚焦共同富裕", "喜迎亚运", "新春走基层", "一线调研")
SUBTITLES = ("——来自海岛乡村的蹲点报告", "——记者走访三个街道", "基层治理的一次探索")
COLUMNS = ("民生", "城事", "观察", "乡村振兴")
BYLINES = (
    "本报记者 王小明 通讯员 李 华", "记者 陈思远", "(张晓 刘洋)", "（记者 周敏 通讯员 吴倩）",
    "本报讯（记者 赵磊）", "文/图 孙悦", "通讯员 何 平 本报记者 钱 程",
)
SENTENCES = (
    "今年以来，全区新建社区食堂十二家，每天为两千多位老人供餐。",
    "走进村文化礼堂，墙上的老照片记录着村庄的变迁。",
    "“过去办事要跑好几趟，现在手机上就能办。”居民老周说。",
    "据介绍，该项目总投资约3.5亿元，预计明年6月完工。",
    "下一步，街道将继续完善服务机制；同时加强宣传引导。",
    "为什么要这样做？因为群众有需要！",
    "会议于10:30开始，持续了两个小时，与会者提出了20多条建议。",
    "在AI技术的帮助下，审批时间从5个工作日缩短到1天。",
    "村里把闲置农房改造成民宿，去年接待游客3万余人次，",
    "他们提出“稳岗位、促就业”的目标，并取得明显成效。",
    "孩子们在新建的公园里奔跑，老人们在长廊下下棋。",
    "他说，‘共富工坊’让村民在家门口就业，月收入增加了两千元。",
    "这一做法得到了上级部门的肯定(详见第3版)。",
    "活动现场，志愿者们为居民提供义诊、理发等服务。",
)
CAPTIONS = ("村民在图书驿站阅读。", "志愿者为老人测量血压。", "新建成的步行街夜景。")
CREDITS = ("本报记者 郑强 摄", "通讯员 毛一鸣 摄", "主办方供图", "影友 陈立群 摄")
HEADSHOTS = ("王小明", "陈 思", "林晓峰")
FURNITURE = ("2024年3月5日 星期二 第3版", "责任编辑 杨帆", "城市新闻 A2")

MARKS = list(",:;()?!.\"'") + list("，：；（）？！。、“”‘’《》——…·")
HASHTAGS = ("#杭州亚运会#", "#1号", "#话题#", "##", "#", "# ", "＃")
CONTROLS = ["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9c", "\r", "\r\n"]
BIDI = ["\u202e", "\u202d", "\u2066", "\u2067", "\u2069", "\u200f", "\u200e", "\u061c"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u2028", "\u2029", "\u3000", "\u00a0"]
ENCODINGS = ("utf-8", "utf-8-sig", "gb18030", "big5", "utf-16", "utf-16-le", "utf-16-be", "utf-32")


def _wrap(paragraph: str, rnd: random.Random) -> str:
    """A paragraph as the dump prints it: one line, or its printed lines joined by wrap spaces."""
    if rnd.random() < 0.5:
        return paragraph
    width = rnd.randint(6, 22)
    pieces = [paragraph[k : k + width] for k in range(0, len(paragraph), width)]
    joiner = rnd.choice([" ", " ", "  ", "\u3000", "\n"])
    return joiner.join(pieces)


def generate_page(rnd: random.Random, small: bool = False) -> str:
    """A page of one to five articles (one or two when ``small``, with shorter paragraphs) with
    captions, furniture and a column label now and then."""
    most = 2 if small else 5
    blocks: list[str] = []
    if rnd.random() < 0.3:
        blocks.append(rnd.choice(FURNITURE))
    for _ in range(rnd.randint(1, most)):
        if rnd.random() < 0.2:
            blocks.append(rnd.choice(COLUMNS))
        marks = rnd.choice(["", "# ", "## ", "#", "### "])
        if rnd.random() < 0.3:
            blocks.append(marks + rnd.choice(KICKERS))
        blocks.append(marks + rnd.choice(HEADLINES))
        if rnd.random() < 0.3:
            blocks.append("## " + rnd.choice(SUBTITLES) if marks else rnd.choice(SUBTITLES))
        byline = rnd.choice(BYLINES)
        where = rnd.random()
        if where < 0.4:
            blocks.append(byline)
        paragraphs = ["".join(rnd.choices(SENTENCES, k=rnd.randint(1, most))) for _ in range(rnd.randint(1, most))]
        if 0.4 <= where < 0.6:
            paragraphs[0] = byline + paragraphs[0]
        for k, paragraph in enumerate(paragraphs):
            blocks.append(_wrap(paragraph, rnd))
            if rnd.random() < 0.15:
                blocks.append(rnd.choice(CAPTIONS))
                blocks.append(rnd.choice(CREDITS))
            if rnd.random() < 0.05 and k == 0:
                blocks.append(rnd.choice(HEADSHOTS))
        if 0.6 <= where < 0.8:
            blocks.append(byline if byline.startswith(("(", "（")) else f"（{byline}）")
    separator = rnd.choice(["\n\n", "\n\n", "\n\n\n", "\n"])
    return separator.join(blocks) + rnd.choice(["\n", "", "\n\n"])


# ---------------------------------------------------------------- mutations


def _lines_op(text: str, rnd: random.Random, op: Callable[[list[str], random.Random], None]) -> str:
    lines = text.split("\n")
    op(lines, rnd)
    return "\n".join(lines)


def _duplicate(lines: list[str], rnd: random.Random) -> None:
    k = rnd.randrange(len(lines))
    lines.insert(rnd.randrange(len(lines) + 1), lines[k])


def _move(lines: list[str], rnd: random.Random) -> None:
    line = lines.pop(rnd.randrange(len(lines)))
    lines.insert(rnd.randrange(len(lines) + 1), line)


def _delete(lines: list[str], rnd: random.Random) -> None:
    if len(lines) > 1:
        lines.pop(rnd.randrange(len(lines)))


def _cut(lines: list[str], rnd: random.Random) -> None:
    k = rnd.randrange(len(lines))
    line = lines[k]
    if len(line) > 1:
        at = rnd.randrange(1, len(line))
        gap = rnd.choice(["\n", "\n\n", "\n\n" + rnd.choice(CAPTIONS) + "\n\n", "\n\n\n\n"])
        lines[k : k + 1] = (line[:at] + gap + line[at:]).split("\n")


def _join(lines: list[str], rnd: random.Random) -> None:
    if len(lines) > 1:
        k = rnd.randrange(len(lines) - 1)
        lines[k : k + 2] = [lines[k] + rnd.choice(["", " ", "。 "]) + lines[k + 1]]


def _insert(text: str, rnd: random.Random, piece: str) -> str:
    at = rnd.randrange(len(text) + 1)
    return text[:at] + piece + text[at:]


def _swap_marks(text: str, rnd: random.Random) -> str:
    table = str.maketrans(dict(zip("，：；（）？！“”‘’", ",:;()?!\"\"''", strict=True)))
    if rnd.random() < 0.5:
        return text.translate(table)
    start = rnd.randrange(len(text) + 1)
    end = min(len(text), start + rnd.randint(1, 200))
    return text[:start] + text[start:end].translate(table) + text[end:]


def _mojibake(text: str, rnd: random.Random) -> str:
    start = rnd.randrange(len(text) + 1)
    end = min(len(text), start + rnd.randint(1, 30))
    codec = rnd.choice(["cp1252", "latin-1"])
    broken = text[start:end].encode("utf-8", "surrogatepass").decode(codec, errors="replace")
    return text[:start] + broken + text[end:]


def _traditional(text: str, rnd: random.Random) -> str:
    table = str.maketrans({"书": "書", "们": "們", "这": "這", "为": "為", "来": "來", "发": "發", "经": "經"})
    return text.translate(table)


MUTATIONS: tuple[tuple[str, Callable[[str, random.Random], str]], ...] = (
    ("duplicate", lambda t, r: _lines_op(t, r, _duplicate)),
    ("move", lambda t, r: _lines_op(t, r, _move)),
    ("delete", lambda t, r: _lines_op(t, r, _delete)),
    ("cut", lambda t, r: _lines_op(t, r, _cut)),
    ("join", lambda t, r: _lines_op(t, r, _join)),
    ("blank lines", lambda t, r: _insert(t, r, "\n" * r.randint(1, 4))),
    ("mark", lambda t, r: _insert(t, r, r.choice(MARKS))),
    ("mark run", lambda t, r: _insert(t, r, r.choice(MARKS) * r.randint(2, 300))),
    ("mixed marks", lambda t, r: _insert(t, r, "".join(r.choices(MARKS, k=r.randint(2, 60))))),
    ("swap widths", _swap_marks),
    ("bracket", lambda t, r: _insert(t, r, r.choice(["(", ")", "（", "）", "((", "))", "(（", "【", "《"]))),
    ("nested brackets", lambda t, r: _insert(t, r, "(" * (n := r.randint(2, 60)) + "中" + ")" * n)),
    ("quote", lambda t, r: _insert(t, r, r.choice(['"', "'", "“", "”", "‘", "’", '""', "“”"]))),
    ("hashtag", lambda t, r: _insert(t, r, r.choice(HASHTAGS))),
    ("hash after sentence", lambda t, r: _insert(t, r, "。 " + r.choice(HASHTAGS) + r.choice(SENTENCES))),
    ("hidden break", lambda t, r: _insert(t, r, r.choice(["。 ", "！  ", "？\u3000", "。” ", "。\t"]))),
    ("space run", lambda t, r: _insert(t, r, r.choice([" ", "\u3000", "\t", "\u00a0"]) * r.randint(2, 200))),
    ("question run", lambda t, r: _insert(t, r, "?? " * r.randint(1, 100))),
    ("control", lambda t, r: _insert(t, r, r.choice(CONTROLS))),
    ("bidi", lambda t, r: _insert(t, r, r.choice(BIDI))),
    ("invisible", lambda t, r: _insert(t, r, r.choice(INVISIBLE))),
    ("crlf", lambda t, r: t.replace("\n", r.choice(["\r\n", "\r"]))),
    ("mojibake", _mojibake),
    ("traditional", _traditional),
    ("two pages", lambda t, r: t + r.choice(["", "\n", "\n\n"]) + generate_page(r, small=True)),
    ("truncate", lambda t, r: t[: r.randrange(len(t) + 1)]),
)


def _damage(data: bytes, rnd: random.Random) -> bytes:
    for _ in range(rnd.randint(1, 3)):
        at = rnd.randrange(len(data) + 1)
        kind = rnd.random()
        if kind < 0.4 and at < len(data):
            data = data[:at] + bytes([rnd.randrange(256)]) + data[at + 1 :]
        elif kind < 0.8:
            data = data[:at] + bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 3))) + data[at:]
        else:
            data = data[:at] + data[at + rnd.randint(1, 4) :]
    return data


def make_input(seed: int, index: int, small: bool = False) -> tuple[str | bytes, list[str]]:
    """Input ``index`` of ``seed``: the text (or bytes) and the names of the mutations applied."""
    rnd = random.Random(f"{seed}:{index}")
    text = generate_page(rnd, small)
    applied: list[str] = []
    for _ in range(rnd.randint(1, 8)):
        name, mutate = rnd.choice(MUTATIONS)
        text = mutate(text, rnd) if text else mutate("中", rnd)
        applied.append(name)
    if rnd.random() < 0.01:  # a str no encoding can write: refused, so kept rare
        text = _insert(text, rnd, chr(rnd.randint(0xD800, 0xDFFF)))
        applied.append("surrogate")
    if rnd.random() < 0.25:
        codec = rnd.choice(ENCODINGS)
        data = text.encode(codec, errors="ignore")  # what the codec cannot write is left out
        if rnd.random() < 0.3:
            data = _damage(data, rnd)
            applied.append("bytes damaged")
        applied.append(f"encoded {codec}")
        return data, applied
    return text, applied


# ---------------------------------------------------------------- the checks


_SPACES = re.compile("[ \t\u3000\u2029]")


class Hang(Exception):
    """Raised by the alarm when one parse takes longer than ``--hang`` seconds."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise Hang()


def page_digest(page: zjnews.Page) -> str:
    """A digest of everything a page holds (its JSON)."""
    return hashlib.sha256(page.to_json(sort_keys=True).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def check(
    value: str | bytes, *, slack: float = 4.0, hang: float = 20.0, again: bool = True
) -> tuple[list[tuple[str, str]], str, float]:
    """Run the five checks on one input (the second parse only when ``again``): (findings as
    (kind, message)), the page digest, seconds."""
    findings: list[tuple[str, str]] = []
    size_mb = len(value.encode("utf-8", "surrogatepass") if isinstance(value, str) else value) / 1e6
    budget = (0.5 + 0.5 * size_mb) * slack
    # the alarm only where its handler is installed (the harness's own processes, run_inputs)
    use_alarm = hang > 0 and hasattr(signal, "setitimer") and signal.getsignal(signal.SIGALRM) is _on_alarm
    if use_alarm:
        signal.setitimer(signal.ITIMER_REAL, hang)
    started = time.perf_counter()
    cpu_started = time.process_time()
    try:
        page = zjnews.parse_text(value) if isinstance(value, str) else zjnews.parse_bytes(value)
    except Hang:
        return [("hang", f"no answer after {hang} s")], "", time.perf_counter() - started
    except zjnews.ZjnewsError as exc:
        return [], f"error:{type(exc).__name__}", time.perf_counter() - started
    except Exception:  # the finding this harness exists for
        return [("foreign exception", traceback.format_exc(limit=-4))], "", time.perf_counter() - started
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
    elapsed = time.perf_counter() - started
    # the budget is in CPU seconds: on a shared machine a parse that waits for the processor is
    # not slow (a parse that never ends is caught by the wall-clock alarm above)
    cpu = time.process_time() - cpu_started
    if cpu > budget:
        findings.append(("slow", f"{cpu:.2f} CPU s for {size_mb * 1e3:.1f} KB (budget {budget:.2f} s)"))
    try:
        decoded = value if isinstance(value, str) else decode_bytes(value)
        lost = page.unaccounted(decoded)
        if lost:
            findings.append(("conservation", f"unaccounted: {dict(lost)!r}"[:500]))
        repaired = repair_text(prepare_text(decoded)).text
        if replay_repairs(decoded, page.repairs) != repaired:
            findings.append(("replay", "replay_repairs from the decoded text differs from the repaired text"))
        if normalize_newlines(decoded) == decoded:
            replayed = decoded
            for registered in PASSES:
                replayed = apply_repairs(replayed, [r for r in page.repairs if r.pass_name == registered.name])
            # the decoded text keeps a space where the prepared one marks a hidden paragraph break
            if _SPACES.sub(" ", replayed) != _SPACES.sub(" ", repaired):
                findings.append(("replay", "the log applied pass by pass to the decoded text differs"))
        if again:
            second = zjnews.parse_text(value) if isinstance(value, str) else zjnews.parse_bytes(value)
            if second != page:
                findings.append(("determinism", "a second parse of the same input gave another page"))
        digest = page_digest(page)
    except Exception:
        findings.append(("check failed", traceback.format_exc(limit=-4)))
        digest = ""
    return findings, digest, elapsed


# ---------------------------------------------------------------- running


def warm_up() -> None:
    """Load the lexicons and caches, so that the first input's time is its own."""
    zjnews.parse_text(generate_page(random.Random(0)) + "\n" + "\n".join(SENTENCES))


def _worker(args: argparse.Namespace, worker: int, workers: int) -> Iterator[dict[str, Any]]:
    """The results of this worker's share of the inputs, one dict per input (findings, digests)."""
    warm_up()
    for index in range(args.start, args.start + args.count):
        mine = index % workers == worker
        shadow = workers > 1 and args.cross and index % args.cross == 0 and (index + 1) % workers == worker
        if not (mine or shadow):
            continue
        value, applied = make_input(args.seed, index, args.small)
        again = index % args.again == 0
        findings, digest, elapsed = check(value, slack=args.slack, hang=args.hang, again=again)
        yield {
            "index": index,
            "mine": mine,
            "findings": findings,
            "digest": digest,
            "seconds": elapsed,
            "applied": applied if findings else None,
        }


def run_inputs(
    seed: int, start: int, count: int, *, small: bool = False, slack: float = 4.0, hang: float = 20.0
) -> Counter[str]:
    """Check ``count`` inputs in this process (the bounded slice the test suite runs): a counter
    of the findings by kind, and of each finding as ``"kind: input N: last line of the message"``."""
    kinds: Counter[str] = Counter()
    warm_up()
    alarm = hasattr(signal, "SIGALRM")
    previous = signal.signal(signal.SIGALRM, _on_alarm) if alarm else None
    try:
        for index in range(start, start + count):
            value, _ = make_input(seed, index, small)
            findings, _, _ = check(value, slack=slack, hang=hang if alarm else 0)
            for kind, message in findings:
                kinds[kind] += 1
                kinds[f"{kind}: input {index}: {message.strip().splitlines()[-1][:200]}"] += 1
    finally:
        if alarm:
            signal.signal(signal.SIGALRM, previous)
    return kinds


def _main_worker(args: argparse.Namespace) -> int:
    signal.signal(signal.SIGALRM, _on_alarm)
    worker, workers = args.worker
    for result in _worker(args, worker, workers):
        print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=0, help="which stream of inputs (default 0)")
    parser.add_argument("--start", type=int, default=0, help="the first input number")
    parser.add_argument("--count", type=int, default=1000, help="how many inputs")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes, each with its own PYTHONHASHSEED")
    parser.add_argument("--cross", type=int, default=50, help="every N-th input also parsed by a second worker")
    parser.add_argument("--slack", type=float, default=4.0, help="multiplier of the time budget (a loaded machine)")
    parser.add_argument("--hang", type=float, default=20.0, help="seconds after which a parse counts as a hang")
    parser.add_argument("--out", type=Path, default=None, help="directory for findings.jsonl and summary.json")
    parser.add_argument("--replay", type=int, default=None, help="check one input and print its findings")
    parser.add_argument("--show", type=int, default=None, help="print one input (repr) and its mutations")
    parser.add_argument("--again", type=int, default=1, help="parse every N-th input twice (determinism)")
    parser.add_argument("--small", action="store_true", help="small pages (one or two short articles)")
    parser.add_argument("--worker", type=int, nargs=2, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker is not None:
        return _main_worker(args)
    if args.show is not None or args.replay is not None:
        index = args.show if args.show is not None else args.replay
        value, applied = make_input(args.seed, index, args.small)
        print(f"input {index} of seed {args.seed}: mutations {applied}\n{value!r}")
        if args.replay is not None:
            signal.signal(signal.SIGALRM, _on_alarm)
            findings, digest, elapsed = check(value, slack=args.slack, hang=args.hang)
            print(f"{elapsed:.3f} s, digest {digest}")
            for kind, message in findings:
                print(f"{kind}: {message}")
            return 1 if findings else 0
        return 0
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    out: Path | None = args.out
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    findings_file = open(out / "findings.jsonl", "a", encoding="utf-8") if out else None  # noqa: SIM115
    workers = max(1, args.jobs)
    processes = []
    for worker in range(workers):
        env = dict(os.environ, PYTHONHASHSEED=str(worker + 1))
        command = [sys.executable, __file__, "--worker", str(worker), str(workers)]
        command += ["--seed", str(args.seed), "--start", str(args.start), "--count", str(args.count)]
        command += ["--cross", str(args.cross), "--slack", str(args.slack), "--hang", str(args.hang)]
        command += ["--small"] if args.small else []
        command += ["--again", str(args.again)]
        processes.append(subprocess.Popen(command, stdout=subprocess.PIPE, env=env, text=True, encoding="utf-8"))
    started = time.time()
    kinds: Counter[str] = Counter()
    checked = 0
    cross_checked = 0
    slowest = (0.0, -1)
    digests: dict[int, tuple[int, str]] = {}
    outcomes: Counter[str] = Counter()
    streams = [(w, p.stdout) for w, p in enumerate(processes)]
    import selectors

    selector = selectors.DefaultSelector()
    for worker, stream in streams:
        assert stream is not None
        selector.register(stream, selectors.EVENT_READ, worker)
    open_streams = len(streams)
    last_report = time.time()
    while open_streams:
        for key, _ in selector.select():
            line = key.fileobj.readline()  # type: ignore[union-attr]
            if not line:
                selector.unregister(key.fileobj)
                open_streams -= 1
                continue
            result = json.loads(line)
            index = result["index"]
            if result["digest"] and workers > 1 and args.cross and index % args.cross == 0:
                if index in digests:
                    other_worker, other = digests.pop(index)
                    if other_worker != key.data:
                        cross_checked += 1
                        if other != result["digest"]:
                            result["findings"].append(["determinism", "another digest under another PYTHONHASHSEED"])
                else:
                    digests[index] = (key.data, result["digest"])
            if not result["mine"]:
                continue
            checked += 1
            outcomes["error" if result["digest"].startswith("error:") else "page"] += 1
            if result["seconds"] > slowest[0]:
                slowest = (result["seconds"], index)
            for kind, message in result["findings"]:
                kinds[kind] += 1
                value, applied = make_input(args.seed, index, args.small)
                record = {"kind": kind, "index": index, "seed": args.seed, "message": message,
                          "mutations": applied, "input": value if isinstance(value, str) else value.hex()}
                if findings_file:
                    findings_file.write(json.dumps(record, ensure_ascii=False) + "\n")
                    findings_file.flush()
                else:
                    print(f"{kind} at input {index}: {message.strip().splitlines()[-1]}", file=sys.stderr)
            if time.time() - last_report > 60 and out is not None:
                last_report = time.time()
                _summary(out, args, checked, kinds, slowest, outcomes, started, cross_checked, done=False)
    for process in processes:
        process.wait()
    if findings_file:
        findings_file.close()
    summary = _summary(out, args, checked, kinds, slowest, outcomes, started, cross_checked, done=True)
    print(json.dumps(summary, ensure_ascii=False, indent=1))
    return 1 if kinds or any(p.returncode for p in processes) else 0


def workers_of(args: argparse.Namespace) -> int:
    """The number of worker processes of a run."""
    return max(1, int(args.jobs))


def _summary(
    out: Path | None,
    args: argparse.Namespace,
    checked: int,
    kinds: Counter[str],
    slowest: tuple[float, int],
    outcomes: Counter[str],
    started: float,
    cross_checked: int,
    *,
    done: bool,
) -> dict[str, Any]:
    summary = {
        "seed": args.seed,
        "start": args.start,
        "asked": args.count,
        "small": args.small,
        "parsed_twice_every": args.again,
        "cross_hash_seed_every": args.cross if workers_of(args) > 1 else None,
        "cross_hash_seed_compared": cross_checked,
        "checked": checked,
        "pages": outcomes["page"],
        "zjnews_errors": outcomes["error"],
        "findings": dict(kinds),
        "slowest_seconds": round(slowest[0], 3),
        "slowest_input": slowest[1],
        "elapsed_seconds": round(time.time() - started, 1),
        "done": done,
        "zjnews": zjnews.__version__,
        "python": sys.version.split()[0],
    }
    if out is not None:
        (out / "summary.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return summary


if __name__ == "__main__":
    sys.exit(main())
