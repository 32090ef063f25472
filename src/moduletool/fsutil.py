"""Files on disk: atomic writes, and text files read with located errors.

A write goes to a temp file in the same folder, flushed and fsynced, then renamed over the
target, so an interrupted run leaves either the old file or the new one, never half of either.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import UserError


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step (creating parent folders as needed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """`write_atomic` for UTF-8 text with Unix newlines."""
    write_atomic(path, text.encode("utf-8"))


def read_text(path: Path, display: str, *, kind: str, hint: str, encoding: str = "utf-8") -> str:
    """The text of a file people edit (catalogs, glossaries); unreadable or non-UTF-8 is a located error.

    `kind` prefixes the error codes (`po-unreadable`, `glossary-encoding`); `hint` says how to save
    the file as UTF-8 in the tools that kind of file is edited with.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UserError.at(display, f"cannot read: {error.strerror}", code=f"{kind}-unreadable") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise UserError.at(display, "not UTF-8", line=line, code=f"{kind}-encoding", hint=hint) from None
