"""How far each translation is: entries and source words by state, per module × language.

The states are `provenance.state_of`'s, so stats, release builds and machine translation agree
on what "translated" means. Two rules of our own:

* a media entry (`contexts.is_media_entry`) with an empty translation means "use the same
  file", a deliberate answer, so it counts as translated, and as zero words: a path is not
  text anyone translates;
* words are those of the *source* (msgid) — what a translator or an agency is paid for —
  counted on the plain text of Markdown entries, so that `[text](https://…)` is not a word.

A missing `.po` counts every entry of the module's template as untranslated: a language listed
in the project but not started yet is 0 %, not absent from the report.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Self

from rich import box
from rich.table import Table
from rich.text import Text

from ..errors import Diagnostic, SourceLocation, UserError
from ..project import Project
from ..render.markdown import to_plain_text
from .catalog import Catalog, Entry
from .catalog_io import read_catalog, template_path
from .contexts import is_media_entry
from .inventory import TranslationFile
from .markup import is_markdown
from .provenance import State, provenance_of, release_state, text_digest

STATES = (State.translated, State.machine_draft, State.fuzzy, State.untranslated)


def _key(state: State) -> str:
    """`machine-draft` → `machine_draft`: JSON keys in the style of the other reports."""
    return state.value.replace("-", "_")


def source_words(entry: Entry) -> int:
    """Words a translator reads in the source: plain text of Markdown, nothing for a file path."""
    if entry.msgctxt is not None and is_media_entry(entry.msgctxt):
        return 0
    texts = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural is not None else [])
    if is_markdown(entry):
        texts = [to_plain_text(text) for text in texts]
    return sum(len(text.split()) for text in texts)


def machine_fate(entry: Entry) -> str | None:
    """For a reviewed (not fuzzy) entry that started as a machine draft: `accepted` as is, or `edited`."""
    provenance = provenance_of(entry)
    if provenance is None or entry.fuzzy or not entry.translated:
        return None
    return "accepted" if provenance.digest == text_digest(entry.msgstr) else "edited"


@dataclass
class Counts:
    """Entries and source words by state; adding two gives the totals of both."""

    entries: dict[State, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    words: dict[State, int] = field(default_factory=lambda: dict.fromkeys(STATES, 0))
    machine: dict[str, int] = field(default_factory=lambda: {"accepted": 0, "edited": 0})
    obsolete: int = 0
    missing_files: int = 0
    """Files not started yet (their entries are counted from the template)."""

    def add_entry(self, entry: Entry, state: State | None = None) -> None:
        """Count one entry, in its own state or in `state`."""
        state = state or release_state(entry)
        self.entries[state] += 1
        self.words[state] += source_words(entry)
        fate = machine_fate(entry)
        if fate is not None:
            self.machine[fate] += 1

    def __iadd__(self, other: Counts) -> Self:
        for state in STATES:
            self.entries[state] += other.entries[state]
            self.words[state] += other.words[state]
        for fate in self.machine:
            self.machine[fate] += other.machine[fate]
        self.obsolete += other.obsolete
        self.missing_files += other.missing_files
        return self

    @property
    def total(self) -> int:
        return sum(self.entries.values())

    @property
    def total_words(self) -> int:
        return sum(self.words.values())

    @property
    def words_to_do(self) -> int:
        """Source words still waiting for a person: untranslated, fuzzy and unreviewed drafts."""
        return self.total_words - self.words[State.translated]

    @property
    def percent(self) -> float:
        """Translated entries in percent, rounded down (99.96 % is not 100 %); nothing to translate is 100."""
        if not self.total:
            return 0.0 if self.missing_files else 100.0
        return math.floor(1000 * self.entries[State.translated] / self.total) / 10

    def as_json(self) -> dict[str, object]:
        return {"entries": self.total, **{_key(s): self.entries[s] for s in STATES},
                "words": {"total": self.total_words, **{_key(s): self.words[s] for s in STATES}},
                "machine_translation": {"unreviewed": self.entries[State.machine_draft], **self.machine},
                "obsolete": self.obsolete, "missing_files": self.missing_files, "percent": self.percent}


def catalog_counts(catalog: Catalog, *, from_template: bool = False) -> Counts:
    """The counts of a `.po`, or of a template standing for a missing `.po`: all untranslated,
    media paths included (nobody has decided yet that the same file will do)."""
    counts = Counts()
    for entry in catalog.active:
        counts.add_entry(entry, State.untranslated if from_template else None)
    counts.obsolete = sum(1 for entry in catalog.obsolete if entry.translated)
    return counts


@dataclass
class FileStats:
    """The counts of one module in one language."""

    file: TranslationFile
    counts: Counts

    @property
    def missing(self) -> bool:
        """No `.po` yet: the counts are the template's, all untranslated."""
        return bool(self.counts.missing_files)

    def as_json(self) -> dict[str, object]:
        return {"module": self.file.module.id, "lang": self.file.lang, "file": self.file.display,
                "missing": self.missing, **self.counts.as_json()}


