"""One preview render: the module in one language and format, as the files of its package, in memory.

It uses the build's own steps (load and check, localize, player strings, render, the format's
manifest), so the preview shows what `moduletool build` would put in the zip; nothing is
written. Whatever stops it (a YAML mistake, a broken translation, moduletool.yaml) comes back
as diagnostics for the page to show, never as an exception.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..activity_ids import EXAMPLE_PUBLISHER_IRI, ActivityIds
from ..build_languages import LanguageVariant, PlayerStringsCache, language_variant, localized
from ..config import CONFIG_FILE
from ..errors import Diagnostic, SourceLocation, UserError, has_errors
from ..i18n.languages import canonical_tag
from ..modules import LoadedModule, load_module
from ..packaging import PackageContext, get_format
from ..packaging.cmi5 import mastery_score, move_on
from ..project import ModuleSource, Project
from ..render.course_data import worst_case_state_length
from ..render.player import render_player
from ..render.theme import default_theme_dir

STANDARDS = {"scorm12": "1.2", "scorm2004": "2004", "cmi5": "cmi5", "xapi": "xapi", "web": "web"}
"""What the side panel plays for each format: a SCORM API version, an LRS, or nothing (web)."""


@dataclass(frozen=True)
class PreviewTarget:
    """What to preview: the project folder, the module (None: the only one), language and format."""

    root: Path
    module_id: str | None
    lang: str | None
    format_name: str


@dataclass(frozen=True)
class LaunchInfo:
    """What a cmi5 or Tin Can LMS knows about the package before launching it."""

    activity_id: str
    move_on: str = ""
    mastery_score: str | None = None


@dataclass
class Rendered:
    """The outcome of one render: the package's files when it worked, the problems either way."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)
    module_id: str = ""
    title: str = ""
    lang: str = ""
    format_name: str = ""
    state_limit: int = 0
    worst_case_state: int = 0
    launch: LaunchInfo | None = None
    mastery_percent: int | None = None
    """The pass mark the manifest hands the LMS (masteryscore, minNormalizedMeasure); None without a quiz."""
    notes: list[str] = field(default_factory=list)
    watch: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.files) and not has_errors(self.diagnostics)

    @property
    def standard(self) -> str:
        return STANDARDS.get(self.format_name, "web")

    def status_json(self, generation: int) -> dict[str, object]:
        return {"generation": generation, "ok": self.ok, "module": self.module_id, "title": self.title,
                "lang": self.lang, "format": self.format_name, "standard": self.standard,
                "state_limit": self.state_limit, "worst_case_state": self.worst_case_state, "notes": self.notes,
                "mastery_percent": self.mastery_percent,
                "diagnostics": [{**d.as_json(), "text": str(d.location) + ": " + (f"{d.field}: " if d.field else "")
                                 + d.message} for d in self.diagnostics]}


def choose_module(project: Project, module_id: str | None) -> ModuleSource:
    """The module named on the command line, or the project's only one (a user error when there are several)."""
    if module_id is not None:
        return project.select([module_id])[0]
    modules = project.select([])
    if len(modules) > 1:
        raise UserError.at(project.display(project.modules_dir), "which module? the project has "
                           f"{len(modules)}", hint=f"name one: `moduletool preview {modules[0].id}` "
                           f"(modules: {', '.join(m.id for m in modules)})", code="which-module")
    return modules[0]


def _watch_paths(root: Path, source: ModuleSource | None) -> list[Path]:
    """The module folder (or every module), its translations, the settings, the project's and default theme."""
    paths = [root / CONFIG_FILE, root / "translations", root / "templates", default_theme_dir()]
    paths.append(source.folder if source is not None else root / "modules")
    return paths


def _variant(project: Project, loaded: LoadedModule, lang: str, out: Rendered) -> LanguageVariant | None:
    strings = PlayerStringsCache(project, out.diagnostics).get(lang)
    result, catalog = localized(project, loaded, lang)
    out.diagnostics.extend(result.diagnostics)
    if strings is None or result.module is None or not result.ok:
        return None
    if result.gaps:
        out.notes.append(f"{catalog} is not finished: untranslated texts show in the source language "
                         "(a build would refuse it without --allow-drafts)")
    return language_variant(lang, result, strings)


def render_preview(target: PreviewTarget) -> Rendered:
    """Render `target` now; a fresh read of every file, so each save is seen.

    A file that vanishes or cannot be read in the middle (an editor replacing it while saving)
    is reported like any other problem; the next save renders again.
    """
    out = Rendered(format_name=target.format_name, watch=_watch_paths(target.root, None))
    try:
        return _render(target, out)
    except OSError as error:
        where = Path(error.filename).as_posix() if error.filename else target.root.as_posix()
        out.files = {}
        out.diagnostics.append(Diagnostic(SourceLocation(where), f"cannot be read: {error.strerror}",
                                          hint="save the file again", code="unreadable"))
        return out


def _render(target: PreviewTarget, out: Rendered) -> Rendered:
    try:
        project = Project.find(target.root)
        source = choose_module(project, target.module_id)
        fmt = get_format(target.format_name)
    except UserError as error:
        out.diagnostics.extend(error.diagnostics)
        return out
    out.watch = _watch_paths(project.root, source)
    out.module_id = source.id
    loaded = load_module(source)
    out.diagnostics.extend(loaded.diagnostics)
    if not loaded.ok or loaded.module is None:
        return out
    module = loaded.module
    out.lang = canonical_tag(target.lang or module.language)
    variant = _variant(project, loaded, out.lang, out)
    if variant is None:
        return out
    out.title, out.state_limit = variant.module.title, fmt.state_limit
    out.worst_case_state = worst_case_state_length(module)
    ids = None
    if fmt.needs_publisher_iri:
        publisher = project.config.publisher_iri
        if not publisher:
            publisher = EXAMPLE_PUBLISHER_IRI
            out.notes.append(f"publisher_iri is not set in {CONFIG_FILE}: the preview uses {EXAMPLE_PUBLISHER_IRI}; "
                             "a build needs your own")
        ids = ActivityIds(publisher, module.id)
    files = render_player(variant.render_request(source.folder, fmt.name, project.root / "templates", ids))
    context = PackageContext(variant.module, out.lang, files, out.worst_case_state, None, activity_ids=ids,
                             draft=variant.draft)
    out.files = {**files, **fmt.manifest_files(context)}
    if variant.module.graded_questions():
        out.mastery_percent = context.mastery_percent
    if ids is not None:
        out.launch = LaunchInfo(ids.au if fmt.name == "cmi5" else ids.course, move_on(variant.module),
                                mastery_score(context))
    if out.worst_case_state > out.state_limit:
        out.notes.append(f"the saved progress can reach {out.worst_case_state} characters, more than "
                         f"{fmt.title} stores ({out.state_limit}): the build will refuse this module")
    return out
