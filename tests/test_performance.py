"""The performance mechanisms keep outputs and semantics: lazy imports, warm-up, CPU count,
OpenCC once per page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import zjnews
from zjnews.cli import usable_cpus
from zjnews.pipeline import warm_up
from zjnews.repair import script
from zjnews.repair._diff import RepairRuns

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def test_import_leaves_heavy_modules_unloaded() -> None:
    code = (
        "import sys, zjnews; "
        "print(' '.join(m for m in ('opencc', 'click', 'tqdm', 'pyarrow', 'charset_normalizer') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == []


def test_warm_up_loads_opencc_and_changes_no_output() -> None:
    before = [zjnews.parse_file(p).to_dict() for p in SEEDS[:2]]
    script.converters.cache_clear()
    warm_up()
    assert script.converters.cache_info().currsize == 1
    assert [zjnews.parse_file(p).to_dict() for p in SEEDS[:2]] == before


def _per_line(text: str) -> list[zjnews.Repair]:
    """The script pass as it ran before: OpenCC once per line."""
    t2s = script.converters()[0]
    out = RepairRuns("script")
    offset = 0
    for line in text.split("\n"):
        converted = t2s(line)
        if converted != line:
            script._fix_line(line, converted, offset, out)
        offset += len(line) + 1
    return out.repairs()


_TEXT = st.lists(
    st.text(alphabet=st.sampled_from(list("據瞭解於潜乾隆國內發展经济的了说話這個們，。 \nab1")), max_size=30),
    max_size=8,
).map("\n".join)


@given(_TEXT)
def test_script_once_per_page_equals_per_line(text: str) -> None:
    assert script.fix_script(text) == _per_line(text)


def test_script_on_seeds_equals_per_line() -> None:
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        assert script.fix_script(text) == _per_line(text)


def test_usable_cpus_follows_affinity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert usable_cpus(str(tmp_path / "absent")) == 3
    quota = tmp_path / "cpu.max"
    quota.write_text("150000 100000\n")
    assert usable_cpus(str(quota)) == 2
    quota.write_text("max 100000\n")
    assert usable_cpus(str(quota)) == 3
    quota.write_text("garbage\n")
    assert usable_cpus(str(quota)) == 3


def test_usable_cpus_without_affinity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 5)
    assert usable_cpus(str(tmp_path / "absent")) == 5


def test_answers_kept_for_a_page_are_dropped_when_it_is_done() -> None:
    from zjnews import chinese, roles

    def shared() -> list[int]:
        """What the stages share about the page (kept until the page is done)."""
        return [chinese._vocabulary.cache_info().currsize, chinese._segmentation.cache_info().currsize]

    def own() -> list[int]:
        """What only the roles stage reads (kept until the stage returns)."""
        return [len(roles._PARTS), len(roles._AROUND), len(roles._SHARED), roles._join.cache_info().currsize]

    def kept() -> list[int]:
        return shared() + own()

    inside: list[list[int]] = []
    after: list[list[int]] = []
    weigh, assign = roles._weigh_headlines, roles.assign_roles

    def spy_inside(*args: object, **kwargs: object) -> object:
        inside.append(own())
        return weigh(*args, **kwargs)  # type: ignore[arg-type]

    def spy_after(*args: object, **kwargs: object) -> object:
        result = assign(*args, **kwargs)  # type: ignore[arg-type]
        after.append(kept())
        return result

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(roles, "_weigh_headlines", spy_inside)
        patch.setattr("zjnews.pipeline.assign_roles", spy_after)
        zjnews.parse_file(SEEDS[0])
    assert all(inside[0])  # the stage's own answers were kept while it weighed the page
    assert all(after[0][:2]) and not any(after[0][2:])  # dropped when it returned, not the shared
    assert kept() == [0] * 6
    # and a page that fails part-way leaves nothing behind either
    with pytest.raises(zjnews.ZjnewsError):
        zjnews.parse_text("\n\n")
    assert kept() == [0] * 6
