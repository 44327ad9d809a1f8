"""Facts about Chinese text that the reconstruction stages read: sentence ends, names, joins.

Everything here is a small pure function of the text it is given.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
import re
import sys
from collections import Counter
from collections.abc import Iterator, KeysView, Mapping, Sequence, ValuesView

from .lexicon import frequency, lexicon, part_of_speech
from .page_cache import page_cached, page_cached_bounded, page_dict

__all__ = [
    "ROLE_END",
    "SURNAMES",
    "Vocabulary",
    "cjk_bigrams",
    "decode_pair",
    "ends_closed",
    "ends_mid_clause",
    "ends_open",
    "is_cjk",
    "is_person_name",
    "join_fragments",
    "join_strength",
    "last_word_tag",
    "name_tokens",
    "opens_sentence",
    "opens_with_speaker",
    "short_first_sentence",
    "starts_dangling",
    "vocabulary",
]

_CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_CJK_RUN = re.compile(f"[{_CJK_CLASS}]+")
_CJK_CHAR = re.compile(f"[{_CJK_CLASS}]")


def is_cjk(char: str) -> bool:
    """True for a CJK ideograph."""
    if "\u4e00" <= char <= "\u9fff":
        return True
    return char >= "\u3400" and _CJK_CHAR.fullmatch(char) is not None


SENTENCE_END = frozenset("。！？!?…")
"""Characters that end a sentence."""
CLOSERS = frozenset("”’\"'」』）)】》")
"""Closing quotes and brackets that may follow a sentence end."""
_NON_INITIAL_PUNCT = frozenset("，、。；：？！）》”’…,.;:?!)%】」』·")
"""Punctuation a paragraph never starts with."""
_NON_INITIAL_CHARS = frozenset("的了们着吗呢吧么")
"""Characters a Chinese sentence practically never starts with."""
_OPENERS = frozenset("“‘「『（(《【")
_SENTENCE_END_RE = re.compile("[。！？!?]")
_CLAUSE_BREAK = re.compile("[，、；：,;:“”\"]")
_QUOTED_TERM = re.compile("^“[^，。、；：？！“”,.;:?!]{1,10}”")
_CLOSER_OF = {"“": "”", "‘": "’", "「": "」", "『": "』", "（": "）", "(": ")", "《": "》", "【": "】"}


def ends_closed(text: str) -> bool:
    """True when ``text`` ends a sentence (``。！？…``, possibly followed by closing quotes)."""
    stripped = text.rstrip()
    while stripped and stripped[-1] in CLOSERS:
        stripped = stripped[:-1]
    return bool(stripped) and stripped[-1] in SENTENCE_END


@page_cached_bounded(65536)
def ends_open(text: str) -> bool:
    """True when ``text`` stops mid-sentence: its last character is neither a sentence end nor a closer.

    A text that ends with a closing quote or bracket without a sentence end is neither
    closed nor open (``(市、区)``, a quoted phrase): the join evidence decides. Kept for the page
    (the stages ask it of the same texts many times).
    """
    stripped = text.rstrip()
    return bool(stripped) and stripped[-1] not in SENTENCE_END and stripped[-1] not in CLOSERS


_MID_CLAUSE_PUNCT = frozenset("，、,")


def ends_mid_clause(text: str) -> bool:
    """True when ``text`` breaks off inside a clause: after a Chinese character, a letter or digit,
    or a comma (``…增长百分之十二，新``).

    No printed paragraph ends there, so whatever continues it joins it. An end after ``：`` or
    ``；`` is open too, but a paragraph may end there (a list, a quote below).
    """
    stripped = text.rstrip()
    if not stripped:
        return False
    last = stripped[-1]
    return last in _MID_CLAUSE_PUNCT or last.isalnum()


_QUOTE_MARK = re.compile("[“‘「『（(《【”’）)》】」』]")
"""An opening or a closing quote mark or bracket (what :func:`starts_dangling` looks for first)."""


@page_cached_bounded(65536)
def starts_dangling(text: str) -> float:
    """How strongly ``text`` looks like the rest of a sentence begun elsewhere (0 = a normal start).

    2.0: it opens with punctuation no paragraph starts with; 1.5: a closing quote or bracket
    comes before any opening one within its first characters (``诊”，今年…``), or its first
    sentence is too short to be one (:func:`short_first_sentence`); 1.0: it opens with a
    particle no sentence starts with (``的``, ``了``…). Kept for the page (the assembly asks it
    of the same texts many times).
    """
    stripped = text.lstrip()
    if not stripped:
        return 0.0
    if stripped[0] in _NON_INITIAL_PUNCT:
        return 2.0
    mark = _QUOTE_MARK.search(stripped, 0, 12)
    if mark is not None and mark.group() not in _OPENERS:
        return 1.5  # a closing mark before any opening one
    if stripped[0] in _NON_INITIAL_CHARS:
        return 1.0
    end = _SENTENCE_END_RE.search(stripped[:5])
    if (end is not None and end.start() <= 3 and stripped[0] not in _OPENERS) or short_first_sentence(stripped):
        return 1.5  # the tail of a sentence begun elsewhere (一次。… / 相关负责人说。…)
    return 0.0


def short_first_sentence(text: str) -> bool:
    """True when ``text`` opens with a short comma-less "sentence" of four to eight characters
    (``相关负责人说。…``), no opening quote.

    Evidence that the text continues a sentence begun elsewhere, but not of where the join
    falls: such a continuation is placed after its open end rather than joined to it, unless
    other evidence says so. (Three characters or fewer, ``一次。…``, is joined.)
    """
    stripped = text.lstrip()
    end = _SENTENCE_END_RE.search(stripped[:9])
    if end is None or not stripped or stripped[0] in _OPENERS or end.start() <= 3:
        return False
    return not _CLAUSE_BREAK.search(stripped[: end.start()])


_OPENER_TAGS = frozenset({"t", "c", "i", "l"})
"""Time words, conjunctions and set phrases: what a sentence opens with before a comma (近日，此外，…)."""
_LEADING_WORD = re.compile(f"^([{_CJK_CLASS}]{{2,4}})[，,]")


def opens_sentence(text: str) -> bool:
    """True when ``text`` opens like a new sentence: a time word, conjunction or set phrase and a comma
    (``过去，``, ``此外，``, ``与此同时，``), the way paragraphs open and continuations rarely do."""
    match = _LEADING_WORD.match(text.lstrip())
    if match is None:
        return False
    word = match.group(1)
    tag = part_of_speech(word)
    # set phrases (今年以来) are rare in the lexicon; a rare time word or conjunction (而来) is
    # more likely a tagging accident than an opener
    return tag in ("i", "l") or (tag in _OPENER_TAGS and frequency(word) >= 50)


@functools.cache
def _total_frequency() -> float:
    return float(sum(lexicon().values()))


_FREQUENCIES: dict[str, int] = page_dict()
"""The lexicon frequencies :func:`_segmentation` has looked up for the page: the join evidence
segments each open end's tail with many candidates' heads, so the same short strings come back."""
_MAX_FREQUENCIES = 65536
"""At most this many are kept (a caller outside the parse of a page is never cleared after)."""


_LONGEST = 5
"""The longest word :func:`_segmentation` reads."""


def _frequency(word: str) -> int:
    """The lexicon frequency of ``word`` (0 for none), kept for the page."""
    freq = _FREQUENCIES.get(word)
    if freq is None:
        if len(_FREQUENCIES) >= _MAX_FREQUENCIES:
            _FREQUENCIES.clear()
        freq = _FREQUENCIES[word] = lexicon().frequency(word)
    return freq


def _word_across(tail: str, head: str) -> bool:
    """True when some word of the lexicon (two to :data:`_LONGEST` characters) runs from ``tail``
    into ``head``: without one, the most probable segmentation of ``tail + head`` cuts between them."""
    text = tail + head
    cut, n = len(tail), len(text)
    known = _FREQUENCIES.get
    for size in range(2, _LONGEST + 1):
        for start in range(max(0, cut - size + 1), min(cut, n - size + 1)):
            word = text[start : start + size]
            freq = known(word)
            if freq is None:
                freq = _frequency(word)
            if freq:
                return True
    return False


@page_cached_bounded(65536)
def _segmentation(text: str) -> tuple[frozenset[int], float]:
    """Cut points of the most probable segmentation of ``text`` into lexicon words (a unigram
    word model), and that segmentation's log-probability."""
    total = _total_frequency()
    known = _FREQUENCIES.get
    n = len(text)
    best = [0.0] + [-math.inf] * n
    back = [0] * (n + 1)
    for end in range(1, n + 1):
        for size in range(1, min(_LONGEST, end) + 1):
            word = text[end - size : end]
            freq = known(word)
            if freq is None:
                freq = _frequency(word)
            if size > 1 and not freq:
                continue
            score = best[end - size] + math.log(max(freq, 1) / total)
            if score > best[end]:
                best[end] = score
                back[end] = end - size
    cuts: set[int] = set()
    end = n
    while end > 0:
        cuts.add(end)
        end = back[end]
    return frozenset(cuts), best[n]