@dataclass
class StatsReport:
    """Every file's counts, the totals per language and overall, and the files that could not be read."""

    files: list[FileStats] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def by_language(self) -> dict[str, Counts]:
        totals: dict[str, Counts] = {}
        for stats in self.files:
            totals.setdefault(stats.file.lang, Counts())
            totals[stats.file.lang] += stats.counts
        return dict(sorted(totals.items()))

    def total(self) -> Counts:
        total = Counts()
        for stats in self.files:
            total += stats.counts
        return total

    def as_json(self) -> dict[str, object]:
        return {"ok": not self.diagnostics, "files": [stats.as_json() for stats in self.files],
                "languages": [{"lang": lang, **counts.as_json()} for lang, counts in self.by_language().items()],
                "total": self.total().as_json(),
                "diagnostics": [d.as_json() for d in self.diagnostics]}


def _file_stats(project: Project, file: TranslationFile) -> FileStats:
    if file.exists:
        return FileStats(file, catalog_counts(read_catalog(file.path, file.display)))
    template = template_path(project.root, file.module.id)
    counts = Counts()
    if template.is_file():
        counts = catalog_counts(read_catalog(template, project.display(template)), from_template=True)
    counts.missing_files = 1
    return FileStats(file, counts)


def translation_stats(project: Project, files: list[TranslationFile]) -> StatsReport:
    """The counts of every file; an unreadable one is reported and left out, the others still count."""
    report = StatsReport()
    for file in files:
        try:
            report.files.append(_file_stats(project, file))
        except UserError as error:
            report.diagnostics += error.diagnostics
    return report


def below_threshold(report: StatsReport, minimum: float) -> list[Diagnostic]:
    """One error per file translated less than `minimum` percent (for `--fail-under` in CI)."""
    return [Diagnostic(SourceLocation(stats.file.display), f"{stats.counts.percent:g}% translated, "
                       f"below --fail-under {minimum:g}", hint="translate and review the remaining entries "
                       "(`moduletool i18n stats` shows where they are)", code="below-threshold")
            for stats in report.files if stats.counts.percent < minimum]


_COLUMNS = {State.translated: ("Done", "green"), State.machine_draft: ("MT", "yellow"),
            State.fuzzy: ("Fuzzy", "yellow"), State.untranslated: ("Empty", "red")}
"""Short headings, so that the table fits 80 columns (`--help` and the JSON keys spell them out)."""


def _row(module: str, lang: str, counts: Counts, missing: bool = False) -> list[str | Text]:
    done = f"{counts.percent:g}%"
    style = "green" if counts.percent >= 100 else "red" if missing else "yellow"
    cells: list[str | Text] = [module, lang]
    cells += [str(counts.entries[state]) for state in STATES]
    cells += [str(counts.total_words), str(counts.words_to_do), Text(done + (" (no file)" if missing else ""),
                                                                     style=style)]
    return cells


def stats_table(report: StatsReport) -> Table:
    """The report for people: one row per module × language, then one total row per language."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Module", no_wrap=True)
    table.add_column("Lang", no_wrap=True)
    for state in STATES:
        name, style = _COLUMNS[state]
        table.add_column(name, justify="right", style=style)
    table.add_column("Words", justify="right")
    table.add_column("To do", justify="right")
    table.add_column("%", justify="right", no_wrap=True)
    for stats in report.files:
        table.add_row(*_row(stats.file.module.id, stats.file.lang, stats.counts, stats.missing))
    table.add_section()
    for lang, counts in report.by_language().items():
        table.add_row(*_row("total", lang, counts), style="bold")
    return table
