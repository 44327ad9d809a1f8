"""Maximum-weight assignment (the Hungarian method) for matching open sentence ends to continuations."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["best_assignment"]


def best_assignment(gains: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Pairs ``(row, column)`` that maximise the total gain, each row and column used at most once.

    ``gains[r][c]`` is the gain of pairing row ``r`` with column ``c``; pairs with a gain of
    zero or less are never returned (leaving both unpaired is always allowed). Runs in
    O(n²·m) for n rows and m columns.
    """
    rows = len(gains)
    cols = len(gains[0]) if rows else 0
    if not rows or not cols:
        return []
    transposed = rows > cols
    if transposed:
        gains = [[gains[r][c] for r in range(rows)] for c in range(cols)]
        rows, cols = cols, rows
    # minimise cost = -max(gain, 0); a zero-cost pair means "leave unpaired"
    inf = float("inf")
    u = [0.0] * (rows + 1)
    v = [0.0] * (cols + 1)
    match = [0] * (cols + 1)  # match[c] = row (1-based) assigned to column c
    way = [0] * (cols + 1)
    for r in range(1, rows + 1):
        match[0] = r
        c0 = 0
        minv = [inf] * (cols + 1)
        used = [False] * (cols + 1)
        while True:
            used[c0] = True
            r0 = match[c0]
            delta = inf
            c1 = 0
            row_gains = gains[r0 - 1]
            for c in range(1, cols + 1):
                if used[c]:
                    continue
                cost = -max(row_gains[c - 1], 0.0)
                cur = cost - u[r0] - v[c]
                if cur < minv[c]:
                    minv[c] = cur
                    way[c] = c0
                if minv[c] < delta:
                    delta = minv[c]
                    c1 = c
            for c in range(cols + 1):
                if used[c]:
                    u[match[c]] += delta
                    v[c] -= delta
                else:
                    minv[c] -= delta
            c0 = c1
            if match[c0] == 0:
                break
        while True:
            c1 = way[c0]
            match[c0] = match[c1]
            c0 = c1
            if c0 == 0:
                break
    pairs: list[tuple[int, int]] = []
    for c in range(1, cols + 1):
        r = match[c]
        if r and gains[r - 1][c - 1] > 0:
            pairs.append((c - 1, r - 1) if transposed else (r - 1, c - 1))
    return sorted(pairs)