_MIN_ASSOCIATION = math.log(10)
"""How much more probable (log) a word running across a join must make the text than its two
sides read apart: a real split word (``首创金|融服务``: ×600,000) against a chance one
(``插座有无|从产业看`` forms 无从: ×4)."""


def join_strength(left: str, right: str) -> float:
    """Evidence that ``right`` continues the sentence that ``left`` breaks off (0 = none).

    A word of the lexicon running across the join (``小|岛``, ``无论是首创金|融服务``) gives 2.0
    (2.5 for a word of three characters or more) when it makes the text clearly more probable
    than its two sides read apart (:data:`_MIN_ASSOCIATION`; ``插座有无|从产业看`` forms 无从 by
    chance); a number broken off before a Chinese unit or
    more digits (``接诊患者6|12人次``),
    or a short quoted name after a word broken off (``深入开展|“千名干部助千企”…``), gives 1.0;
    a number broken at its decimal point or fraction bar (``增长11.|1%``, ``总量1/|4``), where no
    sentence ends, gives 2.0;
    punctuation or a particle that cannot start a sentence at the start of ``right`` gives its
    :func:`starts_dangling` weight; a role word broken off before a person's name and a verb of
    saying (``该院立案庭庭长|孟晓燕介绍，…``) gives 1.5.
    """
    left = left.rstrip()[-8:]
    right = right.lstrip()[:16]
    if not left or not right:
        return 0.0
    strength = starts_dangling(right)
    if is_cjk(left[-1]) and is_cjk(right[0]):
        tail = _cjk_run_end(left, 4)
        head = _cjk_run_start(right, 4)
        # the segmentation is worth reading only when a word of the lexicon runs across the join
        cuts, joined = _segmentation(tail + head) if _word_across(tail, head) else (frozenset({len(tail)}), 0.0)
        if len(tail) not in cuts and joined - _segmentation(tail)[1] - _segmentation(head)[1] >= _MIN_ASSOCIATION:
            # the boundary falls inside a word: find that word's length
            start = max(c for c in (0, *cuts) if c < len(tail))
            end = min(c for c in cuts if c > len(tail))
            strength = max(strength, 2.5 if end - start >= 3 else 2.0)
    elif left[-1].isdigit() and (is_cjk(right[0]) or right[0] in "%．." or right[0].isdigit()):
        strength = max(strength, 1.0)
    elif len(left) >= 2 and left[-1] in _NUMBER_INSIDE and left[-2].isdigit() and right[0].isdigit():
        strength = max(strength, 2.0)  # 增长11.|1%, 总量1/|4: a number broken at its decimal point or fraction bar
    if is_cjk(left[-1]) and _QUOTED_TERM.match(right):
        strength = max(strength, 1.0)  # 深入开展|“千名干部助千企”精准服务活动: a quoted name goes on a sentence
    if ROLE_END.search(left) and opens_with_speaker(right):
        strength = max(strength, 1.5)  # 该院立案庭庭长|孟晓燕介绍，…: a role word, then the person's name
    return strength


