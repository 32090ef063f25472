"""The project's glossaries: `translations/glossaries/<source>-<target>.csv`, one per language pair.

A glossary fixes how the project's own terms are translated (`buddy` → `parrain`), so that
machine drafts use the words the team agreed on. It is a plain CSV file that anyone can edit in
a spreadsheet and review in a diff: two columns, source term and target term, an optional
`source,target` header row. It lives with the translations, under version control.

Every row is checked before anything is sent, and every problem is reported at once with its
`file:line:column`, because an engine would reject the whole glossary for one bad row.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..errors import Diagnostic, SourceLocation, UserError
from ..fsutil import read_text
from .catalog_io import TRANSLATIONS_DIR

GLOSSARIES_DIR = "glossaries"
HEADER = ("source", "target")
MAX_TERM_BYTES = 1024
"""DeepL's limit for one term (UTF-8 bytes)."""

_HINT = "write one `source term,target term` pair per line; quote a term that contains a comma: \"a, b\""


@dataclass(frozen=True)
class Glossary:
    """The validated entries of one glossary file, in file order."""

    display: str
    source: str
    """The source language tag, as in the file name."""
    target: str
    entries: tuple[tuple[str, str], ...]

    def as_dict(self) -> dict[str, str]:
        return dict(self.entries)

    @property
    def digest(self) -> str:
        """A short hash of the entries: the same glossary, wherever it is stored, has the same digest."""
        text = "\n".join(f"{source}\t{target}" for source, target in self.entries)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def glossary_path(root: Path, source: str, target: str) -> Path | None:
    """The glossary for a pair: `en-pt-BR.csv` for pt-BR, else the language's `en-pt.csv`; None if neither."""
    folder = root / TRANSLATIONS_DIR / GLOSSARIES_DIR
    candidates = [f"{source}-{target}.csv"]
    if "-" in target:
        candidates.append(f"{source}-{target.split('-')[0]}.csv")
    for name in candidates:
        if (folder / name).is_file():
            return folder / name
    return None


def read_glossary(path: Path, display: str, source: str, target: str) -> Glossary:
    """Read and check a glossary file; every bad row is a located error."""
    text = read_text(path, display, kind="glossary", encoding="utf-8-sig",
                     hint="save the file as CSV UTF-8 (spreadsheets offer it under “Save as”)")
    return Glossary(display, source, target, parse_glossary(text, display))


def parse_glossary(text: str, display: str) -> tuple[tuple[str, str], ...]:
    """The entries of glossary CSV text, or a `UserError` listing every problem."""
    problems: list[Diagnostic] = []
    entries: list[tuple[str, str]] = []
    first_line: dict[str, int] = {}
    seen_content = False

    def problem(line: int, column: int, message: str, hint: str = _HINT) -> None:
        problems.append(Diagnostic(SourceLocation(display, line, column), message, hint=hint, code="glossary-row"))

    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = _split_row(line)
        if isinstance(fields, int):
            problem(number, fields, "a quoted term is not closed")
            continue
        header_row = not seen_content and tuple(value.strip().lower() for value, _ in fields) == HEADER
        seen_content = True
        if header_row:
            continue
        if len(fields) != 2:
            column = fields[2][1] if len(fields) > 2 else len(line) + 1
            problem(number, column, f"{len(fields)} column(s); a glossary row has two: source term, target term")
            continue
        terms = []
        for value, column in fields:
            term = value.strip()
            column += len(value) - len(value.lstrip()) if term else 0
            message = _term_problem(term)
            if message:
                problem(number, column, message, hint="")
            terms.append(term)
        source_term, target_term = terms
        if source_term in first_line:
            problem(number, fields[0][1], f"`{source_term}` is already in the glossary (line {first_line[source_term]})",
                    hint="keep one target term per source term")
        elif source_term and target_term:
            first_line[source_term] = number
            entries.append((source_term, target_term))
    if problems:
        raise UserError(problems)
    return tuple(entries)


def _term_problem(term: str) -> str:
    if not term:
        return "empty term"
    if any(ord(char) < 32 or 127 <= ord(char) <= 159 or char in "\u2028\u2029" for char in term):
        return "control character in a term"
    if len(term.encode("utf-8")) > MAX_TERM_BYTES:
        return f"term longer than {MAX_TERM_BYTES} bytes"
    return ""


def _split_row(line: str) -> list[tuple[str, int]] | int:
    """CSV fields of one line with the 1-based column where each starts, or the column of an unclosed quote."""
    fields: list[tuple[str, int]] = []
    index = 0
    while True:
        start = index
        while index < len(line) and line[index] in " \t":
            index += 1
        if index < len(line) and line[index] == '"':
            quote = index
            value = []
            index += 1
            while True:
                if index >= len(line):
                    return quote + 1
                if line[index] == '"':
                    if line[index + 1:index + 2] == '"':
                        value.append('"')
                        index += 2
                        continue
                    index += 1
                    break
                value.append(line[index])
                index += 1
            while index < len(line) and line[index] != ",":
                value.append(line[index])  # text after the closing quote, as spreadsheets keep it
                index += 1
            fields.append(("".join(value), quote + 2))
        else:
            end = line.find(",", start)
            end = len(line) if end < 0 else end
            fields.append((line[start:end], start + 1))
            index = end
        if index >= len(line):
            return fields
        index += 1  # the comma
