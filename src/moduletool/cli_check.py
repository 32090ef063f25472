"""`moduletool check PACKAGE…`: check SCORM 1.2/2004, cmi5 and Tin Can zips, ours or anyone's.

Thin on purpose: expand the arguments to zip files, find the schemas folder, call
`package_check.check_zip` for each and print. Works inside a content project (where
moduletool.yaml may name the schemas folder) and outside any project.
"""

from __future__ import annotations

import glob
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from . import console
from .cli_common import FormatOption, ReportFormat
from .errors import UserError
from .package_check import SCHEMAS_ENV, SKIPPED_NOTE, PackageReport, SchemaSet, check_zip, locate_schemas
from .project import Project

PackagesArg = Annotated[list[Path], typer.Argument(
    metavar="PACKAGE...", show_default=False,
    help="Zip files, folders (every .zip below them is checked) or glob patterns.")]
SchemasOption = Annotated[Path | None, typer.Option(
    "--schemas", metavar="DIR", show_default=False,
    help="Folder with the official XSDs, laid out like ../shared/standards (scorm12/, scorm2004_4ed/, cmi5/, "
         f"tincan/). Default: ${SCHEMAS_ENV}, else `schemas:` in moduletool.yaml; without one only the "
         "structural checks run.")]


def check_command(
    ctx: typer.Context,
    packages: PackagesArg,
    schemas: SchemasOption = None,
    output: FormatOption = ReportFormat.text,
) -> None:
    """Check SCORM 1.2/2004, cmi5 and Tin Can packages: zip safety, the rules LMSs and ADL apply, the XSDs.

    Problems are located inside the zip as `package.zip!imsmanifest.xml:LINE`. Exit code 1 when
    any package has an error; warnings alone keep exit code 0.

    Examples:

        moduletool check dist/                       # every zip under dist/

        moduletool check course.zip --schemas ../shared/standards

        moduletool check 'exports/*.zip' --format json
    """
    schema_set = locate_schemas(schemas, _configured_schemas(ctx))
    reports = [check_zip(path, path.as_posix(), schema_set) for path in expand_packages(packages)]
    if output is ReportFormat.json:
        console.print_json({"ok": all(r.ok for r in reports),
                            "schemas": schema_set.root.as_posix() if schema_set else None,
                            "notes": [] if schema_set else [SKIPPED_NOTE],
                            "packages": [r.as_json() for r in reports]})
    else:
        _print_text(reports, schema_set)
    if not all(r.ok for r in reports):
        raise typer.Exit(1)


def _print_text(reports: list[PackageReport], schema_set: SchemaSet | None) -> None:
    """Diagnostics and notes on stderr; one summary line per package on stdout."""
    for report in reports:
        console.print_diagnostics(report.diagnostics)
        for note in report.notes:
            console.stderr.print(Text(f"note: {note}", style="dim"))
        console.stdout.print(Text(report.summary(), style="green" if report.ok else "bold red"))
    if schema_set is None:
        console.stderr.print(Text(f"note: {SKIPPED_NOTE}", style="dim"))
    if len(reports) > 1:
        failed = sum(1 for r in reports if not r.ok)
        console.stderr.print(f"{failed} of {len(reports)} packages have errors" if failed
                             else f"all {len(reports)} packages pass")


def _configured_schemas(ctx: typer.Context) -> Path | None:
    """`schemas:` of the enclosing project, resolved against its root; None outside any project."""
    root = ctx.find_root()
    start: Path | None = root.obj if isinstance(root.obj, Path) else None
    try:
        project = Project.find(start)
    except UserError as error:
        if all(d.code == "no-project" for d in error.diagnostics):
            return None
        raise
    configured = project.config.schemas
    return project.root / configured if configured else None


def expand_packages(arguments: list[Path]) -> list[Path]:
    """The zip files the arguments name: files as given, every .zip below a folder, glob matches.

    Globs are expanded here too, for shells that do not (Windows) and for quoted patterns in CI.
    Names that match nothing are reported together, before anything is checked.
    """
    found: list[Path] = []
    problems = []
    for argument in arguments:
        if argument.is_dir():
            zips = sorted(p for p in argument.rglob("*") if p.suffix.lower() == ".zip" and p.is_file())
            if not zips:
                problems.append(("no .zip files in this folder", argument))
            found.extend(zips)
        elif argument.exists():
            found.append(argument)
        elif glob.has_magic(str(argument)):
            matches = [Path(m) for m in sorted(glob.glob(str(argument), recursive=True))]
            if not matches:
                problems.append(("no file matches this pattern", argument))
            for match in matches:
                found.extend(expand_packages([match]) if match.is_dir() else [match])
        else:
            problems.append(("no such file or folder", argument))
    if problems:
        raise UserError([d for message, path in problems
                         for d in UserError.at(path.as_posix(), message, code="no-package").diagnostics])
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)
    return list(unique.values())