_NUMBER_INSIDE = frozenset("./．／")
"""Marks that stand inside a number (a decimal point, a fraction bar), never at a sentence's end before digits."""


ROLE_END = re.compile(
    "(?:[\u4e00-\u9fff][员师]|[局院校庭所站队部科处厅市县区镇乡村园馆会社行店厂组班事书]长|"
    "记者|编辑|摄影|主任|书记|主席|经理|总监|代表|委员|专家|教授|医生|护士|民警|法官|检察官|律师|"
    "负责人|发言人|创始人|教练|师傅|村民|居民|市民|游客|网友|志愿者|工人|农民|学生|家长|选手|党员)$"
)
"""A role or title a person's name follows in a sentence (``村党支部书记``, ``该院立案庭庭长``): a
noun made with an agent suffix (``…员``, ``…师``, an institution's ``…长``) or one of the common
role nouns of news text that carry none (``记者``, ``书记``, ``负责人``, ``村民``…)."""
_SPEAKER_VERB = re.compile("^(?:说|表示|介绍|认为|告诉|指出|坦言|感慨|透露|建议|提醒|回忆|解释|强调|称|谈到)")


def opens_with_speaker(text: str, *, comma: bool = True) -> bool:
    """True when ``text`` opens with a person's name followed by a verb of saying (or, with
    ``comma``, by a comma: ``孟晓燕，…``)."""
    for size in (2, 3):
        name = text[:size]
        if len(name) != size or not is_person_name(name):
            continue
        rest = text[size:]
        if _SPEAKER_VERB.match(rest) or (comma and rest[:1] in ("，", ",")):
            return True
    return False


