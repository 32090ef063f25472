"""A minimal PNG encoder (8-bit RGBA, no filtering), so packages can carry generated images.

The standard library's zlib is all it needs: no imaging dependency for a handful of flat icons.
The output is a pure function of the pixels (no timestamps, no text chunks), so a package that
holds these images stays byte-for-byte reproducible, like the zip around it.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

SIGNATURE = b"\x89PNG\r\n\x1a\n"
RGBA = 6  # PNG colour type: truecolour with alpha
BIT_DEPTH = 8


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(width: int, height: int, rows: Sequence[bytes]) -> bytes:
    """A PNG of `height` rows of `width` RGBA pixels (4 bytes each, top row first)."""
    if len(rows) != height or any(len(row) != width * 4 for row in rows):
        raise ValueError(f"expected {height} rows of {width * 4} bytes")
    header = struct.pack(">IIBBBBB", width, height, BIT_DEPTH, RGBA, 0, 0, 0)
    # Filter type 0 ("None") on every row: flat artwork compresses well without the others.
    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    return SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, 9)) + _chunk(b"IEND", b"")
