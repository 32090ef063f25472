"""Building one module: load it, localise it in each language, render, check, zip and write its packages.

This is the work a build process does for one `ModuleTask`, in the main process or in a worker
(`build_jobs`); it returns a `ModuleOutcome` and writes nothing but the module's own zips. A
module with few packages left to build can be split into parts (every `parts`-th language), so
that one edited module still keeps every core busy.

For each package everything is rendered and checked in memory first; only a complete, checked
package is written, atomically.
"""

from __future__ import annotations

import hashlib
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .activity_ids import ActivityIds
from .build_cache import BuildKeys, stamp_of, verified
from .build_languages import (
    LanguageVariant,
    PlayerStringsCache,
    TranslationStatus,
    language_variant,
    languages_for,
    localized,
)
from .build_results import BuiltPackage, LanguageOutcome, ModuleOutcome, PackageOutcome, outcome_from_json
from .errors import Diagnostic, has_errors
from .fsutil import write_atomic
from .i18n.languages import canonical_tag
from .i18n.player_strings import PlayerStrings
from .modules import LoadedModule, load_module
from .package_check import FORMAT_STANDARDS, SchemaSet, check_package_files
from .packaging import PackageContext, PackageFormat, get_format
from .packaging.control_documents import ControlDocuments
from .packaging.zipfile_writer import MemberCache, build_zip
from .project import ModuleSource, Project
from .render.course_data import worst_case_state_length
from .render.player import render_player


def package_path(output_dir: Path, module_id: str, version: str, lang: str, format_name: str,
                 draft: bool = False) -> Path:
    """dist/<id>/<lang>/<id>-<version>-<lang>-<format>.zip, with `-draft` before `.zip` for drafts."""
    suffix = "-draft" if draft else ""
    return output_dir / module_id / lang / f"{module_id}-{version}-{lang}-{format_name}{suffix}.zip"


@dataclass(frozen=True)
class BuildSettings:
    """What every module of one build shares; sent once to each worker process."""

    project: Project
    format_names: tuple[str, ...]
    requested: list[str] | None
    allow_drafts: bool
    control_documents: ControlDocuments | None
    schemas: SchemaSet | None
    keys: BuildKeys


@dataclass(frozen=True)
class ModuleTask:
    """Build `source` (whose cache key is `key`), only languages `part`, `part + parts`, … of it."""

    source: ModuleSource
    key: str
    part: int = 0
    parts: int = 1
    previous: dict[str, Any] | None = None
    """The cache's record of the module's last complete build with the same key: its packages whose
    own keys still match (and whose zips are intact) are kept rather than built again."""


def state_budget_error(loaded: LoadedModule, fmt: PackageFormat, worst: int) -> Diagnostic:
    assert loaded.document is not None
    return Diagnostic(
        loaded.document.locate(("pages",), key=True),
        f"the saved progress of this module can reach {worst} characters, more than {fmt.title} "
        f"stores ({fmt.state_limit})",
        field="pages",
        hint="lower `max_length` on fill-in questions, use fewer questions, or split the module in two",
        code="state-budget")


def build_package(settings: BuildSettings, loaded: LoadedModule, variant: LanguageVariant, fmt: PackageFormat,
                  worst_case_state: int, key: str, members: MemberCache | None = None,
                  writer: ZipWriter | None = None) -> PackageOutcome:
    """Render, package, check and write one module × language × format.

    The files first pass the checks `moduletool check` runs; a package that fails them is not
    written (the outcome has no package). A draft and a release of the same package replace each
    other: the one not written now is removed, so dist/ never offers a stale release beside a
    newer draft (or the reverse). With a `writer`, the zip is written in the background: its
    stamp is set once `writer.finish()` returns.
    """
    project = settings.project
    module, lang, draft = variant.module, variant.lang, variant.draft
    publisher = project.config.publisher_iri
    ids = ActivityIds(publisher, module.id) if fmt.needs_publisher_iri and publisher else None
    files = render_player(variant.render_request(loaded.source.folder, fmt.name, project.root / "templates", ids))
    context = PackageContext(module, lang, files, worst_case_state, settings.control_documents, activity_ids=ids,
                             draft=draft)
    files = {**files, **fmt.manifest_files(context)}
    target = package_path(project.output_dir, module.id, module.version, lang, fmt.name, draft)
    problems = check_package_files(files, project.display(target), FORMAT_STANDARDS.get(fmt.name), settings.schemas)
    outcome = PackageOutcome(fmt.name, key, problems)
    if has_errors(problems):
        return outcome
    data = build_zip(files, members)
    outcome.package = BuiltPackage(module.id, lang, fmt.name, target, len(data), len(files), draft)
    other = package_path(project.output_dir, module.id, module.version, lang, fmt.name, not draft)
    if writer is None:
        ZipWriter().write(outcome, target, data, other).close()
    else:
        writer.write(outcome, target, data, other)
    return outcome