_CJK_TAIL = re.compile(f"[{_CJK_CLASS}]{{1,4}}$")
_CJK_HEAD = re.compile(f"^[{_CJK_CLASS}]{{1,4}}")


def _cjk_run_end(text: str, limit: int) -> str:
    match = _CJK_TAIL.search(text[-limit:])
    return match.group(0) if match else ""


def _cjk_run_start(text: str, limit: int) -> str:
    match = _CJK_HEAD.match(text[:limit])
    return match.group(0) if match else ""


_LATIN_END = re.compile(r"[A-Za-z]$")
_LATIN_START = re.compile(r"^[A-Za-z]")


def join_fragments(pieces: Sequence[str]) -> str:
    """Join the pieces of one paragraph: nothing between Chinese or inside a number broken at the
    join (``只有2|60名``), one space between Latin words."""
    out: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if out and _LATIN_END.search(out[-1][-1:]) and _LATIN_START.match(piece):
            out.append(" ")
        out.append(piece)
    return "".join(out)


@page_cached
def cjk_bigrams(text: str) -> Mapping[str, int]:
    """Counts of the pairs of adjacent CJK characters in ``text`` (kept for the page; every
    caller shares the one mapping, never changing it). The stages read the compact
    :class:`Vocabulary` of a text instead."""
    pairs: list[str] = []
    for run in _CJK_RUN.findall(text):
        pairs.extend(map(operator.add, run, run[1:]))
    return Counter(pairs)


_PAIR_ENCODING = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"


def _pair_counts(text: str) -> Counter[int]:
    """The pairs of adjacent CJK characters of ``text`` with their counts, each pair as an integer
    code: the two characters' UTF-32 code units read as one 64-bit number, so that the codes come
    from C without a string per pair (:func:`decode_pair` turns a code back into its pair)."""
    counts: Counter[int] = Counter()
    for run in _CJK_RUN.findall(text):
        if len(run) < 2:
            continue
        data = run.encode(_PAIR_ENCODING)
        size = len(data)
        # the pairs that start at even positions in the run, then those at odd ones, counted
        # as they come (no list of every pair first)
        counts.update(memoryview(data[: size - size % 8]).cast("Q"))
        counts.update(memoryview(data[4 : size - (size - 4) % 8]).cast("Q"))
    return counts


