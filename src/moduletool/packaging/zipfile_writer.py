"""Deterministic zip archives: the same files give the same bytes, on every machine and every run.

Entries are sorted, carry one fixed timestamp, fixed permissions and no extra fields, so neither
the folder a project sits in, nor the clock, nor the files' own dates reach the bytes. The
timestamp is `SOURCE_DATE_EPOCH` (UTC, rounded down to even seconds as zip stores them) when it
is set, else 1980-01-01 00:00, the earliest date a zip can hold.

Already-compressed media (pictures, audio, video, fonts, PDFs, archives) are stored as they
are: deflating them again costs time and saves nothing. Everything else is deflated at level 9,
and a `MemberCache` keeps each compressed member, so a file many packages share (the player's
scripts and styles, a module's text media) is compressed once per build process rather than
once per package. The archive is laid out here rather than by `zipfile`, because `zipfile`
cannot take a member that is already compressed; the layout is the one `zipfile` writes for the
same entries (`tests/test_zip_writer.py` compares the two byte for byte).
"""

from __future__ import annotations

import os
import struct
import time
import zlib
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

# Formats that are already compressed: deflating them again costs time and saves nothing.
STORED_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".mp4", ".webm", ".mp3", ".m4a",
                               ".ogg", ".oga", ".ogv", ".woff", ".woff2", ".pdf", ".zip", ".gz"})
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
ZIP_EPOCH_SECONDS = 315532800
"""1980-01-01 00:00 UTC: a SOURCE_DATE_EPOCH before it is clamped to it."""
STORED, DEFLATED = 0, 8
DEFLATE_LEVEL = 9
_VERSION = 20  # 2.0: what `zipfile` writes as "made by" and "needed to extract" for these entries
_UNIX = 3
_PERMISSIONS = (0o100644 & 0xFFFF) << 16  # a regular file, rw-r--r--
_UTF8_NAME = 0x800
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_LIMIT = 0xFFFF_FFFF


def fixed_timestamp() -> tuple[int, int, int, int, int, int]:
    """The timestamp of every entry: SOURCE_DATE_EPOCH (UTC) if set, else the zip epoch."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw.isdigit():
        return ZIP_EPOCH
    moment = time.gmtime(max(int(raw), ZIP_EPOCH_SECONDS))  # zip cannot express dates before 1980
    stamp = moment[:6]
    return (stamp[0], stamp[1], stamp[2], stamp[3], stamp[4], stamp[5] - stamp[5] % 2)


def compression_for(name: str) -> int:
    """STORED for already-compressed media (by extension), else DEFLATED."""
    return STORED if os.path.splitext(name)[1].lower() in STORED_EXTENSIONS else DEFLATED


@dataclass(frozen=True)
class Member:
    """One entry's content as the archive holds it: method, CRC-32, sizes and the (compressed) bytes."""

    method: int
    crc: int
    size: int
    data: bytes


def compress(content: bytes, method: int) -> Member:
    """`content` as a zip member: raw deflate (no zlib header) for DEFLATED, as it is for STORED."""
    if method == STORED:
        return Member(STORED, zlib.crc32(content), len(content), content)
    compressor = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
    return Member(DEFLATED, zlib.crc32(content), len(content), compressor.compress(content) + compressor.flush())


class MemberCache:
    """Compressed members by content, least recently used dropped first beyond `budget` bytes.

    Stored members are not kept (their CRC costs less than looking them up); deflated ones are
    looked up by their bytes, so equal content is compressed once however many packages hold it.
    """

    def __init__(self, budget: int = 64 << 20) -> None:
        self.budget = budget
        self._members: OrderedDict[bytes, Member] = OrderedDict()
        self._held = 0
        self.hits = 0

    def member(self, name: str, content: bytes) -> Member:
        method = compression_for(name)
        if method == STORED:
            return compress(content, STORED)
        found = self._members.get(content)
        if found is not None:
            self._members.move_to_end(content)
            self.hits += 1
            return found
        made = compress(content, method)
        if len(content) <= self.budget:
            self._members[content] = made
            self._held += len(content)
            while self._held > self.budget:
                dropped, _ = self._members.popitem(last=False)
                self._held -= len(dropped)
        return made


def _dos_time(stamp: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = stamp
    return hour << 11 | minute << 5 | second // 2, (year - 1980) << 9 | month << 5 | day


def build_zip(files: Mapping[str, bytes], cache: MemberCache | None = None) -> bytes:
    """A zip holding `files` (package path → content), byte-for-byte reproducible.

    Packages stay far below the limits of the classic zip format (4 GiB, 65 535 entries); a
    package beyond them is refused rather than written in a form some LMSs cannot read.
    """
    if len(files) > 0xFFFF:
        raise ValueError(f"{len(files)} files: more than a zip without zip64 extensions can hold")
    dos_time, dos_date = _dos_time(fixed_timestamp())
    members = cache or MemberCache(budget=0)
    chunks: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for name in sorted(files):
        member = members.member(name, files[name])
        encoded = name.encode("utf-8")
        flags = 0 if encoded.isascii() else _UTF8_NAME
        fields = (flags, member.method, dos_time, dos_date, member.crc, len(member.data), member.size, len(encoded))
        header = _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, *fields, 0)
        directory.append(_CENTRAL.pack(b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0, *fields, 0, 0, 0, 0,
                                       _PERMISSIONS, offset) + encoded)
        chunks += (header, encoded, member.data)
        offset += len(header) + len(encoded) + len(member.data)
    central = b"".join(directory)
    if offset > _LIMIT or offset + len(central) > _LIMIT:
        raise ValueError("more than 4 GiB: too large for a zip without zip64 extensions")
    end = _END.pack(b"PK\x05\x06", 0, 0, len(files), len(files), len(central), offset, 0)
    return b"".join([*chunks, central, end])
