"""`moduletool i18n …`: thin commands for the translation workflow (see moduletool.i18n).

User mistakes arrive as `UserError` and leave through `cli.main` as located messages with
exit code 1. A module that cannot be processed is reported and the command exits 1, after
doing the work it could do for the others (except `init`, which creates all or nothing).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from . import console
from .cli_common import FormatOption, ModulesArg, ReportFormat, project_of
from .errors import has_errors
from .i18n import consistency, inventory, mt, stats, workflow, xliff
from .i18n.mt_deepl import Formality
from .project_lock import project_lock

i18n_app = typer.Typer(
    name="i18n",
    help="Translate modules with gettext catalogs: `extract` templates, `init` a language, "
         "`update` the translations after the source changed; `stats` and `check` them; "
         "`export-xliff`/`import-xliff` for translation agencies; `mt` drafts machine translations.\n\n"
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
    with project_lock(project.root, "i18n extract"):
        outcome = workflow.extract(project, project.select(modules or []))
    _report(outcome, output, "extracted")


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
    with project_lock(project.root, "i18n init"):
        outcome = workflow.init(project, project.select(modules or []), lang)
    _report(outcome, output, "initialised")


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
    with project_lock(project.root, "i18n update"):
        outcome = workflow.update(project, project.select(modules or []), lang)
    _report(outcome, output, "updated")


LangFilter = Annotated[str | None, typer.Option(
    "--lang", "-l", help="Only this language (default: every language of the project).", show_default=False)]


@i18n_app.command("stats")
def stats_command(
    ctx: typer.Context,
    modules: ModulesArg = None,
    lang: LangFilter = None,
    fail_under: Annotated[float | None, typer.Option(
        "--fail-under", min=0, max=100, show_default=False,
        help="Exit 1 when a module is translated less than this percentage in any language (for CI).")] = None,
    output: FormatOption = ReportFormat.text,
) -> None:
    """Show how far each translation is: entries and source words by state, per module and language.

    Columns: **Done** (translated and reviewed), **MT** (machine drafts nobody has reviewed yet),
    **Fuzzy** (waiting for review for another reason: the source changed), **Empty**
    (untranslated), the source **Words** and the words still **to do**, and **%** translated.
    An empty media path counts as translated (it means "the same file"). A language without a
    `.po` yet shows as 0 %.

    Examples:

        moduletool i18n stats                     # every module, every language

        moduletool i18n stats --lang fr --format json

        moduletool i18n stats --fail-under 100    # CI: fail unless complete
    """
    project = project_of(ctx)
    report = stats.translation_stats(project, inventory.translation_files(project, project.select(modules or []),
                                                                          lang))
    below = stats.below_threshold(report, fail_under) if fail_under is not None else []
    console.print_diagnostics(report.diagnostics + below)
    if output is ReportFormat.json:
        console.print_json({**report.as_json(), "ok": not (report.diagnostics or below), "below": [
            d.location.path for d in below]})
    else:
        console.stdout.print(stats.stats_table(report))
    if report.diagnostics or below:
        raise typer.Exit(1)


@i18n_app.command("check")
def check_command(
    ctx: typer.Context,
    modules: ModulesArg = None,
    lang: LangFilter = None,
    output: FormatOption = ReportFormat.text,
) -> None:
    """Check that translations keep the source's markup, links, placeholders and line breaks.

    Compares every translated (and fuzzy) entry with its source: inline Markdown (`**`, `*`,
    `` ` ``, links), link targets and URLs, `{placeholders}`, line breaks at either end (as
    `msgfmt -c` demands), raw HTML and unsafe links, localised media paths, and the header's
    `Language`. Paragraph and list structure and spaces at either end are warnings. Exits 1
    when there is any error.

    Examples:

        moduletool i18n check

        moduletool i18n check --lang ar job-search --format json
    """
    project = project_of(ctx)
    report = consistency.check_translations(inventory.translation_files(project, project.select(modules or []),
                                                                        lang))
    console.print_diagnostics(report.diagnostics)
    if output is ReportFormat.json:
        console.print_json(report.as_json())
    else:
        console.stdout.print(report.summary())
    if has_errors(report.diagnostics):
        raise typer.Exit(1)


def _xliff_report(outcome: xliff.XliffOutcome, output: ReportFormat, verb: str) -> None:
    console.print_diagnostics(outcome.diagnostics)
    if output is ReportFormat.json:
        console.print_json(outcome.as_json())
    else:
        for result in outcome.files:
            line = Text(f"{result.action:<9} ", style="dim" if result.action == "unchanged" else "green")
            line.append(result.po if verb == "imported" else result.xliff, style="bold")
            detail = f"  {result.changed} of {result.units} entries changed, from {result.xliff}" \
                if verb == "imported" else f"  {result.units} units, from {result.po}"
            console.stdout.print(line.append(detail))
    if outcome.failed or has_errors(outcome.diagnostics):
        console.stderr.print(f"[red]not {verb}: {', '.join(outcome.failed)}[/red]")
        raise typer.Exit(1)


@i18n_app.command("export-xliff")
def export_xliff_command(
    ctx: typer.Context,
    lang: Annotated[str, typer.Option("--lang", "-l", help="Language to export, as a BCP 47 tag.",
                                      show_default=False)],
    modules: ModulesArg = None,
    output_dir: Annotated[Path | None, typer.Option(
        "--output", "-o", file_okay=False, show_default=False,
        help="Folder for the .xlf files (default: `translations/xliff/LANG/`).")] = None,
    output: FormatOption = ReportFormat.text,
) -> None:
    """Write XLIFF 1.2 files for a translation agency: one `<id>.xlf` per module.

    Each unit's id is the entry's `msgctxt`; Markdown markup, link addresses and `{placeholders}`
    are inline codes, which CAT tools protect. Fuzzy entries and machine drafts are marked for
    review. Send the files, then bring them back with `import-xliff`.

    Examples:

        moduletool i18n export-xliff --lang fr

        moduletool i18n export-xliff --lang ar job-search --output to-agency/
    """
    project = project_of(ctx)
    _xliff_report(xliff.export_xliff(project, project.select(modules or []), lang, output_dir), output, "exported")


@i18n_app.command("import-xliff")
def import_xliff_command(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="XLIFF 1.2 files exported by `export-xliff`, translated.",
                                                show_default=False)],
    output: FormatOption = ReportFormat.text,
) -> None:
    """Bring translated XLIFF files back into the `.po` files they were exported from.

    Only translations and their review state change (`translated`, `final`, `signed-off` are
    reviewed; other states come back fuzzy); comments and machine-translation provenance stay.
    A file with an unknown id or a broken code is refused as a whole, with the line of each
    problem. Run `moduletool i18n check` afterwards.

    Examples:

        moduletool i18n import-xliff from-agency/*.xlf
    """
    project = project_of(ctx)
    with project_lock(project.root, "i18n import-xliff"):
        outcome = xliff.import_xliff(project, files)
    _xliff_report(outcome, output, "imported")


MtLang = Annotated[str, typer.Option("--lang", "-l", help="Language to draft, as a BCP 47 tag: fr, ar, pt-BR.",
                                     show_default=False)]


def _mt_line(plan: mt.FilePlan, dry_run: bool) -> Text:
    """`drafted   translations/fr/x.po  12 drafts, 1,234 characters; 1 refused`"""
    if dry_run:
        line = Text("would send ", style="cyan")
        line.append(plan.display, style="bold")
        return line.append(f"  {len(plan.jobs)} texts, {plan.characters:,} characters")
    line = Text(f"{'drafted' if plan.drafted else 'unchanged':<10}", style="green" if plan.drafted else "dim")
    line.append(plan.display, style="bold")
    line.append(f"  {plan.drafted} draft(s), {plan.billed:,} characters")
    extra = [f"{count} {name}" for count, name in ((plan.refused, "refused"), (plan.pending, "not sent yet")) if count]
    return line.append(f"; {', '.join(extra)}" if extra else "")


@i18n_app.command("mt")
def mt_command(
    ctx: typer.Context,
    lang: MtLang,
    modules: ModulesArg = None,
    server_url: Annotated[str | None, typer.Option(
        "--server-url", envvar="DEEPL_SERVER_URL", show_default=False,
        help="A DeepL-compatible API server (default: DeepL's, chosen from the key).")] = None,
    formality: Annotated[Formality, typer.Option(
        "--formality", help="Formal or informal address, where DeepL supports it for the language.")]
    = Formality.default,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Only report how many texts and characters would be sent; no key, no network.")] = False,
    output: FormatOption = ReportFormat.text,
) -> None:
    """Draft machine translations with DeepL for the **empty** entries of a language.

    Translated and fuzzy entries are never touched. Each draft is marked **fuzzy** and carries a
    `# machine-translation: engine=deepl date=… sha256=…` comment, so `stats` counts it as an
    unreviewed draft until a person reviews it. Markdown markup, link addresses and
    `{placeholders}` are protected, and a draft whose markup came back broken is not written.
    A glossary in `translations/glossaries/<source>-<lang>.csv` (`source term,target term` per
    line) is used where DeepL supports one for the pair.

    The key comes from the `DEEPL_AUTH_KEY` environment variable only. The catalog is saved after
    every request: after an interruption or an exhausted quota, run the command again and it
    continues with what is left. DeepL cannot translate some languages (Tigrinya, Somali,
    Amharic…): the command says so and leaves them to human translators.

    Examples:

        moduletool i18n mt --lang fr --dry-run    # how many characters would be sent

        DEEPL_AUTH_KEY=… moduletool i18n mt --lang de --formality less job-search
    """
    project = project_of(ctx)
    sources = project.select(modules or [])
    if dry_run:
        estimate = mt.estimate(project, sources, lang)
        console.print_diagnostics([d for plan in estimate.files for d in plan.diagnostics()])
        if output is ReportFormat.json:
            console.print_json(estimate.as_json())
            return
        for plan in estimate.files:
            console.stdout.print(_mt_line(plan, dry_run=True))
        console.stderr.print(f"dry run: nothing was sent ({estimate.target}, markup as {estimate.mode.value})")
        return
    with project_lock(project.root, "i18n mt"), console.progress(output is ReportFormat.json) as bar:
        task = bar.add_task(f"DeepL → {lang}", total=None)
        outcome = mt.translate(project, sources, lang, server=server_url, formality=formality,
                               on_progress=lambda done, total: bar.update(task, completed=done, total=total))
    console.print_diagnostics(outcome.all_diagnostics())
    if output is ReportFormat.json:
        console.print_json(outcome.as_json())
    else:
        for plan in outcome.files:
            console.stdout.print(_mt_line(plan, dry_run=False))
        if not any(plan.jobs for plan in outcome.files):
            console.stderr.print(f"nothing to translate: every entry of `{outcome.lang}` is filled or needs no text")
    if outcome.stopped is not None:
        raise typer.Exit(1)
