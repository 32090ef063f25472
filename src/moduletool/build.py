"""The build pipeline: modules × languages × formats → deterministic zips in dist/.

For each package everything is rendered and checked in memory first; only a complete,
checked package is written, atomically. A broken module is reported and skipped; the others
are still built, and the run ends with exit code 1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Diagnostic
from .fsutil import write_atomic
from .modules import LoadedModule, load_module
from .packaging import PackageContext, PackageFormat
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


@dataclass
class BuildReport:
    """What a build produced and what stopped the rest."""

    packages: list[BuiltPackage] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failed_modules: list[str] = field(default_factory=list)


def package_path(output_dir: Path, module_id: str, version: str, lang: str, format_name: str) -> Path:
    """dist/<id>/<lang>/<id>-<version>-<lang>-<format>.zip"""
    return output_dir / module_id / lang / f"{module_id}-{version}-{lang}-{format_name}.zip"


def _state_budget_error(loaded: LoadedModule, fmt: PackageFormat, worst: int) -> Diagnostic:
    assert loaded.document is not None
    return Diagnostic(
        loaded.document.locate(("pages",), key=True),
        f"the saved progress of this module can reach {worst} characters, more than {fmt.title} "
        f"stores ({fmt.state_limit})",
        field="pages",
        hint="lower `max_length` on fill-in questions, use fewer questions, or split the module in two",
        code="state-budget")


def build_package(project: Project, loaded: LoadedModule, lang: str, fmt: PackageFormat,
                  worst_case_state: int) -> BuiltPackage:
    """Render, package and write one module × language × format."""
    module = loaded.module
    assert module is not None
    files = render_player(RenderRequest(module, loaded.source.folder, lang, fmt.name, project.root / "templates"))
    context = PackageContext(module, lang, files, worst_case_state)
    files = {**files, **fmt.manifest_files(context)}
    target = package_path(project.output_dir, module.id, module.version, lang, fmt.name)
    data = build_zip(files)
    write_atomic(target, data)
    return BuiltPackage(module.id, lang, fmt.name, target, len(data), len(files))


def build(project: Project, sources: list[ModuleSource], formats: list[PackageFormat],
          on_step: Callable[[str], None] | None = None) -> BuildReport:
    """Build every package of `sources` in `formats`; collect every problem on the way."""
    report = BuildReport()
    for source in sources:
        loaded = load_module(source)
        report.diagnostics.extend(loaded.diagnostics)
        if not loaded.ok or loaded.module is None:
            report.failed_modules.append(source.id)
            if on_step:
                on_step(source.id)
            continue
        module = loaded.module
        languages = [module.language]
        worst = worst_case_state_length(module)
        for fmt in formats:
            if worst > fmt.state_limit:
                report.diagnostics.append(_state_budget_error(loaded, fmt, worst))
                if source.id not in report.failed_modules:
                    report.failed_modules.append(source.id)
                continue
            for lang in languages:
                report.packages.append(build_package(project, loaded, lang, fmt, worst))
        if on_step:
            on_step(source.id)
    return report
