"""Authoring commands: `init` a project, `new` module, `list` the catalogue, `preview` live, and
`reference` (docs/reference.md from the models). Thin: parse options, call one function, print.
"""

from __future__ import annotations

import webbrowser
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from . import console
from .catalog_list import catalog, catalog_table, modules_summary
from .cli_common import FormatOption, ModulesArg, ReportFormat, project_of
from .errors import UserError, has_errors
from .fsutil import write_text_atomic
from .i18n.languages import get_language
from .packaging import get_format
from .preview import PreviewOptions, serve_preview
from .preview.rendering import Rendered, choose_module
from .preview.server import PreviewServer
from .scaffolding import DEFAULT_FIRST_MODULE, Written, init_project, new_module
from .schema_reference import REFERENCE_PATH, reference_markdown


def _print_written(written: Written) -> None:
    for path in written.created:
        console.note(Text.assemble(("created ", "green"), path))
    for path in written.kept:
        console.note(Text.assemble(("kept    ", "dim"), path, (" (already there)", "dim")))


def _start_folder(ctx: typer.Context) -> Path:
    root = ctx.find_root().obj
    return root if isinstance(root, Path) else Path.cwd()


def init_command(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="Folder of the new project (created if missing).",
                                           show_default=False)] = Path("."),
    language: Annotated[str, typer.Option("--language", "-l", metavar="LANG",
                                          help="Language the modules will be written in (BCP 47).")] = "en",
    module: Annotated[str, typer.Option("--module", "-m", metavar="ID",
                                        help="Id of the first module.")] = DEFAULT_FIRST_MODULE,
    force: Annotated[bool, typer.Option(
        "--force", help="Also in a folder that is not empty: add what is missing, overwrite nothing.")] = False,
) -> None:
    """Create a content project: moduletool.yaml, a first module, translations/, .gitignore,
    VS Code settings and the JSON Schema for completion in the editor.

    A folder that is not empty is refused unless `--force`; existing files are never overwritten.

    Examples:

        moduletool init training            # a new project in ./training

        moduletool init . --language fr     # here, for modules written in French

        moduletool init partners --module job-search
    """
    target = folder if folder.is_absolute() else _start_folder(ctx) / folder
    tag = get_language(language, where="--language").tag
    written = init_project(target, folder.as_posix(), language=tag, first_module=module, force=force)
    _print_written(written)
    console.note(Text(f"✓ project ready in {folder.as_posix()}: try `moduletool preview {module}`", style="green"))


def new_command(
    ctx: typer.Context,
    module_id: Annotated[str, typer.Argument(metavar="MODULE", help="Id of the new module: lowercase letters, "
                                             "digits and hyphens (it is also its folder name).",
                                             show_default=False)],
    title: Annotated[str | None, typer.Option("--title", "-t", help="Title of the module.",
                                              show_default=False)] = None,
) -> None:
    """Create `modules/MODULE/module.yaml` with a commented example of every block type and question
    kind, and the media they use. It validates and builds as it is; edit it from there.

    Examples:

        moduletool new job-search

        moduletool new job-search --title "Supporting a job search"
    """
    project = project_of(ctx)
    written = new_module(project, module_id, title)
    _print_written(written)
    console.note(Text(f"✓ module {module_id} created: `moduletool preview {module_id}` shows it", style="green"))


def list_command(
    ctx: typer.Context,
    modules: ModulesArg = None,
    output: FormatOption = ReportFormat.text,
) -> None:
    """List the modules: id, version, title, languages with how much is translated, and the last build.

    Examples:

        moduletool list

        moduletool list --format json
    """
    project = project_of(ctx)
    entries, diagnostics = catalog(project, project.select(modules or []))
    console.print_diagnostics(diagnostics)
    if output is ReportFormat.json:
        console.print_json({"ok": all(entry.valid for entry in entries) and not has_errors(diagnostics),
                            "modules": [entry.as_json() for entry in entries]})
    else:
        console.stdout.print(catalog_table(entries))
        console.note(modules_summary(entries))


