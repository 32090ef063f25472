"""The build pipeline: modules × languages × formats → deterministic zips in dist/.

For each package everything is rendered and checked in memory first; only a complete,
checked package is written, atomically. A broken module is reported and skipped; the others
are still built, and the run ends with exit code 1.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .activity_ids import EXAMPLE_PUBLISHER_IRI, ActivityIds
from .build_languages import (
    LanguageVariant,
    PlayerStringsCache,
    TranslationStatus,
    draft_variant,
    languages_for,
    localized,
    requested_languages,
)
from .config import CONFIG_FILE
from .errors import Diagnostic, UserError, has_errors
from .fsutil import write_atomic
from .modules import LoadedModule, load_module
from .package_check import FORMAT_STANDARDS, SchemaSet, check_package_files, locate_schemas
from .packaging import PackageContext, PackageFormat
from .packaging.control_documents import ControlDocuments, find_control_documents, missing_control_documents
from .packaging.zipfile_writer import build_zip
from .project import ModuleSource, Project
from .render.course_data import worst_case_state_length
from .render.player import RenderRequest, render_player


@dataclass(frozen=True)
class BuiltPackage:
    """One zip written by the build."""

    module_id: str
    lang: str
    format: str
    path: Path
    size: int
    files: int
    draft: bool = False


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


def package_path(output_dir: Path, module_id: str, version: str, lang: str, format_name: str,
                 draft: bool = False) -> Path:
    """dist/<id>/<lang>/<id>-<version>-<lang>-<format>.zip, with `-draft` before `.zip` for drafts."""
    suffix = "-draft" if draft else ""
    return output_dir / module_id / lang / f"{module_id}-{version}-{lang}-{format_name}{suffix}.zip"


def _state_budget_error(loaded: LoadedModule, fmt: PackageFormat, worst: int) -> Diagnostic:
    assert loaded.document is not None
    return Diagnostic(
        loaded.document.locate(("pages",), key=True),
        f"the saved progress of this module can reach {worst} characters, more than {fmt.title} "
        f"stores ({fmt.state_limit})",
        field="pages",
        hint="lower `max_length` on fill-in questions, use fewer questions, or split the module in two",
        code="state-budget")


def build_package(project: Project, loaded: LoadedModule, variant: LanguageVariant, fmt: PackageFormat,
                  worst_case_state: int, control_documents: ControlDocuments | None = None, *,
                  schemas: SchemaSet | None = None, diagnostics: list[Diagnostic] | None = None) -> BuiltPackage | None:
    """Render, package and write one module × language × format.

    The files first pass the checks `moduletool check` runs (findings go to `diagnostics`); a
    package that fails them is not written and None is returned.

    A draft and a release of the same package replace each other: the one not written now is
    removed, so dist/ never offers a stale release beside a newer draft (or the reverse).
    """
    module, lang, draft = variant.module, variant.lang, variant.draft
    publisher = project.config.publisher_iri
    ids = ActivityIds(publisher, module.id) if fmt.needs_publisher_iri and publisher else None
    files = render_player(RenderRequest(module, loaded.source.folder, lang, fmt.name, project.root / "templates",
                                        activity_ids=ids, strings=variant.strings, draft=draft))
    context = PackageContext(module, lang, files, worst_case_state, control_documents, activity_ids=ids,
                             draft=draft)
    files = {**files, **fmt.manifest_files(context)}
    target = package_path(project.output_dir, module.id, module.version, lang, fmt.name, draft)
    problems = check_package_files(files, project.display(target), FORMAT_STANDARDS.get(fmt.name), schemas)
    if diagnostics is not None:
        diagnostics.extend(problems)
    if has_errors(problems):
        return None
    data = build_zip(files)
    write_atomic(target, data)
    package_path(project.output_dir, module.id, module.version, lang, fmt.name, not draft).unlink(missing_ok=True)
    return BuiltPackage(module.id, lang, fmt.name, target, len(data), len(files), draft)


def _variants(project: Project, loaded: LoadedModule, languages: list[str], allow_drafts: bool,
              player_strings: PlayerStringsCache, report: BuildReport) -> list[LanguageVariant]:
    """The module in each of `languages` that can be built; the others are reported and recorded as failed."""
    assert loaded.module is not None
    variants = []
    for lang in languages:
        strings = player_strings.get(lang)
        result, catalog = localized(project, loaded, lang)
        report.diagnostics.extend(result.diagnostics)
        buildable = strings is not None and result.ok and (allow_drafts or not result.gaps)
        if result.gaps:
            report.translations.append(TranslationStatus(loaded.module.id, lang, catalog, result.gaps, buildable))
        if not buildable or strings is None or result.module is None:
            report.fail(loaded.module.id, lang)
            continue
        variants.append(draft_variant(lang, result.module, strings) if result.gaps
                        else LanguageVariant(lang, result.module, strings))
    return variants


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


def build(project: Project, sources: list[ModuleSource], formats: list[PackageFormat],
          on_step: Callable[[str], None] | None = None, *,
          control_documents_dir: Path | None = None, languages: Iterable[str] = (),
          allow_drafts: bool = False) -> BuildReport:
    """Build every package of `sources` in `formats`; collect every problem on the way.

    `control_documents_dir` (the `--control-documents` option) overrides the environment and
    the project's setting; a folder that cannot serve stops the build before anything is written.
    `languages` (`--lang`) restricts the languages built; an unfinished translation is refused
    unless `allow_drafts`, and then built as a visible draft.
    """
    require_publisher_iri(project, formats)
    requested = requested_languages(project, languages)
    report = BuildReport()
    player_strings = PlayerStringsCache(project, report.diagnostics)
    documents = _control_documents(project, formats, control_documents_dir, report)
    schemas = package_schemas(project)
    for source in sources:
        loaded = load_module(source)
        report.diagnostics.extend(loaded.diagnostics)
        if not loaded.ok or loaded.module is None:
            report.fail(source.id)
            if on_step:
                on_step(source.id)
            continue
        module = loaded.module
        variants = _variants(project, loaded, languages_for(module, project, requested), allow_drafts,
                             player_strings, report)
        worst = worst_case_state_length(module)
        for fmt in formats:
            if worst > fmt.state_limit:
                report.diagnostics.append(_state_budget_error(loaded, fmt, worst))
                report.fail(source.id)
                continue
            for variant in variants:
                built = build_package(project, loaded, variant, fmt, worst, documents, schemas=schemas,
                                      diagnostics=report.diagnostics)
                if built is None:
                    report.fail(source.id, variant.lang)
                else:
                    report.packages.append(built)
        if on_step:
            on_step(source.id)
    return report