def decode_pair(code: int) -> str:
    """The two characters of a pair code (see :class:`Vocabulary`)."""
    return code.to_bytes(8, sys.byteorder).decode(_PAIR_ENCODING)


def vocabulary(text: str) -> Vocabulary:
    """The :class:`Vocabulary` of ``text`` (kept for the page)."""
    return _vocabulary(text)


# Common Chinese surnames (single and compound), for telling a name line from a short heading.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔"
    "向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌"
    "毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦"
    "麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩"
    "明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强"
    "帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓"
    "修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植"
    "衡富尧闭由山步钭"
    # the Hundred Family Surnames
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁韦昌马"
    "苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄和穆萧尹姚邵湛"
    "汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭梅盛林刁钟徐邱骆高夏"
    "蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄"
    "曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙"
    "叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴胥能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍璩桑桂濮"
    "牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东"
    "欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公"
) | frozenset(
    {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "司徒", "令狐", "夏侯", "端木", "轩辕",
     "长孙", "宇文", "钟离", "申屠", "澹台", "百里"}
)


def is_person_name(token: str) -> bool:
    """True when ``token`` (inner spaces allowed) reads as a Chinese person name: 2–4 characters
    starting with a surname (4 only with a compound surname)."""
    name = "".join(token.split())
    if not 2 <= len(name) <= 4 or not all(is_cjk(c) for c in name):
        return False
    if len(name) == 4:
        return name[:2] in SURNAMES
    return name[0] in SURNAMES or name[:2] in SURNAMES


def name_tokens(text: str) -> list[str] | None:
    """The person names of a line made only of names (``梅博涵 甘凌峰``, ``谢 婷``), else None.

    Single characters separated by a space are one name (``谢 婷`` → ``谢婷``).
    """
    tokens = text.split()
    if not tokens or len(tokens) > 6:
        return None
    merged: list[str] = []
    pending = ""
    for token in tokens:
        if len(token) == 1:
            pending += token
            if len(pending) == 2:
                merged.append(pending)
                pending = ""
            continue
        if pending:
            return None
        merged.append(token)
    if pending or not merged:
        return None
    return merged if all(is_person_name(t) for t in merged) else None


class Vocabulary:
    """The CJK character pairs of a text with their counts, and the vector's length.

    Each pair is an integer code (the two characters' UTF-32 code units read as one 64-bit
    number, :func:`decode_pair` reads it back), counted in C without a string per pair; one
    vocabulary per text and page, shared by the stages (the roles stage's vocabulary windows,
    the assembly's similarities).
    """

    __slots__ = ("codes", "norm", "table", "weights")

    table: dict[int, int]
    """Each pair's code → how often it stands in the text."""
    codes: KeysView[int]
    """The codes of the distinct pairs (the keys of :attr:`table`)."""
    weights: ValuesView[int]
    """How often each pair of :attr:`codes` stands in the text, in the same order."""
    norm: float
    """The Euclidean length of the count vector."""

    def __init__(self, counts: dict[int, int]) -> None:
        self.table = counts
        self.codes = counts.keys()
        self.weights = counts.values()
        self.norm = math.sqrt(sum(map(operator.mul, self.weights, self.weights)))

    @classmethod
    def of(cls, text: str) -> Vocabulary:
        """The vocabulary of ``text`` (kept for the page: the stages ask for a block's many times)."""
        return _vocabulary(text)

    @classmethod
    def once(cls, text: str) -> Vocabulary:
        """The vocabulary of ``text``, not kept for the page (for a text made to be asked about
        once, such as the opening of an article joined from its blocks)."""
        return cls(_pair_counts(text))

    @property
    def counts(self) -> dict[str, int]:
        """The pairs as text with their counts (``{"社区": 1, …}``)."""
        return {decode_pair(code): count for code, count in self.table.items()}

    def __len__(self) -> int:
        return len(self.table)

    def dot(self, counts: Mapping[int, int]) -> int:
        """The dot product with the pair counts ``counts`` (code → count)."""
        if counts is self.table:
            return sum(map(operator.mul, self.weights, self.weights))
        if isinstance(counts, dict):
            # the shared pairs first (a set intersection in C, over the smaller table): two texts
            # share few of their pairs, and only those are multiplied and summed
            shared = self.table.keys() & counts.keys()
            if not shared:
                return 0
            return sum(map(operator.mul, map(self.table.__getitem__, shared), map(counts.__getitem__, shared)))
        return sum(map(operator.mul, self.weights, map(counts.get, self.codes, itertools.repeat(0))))

    def similarity(self, other: Vocabulary) -> float:
        """Cosine similarity with ``other`` (0 when either is empty or they share nothing)."""
        if not self.norm or not other.norm:
            return 0.0
        small, large = (self, other) if len(self.table) <= len(other.table) else (other, self)
        shared = small.dot(large.table)
        if not shared:
            return 0.0
        return shared / (self.norm * other.norm)