class ZipWriter:
    """Writes zips on a thread of their own, so the next package renders while this one goes to disk.

    An atomic write waits for the disk (fsync) far more than it uses the CPU, and hashing lets
    other threads run too. At most `pending` zips wait in memory; `finish` waits for every write,
    fills in each zip's SHA-256 and stamp and raises what a write raised (a full disk, a
    read-only folder).
    """

    def __init__(self, pending: int = 2) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zip-writer")
        self._slots = threading.Semaphore(pending)
        self._writes: list[tuple[Future[tuple[str, tuple[int, ...]]], PackageOutcome]] = []

    def write(self, outcome: PackageOutcome, target: Path, data: bytes, replaced: Path) -> ZipWriter:
        """Write `data` to `target` atomically, then remove `replaced` (the draft or release it supersedes)."""
        self._slots.acquire()

        def job() -> tuple[str, tuple[int, ...]]:
            try:
                write_atomic(target, data)
                replaced.unlink(missing_ok=True)
                return hashlib.sha256(data).hexdigest(), stamp_of(target)
            finally:
                self._slots.release()

        self._writes.append((self._thread.submit(job), outcome))
        return self

    def finish(self) -> None:
        writes, self._writes = self._writes, []
        for future, outcome in writes:
            outcome.sha256, outcome.stamp = future.result()

    def close(self) -> None:
        """`finish`, then end the thread (a process about to start workers should have no other thread)."""
        try:
            self.finish()
        finally:
            self._thread.shutdown()


@dataclass
class ModuleBuilder:
    """Builds modules in one process, keeping what modules share: player strings, compressed files, the last module."""

    settings: BuildSettings
    members: MemberCache = field(default_factory=MemberCache)
    writer: ZipWriter | None = None
    _strings: dict[str, tuple[PlayerStrings | None, list[Diagnostic]]] = field(default_factory=dict)
    _last: tuple[ModuleTask, LoadedModule] | None = None

    @property
    def formats(self) -> list[PackageFormat]:
        return [get_format(name) for name in self.settings.format_names]

    def strings(self, lang: str) -> tuple[PlayerStrings | None, list[Diagnostic]]:
        """The player strings of `lang` and the problems found loading them (the same ones each time)."""
        if lang not in self._strings:
            found: list[Diagnostic] = []
            self._strings[lang] = (PlayerStringsCache(self.settings.project, found).get(lang), found)
        return self._strings[lang]

    def load(self, task: ModuleTask) -> LoadedModule:
        """The module, loaded once for consecutive parts of it."""
        if self._last is not None and (self._last[0].source, self._last[0].key) == (task.source, task.key):
            return self._last[1]
        loaded = load_module(task.source)
        self._last = (task, loaded)
        return loaded

    def run(self, task: ModuleTask) -> ModuleOutcome:
        """Every package of the task's languages of its module."""
        loaded = self.load(task)
        outcome = ModuleOutcome(task.source.id, task.key, task.part)
        if task.part == 0:
            outcome.diagnostics = loaded.diagnostics
        if not loaded.ok or loaded.module is None:
            return outcome
        module = loaded.module
        outcome.loaded = True
        outcome.own_language = canonical_tag(module.language)
        outcome.languages = languages_for(module, self.settings.project, self.settings.requested)
        worst = worst_case_state_length(module)
        over_budget = {fmt.name: state_budget_error(loaded, fmt, worst) for fmt in self.formats
                       if worst > fmt.state_limit}
        if task.part == 0:
            outcome.budget_errors = over_budget
        kept = self.kept_packages(task)
        self.writer = ZipWriter()
        try:
            for lang in outcome.languages[task.part::task.parts]:
                outcome.results.append(self.language(task, loaded, lang, worst, set(over_budget), kept))
        finally:
            self.writer.close()
        return outcome

    def kept_packages(self, task: ModuleTask) -> dict[tuple[str, str], PackageOutcome]:
        """(language key, package key) → the package of the module's last build, for those still reusable."""
        if task.previous is None:
            return {}
        previous = outcome_from_json(task.previous, self.settings.project.root)
        return {(result.key, package.key): package for result in previous.results for package in result.packages}

    @staticmethod
    def reuse(package: PackageOutcome | None) -> PackageOutcome | None:
        """`package` when its zip is still the one written (with its current stamp), else None."""
        if package is None or package.package is None:
            return None
        stamp = verified(package.package.path, package.package.size, package.sha256, package.stamp)
        if stamp is None:
            return None
        package.stamp = stamp
        return package

    def language(self, task: ModuleTask, loaded: LoadedModule, lang: str, worst: int,
                 over_budget: set[str], kept: dict[tuple[str, str], PackageOutcome]) -> LanguageOutcome:
        """The module in `lang`: refused (translation not ready, broken player strings) or its packages."""
        assert loaded.module is not None
        settings = self.settings
        strings, strings_problems = self.strings(lang)
        result, catalog = localized(settings.project, loaded, lang)
        key = settings.keys.language(task.key, loaded.module.id, lang)
        outcome = LanguageOutcome(lang, key, strings_problems, list(result.diagnostics))
        outcome.buildable = strings is not None and result.ok and (settings.allow_drafts or not result.gaps)
        if result.gaps:
            outcome.status = TranslationStatus(loaded.module.id, lang, catalog, result.gaps, outcome.buildable)
        if not outcome.buildable or strings is None or result.module is None:
            outcome.buildable = False
            return outcome
        variant = language_variant(lang, result, strings)
        for fmt in self.formats:
            if fmt.name in over_budget:
                continue
            package_key = settings.keys.package(key, fmt.name)
            outcome.packages.append(self.reuse(kept.get((key, package_key))) or build_package(
                settings, loaded, variant, fmt, worst, package_key, self.members, self.writer))
        return outcome
