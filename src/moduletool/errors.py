"""Where a problem is and what to say about it.

Every mistake a user can make is reported as a `Diagnostic` that points at a file, line and
column, names the offending field by its path and, where we can guess, hints at the fix.
`UserError` carries diagnostics up to the CLI, which prints them and exits 1; any other
exception reaching the CLI is our own bug and keeps its traceback.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    """How bad a diagnostic is: errors stop a build, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class SourceLocation:
    """A 1-based line and column in a file (0 means "unknown" for either)."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        if not self.column:
            return f"{self.path}:{self.line}"
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the user's input."""

    location: SourceLocation
    message: str
    field: str = ""
    hint: str = ""
    severity: Severity = Severity.ERROR
    code: str = ""

    def headline(self) -> str:
        """The one-line form: `file:line:col: field: message`."""
        parts = [str(self.location)]
        if self.field:
            parts.append(self.field)
        parts.append(self.message if self.severity is Severity.ERROR else f"warning: {self.message}")
        return ": ".join(parts)

    def as_json(self) -> dict[str, object]:
        """A stable, machine-readable form for `--format json`."""
        return {
            "file": self.location.path,
            "line": self.location.line,
            "column": self.location.column,
            "field": self.field,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.location.path, self.location.line, self.location.column, self.field)


@dataclass
class ModuletoolError(Exception):
    """Base of every error we raise on purpose."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(d.headline() for d in self.diagnostics)


class UserError(ModuletoolError):
    """The input is wrong; the user can fix it. Printed without a traceback, exit code 1."""

    @classmethod
    def at(cls, path: Path | str, message: str, hint: str = "", line: int = 0, column: int = 0,
           code: str = "") -> UserError:
        """A single-diagnostic error: the common case outside module files."""
        return cls([Diagnostic(SourceLocation(str(path), line, column), message, hint=hint, code=code)])


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    """True when at least one diagnostic must stop the work."""
    return any(d.severity is Severity.ERROR for d in diagnostics)


def did_you_mean(word: str, choices: list[str]) -> str:
    """`did you mean `x`?` when a close match exists, else an empty string."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""