def _zeros() -> Iterator[int]:
    return itertools.repeat(0)


@page_cached
def _vocabulary(text: str) -> Vocabulary:
    return Vocabulary(_pair_counts(text))


def last_word_tag(text: str) -> str:
    """The part-of-speech tag (jieba's) of the last word of ``text`` in its most probable
    segmentation (``u`` for 的, ``p`` for 对, ``c`` for 和, ``n`` for a noun…), ``""`` when the text
    does not end with Chinese or the word has no tag."""
    tail = _cjk_run_end(text.rstrip(), 6)
    if not tail:
        return ""
    cuts, _ = _segmentation(tail)
    start = max(c for c in (0, *cuts) if c < len(tail))
    return part_of_speech(tail[start:])


def word_runs_across(left: str, right: str) -> bool:
    """True when some word of the lexicon (two to five characters) runs from the Chinese that ends
    ``left`` into the Chinese that opens ``right`` (``技术储|备``, ``压实压|细``), however weakly
    it is associated: without one, the join falls between two words. False when either side does
    not meet the join with a Chinese character."""
    left, right = left.rstrip(), right.lstrip()
    if not left or not right or not is_cjk(left[-1]) or not is_cjk(right[0]):
        return False
    return _word_across(_cjk_run_end(left, 4), _cjk_run_start(right, 4))


def breaks_inside_word(text: str) -> float:
    """The log-odds, under the unigram word model of :func:`join_strength`, that ``text`` breaks off
    inside a word rather than after one: the probability of its last Chinese characters read as
    words and then the start of a longer word (``…运载火`` → ``运载火箭``, ``…顶层设`` → ``设计``),
    against their probability read as whole words. High where the end cuts a word, low where it
    ends one (``…发展``); 0 when the text does not end with a Chinese character."""
    from .lexicon import prefix_frequency

    stripped = text.rstrip()
    if not stripped or not is_cjk(stripped[-1]):
        return 0.0
    tail = _cjk_run_end(stripped, 4)
    total = _total_frequency()
    # each way the end can cut a word: the characters before the cut read as words, then the
    # start of a longer word
    cuts = [
        (_segmentation(tail[:-size])[1] if size < len(tail) else 0.0) + math.log(longer / total)
        for size in range(1, min(3, len(tail)) + 1)
        if (longer := prefix_frequency(tail[-size:]))
    ]
    if not cuts:
        return -_CUT_FLOOR
    top = max(cuts)
    return top + math.log(sum(math.exp(value - top) for value in cuts)) - _segmentation(tail)[1]


_CUT_FLOOR = 20.0
"""The log-odds :func:`breaks_inside_word` gives a text whose last characters begin no longer word."""


def first_word_tag(text: str) -> str:
    """The part-of-speech tag (jieba's) of the first word of ``text`` in its most probable
    segmentation (``t`` for a time word such as 目前, ``n`` for a noun, ``v`` for a verb…), ``""``
    when the text does not open with Chinese or the word has no tag."""
    head = _cjk_run_start(text.lstrip(), 6)
    if not head:
        return ""
    cuts, _ = _segmentation(head)
    return part_of_speech(head[: min(cuts)])
