"""The system libunistring (the library GNU msgcat wraps lines with), reached through ctypes.

Tests compare our pure-Python line breaking with it; `python tests/i18n/libunistring.py`
regenerates `src/moduletool/i18n/_unicode_tables.py` from it. A missing library fails the
test with a clear message, never a silent skip: it comes with the gettext tools.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import struct
import sys
from functools import lru_cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TABLES = REPO / "src" / "moduletool" / "i18n" / "_unicode_tables.py"

BREAK_POSSIBLE = 2  # UC_BREAK_POSSIBLE (UC_BREAK_UNDEFINED = 0, UC_BREAK_PROHIBITED = 1)
HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3


@lru_cache(maxsize=1)
def library() -> ctypes.CDLL:
    """The loaded libunistring; fails the test when it is not installed."""
    name = ctypes.util.find_library("unistring") or "libunistring.so.2"
    try:
        lib = ctypes.CDLL(name)
    except OSError:
        pytest.fail("libunistring is missing: it comes with GNU gettext (apt-get install gettext), "
                    "which these tests need to compare our output with msgcat's", pytrace=False)
    lib.u8_possible_linebreaks.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_char_p]
    lib.u8_possible_linebreaks.restype = None
    lib.u8_width_linebreaks.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                                        ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p]
    lib.u8_width_linebreaks.restype = ctypes.c_int
    lib.uc_width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    lib.uc_width.restype = ctypes.c_int
    return lib


def possible_breaks(text: str) -> list[int]:
    """Character offsets where libunistring allows a line break (UC_BREAK_POSSIBLE)."""
    data = text.encode("utf-8")
    out = ctypes.create_string_buffer(len(data))
    library().u8_possible_linebreaks(data, len(data), b"UTF-8", out)
    offsets, byte = [], 0
    for index, char in enumerate(text):
        if out.raw[byte] == BREAK_POSSIBLE:
            offsets.append(index)
        byte += len(char.encode("utf-8"))
    return offsets


def width_breaks(text: str, line_width: int, start_column: int, prohibit: set[int]) -> list[int]:
    """Character offsets where libunistring breaks `text` to fit; no break before offsets in `prohibit`."""
    data = text.encode("utf-8")
    overrides, byte_of = bytearray(len(data)), []
    for index, char in enumerate(text):
        byte_of.append(len(text[:index].encode("utf-8")))
        if index in prohibit:
            overrides[byte_of[-1]] = 1  # UC_BREAK_PROHIBITED
    out = ctypes.create_string_buffer(len(data))
    library().u8_width_linebreaks(data, len(data), line_width, start_column, 0, bytes(overrides), b"UTF-8", out)
    return [index for index, byte in enumerate(byte_of) if out.raw[byte] == BREAK_POSSIBLE]


def width(code_point: int) -> int:
    """Columns libunistring gives a character in a UTF-8 locale (-1 for control characters)."""
    return library().uc_width(code_point, b"UTF-8")


def _raw_line_break_classes() -> list[int]:
    """Every code point's class, read from libunistring 1.0's internal three-level table.

    The layout (15 level-1 entries, 512-entry level-2 blocks, 128-entry level-3 blocks) is that
    of libunistring 1.0; regenerate only against the libunistring your msgcat uses.
    """
    lib = library()
    base = ctypes.addressof(ctypes.c_char.in_dll(lib, "libunistring_unilbrkprop"))
    raw = ctypes.string_at(base, 0x9B3C)
    level1 = struct.unpack_from("<15i", raw, 0)
    level2 = struct.unpack_from("<2048i", raw, 60)
    level3 = raw[60 + 2048 * 4:]
    unknown = 42  # LBP_XX
    classes = []
    for cp in range(0x110000):
        index1 = cp >> 16
        value = unknown
        if index1 < 15 and level1[index1] >= 0:
            lookup2 = level2[level1[index1] + ((cp >> 7) & 511)]
            if lookup2 >= 0:
                value = level3[lookup2 + (cp & 127)]
        classes.append(value)
    return classes


def pair_table() -> list[str]:
    """libunistring's 33×33 pair table as rows of D/I/P (before-class row, after-class column)."""
    lib = library()
    raw = ctypes.string_at(ctypes.addressof(ctypes.c_char.in_dll(lib, "libunistring_unilbrk_table")), 33 * 33)
    return ["".join(" DIP"[value] for value in raw[row * 33:(row + 1) * 33]) for row in range(33)]


def _runs(values: list[int], skip: range | None = None) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for cp, value in enumerate(values):
        if skip is not None and cp in skip:
            value = -2  # filled in by code
        if not runs or runs[-1][1] != value:
            runs.append((cp, value))
    return runs


def _encode(runs: list[tuple[int, int]]) -> str:
    return " ".join(f"{start:x}:{value}" for start, value in runs)


def generate() -> str:
    """The text of `_unicode_tables.py`."""
    resolve = {40: 20, 41: 20, 42: 20, 39: 23}  # AI, SA, XX → AL; CB → ID, as libunistring resolves them
    classes = [resolve.get(value, value) for value in _raw_line_break_classes()]
    hangul = range(HANGUL_FIRST, HANGUL_LAST + 1)
    widths = [max(width(cp), 0) for cp in range(0x110000)]
    rows = "\n".join(f'    "{row}",' for row in pair_table())
    wrap = lambda text: "\n".join(f'    "{text[i:i + 96]}"' for i in range(0, len(text), 96))
    return f'''"""Unicode data for msgcat-compatible line breaking. GENERATED by tests/i18n/libunistring.py: do not edit.

Line break classes (UAX #14) and column widths as GNU libunistring 1.0 (Unicode 14) has them,
with its own resolution of AI, SA and XX to AL and CB to ID. Runs are `start:value` in hex/decimal;
Hangul syllables (-2) are computed: LV when (cp - 0xAC00) % 28 == 0, else LVT.
"""

PAIR_TABLE = (
{rows}
)
"""Row: class before the opportunity; column: class after. D direct, I indirect, P prohibited."""

LINE_BREAK_RUNS = (
{wrap(_encode(_runs(classes, hangul)))}
)

WIDTH_RUNS = (
{wrap(_encode(_runs(widths)))}
)
'''


if __name__ == "__main__":
    TABLES.write_text(generate(), encoding="utf-8")
    sys.stdout.write(f"wrote {TABLES}\n")
