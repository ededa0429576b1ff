"""Explicit levels: matching isolates (BD9), the first strong character (P2), rules X1-X8 and
the isolating run sequences of X10 (BD13)."""

from __future__ import annotations

from collections.abc import Sequence

from .classes import AL, B, BN, FSI, L, LRE, LRI, LRO, MAX_DEPTH, PDF, PDI, R, REMOVED, RLE, RLI, RLO


def matching_pdis(cls: Sequence[int]) -> dict[int, int]:
    """BD9: isolate initiator index -> index of its matching PDI."""
    match: dict[int, int] = {}
    stack: list[int] = []
    for i, t in enumerate(cls):
        if t >= LRI:
            if t == PDI:
                if stack:
                    match[stack.pop()] = i
            else:
                stack.append(i)
        elif t == B:
            stack.clear()
    return match


def first_strong(cls: Sequence[int], start: int, end: int, match: dict[int, int]) -> int | None:
    """P2: 0 for L, 1 for R/AL of the first strong character skipping isolates, else None."""
    i = start
    while i < end:
        t = cls[i]
        if t == L:
            return 0
        if t == R or t == AL:
            return 1
        if t == B:
            return None
        if LRI <= t <= FSI:
            j = match.get(i)
            if j is None:
                return None
            i = j
        i += 1
    return None


def explicit_levels(
    cls: Sequence[int], para: int, match: dict[int, int]
) -> tuple[list[int], list[int]]:
    """X1-X8: embedding levels and types after overrides."""
    n = len(cls)
    levels = [para] * n
    types = list(cls)
    # stack entries: (level, override (-1 neutral, L, R), isolate)
    stack: list[tuple[int, int, bool]] = [(para, -1, False)]
    level, override, _ = stack[-1]
    overflow_isolate = overflow_embedding = valid_isolate = 0
    for i in range(n):
        t = cls[i]
        if t < LRE:
            if t == B:  # X8
                levels[i] = para
                stack = [(para, -1, False)]
                level, override = para, -1
                overflow_isolate = overflow_embedding = valid_isolate = 0
            elif t != BN:
                levels[i] = level
                if override >= 0:
                    types[i] = override
            else:
                levels[i] = level
        elif t <= RLO:  # X2-X5: LRE LRO RLE RLO
            levels[i] = level
            new = (level + 1) | 1 if t >= RLE else (level + 2) & ~1
            if new <= MAX_DEPTH and overflow_isolate == 0 and overflow_embedding == 0:
                ov = L if t == LRO else R if t == RLO else -1
                stack.append((new, ov, False))
                level, override = new, ov
            elif overflow_isolate == 0:
                overflow_embedding += 1
        elif t == PDF:  # X7
            levels[i] = level
            if overflow_isolate:
                pass
            elif overflow_embedding:
                overflow_embedding -= 1
            elif not stack[-1][2] and len(stack) >= 2:
                stack.pop()
                level, override, _ = stack[-1]
        elif t == PDI:  # X6a
            if overflow_isolate:
                overflow_isolate -= 1
            elif valid_isolate:
                overflow_embedding = 0
                while not stack[-1][2]:
                    stack.pop()
                stack.pop()
                valid_isolate -= 1
                level, override, _ = stack[-1]
            levels[i] = level
            if override >= 0:
                types[i] = override
        else:  # X5a-X5c: LRI RLI FSI
            levels[i] = level
            if override >= 0:
                types[i] = override
            if t == FSI:
                rtl = first_strong(cls, i + 1, match.get(i, n), match) == 1
            else:
                rtl = t == RLI
            new = (level + 1) | 1 if rtl else (level + 2) & ~1
            if new <= MAX_DEPTH and overflow_isolate == 0 and overflow_embedding == 0:
                valid_isolate += 1
                stack.append((new, -1, True))
                level, override = new, -1
            else:
                overflow_isolate += 1
    return levels, types


def isolating_run_sequences(
    cls: Sequence[int], levels: list[int], match: dict[int, int]
) -> list[list[int]]:
    """X10 (BD13): isolating run sequences as lists of indices (X9-removed skipped)."""
    removed = REMOVED
    runs: list[list[int]] = []
    run: list[int] = []
    run_level = -1
    for i, t in enumerate(cls):
        if removed[t]:
            continue
        lv = levels[i]
        if lv != run_level and run:
            runs.append(run)
            run = []
        run.append(i)
        run_level = lv
    if run:
        runs.append(run)
    if not match:
        return runs
    run_by_start = {r[0]: r for r in runs}
    chained_starts = set()
    for r in runs:
        last = r[-1]
        if last in match and match[last] in run_by_start:
            chained_starts.add(match[last])
    sequences = []
    for r in runs:
        if r[0] in chained_starts:
            continue
        seq = list(r)
        while True:
            last = seq[-1]
            pdi = match.get(last)
            if pdi is None or pdi not in run_by_start:
                break
            seq.extend(run_by_start[pdi])
        sequences.append(seq)
    return sequences
