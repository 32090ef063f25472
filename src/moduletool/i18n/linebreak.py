"""Where GNU gettext may break a line: UAX #14 line breaking and column widths, the libunistring way.

`msgcat` wraps strings with libunistring's `ulc_width_linebreaks`. To write catalogs that
`msgcat` leaves byte-for-byte alone we reproduce it here in pure Python (the tool must run
where gettext is not installed): the same pair table, the same class data (generated into
`_unicode_tables.py`) and the same handling of spaces, combining marks and joiners.
tests/i18n compares this module with the system libunistring and the output with msgcat.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from functools import lru_cache

from ._unicode_tables import LINE_BREAK_RUNS, PAIR_TABLE, WIDTH_RUNS

# libunistring's class numbers: 0-32 index the pair table, the others are resolved in code.
WJ, GL, B2, BA, BB, HY, CL, CP, CP2, EX, IN, NS, OP, OP2, QU, IS, NU, PO, PR, SY, AL = range(21)
H2, H3, ID, ID2, JL, JV, JT, HL, RI, ZWJ, EB, EM = range(21, 33)
BK, CR, LF, CM, ZW, SP = range(33, 39)
_HANGUL = -2
_HL_BA = 100  # a Hebrew letter followed by a hyphen or break-after character (UAX #14 LB21a)

PROHIBITED, POSSIBLE, MANDATORY = 0, 1, 2
"""Break opportunities before a character, as in libunistring's UC_BREAK_* values."""


def _decode(runs: Sequence[str]) -> tuple[list[int], list[int]]:
    starts, values = [], []
    for item in "".join(runs).split():
        start, value = item.split(":")
        starts.append(int(start, 16))
        values.append(int(value))
    return starts, values


_CLASS_STARTS, _CLASS_VALUES = _decode(LINE_BREAK_RUNS)
_WIDTH_STARTS, _WIDTH_VALUES = _decode(WIDTH_RUNS)


@lru_cache(maxsize=4096)
def line_break_class(char: str) -> int:
    """The UAX #14 class of a character (AI, SA and XX already resolved to AL, CB to ID)."""
    code = ord(char)
    value = _CLASS_VALUES[bisect.bisect_right(_CLASS_STARTS, code) - 1]
    if value == _HANGUL:
        return H2 if (code - 0xAC00) % 28 == 0 else H3
    return value


@lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Columns a character takes in a UTF-8 terminal: 0 (combining, control), 1, or 2 (wide)."""
    return _WIDTH_VALUES[bisect.bisect_right(_WIDTH_STARTS, ord(char)) - 1]


def possible_breaks(text: str) -> list[int]:
    """For each character, whether a line may break just before it (PROHIBITED/POSSIBLE/MANDATORY)."""
    result = [PROHIBITED] * len(text)
    prev = BK  # class of the previous character
    last = BK  # class of the last character that was not a space (combining marks folded in)
    seen_space = False
    ri_count = 0
    for index, char in enumerate(text):
        cls = line_break_class(char)
        if cls in (BK, LF, CR):
            result[index] = MANDATORY
            prev, last, seen_space = cls, BK, False
        else:
            if cls == SP:
                seen_space = True
            elif cls == ZW:
                last, seen_space = ZW, False
            elif cls in (CM, ZWJ):
                # A combining mark or joiner belongs to the character before it (LB9), except at
                # the start, after a zero-width space or after spaces, where it acts as a letter.
                if last == BK:
                    last, seen_space = AL, False
                elif last == ZW or seen_space:
                    result[index] = POSSIBLE
                    last, seen_space = AL, False
            else:
                result[index] = _pair_break(last, prev, cls, seen_space, ri_count)
                last, seen_space = cls, False
            prev = _HL_BA if prev == HL and cls in (HY, BA) else cls
        ri_count = ri_count + 1 if cls == RI else 0
    return result


def _pair_break(last: int, prev: int, cls: int, seen_space: bool, ri_count: int) -> int:
    if last == BK:
        return PROHIBITED
    if last == ZW:
        return POSSIBLE
    if prev == ZWJ:
        return PROHIBITED
    if last == RI and cls == RI:
        return POSSIBLE if seen_space or ri_count % 2 == 0 else PROHIBITED
    if prev == _HL_BA:
        return PROHIBITED
    rule = PAIR_TABLE[last][cls]
    if rule == "D" or (rule == "I" and seen_space):
        return POSSIBLE
    return PROHIBITED


def width_linebreaks(text: str, width: int, start_column: int, overrides: Sequence[int | None]) -> list[bool]:
    """For each character, whether to break before it so that lines fit in `width` columns.

    `overrides[i]` (PROHIBITED or POSSIBLE) replaces the opportunity before character i when
    not None. Like libunistring, a piece wider than the line is not broken, only moved.
    """
    opportunities = possible_breaks(text)
    breaks = [False] * len(text)
    last_break: int | None = None
    column = start_column
    piece = 0
    for index, char in enumerate(text):
        opportunity = opportunities[index] if overrides[index] is None else overrides[index]
        if opportunity in (POSSIBLE, MANDATORY) and last_break is not None and column + piece > width:
            breaks[last_break] = True
            column = 0
        if opportunity == MANDATORY:
            last_break, column, piece = None, 0, 0
            continue
        if opportunity == POSSIBLE:
            last_break = index
            column += piece
            piece = 0
        piece += char_width(char)
    if last_break is not None and column + piece > width:
        breaks[last_break] = True
    return breaks
