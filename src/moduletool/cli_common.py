"""Pieces shared by the command groups: the report format, the module argument, the project lookup."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from . import console
from .project import Project


class ReportFormat(str, enum.Enum):
    """How a command reports: for people or for CI."""

    text = "text"
    json = "json"


ModulesArg = Annotated[list[str] | None, typer.Argument(
    help="Module ids or folders (default: every module in the project).", show_default=False)]
FormatOption = Annotated[ReportFormat, typer.Option("--format", "-f", help="`text` for people, `json` for CI.")]


def project_of(ctx: typer.Context) -> Project:
    """The project the command runs in: `-C DIR` if given, else found from the working directory."""
    root = ctx.find_root()
    start: Path | None = root.obj if isinstance(root.obj, Path) else None
    project = Project.find(start)
    console.detail(f"project: {project.root} (modules in {project.config.modules_dir}/, "
                   f"packages in {project.config.output_dir}/)")
    return project
