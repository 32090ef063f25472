"""Reading an untrusted zip defensively, in memory, without ever extracting it to disk.

`check` is run on packages from anywhere, so the zip itself is hostile input: it may not be a
zip, be truncated, be a zip bomb (many entries, a huge total, or a tiny entry that inflates a
thousandfold), carry names that would escape an extraction folder (`../x`, `/x`, `C:\\x`), or
hold encrypted or exotically compressed entries. Everything is judged from the central
directory first; only when the archive is within limits are entries decompressed, in bounded
chunks, to verify their CRC. Only the few documents the rules need are kept in memory.
"""

from __future__ import annotations

import io
import lzma
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .references import path_problem
from .report import Findings

CHUNK = 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
SUPPORTED_COMPRESSION = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}

# What a damaged archive can make the standard library raise while we read it. Every one of
# these is a property of the input, never of our code, so each becomes a finding.
READ_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError,
    NotImplementedError, RuntimeError, struct.error, OverflowError, IndexError, KeyError, UnicodeError)


@dataclass(frozen=True)
class ZipLimits:
    """How big a package may be before `check` refuses to read it.

    Generous for e-learning (video-heavy packages run to a few hundred MB and a few thousand
    files), far below what would hurt the machine running the check or the LMS unpacking it.
    The ratio limit only applies to entries above `ratio_min_size`: small text files
    legitimately compress very well, a multi-megabyte entry at 100:1 is a bomb.
    """

    max_entries: int = 20_000
    max_total_size: int = 4 * 1024 ** 3
    max_ratio: int = 100
    ratio_min_size: int = 1024 ** 2
    max_document_size: int = 16 * 1024 ** 2


DEFAULT_LIMITS = ZipLimits()


@dataclass
class ZipContents:
    """What the rules may look at: every file name (directories left out) and the kept documents."""

    names: list[str] = field(default_factory=list)
    documents: dict[str, bytes] = field(default_factory=dict)


def read_package(source: Path | bytes, findings: Findings, keep: Callable[[str], bool],
                 limits: ZipLimits = DEFAULT_LIMITS) -> ZipContents | None:
    """The names and kept documents of a zip, or None when it cannot or must not be read further.

    Every problem becomes a finding; nothing here raises for bad input.
    """
    try:
        head = source[:4] if isinstance(source, bytes) else _head(source)
    except OSError as error:
        findings.error("unreadable", f"the file cannot be read: {error.strerror or _reason(error)}")
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source) as archive:
            return _read_archive(archive, findings, keep, limits)
    except zipfile.BadZipFile as error:
        _not_a_zip(head, _reason(error), findings)
    except READ_ERRORS as error:
        findings.error("zip-unreadable", f"the zip cannot be read: {_reason(error)}",
                       hint="the zip is damaged; build or download it again")
    return None


def _read_archive(archive: zipfile.ZipFile, findings: Findings, keep: Callable[[str], bool],
                  limits: ZipLimits) -> ZipContents | None:
    infos = archive.infolist()
    if not _within_limits(infos, findings, limits):
        return None
    check_names([info.filename for info in infos], findings)
    _check_encoding(infos, findings)
    contents = ZipContents()
    for info in infos:
        if info.is_dir():
            continue
        contents.names.append(info.filename)
        if _readable(info, findings):
            _read_entry(archive, info, findings, contents, keep(info.filename), limits)
    return contents


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(4)


def _reason(error: BaseException) -> str:
    return str(error) or type(error).__name__


def _not_a_zip(head: bytes, reason: str, findings: Findings) -> None:
    if not head:
        findings.error("not-a-zip", "the file is empty, not a zip")
    elif head.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        findings.error("zip-truncated", "the zip is truncated or damaged: its table of contents (at the end of "
                       "the file) is missing", hint="download or build the package again")
    else:
        findings.error("not-a-zip", "the file is not a zip archive",
                       hint="LMSs import SCORM, cmi5 and Tin Can packages as .zip files")


