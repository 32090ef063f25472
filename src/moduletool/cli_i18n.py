"""`moduletool i18n …`: thin commands for the translation workflow (see moduletool.i18n).

User mistakes arrive as `UserError` and leave through `cli.main` as located messages with
exit code 1. A module that cannot be processed is reported and the command exits 1, after
doing the work it could do for the others (except `init`, which creates all or nothing).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from . import console
from .cli_common import FormatOption, ModulesArg, ReportFormat, project_of
from .errors import has_errors
from .i18n import workflow

i18n_app = typer.Typer(
    name="i18n",
    help="Translate modules with gettext catalogs: `extract` templates, `init` a language, "
         "`update` the translations after the source changed.\n\n"
         "Every text is keyed on its stable id (`msgctxt`), so editing a sentence never loses "
         "its translation: it comes back marked fuzzy, with the previous source beside it.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)


def _summary_line(result: workflow.FileResult) -> Text:
    """`updated   translations/fr/x.po   40 entries: 35 translated, 2 fuzzy, 3 untranslated`"""
    counts = result.counts()
    style = {"created": "green", "updated": "cyan"}.get(result.action, "dim")
    line = Text(f"{result.action:<9} ", style=style)
    line.append(result.path, style="bold")
    line.append(f"  {counts['entries']} entries")
    if result.lang is not None:
        states = [f"{counts[name]} {name}" for name in ("translated", "fuzzy", "untranslated", "obsolete")
                  if counts[name] or name == "translated"]
        line.append(": " + ", ".join(states))
    return line


def _report(outcome: workflow.Outcome, output: ReportFormat, verb: str) -> None:
    console.print_diagnostics(outcome.diagnostics)
    if output is ReportFormat.json:
        console.print_json({"ok": not outcome.failed, "failed": outcome.failed,
                            "files": [result.as_json() for result in outcome.files],
                            "diagnostics": [d.as_json() for d in outcome.diagnostics]})
    else:
        for result in outcome.files:
            console.stdout.print(_summary_line(result))
    if outcome.failed or has_errors(outcome.diagnostics):
        console.stderr.print(f"[red]not {verb}: {', '.join(outcome.failed)}[/red]")
        raise typer.Exit(1)


@i18n_app.command("extract")
def extract_command(ctx: typer.Context, modules: ModulesArg = None,
                    output: FormatOption = ReportFormat.text) -> None:
    """Write `translations/templates/<id>.pot`: every translatable text of each module.

    Each entry's context is the text's stable id path (`job-search:welcome/welcome-intro/text`).
    A template whose only change would be its date is left as it is.

    Examples:

        moduletool i18n extract                 # every module

        moduletool i18n extract job-search
    """
    project = project_of(ctx)
    _report(workflow.extract(project, project.select(modules or [])), output, "extracted")


@i18n_app.command("init")
def init_command(
    ctx: typer.Context,
    lang: Annotated[str, typer.Option("--lang", "-l", help="Language to start, as a BCP 47 tag: fr, ar, pt-BR.",
                                      show_default=False)],
    modules: ModulesArg = None,
    output: FormatOption = ReportFormat.text,
) -> None:
    """Start a translation: create `translations/<lang>/<id>.po` from the current source.

    An existing file is never overwritten (use `update` for that). The header gets the
    language's `Plural-Forms`; right-to-left languages need nothing special here.

    Examples:

        moduletool i18n init --lang fr           # every module

        moduletool i18n init --lang ar job-search
    """
    project = project_of(ctx)
    _report(workflow.init(project, project.select(modules or []), lang), output, "initialised")


@i18n_app.command("update")
def update_command(
    ctx: typer.Context,
    modules: ModulesArg = None,
    lang: Annotated[str | None, typer.Option(
        "--lang", "-l", help="Update only this language (default: every existing translation).",
        show_default=False)] = None,
    output: FormatOption = ReportFormat.text,
) -> None:
    """Re-extract the templates and bring every `.po` in step with them, keyed on `msgctxt`.

    Unchanged texts keep their translation; changed texts keep it marked **fuzzy** with the
    previous source (`#| msgid`); removed texts become obsolete (`#~`); new texts arrive empty.
    Translator comments stay.

    Examples:

        moduletool i18n update                   # every module, every language

        moduletool i18n update --lang fr job-search
    """
    project = project_of(ctx)
    _report(workflow.update(project, project.select(modules or []), lang), output, "updated")