def reference_command(
    ctx: typer.Context,
    check: Annotated[bool, typer.Option("--check", help="Only report whether the file is up to date.")] = False,
) -> None:
    """Write docs/reference.md, the reference of module.yaml and moduletool.yaml, from the models.

    Examples:

        moduletool reference

        moduletool reference --check    # in CI
    """
    project = project_of(ctx)
    target = project.root / REFERENCE_PATH
    text = reference_markdown()
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if current == text:
        console.note(f"{REFERENCE_PATH} is up to date")
    elif check:
        raise UserError.at(REFERENCE_PATH, "out of date with the models", hint="run `moduletool reference`")
    else:
        write_text_atomic(target, text)
        console.note(f"wrote {REFERENCE_PATH}")


PREVIEW_FORMATS = ("scorm12", "scorm2004", "cmi5", "xapi", "web")
DEFAULT_PREVIEW_PORT = 8765


def _on_rebuild(rendered: Rendered, changed: list[str]) -> None:
    names = ", ".join(Path(name).name for name in changed[:3]) + (" …" if len(changed) > 3 else "")
    if rendered.ok:
        console.note(Text.assemble(("reloaded ", "green"), f"after saving {names}"))
    else:
        console.note(Text.assemble(("problems ", "bold red"), f"after saving {names}: shown in the page"))
        console.print_diagnostics(rendered.diagnostics)


def preview_command(
    ctx: typer.Context,
    module: Annotated[str | None, typer.Argument(metavar="MODULE", help="Module id or folder (default: the "
                                                 "project's only module).", show_default=False)] = None,
    lang: Annotated[str | None, typer.Option("--lang", "-l", metavar="LANG", show_default=False,
                                             help="Language to show (default: the module's own); translations "
                                                  "come from translations/LANG/MODULE.po.")] = None,
    package_format: Annotated[str, typer.Option(
        "--format", "-f", metavar="FORMAT", help=f"Package format the side panel plays the LMS of: "
                                                 f"{', '.join(PREVIEW_FORMATS)}.")] = "scorm12",
    port: Annotated[int | None, typer.Option("--port", min=0, max=65535, show_default=False,
                                             help=f"Port on 127.0.0.1 (default {DEFAULT_PREVIEW_PORT}, or a free "
                                                  "one if it is taken; 0 for any free port).")] = None,
    no_open: Annotated[bool, typer.Option("--no-open", help="Do not open the browser.")] = False,
) -> None:
    """Show a module in the browser while you edit it: every save of its YAML, media, translations,
    moduletool.yaml or templates reloads the page, and mistakes show in the page with
    file:line:column instead of stale content.

    A side panel plays the LMS: the SCORM data model as the module sets it (1.2 or 2004), the
    saved progress against its limit, the statements a cmi5 or xAPI package sends; **Reset attempt**
    starts over, **Relaunch** closes the module and opens it again to try resuming. The server
    listens on 127.0.0.1 only. Stop it with Ctrl+C.

    Examples:

        moduletool preview job-search

        moduletool preview job-search --lang fr --format scorm2004

        moduletool preview --format cmi5 --port 9000 --no-open
    """
    project = project_of(ctx)
    if package_format not in PREVIEW_FORMATS:
        get_format(package_format)  # the located "unknown format, did you mean" error
    tag = get_language(lang).tag if lang is not None else None
    choose_module(project, module)  # an unknown or missing module stops here, not in the page
    options = PreviewOptions(project.root, module, tag, package_format,
                             DEFAULT_PREVIEW_PORT if port is None else port, fixed_port=port is not None)

    def ready(server: PreviewServer) -> None:
        rendered = server.state.rendered
        console.stdout.print(f"Preview of {rendered.module_id or 'the project'} ({package_format}) at {server.url}")
        console.note(Text("Edit and save: the page reloads. Ctrl+C stops.", style="dim"))
        console.print_diagnostics(rendered.diagnostics)
        if not no_open:
            webbrowser.open(server.url)

    try:
        serve_preview(options, ready, _on_rebuild)
    except OSError as error:
        raise UserError.at(f"--port {options.port}", f"cannot listen on 127.0.0.1:{options.port}: {error.strerror}",
                           hint="choose another port with --port, or --port 0 for any free one",
                           code="port") from None
    console.note("preview stopped")


def register(app: typer.Typer) -> None:
    """Add the authoring commands to the main application."""
    app.command("init")(init_command)
    app.command("new")(new_command)
    app.command("list")(list_command)
    app.command("preview")(preview_command)
    app.command("reference")(reference_command)
