"""Deterministic zip archives: the same files give the same bytes, on every machine and every run.

Entries are sorted, carry one fixed timestamp (SOURCE_DATE_EPOCH when set, else 1980-01-01),
fixed permissions and no extra fields; already-compressed media are stored, not deflated again.
"""

from __future__ import annotations

import io
import os
import time
import zipfile
from collections.abc import Mapping

# Formats that are already compressed: deflating them again costs time and saves nothing.
STORED_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".mp4", ".webm", ".mp3", ".m4a",
                               ".ogg", ".oga", ".ogv", ".woff", ".woff2", ".pdf", ".zip", ".gz"})
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def fixed_timestamp() -> tuple[int, int, int, int, int, int]:
    """The timestamp of every entry: SOURCE_DATE_EPOCH (UTC) if set, else the zip epoch."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw.isdigit():
        return ZIP_EPOCH
    moment = time.gmtime(max(int(raw), 315532800))  # zip cannot express dates before 1980
    stamp = moment[:6]
    return (stamp[0], stamp[1], stamp[2], stamp[3], stamp[4], stamp[5] - stamp[5] % 2)


def _compression_for(name: str) -> int:
    return zipfile.ZIP_STORED if os.path.splitext(name)[1].lower() in STORED_EXTENSIONS else zipfile.ZIP_DEFLATED


def build_zip(files: Mapping[str, bytes]) -> bytes:
    """A zip holding `files` (package path → content), byte-for-byte reproducible."""
    stamp = fixed_timestamp()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = _compression_for(name)
            info.create_system = 3  # Unix, so that the permission bits below mean the same everywhere
            info.external_attr = (0o100644 & 0xFFFF) << 16
            archive.writestr(info, files[name], compresslevel=9 if info.compress_type else None)
    return buffer.getvalue()
