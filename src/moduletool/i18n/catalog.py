"""A gettext catalog in memory: the header and the entries of one `.po` or `.pot` file.

We keep our own small model (rather than polib's) so that reading and writing are lossless
for everything the workflow relies on — previous msgids of obsolete entries included — and
so that the writer can wrap exactly like `msgcat`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

FUZZY = "fuzzy"


@dataclass
class Entry:
    """One message: its context and source text, the translation, and the comments around them."""

    msgctxt: str | None
    msgid: str
    msgstr: str = ""
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    translator_comments: list[str] = field(default_factory=list)
    """`# ...` lines: the translator's own notes (and, later, machine-translation provenance)."""
    extracted_comments: list[str] = field(default_factory=list)
    """`#. ...` lines: what the text is, written by the extractor for translators."""
    references: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = 0
    """Line of the entry in the file it was read from (0 when built in memory)."""

    @property
    def fuzzy(self) -> bool:
        return FUZZY in self.flags

    def set_fuzzy(self, fuzzy: bool) -> None:
        """Add or remove the fuzzy flag; `fuzzy` always comes first, as msgcat writes it."""
        others = [flag for flag in self.flags if flag != FUZZY]
        self.flags = [FUZZY, *others] if fuzzy else others

    @property
    def translated(self) -> bool:
        """Has a translation (possibly fuzzy)."""
        if self.msgid_plural is not None:
            return any(self.msgstr_plural.values())
        return bool(self.msgstr)

    def copy(self) -> Entry:
        return replace(self, msgstr_plural=dict(self.msgstr_plural),
                       translator_comments=list(self.translator_comments),
                       extracted_comments=list(self.extracted_comments),
                       references=list(self.references), flags=list(self.flags))


@dataclass
class Catalog:
    """A whole catalog. `header` keeps the fields in file order; obsolete entries are written last."""

    header: list[tuple[str, str]] = field(default_factory=list)
    header_comments: list[str] = field(default_factory=list)
    header_flags: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        """The value of a header field, or None."""
        for key, value in self.header:
            if key.lower() == name.lower():
                return value
        return None

    def set(self, name: str, value: str) -> None:
        """Set a header field in place, or append it when it is new."""
        for index, (key, _) in enumerate(self.header):
            if key.lower() == name.lower():
                self.header[index] = (key, value)
                return
        self.header.append((name, value))

    def header_text(self) -> str:
        """The header as the msgstr of the empty msgid."""
        return "".join(f"{key}: {value}\n" for key, value in self.header)

    @property
    def active(self) -> list[Entry]:
        return [entry for entry in self.entries if not entry.obsolete]

    @property
    def obsolete(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.obsolete]



def template_header(project_id_version: str, source_language: str,
                    creation_date: str | None = None) -> list[tuple[str, str]]:
    """The header fields of a `.pot` as xgettext writes them, with our `X-Source-Language`.

    The placeholders (`YEAR-MO-DA…`, `FULL NAME…`) are gettext's: `msginit` and editors replace them.
    """
    return [
        ("Project-Id-Version", project_id_version),
        *([("POT-Creation-Date", creation_date)] if creation_date is not None else []),
        ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
        ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
        ("Language-Team", "LANGUAGE <LL@li.org>"),
        ("Language", ""),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("X-Source-Language", source_language),
    ]

def parse_header(text: str) -> list[tuple[str, str]]:
    """`Name: value` lines of a header msgstr, in order (lines without a colon are dropped)."""
    fields = []
    for line in text.split("\n"):
        name, colon, value = line.partition(":")
        if colon and name.strip():
            fields.append((name.strip(), value.strip()))
    return fields
