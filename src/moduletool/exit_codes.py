"""The exit codes every command shares, and the one place exceptions become them.

* 0 — success;
* 1 — a problem the user can fix (bad input, a refused package, a failed translation request),
  reported as located messages without a traceback;
* 2 — a usage error: an unknown command or option, a missing argument (click's own code);
* 70 — a bug in moduletool (`EX_SOFTWARE` from BSD's sysexits.h): the traceback is printed with a
  request to report it, because no input should ever cause one.

Commands raise `UserError` (or `typer.Exit(1)` after printing their own report); everything else
that escapes is by definition a bug. Operating-system errors about a named file (disk full, no
permission, read-only folder) are the user's to fix, so they are exit 1 with the file named.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from importlib import metadata

from . import console
from .errors import Diagnostic, SourceLocation, UserError

SUCCESS = 0
USER_PROBLEM = 1
USAGE_ERROR = 2
BUG = 70


def issue_tracker() -> str:
    """Where to report a bug: the project URL of the installed distribution, when it declares one."""
    try:
        urls = metadata.metadata("moduletool").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in {"issues", "bug tracker", "tracker"}:
            return url.strip()
    return "the moduletool issue tracker"


def _os_problem(error: OSError) -> UserError:
    """`dist/x.zip: cannot write: No space left on device` — the file and the system's reason."""
    where = str(error.filename) if error.filename else "moduletool"
    return UserError([Diagnostic(SourceLocation(where), f"cannot read or write: {error.strerror or error}",
                                 hint="check the free space and the permissions of that folder",
                                 code="os-error")])


def run(app: Callable[[], object]) -> None:
    """Run the typer app and leave with 0, 1, 2 (click's usage errors) or 70 (a bug, with its traceback)."""
    try:
        app()
    except UserError as error:
        console.print_diagnostics(error.diagnostics)
        raise SystemExit(USER_PROBLEM) from None
    except OSError as error:
        if error.filename is None or isinstance(error, (BrokenPipeError, ConnectionError)):
            _report_bug()
            raise SystemExit(BUG) from None
        console.print_diagnostics(_os_problem(error).diagnostics)
        raise SystemExit(USER_PROBLEM) from None
    except (SystemExit, KeyboardInterrupt):
        raise
    except BaseException:  # noqa: BLE001 - the last line of defence: every other exception is a bug
        _report_bug()
        raise SystemExit(BUG) from None


def _report_bug() -> None:
    """The traceback, then what to do about it, on stderr."""
    traceback.print_exc(file=sys.stderr)
    sys.stderr.write(
        "\nThis is a bug in moduletool, not a problem with your files: please report it at "
        f"{issue_tracker()}, with the command you ran and the traceback above (exit code {BUG}).\n")
