"""`moduletool list`: the project's catalogue — modules, versions, languages and how far each is
translated, and the last package built.

Translation completeness comes from the same counts as `moduletool i18n stats`; the last build
is the newest zip under `dist/<id>/`, so the list tells what the build really left there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from rich import box
from rich.table import Table
from rich.text import Text

from .errors import Diagnostic, Severity
from .i18n import inventory, stats
from .i18n.languages import canonical_tag
from .modules import load_module
from .project import ModuleSource, Project


@dataclass(frozen=True)
class LanguageState:
    """One language of a module: the source, or a translation and its percentage."""

    lang: str
    percent: float
    source: bool = False
    missing: bool = False

    def as_json(self) -> dict[str, object]:
        return {"lang": self.lang, "source": self.source, "percent": self.percent, "missing": self.missing}


@dataclass(frozen=True)
class LastBuild:
    """The newest package of a module in the output folder."""

    path: str
    built_at: datetime

    def as_json(self) -> dict[str, object]:
        return {"path": self.path, "built_at": self.built_at.isoformat(timespec="seconds")}


@dataclass
class CatalogEntry:
    """One row of the list."""

    id: str
    file: str
    valid: bool
    version: str = ""
    title: str = ""
    languages: list[LanguageState] = field(default_factory=list)
    last_build: LastBuild | None = None
    problems: int = 0

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "file": self.file, "valid": self.valid, "problems": self.problems,
                "version": self.version or None, "title": self.title or None,
                "languages": [lang.as_json() for lang in self.languages],
                "last_build": self.last_build.as_json() if self.last_build else None}


def last_build(project: Project, module_id: str) -> LastBuild | None:
    """The newest zip in dist/<id>/ (any language, any format), or None when nothing was built."""
    folder = project.output_dir / module_id
    zips = [path for path in folder.rglob("*.zip") if path.is_file()] if folder.is_dir() else []
    if not zips:
        return None
    newest = max(zips, key=lambda path: (path.stat().st_mtime, path.name))
    return LastBuild(project.display(newest), datetime.fromtimestamp(newest.stat().st_mtime, UTC))


def _languages(project: Project, source: ModuleSource, language: str) -> tuple[list[LanguageState], list[Diagnostic]]:
    own = canonical_tag(language)
    states = [LanguageState(own, 100.0, source=True)]
    targets = [file for file in inventory.translation_files(project, [source]) if file.lang != own]
    report = stats.translation_stats(project, targets)
    states += [LanguageState(file_stats.file.lang, file_stats.counts.percent, missing=file_stats.missing)
               for file_stats in report.files]
    return states, report.diagnostics


def catalog(project: Project, sources: list[ModuleSource]) -> tuple[list[CatalogEntry], list[Diagnostic]]:
    """A row per module; problems reading translations are returned for printing, not fatal."""
    entries: list[CatalogEntry] = []
    diagnostics: list[Diagnostic] = []
    for source in sources:
        loaded = load_module(source)
        errors = sum(1 for d in loaded.diagnostics if d.severity is Severity.ERROR)
        entry = CatalogEntry(source.id, source.display, loaded.ok, problems=errors,
                             last_build=last_build(project, source.id))
        if loaded.module is not None:
            entry.version, entry.title = loaded.module.version, loaded.module.title
            entry.languages, problems = _languages(project, source, loaded.module.language)
            diagnostics += problems
        entries.append(entry)
    return entries, diagnostics


def _language_cell(states: list[LanguageState]) -> Text:
    cell = Text()
    for index, state in enumerate(states):
        if index:
            cell.append(", ")
        if state.source:
            cell.append(f"{state.lang} (source)")
        else:
            style = "green" if state.percent >= 100 else "red" if state.missing else "yellow"
            cell.append(f"{state.lang} {state.percent:g}%" + (" (no file)" if state.missing else ""), style=style)
    return cell


def catalog_table(entries: list[CatalogEntry]) -> Table:
    """The list for people: id, version, title, languages with completeness, last build."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for column in ("Module", "Version", "Title", "Languages", "Last build"):
        table.add_column(column, overflow="fold", no_wrap=column in ("Module", "Version"))
    for entry in entries:
        built = (Text(f"{entry.last_build.built_at:%Y-%m-%d %H:%M} UTC") if entry.last_build
                 else Text("never", style="dim"))
        if entry.valid:
            title = Text(entry.title)
        else:
            title = Text(f"{entry.title} " if entry.title else "")
            title.append(f"invalid: {entry.problems} problem(s), run `moduletool validate {entry.id}`",
                         style="bold red")
        table.add_row(entry.id, entry.version or "?", title, _language_cell(entry.languages), built)
    return table


def modules_summary(entries: list[CatalogEntry]) -> str:
    invalid = sum(1 for entry in entries if not entry.valid)
    return f"{len(entries)} module(s)" + (f", {invalid} invalid" if invalid else "")

