"""The translation commands as functions: extract templates, start a language, update catalogs.

Each function works module by module: it loads and checks the module (an invalid module is
refused with its diagnostics), computes every file of that module in memory, and only then
writes them, atomically and only when they change. `init` is all or nothing across modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Diagnostic, Severity, SourceLocation, UserError
from ..modules import LoadedModule, load_module
from ..project import ModuleSource, Project
from .catalog import Catalog
from .catalog_io import (
    CREATION_DATE,
    TEMPLATES_DIR,
    TRANSLATIONS_DIR,
    now_stamp,
    po_path,
    read_catalog,
    template_path,
    write_catalog,
)
from .extract import template_catalog
from .languages import Language, get_language
from .merge import MergeReport, new_translation, update_translation
from .po_format import format_catalog
from .provenance import State, release_state


@dataclass
class FileResult:
    """One catalog file the command looked at."""

    module: str
    lang: str | None
    """None for the template."""
    path: str
    action: str
    """`created`, `updated` or `unchanged`."""
    catalog: Catalog
    changes: MergeReport | None = None

    def counts(self) -> dict[str, int]:
        """Entries by state (for a template, every entry is untranslated)."""
        active = self.catalog.active
        if self.lang is None:
            return {"entries": len(active), "translated": 0, "fuzzy": 0, "untranslated": len(active),
                    "obsolete": len(self.catalog.obsolete)}
        states = [release_state(e) for e in active]
        translated = states.count(State.translated)
        fuzzy = len(states) - translated - states.count(State.untranslated)
        return {"entries": len(active), "translated": translated, "fuzzy": fuzzy,
                "untranslated": len(active) - translated - fuzzy, "obsolete": len(self.catalog.obsolete)}

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {"module": self.module, "lang": self.lang, "file": self.path,
                                   "action": self.action, **self.counts()}
        if self.changes is not None:
            data["changes"] = self.changes.as_json()
        return data


@dataclass
class Outcome:
    """Everything a command did and everything that stopped it."""

    files: list[FileResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    """Ids of the modules left untouched because of an error."""


@dataclass
class _Planned:
    path: Path
    result: FileResult
    ignore_date: bool = False


def _loaded(source: ModuleSource) -> LoadedModule:
    loaded = load_module(source)
    if not loaded.ok:
        raise UserError(loaded.diagnostics)
    return loaded


def _template(project: Project, loaded: LoadedModule) -> tuple[Catalog, _Planned]:
    """The module's fresh template; it keeps the date of the file on disk when nothing else changed."""
    assert loaded.module is not None
    path = template_path(project.root, loaded.module.id)
    catalog = template_catalog(loaded, now_stamp())
    if path.is_file():
        try:
            current = read_catalog(path, project.display(path))
        except UserError:
            current = None  # a broken template is simply regenerated
        if current is not None and current.get(CREATION_DATE):
            same = Catalog(list(catalog.header), catalog.header_comments, catalog.header_flags, catalog.entries)
            same.set(CREATION_DATE, current.get(CREATION_DATE) or "")
            if format_catalog(same) == format_catalog(current):
                catalog = same
    result = FileResult(loaded.module.id, None, project.display(path), "", catalog)
    return catalog, _Planned(path, result, ignore_date=True)


def _write(plans: list[_Planned], outcome: Outcome) -> None:
    for plan in plans:
        existed = plan.path.is_file()
        written = write_catalog(plan.path, plan.result.catalog, ignore_date=plan.ignore_date)
        plan.result.action = ("updated" if existed else "created") if written else "unchanged"
        outcome.files.append(plan.result)


def _refuse(outcome: Outcome, module_id: str, error: UserError) -> None:
    outcome.diagnostics.extend(error.diagnostics)
    outcome.failed.append(module_id)


def extract(project: Project, sources: list[ModuleSource]) -> Outcome:
    """Write translations/templates/<id>.pot for each module."""
    outcome = Outcome()
    for source in sources:
        try:
            _, plan = _template(project, _loaded(source))
        except UserError as error:
            _refuse(outcome, source.id, error)
            continue
        _write([plan], outcome)
    return outcome


def _check_target(language: Language, loaded: LoadedModule) -> None:
    assert loaded.module is not None
    if language.tag.split("-")[0] == loaded.module.language.split("-")[0]:
        raise UserError.at("--lang", f"`{language.tag}` is the source language of the module {loaded.module.id}",
                           hint="translations are for the other languages", code="source-language")


def init(project: Project, sources: list[ModuleSource], lang: str) -> Outcome:
    """Create translations/<lang>/<id>.po for each module; refuse everything if any file exists."""
    outcome = Outcome()
    language = get_language(lang)
    plans: list[_Planned] = []
    for source in sources:
        try:
            loaded = _loaded(source)
            _check_target(language, loaded)
            template, template_plan = _template(project, loaded)
            target = po_path(project.root, language.tag, source.id)
            if target.exists():
                raise UserError.at(project.display(target), "already exists; init never overwrites a translation",
                                   hint=f"run `moduletool i18n update --lang {language.tag}` to bring it up to date",
                                   code="po-exists")
        except UserError as error:
            _refuse(outcome, source.id, error)
            continue
        catalog = new_translation(template, language)
        plans += [template_plan, _Planned(target, FileResult(source.id, language.tag, project.display(target), "",
                                                             catalog))]
    if outcome.failed:
        return outcome
    _write(plans, outcome)
    if language.tag not in project.config.languages:
        outcome.diagnostics.append(Diagnostic(
            SourceLocation("moduletool.yaml"), f"`{language.tag}` is not in `languages`",
            hint=f"add it (languages: [{', '.join([*project.config.languages, language.tag])}]) so that "
                 "builds and reports include it", severity=Severity.WARNING, code="language-not-listed"))
    return outcome


def _languages_of(project: Project, module_id: str, lang: str | None) -> list[tuple[Language, Path]]:
    """The existing .po files of a module: for one language, or for every language folder."""
    if lang is not None:
        language = get_language(lang)
        path = po_path(project.root, language.tag, module_id)
        if not path.is_file():
            raise UserError.at(project.display(path), "no such translation",
                               hint=f"start it with `moduletool i18n init --lang {language.tag} {module_id}`",
                               code="no-translation")
        return [(language, path)]
    found = []
    folder = project.root / TRANSLATIONS_DIR
    for path in sorted(folder.glob(f"*/{module_id}.po")) if folder.is_dir() else []:
        if path.parent.name != TEMPLATES_DIR:
            found.append((get_language(path.parent.name, where=project.display(path.parent)), path))
    return found


def update(project: Project, sources: list[ModuleSource], lang: str | None = None) -> Outcome:
    """Re-extract each module and merge every existing .po of it (or only `lang`'s) with the template."""
    outcome = Outcome()
    if lang is not None:
        get_language(lang)
    for source in sources:
        try:
            loaded = _loaded(source)
            template, template_plan = _template(project, loaded)
            plans = [template_plan]
            for language, path in _languages_of(project, source.id, lang):
                old = read_catalog(path, project.display(path))
                catalog, report = update_translation(old, template, language)
                plans.append(_Planned(path, FileResult(source.id, language.tag, project.display(path), "",
                                                       catalog, report)))
        except UserError as error:
            _refuse(outcome, source.id, error)
            continue
        _write(plans, outcome)
    return outcome
