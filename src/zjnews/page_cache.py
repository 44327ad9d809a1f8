"""Memoisation that lasts one page.

Several stages ask the same question of a block many times (its character pairs, its
vocabulary, the join evidence between two texts). The answers are worth keeping while a page is
parsed and worth nothing after it: the next page has other blocks. A function decorated with
:func:`page_cached` keeps its answers until :func:`forget_page`, which the pipeline calls when a
page is done, so a worker's memory follows the page it parses instead of growing towards a
cache's bound over the pages before it.

>>> @page_cached
... def length(text: str) -> int:
...     return len(text)
>>> length("一二三"), length.cache_info().currsize
(3, 1)
>>> forget_page()
>>> length.cache_info().currsize
0
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["forget_page", "page_cached", "page_cached_bounded", "page_dict"]

R = TypeVar("R")

_CLEARS: list[Callable[[], None]] = []


def page_cached(function: Callable[..., R]) -> functools._lru_cache_wrapper[R]:
    """``functools.cache`` whose entries :func:`forget_page` drops (arguments must be hashable)."""
    cached = functools.lru_cache(maxsize=None)(function)
    _CLEARS.append(cached.cache_clear)
    return cached


def page_cached_bounded(maxsize: int) -> Callable[[Callable[..., R]], functools._lru_cache_wrapper[R]]:
    """:func:`page_cached` that also keeps at most ``maxsize`` answers (the least recently used
    go first), for a function also called outside the parse of a page."""

    def decorate(function: Callable[..., R]) -> functools._lru_cache_wrapper[R]:
        cached = functools.lru_cache(maxsize=maxsize)(function)
        _CLEARS.append(cached.cache_clear)
        return cached

    return decorate


def page_dict() -> dict[Any, Any]:
    """A new dictionary that :func:`forget_page` empties (for answers keyed otherwise than by
    the arguments of one function, such as by the identity of a page's block list)."""
    memo: dict[Any, Any] = {}
    _CLEARS.append(memo.clear)
    return memo


def forget_page() -> None:
    """Drop every answer that :func:`page_cached` functions keep (a page is done)."""
    for clear in _CLEARS:
        clear()
