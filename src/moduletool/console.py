"""The rich consoles and how diagnostics, progress and tables are shown.

Reports go to stdout, diagnostics and progress to stderr, so `--format json > report.json`
stays clean. Rich honours NO_COLOR and drops colour and animation when output is not a terminal.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from .errors import Diagnostic, Severity

stdout = Console(soft_wrap=True, highlight=False)
stderr = Console(stderr=True, soft_wrap=True, highlight=False)


def print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    """Each diagnostic as `file:line:col: field: message`, its hint on the next line."""
    for diagnostic in diagnostics:
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
        disable=quiet or not stderr.is_terminal,
    )
