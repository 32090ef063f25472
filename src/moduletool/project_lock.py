"""One writer per project at a time: the lock `build` and the `i18n` commands that write take.

Two runs on the same project (a second terminal, an editor's task runner, CI on a shared
checkout) would otherwise interleave writes to the same `.po` files and zips. Writers take an
exclusive `fcntl.flock` on `.moduletool.lock` at the project root; a second writer says
"waiting for another moduletool run (pid N)…" and waits, then fails with a clear message after
`MODULETOOL_LOCK_TIMEOUT` seconds (default 600; 0 fails at once). The kernel drops the lock when
the process ends, however it ends (even SIGKILL), so a stale lock file never blocks anyone.

On Windows, where `fcntl` does not exist, there is no lock: runs are not serialised, and users
must not start two writing commands on the same project at once.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import console
from .errors import UserError

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; see the module docstring
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = ".moduletool.lock"
TIMEOUT_VARIABLE = "MODULETOOL_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 600.0
_POLL_SECONDS = 0.1


def _timeout() -> float:
    raw = os.environ.get(TIMEOUT_VARIABLE, "")
    try:
        return max(0.0, float(raw)) if raw else DEFAULT_TIMEOUT
    except ValueError:
        raise UserError.at(TIMEOUT_VARIABLE, f"not a number of seconds: {raw!r}",
                           hint=f"e.g. {TIMEOUT_VARIABLE}=60", code="lock-timeout") from None


def _holder(handle: int) -> str:
    """The pid the current holder wrote into the lock file, or `?` when it has not yet."""
    try:
        text = os.pread(handle, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return "?"
    return text if text.isdigit() else "?"


@contextmanager
def project_lock(root: Path, command: str) -> Iterator[None]:
    """Hold the project's write lock for the duration of `command` (waiting for it if needed)."""
    if fcntl is None:
        yield
        return
    path = root / LOCK_FILE
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        timeout = _timeout()
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(handle)
                if time.monotonic() >= deadline:
                    raise UserError.at(
                        LOCK_FILE, f"another moduletool run (pid {holder}) is still working on this project; "
                                   f"`{command}` gave up after {timeout:g} s", code="project-locked",
                        hint=f"wait for it to finish, or raise {TIMEOUT_VARIABLE} (seconds)") from None
                if not told:
                    console.stderr.print(f"waiting for another moduletool run (pid {holder}) to finish…")
                    told = True
                time.sleep(_POLL_SECONDS)
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(handle)  # closing releases the lock
