"""The rich consoles and how diagnostics, progress and tables are shown.

Reports go to stdout, diagnostics and progress to stderr, so `--format json > report.json`
stays clean. Rich honours NO_COLOR and drops colour and animation when output is not a terminal.
The global `--quiet`/`--verbose` level lives here too, so every command obeys it the same way.
"""

from __future__ import annotations

import enum
import json
import sys
from collections.abc import Iterable

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from .errors import Diagnostic, Severity

# Created once, without `no_color`/`color_system` arguments: rich then reads NO_COLOR (and
# FORCE_COLOR, TERM=dumb) from the environment itself, as https://no-color.org asks.
stdout = Console(soft_wrap=True, highlight=False)
stderr = Console(stderr=True, soft_wrap=True, highlight=False)


class Verbosity(enum.IntEnum):
    """The global `--quiet` / `--verbose` level."""

    QUIET = 0
    NORMAL = 1
    VERBOSE = 2


_level = Verbosity.NORMAL


def set_verbosity(level: Verbosity) -> None:
    """`--quiet`: reports and notes are dropped (problems and JSON still print); `--verbose`: details too."""
    global _level
    _level = level
    stdout.quiet = level is Verbosity.QUIET


def verbosity() -> Verbosity:
    return _level


def note(message: str | Text) -> None:
    """A status line for people on stderr (`wrote …`, `✓ 3 modules valid`); silent with --quiet."""
    if _level >= Verbosity.NORMAL:
        stderr.print(message)


def detail(message: str) -> None:
    """More detail for --verbose only (which project, which files, how long)."""
    if _level >= Verbosity.VERBOSE:
        stderr.print(Text(message, style="dim"))


def print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    """Each diagnostic as `file:line:col: field: message`, its hint on the next line."""
    for diagnostic in diagnostics:
        if diagnostic.severity is not Severity.ERROR and _level is Verbosity.QUIET:
            continue
        style = "bold red" if diagnostic.severity is Severity.ERROR else "yellow"
        line = Text(str(diagnostic.location), style="bold")
        line.append(": ")
        if diagnostic.field:
            line.append(diagnostic.field, style="cyan")
            line.append(": ")
        prefix = "" if diagnostic.severity is Severity.ERROR else "warning: "
        line.append(prefix + diagnostic.message, style=style)
        stderr.print(line)
        if diagnostic.hint:
            stderr.print(Text("  hint: " + diagnostic.hint, style="dim"))


def print_json(data: object) -> None:
    """Machine-readable output on stdout, nothing else mixed in."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def progress(quiet: bool = False) -> Progress:
    """A progress bar on stderr for long work; silent when quiet or not on a terminal."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
        disable=quiet or _level is Verbosity.QUIET or not stderr.is_terminal,
    )
