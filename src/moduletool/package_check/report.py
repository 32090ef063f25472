"""Findings about one package: how they are located, collected and summarised.

A finding is an ordinary `moduletool.errors.Diagnostic`, so `check` prints exactly like
`validate`. Its location names the package and the file inside it joined by `!`:

    dist/x.zip!imsmanifest.xml:12: item `ITEM-1` points at resource `RES-9`, which does not exist

`!` is the separator Java's `jar:` URLs use for "this entry inside that archive"; it keeps the
location one token (clickable in most terminals, greppable in CI logs) and cannot be confused
with the `:line:column` that follows. Findings about the zip as a whole carry the package path
alone. Lines come from lxml's `sourceline`; libxml2 does not keep element columns, so column is 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Diagnostic, Severity, SourceLocation
from .namespaces import Standard

ENTRY_SEPARATOR = "!"


@dataclass
class Findings:
    """Collects the diagnostics of one package; rule modules add to it and never print."""

    package: str
    items: list[Diagnostic] = field(default_factory=list)

    def location(self, entry: str = "", line: int = 0, column: int = 0) -> SourceLocation:
        """`package!entry:line:column`, or the package alone for findings about the whole zip."""
        path = f"{self.package}{ENTRY_SEPARATOR}{entry}" if entry else self.package
        return SourceLocation(path, line or 0, column or 0)

    def error(self, code: str, message: str, *, entry: str = "", line: int | None = 0, column: int = 0,
              hint: str = "", field: str = "") -> None:
        """A problem that makes the package wrong for an LMS or a conformance validator."""
        self.items.append(Diagnostic(self.location(entry, line or 0, column), message, field=field, hint=hint,
                                     severity=Severity.ERROR, code=code))

    def warning(self, code: str, message: str, *, entry: str = "", line: int | None = 0, column: int = 0,
                hint: str = "", field: str = "") -> None:
        """Worth fixing, but the package still imports and tracks correctly."""
        self.items.append(Diagnostic(self.location(entry, line or 0, column), message, field=field, hint=hint,
                                     severity=Severity.WARNING, code=code))

    def extend(self, diagnostics: list[Diagnostic]) -> None:
        self.items.extend(diagnostics)


@dataclass
class PackageReport:
    """Everything `check` found in one package, ready to print or to serialise."""

    package: str
    standards: list[Standard] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    schema_validated: bool = False
    """True only when every standard document of the package was validated against its XSD."""
    description: str = ""
    """What the package is when it follows none of the standards (e.g. an offline web site)."""
    notes: list[str] = field(default_factory=list)
    """Things the reader should know that are not problems of the package (e.g. a skipped schema)."""

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def standards_text(self) -> str:
        return " + ".join(s.label for s in self.standards) or self.description or "unknown format"

    def summary(self) -> str:
        """`✓ dist/x.zip: SCORM 1.2, no problems` or `✗ dist/x.zip: cmi5, 2 errors, 1 warning`."""
        counts = [f"{n} {word}{'' if n == 1 else 's'}"
                  for n, word in ((self.errors, "error"), (self.warnings, "warning")) if n]
        mark = "✓" if self.ok else "✗"
        return f"{mark} {self.package}: {self.standards_text()}, {', '.join(counts) or 'no problems'}"

    def entry_of(self, diagnostic: Diagnostic) -> str:
        """The file inside the zip a diagnostic is about ('' for the zip itself)."""
        prefix = self.package + ENTRY_SEPARATOR
        path = diagnostic.location.path
        return path[len(prefix):] if path.startswith(prefix) else ""

    def as_json(self) -> dict[str, object]:
        """The `--format json` form of one package; each diagnostic also names `package` and `entry`."""
        return {
            "package": self.package,
            "standards": [s.value for s in self.standards],
            "description": self.standards_text(),
            "ok": self.ok,
            "errors": self.errors,
            "warnings": self.warnings,
            "schema_validated": self.schema_validated,
            "notes": self.notes,
            "diagnostics": [{**d.as_json(), "package": self.package, "entry": self.entry_of(d)}
                            for d in self.diagnostics],
        }