def _within_limits(infos: list[zipfile.ZipInfo], findings: Findings, limits: ZipLimits) -> bool:
    """Refuse archives that would take unbounded time or memory, judged from the central directory only."""
    ok = True
    if len(infos) > limits.max_entries:
        findings.error("zip-too-many-entries",
                       f"the zip has {len(infos)} entries, more than the {limits.max_entries} a package may hold",
                       hint="this looks like a zip bomb; a real package has far fewer files")
        return False
    total = sum(info.file_size for info in infos)
    if total > limits.max_total_size:
        findings.error("zip-too-large", f"the zip unpacks to {total} bytes, more than the limit of "
                       f"{limits.max_total_size} bytes", hint="this looks like a zip bomb; it was not unpacked")
        ok = False
    for info in infos:
        if info.file_size >= limits.ratio_min_size and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            findings.error("zip-bomb-ratio", f"`{info.filename}` inflates {ratio}:1 ({info.compress_size} → "
                           f"{info.file_size} bytes), more than {limits.max_ratio}:1",
                           entry=info.filename, hint="this looks like a zip bomb; it was not unpacked")
            ok = False
    return ok


def check_names(names: list[str], findings: Findings) -> None:
    """Names that would escape or confuse an extraction (zip-slip, absolute, drive, backslash), duplicates."""
    seen: set[str] = set()
    folded: dict[str, str] = {}
    for name in names:
        problem = path_problem(name, allow_url=True)
        if problem is not None:
            code = "zip-slip" if problem.kind == "escape" else f"zip-{problem.kind}-path"
            findings.error(code, f"entry name `{name}` {problem.reason}", hint=problem.hint)
        if name in seen:
            findings.error("zip-duplicate-entry", f"`{name}` is in the zip more than once",
                           hint="LMSs keep one of them, and which one differs between unzip tools")
            continue
        seen.add(name)
        other = folded.setdefault(name.lower(), name)
        if other != name:
            findings.warning("zip-case-collision", f"`{name}` and `{other}` differ only in letter case",
                             hint="on Windows and macOS servers one overwrites the other")


def _check_encoding(infos: list[zipfile.ZipInfo], findings: Findings) -> None:
    """Non-ASCII names without the UTF-8 flag are decoded as CP437 by most unzip code: garbled paths."""
    for info in infos:
        if not info.filename.isascii() and not info.flag_bits & 0x800:
            findings.warning("zip-name-encoding", f"`{info.filename}` has non-ASCII characters but is not marked "
                             "as UTF-8", hint="re-create the zip with a tool that writes UTF-8 names (flag bit 11)")


def _readable(info: zipfile.ZipInfo, findings: Findings) -> bool:
    if info.flag_bits & 0x1:
        findings.error("zip-encrypted", f"`{info.filename}` is encrypted", entry=info.filename,
                       hint="LMSs cannot open password-protected packages; zip it without a password")
        return False
    if info.compress_type not in SUPPORTED_COMPRESSION:
        findings.error("zip-compression", f"`{info.filename}` uses compression method {info.compress_type}; "
                       "only stored and deflate are read by every LMS", entry=info.filename,
                       hint="re-create the zip with the default (deflate) compression")
        return False
    return True


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, findings: Findings, contents: ZipContents,
                keep: bool, limits: ZipLimits) -> None:
    """Decompress one entry in bounded chunks, verifying its CRC; keep its bytes only when asked."""
    if keep and info.file_size > limits.max_document_size:
        findings.error("document-too-large", f"`{info.filename}` is {info.file_size} bytes, more than the "
                       f"{limits.max_document_size} bytes `check` reads", entry=info.filename)
        keep = False
    parts: list[bytes] = []
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                if keep:
                    parts.append(chunk)
    except READ_ERRORS as error:
        findings.error("zip-corrupt-entry", f"`{info.filename}` cannot be read: {_reason(error)}",
                       entry=info.filename, hint="the zip is damaged; build or download it again")
        return
    if keep:
        contents.documents[info.filename] = b"".join(parts)
