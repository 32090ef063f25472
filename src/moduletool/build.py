"""The build pipeline: modules × languages × formats → deterministic zips in dist/.

For each package everything is rendered and checked in memory first; only a complete,
checked package is written, atomically (`build_module`). A broken module is reported and
skipped; the others are still built, and the run ends with exit code 1.

Modules are built on every core (`build_jobs`), and a module whose inputs have not changed
since its last complete build is not built again (`build_cache`); either way the outcomes are
merged here, in the order of the modules, formats and languages, so the report is the same
whatever ran where.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .activity_ids import EXAMPLE_PUBLISHER_IRI
from .build_cache import BuildKeys, CacheStore, verified
from .build_jobs import default_jobs, run_tasks, split
from .build_languages import TranslationStatus, build_languages, requested_languages
from .build_module import BuildSettings, ModuleTask, package_path
from .build_results import (
    BuiltPackage,
    ModuleOutcome,
    merge_parts,
    merge_records,
    outcome_from_json,
    outcome_to_json,
)
from .config import CONFIG_FILE
from .errors import Diagnostic, UserError
from .package_check import SchemaSet, locate_schemas
from .packaging import PackageFormat
from .packaging.control_documents import ControlDocuments, find_control_documents, missing_control_documents
from .project import ModuleSource, Project

__all__ = ["BuildReport", "BuiltPackage", "build", "package_path", "package_schemas", "require_publisher_iri"]


@dataclass
class BuildReport:
    """What a build produced and what stopped the rest."""

    packages: list[BuiltPackage] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failed_modules: list[str] = field(default_factory=list)
    """Modules with at least one package not built."""
    not_built: list[tuple[str, str | None]] = field(default_factory=list)
    """What was not built: (module, language), or (module, None) for all of a module's languages."""
    translations: list[TranslationStatus] = field(default_factory=list)
    """Every module × language whose translation is unfinished: refused, or built as a draft."""

    def fail(self, module_id: str, lang: str | None = None) -> None:
        """Record that `module_id` (or only its `lang` packages) was not built."""
        if (module_id, lang) not in self.not_built:
            self.not_built.append((module_id, lang))
        if module_id not in self.failed_modules:
            self.failed_modules.append(module_id)

    def describe_not_built(self) -> list[str]:
        """`job-search (fr, ar)` or `broken` (every language) for each module not fully built."""
        described = []
        for module_id in self.failed_modules:
            langs = [lang for name, lang in self.not_built if name == module_id]
            whole = not langs or None in langs
            described.append(module_id if whole else f"{module_id} ({', '.join(str(lang) for lang in langs)})")
        return described


def _control_documents(project: Project, formats: list[PackageFormat], folder: Path | None,
                       report: BuildReport) -> ControlDocuments | None:
    """The XSD control documents, read once when a chosen format ships some; warns once when none are named."""
    schemas = {namespace: xsd for fmt in formats for namespace, xsd in fmt.control_documents.items()}
    if not schemas:
        return None
    documents = find_control_documents(project, folder, schemas)
    if documents is None:
        report.diagnostics.append(missing_control_documents(fmt.title for fmt in formats if fmt.control_documents))
    return documents


def package_schemas(project: Project) -> SchemaSet | None:
    """The XSDs the build validates its own packages against: $MODULETOOL_SCHEMAS, else `schemas:`."""
    configured = project.config.schemas
    return locate_schemas(None, project.root / configured if configured else None)


def require_publisher_iri(project: Project, formats: list[PackageFormat]) -> None:
    """Stop before anything is built when a chosen format names modules by IRIs and none is configured.

    Inventing a default would bake ids into packages that LMSs and LRSs keep for good.
    """
    needing = [fmt.title for fmt in formats if fmt.needs_publisher_iri]
    if needing and not project.config.publisher_iri:
        raise UserError.at(
            project.display(project.root / CONFIG_FILE),
            f"{' and '.join(needing)} packages need `publisher_iri`, the IRI their course and activity ids are "
            "built from",
            hint=f"add `publisher_iri: {EXAMPLE_PUBLISHER_IRI}` with an http(s) address your organisation "
                 "controls, and never change it once packages are in use",
            code="publisher-iri-missing")


def _restamp(record: dict[str, Any], lang: str, format_name: str, stamp: tuple[int, ...]) -> None:
    for result in record["results"]:
        for package in result["packages"]:
            if result["lang"] == lang and package["format"] == format_name:
                package["stamp"] = list(stamp)
                record["restamped"] = True


