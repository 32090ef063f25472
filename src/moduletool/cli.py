"""The `moduletool` command line: thin typer commands that parse options, call one function and print.

User mistakes arrive as `UserError` and leave as located messages with exit code 1; anything
else is a bug in moduletool and keeps its traceback.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from . import __version__, console, exit_codes
from .build import build
from .build_languages import TranslationStatus, refusal_hint
from .cli_authoring import register as register_authoring_commands
from .cli_check import check_command
from .cli_common import FormatOption, ModulesArg, ReportFormat, project_of
from .cli_i18n import i18n_app
from .errors import UserError, has_errors
from .fsutil import write_text_atomic
from .modules import load_module
from .packaging import FORMATS
from .profiles import choose_formats, describe_profiles, formats_for
from .project_lock import project_lock
from .schema.export import SCHEMA_PATH, module_json_schema_text

app = typer.Typer(
    name="moduletool",
    help="Write e-learning modules once in YAML; validate them and build SCORM packages for any LMS.\n\n"
         "Run inside a content project (a folder with moduletool.yaml). Start with "
         "`moduletool validate`, then `moduletool build`.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)


def _version(value: bool) -> None:
    if value:
        console.stdout.print(f"moduletool {__version__}")
        raise typer.Exit()


app.add_typer(i18n_app, name="i18n")
app.command("check")(check_command)
register_authoring_commands(app)


@app.callback()
def main_options(
    ctx: typer.Context,
    project: Annotated[Path | None, typer.Option(
        "--project", "-C", help="Run as if started in this folder (like `git -C`).",
        file_okay=False, exists=True)] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems (and JSON reports).")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Print more detail.")] = False,
) -> None:
    """Common options."""
    ctx.obj = project
    console.set_verbosity(console.Verbosity.QUIET if quiet else
                          console.Verbosity.VERBOSE if verbose else console.Verbosity.NORMAL)


@app.command()
def validate(
    ctx: typer.Context,
    modules: ModulesArg = None,
    output: FormatOption = ReportFormat.text,
) -> None:
    """Check modules and report **every** problem at once, each with file:line:column.

    Examples:

        moduletool validate                  # every module

        moduletool validate job-search       # one module

        moduletool validate --format json    # for CI
    """
    project = project_of(ctx)
    results = [load_module(source) for source in project.select(modules or [])]
    diagnostics = [d for result in results for d in result.diagnostics]
    if output is ReportFormat.json:
        console.print_json({"ok": not has_errors(diagnostics), "modules": [
            {"id": r.source.id, "file": r.source.display, "ok": r.ok,
             "diagnostics": [d.as_json() for d in r.diagnostics]} for r in results]})
    else:
        console.print_diagnostics(diagnostics)
        errors = sum(1 for r in results if not r.ok)
        if errors:
            console.stderr.print(f"[red]{len(diagnostics)} problem(s) in {errors} of {len(results)} module(s)[/red]")
        else:
            console.note(f"[green]✓ {len(results)} module(s) valid[/green]")
    if has_errors(diagnostics):
        raise typer.Exit(1)


def _print_translations(statuses: list[TranslationStatus]) -> None:
    """One line per unfinished translation (`job-search fr: 3 untranslated — translations/fr/job-search.po`)."""
    for status in statuses:
        prefix, style = ("draft: ", "yellow") if status.built_as_draft else ("translation not ready: ", "bold red")
        console.stderr.print(Text(prefix + status.summary(), style=style))
    hint = refusal_hint(statuses)
    if hint:
        console.stderr.print(Text("  hint: " + hint, style="dim"))


@app.command("build")
def build_command(
    ctx: typer.Context,
    modules: ModulesArg = None,
    formats: Annotated[list[str] | None, typer.Option(
        "--format", "-f", help=f"Package format, repeatable: {', '.join(FORMATS)} "
                               "(default: the project's `formats` or `profile`, else scorm12).",
        show_default=False)] = None,
    profile: Annotated[str | None, typer.Option(
        "--profile", "-p", metavar="NAME", show_default=False,
        help=f"Build the formats a kind of platform needs: {describe_profiles()}. "
             "`--format` wins over it; it wins over moduletool.yaml.")] = None,
    output: Annotated[ReportFormat, typer.Option("--report", help="Summary as `text` or `json`.")]
    = ReportFormat.text,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems.")] = False,
    control_documents: Annotated[Path | None, typer.Option(
        "--control-documents", metavar="DIR", show_default=False,
        help="Folder with the SCORM 2004 4th Edition XSDs to put in scorm2004 zips (ADL's validator "
             "requires them); overrides MODULETOOL_CONTROL_DOCUMENTS and `control_documents` in "
             "moduletool.yaml.")] = None,
    langs: Annotated[list[str] | None, typer.Option(
        "--lang", "-l", metavar="LANG", show_default=False,
        help="Build only this language, repeatable (default: each module's own language and the project's "
             "`languages`). Translations come from `translations/LANG/ID.po`, reviewed entries only.")] = None,
    allow_drafts: Annotated[bool, typer.Option(
        "--allow-drafts", help="Build unfinished translations anyway: texts not yet reviewed stay in the "
                               "source language and the package is marked as a draft (title, banner, "
                               "metadata, `-draft` in the file name).")] = False,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1, metavar="N", show_default=False,
        help="Build N modules at a time, each in its own process (default: one per core).")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Build every package again, even those whose inputs have not changed since the "
                        "last build (kept in .moduletool-cache/).")] = False,
) -> None:
    """Build packages into `dist/<id>/<lang>/<id>-<version>-<lang>-<format>.zip`.

    Every package is rendered and checked in memory, then written atomically; the same sources
    always give byte-identical zips.

    Examples:

        moduletool build                       # every module, default formats

        moduletool build job-search -f scorm12

        moduletool build --profile moodle-app  # what the Moodle app plays

        moduletool build -f scorm2004 --control-documents ../scorm2004-xsd

        moduletool build --lang fr --lang ar     # French and Arabic only

        moduletool build --lang fr --allow-drafts
    """
    project = project_of(ctx)
    chosen = formats_for(choose_formats(formats or [], profile, project.config, project.setting_location), FORMATS)
    sources = project.select(modules or [])
    with project_lock(project.root, "build"), console.progress(quiet) as bar:
        task = bar.add_task("Building", total=len(sources))
        report = build(project, sources, chosen, on_step=lambda _: bar.advance(task),
                       control_documents_dir=control_documents, languages=langs or [], allow_drafts=allow_drafts,
                       jobs=jobs, force=force)
    console.print_diagnostics(report.diagnostics)
    _print_translations(report.translations)
    if output is ReportFormat.json:
        console.print_json({"ok": not report.failed_modules, "failed": report.failed_modules,
                            "not_built": [{"module": m, "lang": lang} for m, lang in report.not_built],
                            "translations": [status.as_json() for status in report.translations], "packages": [
            {"module": p.module_id, "lang": p.lang, "format": p.format, "path": project.display(p.path),
             "bytes": p.size, "files": p.files, "draft": p.draft} for p in report.packages]})
    elif not quiet:
        table = Table(title="Packages built", title_justify="left")
        for column in ("module", "lang", "format", "file", "size"):
            table.add_column(column, justify="right" if column == "size" else "left", overflow="fold")
        for p in report.packages:
            table.add_row(p.module_id, p.lang + (" (draft)" if p.draft else ""), p.format, project.display(p.path),
                          f"{p.size / 1024:,.0f} KB")
        console.stdout.print(table)
    if report.failed_modules:
        console.stderr.print(f"[red]not built: {', '.join(report.describe_not_built())}[/red]")
        raise typer.Exit(1)


@app.command("schema")
def schema_command(
    ctx: typer.Context,
    check: Annotated[bool, typer.Option("--check", help="Only report whether the file is up to date.")] = False,
) -> None:
    """Write schemas/module.schema.json from the models, for editor completion and validation.

    Examples:

        moduletool schema            # after upgrading moduletool

        moduletool schema --check    # in CI
    """
    project = project_of(ctx)
    target = project.root / SCHEMA_PATH
    text = module_json_schema_text()
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if check:
        if current != text:
            raise UserError.at(SCHEMA_PATH, "out of date with the models", hint="run `moduletool schema`")
        console.note(f"{SCHEMA_PATH} is up to date")
        return
    if current != text:
        write_text_atomic(target, text)
        console.note(f"wrote {SCHEMA_PATH}")
    else:
        console.note(f"{SCHEMA_PATH} is up to date")


def main() -> None:
    """Console-script entry point: exit 0, 1 (user problem, located), 2 (usage) or 70 (bug); see exit_codes."""
    if os.environ.get("NO_COLOR"):
        console.stdout.no_color = console.stderr.no_color = True
    exit_codes.run(app)
