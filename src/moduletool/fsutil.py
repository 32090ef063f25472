"""Files on disk: atomic writes, and text files read with located errors.

A write goes to a temp file in the same folder, flushed and fsynced, then renamed over the
target, so an interrupted run leaves either the old file or the new one, never half of either; the
temp file a killed run leaves behind is removed by the next write of the same file.
"""

from __future__ import annotations

import glob
import os
import tempfile
from pathlib import Path

from .errors import UserError

TEMP_SUFFIX = ".part"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


def _remove_stale_temp_files(path: Path) -> None:
    """Delete the temp files a killed writer of `path` left behind (their pid is in their name)."""
    prefix = f".{path.name}."
    for leftover in path.parent.glob(f"{glob.escape(prefix)}*{TEMP_SUFFIX}"):
        pid = leftover.name[len(prefix):].split(".", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            leftover.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step (creating parent folders as needed).

    The temp file is `.<name>.<pid>.<random>.part` beside the target: a run killed mid-write
    (SIGKILL cannot be caught) leaves it behind, and the next write of the same file removes it.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temp_files(path)
    fd, temp_name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX, dir=path.parent)
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


FOLDER_INSTEAD_OF_FILE = "a file belongs here, not a folder: move what the folder holds, then remove it"


def read_text(path: Path, display: str, *, kind: str, hint: str, encoding: str = "utf-8") -> str:
    """The text of a file people edit (catalogs, glossaries); unreadable or non-UTF-8 is a located error.

    `kind` prefixes the error codes (`po-unreadable`, `glossary-encoding`); `hint` says how to save
    the file as UTF-8 in the tools that kind of file is edited with.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        folder = isinstance(error, IsADirectoryError)
        raise UserError.at(display, f"cannot read: {error.strerror}", code=f"{kind}-unreadable",
                           hint=FOLDER_INSTEAD_OF_FILE if folder else "") from None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise UserError.at(display, "not UTF-8", line=line, code=f"{kind}-encoding", hint=hint) from None