def _replay(record: dict[str, Any] | None, key: str, keys: BuildKeys, formats: list[str],
            project: Project, requested: list[str] | None) -> ModuleOutcome | None:
    """The cached outcome of a module, when its key, every language's and package's key and every zip still match."""
    if record is None or record.get("key") != key:
        return None
    cached = outcome_from_json(record, project.root)
    by_lang = {result.lang: result for result in cached.results}
    languages = build_languages(cached.own_language, project, requested)
    results = []
    for lang in languages:
        result = by_lang.get(lang)
        if result is None or result.key != keys.language(key, cached.module_id, lang):
            return None
        packages = {package.format: package for package in result.packages}
        chosen = [packages.get(name) for name in formats]
        for name, package in zip(formats, chosen):
            if package is None or package.package is None or package.key != keys.package(result.key, name):
                return None
            stamp = verified(package.package.path, package.package.size, package.sha256, package.stamp)
            if stamp is None:
                return None
            if stamp != package.stamp:  # the same zip, touched or copied back: remember its new stamp
                package.stamp = stamp
                _restamp(record, lang, name, stamp)
        result.packages = [package for package in chosen if package is not None]
        results.append(result)
    cached.languages, cached.results = languages, results
    return cached


def _report_module(report: BuildReport, outcome: ModuleOutcome, formats: list[str], strings_seen: set[str]) -> None:
    """Add one module's outcome to the report, in the order a serial build finds things."""
    module_id = outcome.module_id
    report.diagnostics.extend(outcome.diagnostics)
    if not outcome.loaded:
        report.fail(module_id)
        return
    for result in outcome.results:
        if result.lang not in strings_seen:  # the player's strings are reported once per build
            strings_seen.add(result.lang)
            report.diagnostics.extend(result.strings_diagnostics)
        report.diagnostics.extend(result.diagnostics)
        if result.status is not None:
            report.translations.append(result.status)
        if not result.buildable:
            report.fail(module_id, result.lang)
    for name in formats:
        if name in outcome.budget_errors:
            report.diagnostics.append(outcome.budget_errors[name])
            report.fail(module_id)
            continue
        for result in outcome.results:
            for package in result.packages:
                if package.format != name:
                    continue
                report.diagnostics.extend(package.diagnostics)
                if package.package is None:
                    report.fail(module_id, result.lang)
                else:
                    report.packages.append(package.package)


def build(project: Project, sources: list[ModuleSource], formats: list[PackageFormat],
          on_step: Callable[[str], None] | None = None, *,
          control_documents_dir: Path | None = None, languages: Iterable[str] = (),
          allow_drafts: bool = False, jobs: int | None = None, force: bool = False) -> BuildReport:
    """Build every package of `sources` in `formats`; collect every problem on the way.

    `control_documents_dir` (the `--control-documents` option) overrides the environment and
    the project's setting; a folder that cannot serve stops the build before anything is written.
    `languages` (`--lang`) restricts the languages built; an unfinished translation is refused
    unless `allow_drafts`, and then built as a visible draft. `jobs` worker processes build the
    modules (default: one per core); packages whose inputs are unchanged are kept unless `force`.
    `on_step` is called with each module's id once all of its packages are done.
    """
    require_publisher_iri(project, formats)
    requested = requested_languages(project, languages)
    report = BuildReport()
    documents = _control_documents(project, formats, control_documents_dir, report)
    schemas = package_schemas(project)
    keys = BuildKeys.of(project, formats, documents, schemas, allow_drafts)
    names = [fmt.name for fmt in formats]
    settings = BuildSettings(project, tuple(names), requested, allow_drafts, documents, schemas, keys)
    store = CacheStore(project)
    store.load()
    outcomes: dict[str, ModuleOutcome] = {}
    tasks = []
    for source in sources:
        key = keys.module(source)
        record = None if force else store.modules.get(source.id)
        if record is not None and record.get("key") != key:
            record = None
        replayed = _replay(record, key, keys, names, project, requested)
        if replayed is None:
            tasks.append(ModuleTask(source, key, previous=record))
            continue
        outcomes[source.id] = replayed
        if on_step:
            on_step(source.id)
    workers = jobs or default_jobs()
    parts: dict[str, list[ModuleOutcome]] = {}
    tasks = split(tasks, workers)

    def done(outcome: ModuleOutcome) -> None:
        parts.setdefault(outcome.module_id, []).append(outcome)
        task_count = sum(1 for task in tasks if task.source.id == outcome.module_id)
        if len(parts[outcome.module_id]) < task_count:
            return
        merged = outcomes[outcome.module_id] = merge_parts(parts[outcome.module_id])
        if merged.loaded:  # a record with languages or packages missing is never replayed whole, only reused
            store.modules[merged.module_id] = merge_records(store.modules.get(merged.module_id),
                                                            outcome_to_json(merged, project.root))
        else:
            store.modules.pop(merged.module_id, None)
        if on_step:
            on_step(merged.module_id)

    try:
        run_tasks(settings, tasks, workers, done)
    finally:
        restamped = [record for record in store.modules.values() if record.pop("restamped", False)]
        if tasks or restamped:
            store.save()
    strings_seen: set[str] = set()
    for source in sources:
        _report_module(report, outcomes[source.id], names, strings_seen)
    return report
