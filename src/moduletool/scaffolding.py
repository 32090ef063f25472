"""Creating content: a new project (`moduletool init`) and a new module (`moduletool new`).

The files come from the `moduletool.scaffold` package data, so a pip-installed moduletool
writes exactly what a source checkout writes. The JSON Schema is written into the project too:
editors map it by a relative path, which must work without the tool's source tree.
"""

from __future__ import annotations

import importlib.resources
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from .config import CONFIG_FILE
from .errors import UserError
from .fsutil import write_atomic
from .project import MODULE_FILE, Project
from .schema.common import ID_PATTERN
from .schema.export import SCHEMA_PATH, module_json_schema_text

DEFAULT_FIRST_MODULE = "first-module"
_ID = re.compile(ID_PATTERN)
_PROJECT_FILES = {
    "moduletool.yaml": CONFIG_FILE,
    "gitignore": ".gitignore",
    "vscode-settings.json": ".vscode/settings.json",
    "README.md": "README.md",
}
"""Scaffold file → where it goes in a new project."""


@dataclass
class Written:
    """What a scaffolding command wrote and what it left alone, as project-relative paths."""

    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def _scaffold(*parts: str) -> Path:
    return Path(str(importlib.resources.files("moduletool.scaffold"))).joinpath(*parts)


def check_module_id(module_id: str) -> None:
    """Refuse an id the models would refuse, before anything is written."""
    if not _ID.match(module_id) or len(module_id) > 64:
        suggestion = re.sub(r"[^a-z0-9-]+", "-", module_id.lower()).strip("-")[:64]
        hint = "use lowercase letters, digits and hyphens, starting with a letter or digit"
        if suggestion and _ID.match(suggestion):
            hint += f", e.g. `{suggestion}`"
        raise UserError.at(module_id, "not a valid module id", hint=hint, code="bad-module-id")


def _title_of(module_id: str) -> str:
    return module_id.replace("-", " ").strip().capitalize() or module_id


def _write_new(target: Path, data: bytes, display: str, written: Written, keep_existing: bool) -> None:
    if target.exists():
        if not keep_existing:
            raise UserError.at(display, "already exists", hint="choose another name, or remove it first",
                               code="exists")
        written.kept.append(display)
        return
    write_atomic(target, data)
    written.created.append(display)


def write_module(root: Path, modules_dir: str, module_id: str, language: str, title: str | None = None,
                 *, keep_existing: bool = False) -> Written:
    """modules/<id>/module.yaml with an example of every block and question kind, and its media.

    An existing module folder is refused: a scaffold must never overwrite an author's work.
    """
    check_module_id(module_id)
    folder = root / modules_dir / module_id
    display = f"{modules_dir}/{module_id}"
    if folder.exists() and not keep_existing:
        raise UserError.at(display, f"module `{module_id}` already exists",
                           hint="choose another id; ids are never reused", code="module-exists")
    written = Written()
    text = Template(_scaffold("module", MODULE_FILE).read_text(encoding="utf-8")).substitute(
        module_id=module_id, language=language, title=json.dumps(title or _title_of(module_id), ensure_ascii=False))
    _write_new(folder / MODULE_FILE, text.encode("utf-8"), f"{display}/{MODULE_FILE}", written, keep_existing)
    media = _scaffold("module", "media")
    for source in sorted(media.iterdir()):
        _write_new(folder / "media" / source.name, source.read_bytes(), f"{display}/media/{source.name}", written,
                   keep_existing)
    return written


def new_module(project: Project, module_id: str, title: str | None = None) -> Written:
    """`moduletool new`: a module in the project's modules folder, in its source language."""
    return write_module(project.root, project.config.modules_dir, module_id, project.config.source_language, title)


def _is_empty(folder: Path) -> bool:
    return not folder.exists() or not any(folder.iterdir())


def init_project(folder: Path, display: str, *, language: str = "en", first_module: str = DEFAULT_FIRST_MODULE,
                 force: bool = False) -> Written:
    """`moduletool init`: settings, folders, a first module, .gitignore, editor settings, the schema.

    A folder that is not empty is refused unless `force`; even then no existing file is
    overwritten (they are listed as kept), so `init --force` is safe in a folder with work in it.
    """
    check_module_id(first_module)
    if folder.is_file():
        raise UserError.at(display, "is a file, not a folder", code="not-a-folder")
    if not _is_empty(folder) and not force:
        raise UserError.at(display, "the folder is not empty",
                           hint="choose a new or empty folder, or add --force to add the missing files "
                                "(existing files are never overwritten)", code="not-empty")
    written = Written()
    for name, target in _PROJECT_FILES.items():
        text = Template(_scaffold("project", name).read_text(encoding="utf-8")).substitute(language=language)
        _write_new(folder / target, text.encode("utf-8"), target, written, keep_existing=True)
    _write_new(folder / SCHEMA_PATH, module_json_schema_text().encode("utf-8"), SCHEMA_PATH, written,
               keep_existing=True)
    keep = folder / "translations" / ".gitkeep"
    _write_new(keep, b"", "translations/.gitkeep", written, keep_existing=True)
    module = write_module(folder, "modules", first_module, language, keep_existing=True)
    written.created += module.created
    written.kept += module.kept
    return written

