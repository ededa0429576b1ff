"""Rules N0 (paired brackets), W1-W7, N1-N2 and I1-I2 for one isolating run sequence: the
general path, for paragraphs with explicit formatting characters or Boundary Neutrals."""

from __future__ import annotations

from collections.abc import Sequence

from .classes import AL, AN, CS, EN, ES, ET, FSI, L, LRI, MAX_BRACKET_PAIRS, NEUTRAL_OR_ISOLATE, NSM, ON, R, REMOVED, STRONG_DIR


def resolve_brackets(
    ts: list[int],
    idx: Sequence[int],
    cls: Sequence[int],
    brackets: dict[int, tuple[int, bool]],
    rtl: bool,
    sos: int,
) -> None:
    """Rule N0 on the types ``ts`` of one isolating run sequence (indices ``idx``)."""
    m = len(ts)
    e_dir = R if rtl else L
    stack: list[tuple[int, int]] = []
    pairs: list[tuple[int, int]] = []
    for k in range(m):
        if ts[k] != ON:
            continue
        info = brackets.get(idx[k])
        if info is None:
            continue
        cid, is_open = info
        if is_open:
            if len(stack) == MAX_BRACKET_PAIRS:
                break
            stack.append((cid, k))
        else:
            for s in range(len(stack) - 1, -1, -1):
                if stack[s][0] == cid:
                    pairs.append((stack[s][1], k))
                    del stack[s:]
                    break
    if not pairs:
        return
    pairs.sort()
    sdir = STRONG_DIR
    for o, c in pairs:
        found_e = found_opp = False
        for k in range(o + 1, c):
            d = sdir[ts[k]]
            if d < 0:
                continue
            if d == e_dir:
                found_e = True
                break
            found_opp = True
        if found_e:
            new = e_dir
        elif found_opp:
            new = sos
            for k in range(o - 1, -1, -1):
                d = sdir[ts[k]]
                if d >= 0:
                    new = d
                    break
        else:
            continue
        for b in (o, c):
            ts[b] = new
            k = b + 1
            while k < m and cls[idx[k]] == NSM:
                ts[k] = new
                k += 1


def resolve_sequence(
    idx: list[int],
    cls: Sequence[int],
    types: list[int],
    levels: list[int],
    para: int,
    n: int,
    brackets: dict[int, tuple[int, bool]] | None,
    out: list[int],
) -> None:
    """W1-W7, N0-N2 and I1-I2 for one isolating run sequence; ``levels`` are the
    explicit levels (read only), resolved levels are written to ``out``."""
    removed = REMOVED
    m = len(idx)
    first, last = idx[0], idx[-1]
    level = levels[first]
    # sos / eos (X10)
    j = first - 1
    while j >= 0 and removed[cls[j]]:
        j -= 1
    prev_level = levels[j] if j >= 0 else para
    sos = R if max(prev_level, level) & 1 else L
    if LRI <= cls[last] <= FSI:
        next_level = para
    else:
        j = last + 1
        while j < n and removed[cls[j]]:
            j += 1
        next_level = levels[j] if j < n else para
    eos = R if max(next_level, level) & 1 else L

    ts = [types[i] for i in idx]

    # W1-W7 in one or two passes.
    prev = sos
    strong = sos
    has_weak = False
    for k in range(m):
        t = ts[k]
        if t == NSM:  # W1
            t = ts[k] = prev
        else:
            prev = ON if t >= LRI else t
        if t == EN:  # W2
            if strong == AL:
                ts[k] = AN
            has_weak = True
        elif t == AL:  # W3
            strong = AL
            ts[k] = R
        elif t == L or t == R:
            strong = t
        elif t == ES or t == CS or t == ET or t == AN:
            has_weak = True
    if has_weak:
        # W4
        for k in range(1, m - 1):
            t = ts[k]
            if t == ES or t == CS:
                a = ts[k - 1]
                if a == ts[k + 1] and (a == EN or (a == AN and t == CS)):
                    ts[k] = a
        # W5
        k = 0
        while k < m:
            if ts[k] == ET:
                e = k
                while e < m and ts[e] == ET:
                    e += 1
                if (k > 0 and ts[k - 1] == EN) or (e < m and ts[e] == EN):
                    for x in range(k, e):
                        ts[x] = EN
                k = e
            else:
                k += 1
        # W6, W7
        strong = sos
        for k in range(m):
            t = ts[k]
            if t == ES or t == ET or t == CS:
                ts[k] = ON
            elif t == EN:
                if strong == L:
                    ts[k] = L
            elif t == L or t == R:
                strong = t

    e_dir = R if level & 1 else L

    # N0: paired brackets
    if brackets is not None:
        resolve_brackets(ts, idx, cls, brackets, e_dir == R, sos)

    # N1, N2
    ni = NEUTRAL_OR_ISOLATE
    sdir = STRONG_DIR
    k = 0
    while k < m:
        if ni[ts[k]]:
            e = k + 1
            while e < m and ni[ts[e]]:
                e += 1
            before = sdir[ts[k - 1]] if k > 0 else sos
            after = sdir[ts[e]] if e < m else eos
            new = before if before == after else e_dir
            for x in range(k, e):
                ts[x] = new
            k = e
        else:
            k += 1

    # I1, I2
    if level & 1:
        up = level + 1
        for k in range(m):
            if ts[k] != R:
                out[idx[k]] = up
    else:
        for k in range(m):
            t = ts[k]
            if t == R:
                out[idx[k]] = level + 1
            elif t == AN or t == EN:
                out[idx[k]] = level + 2
