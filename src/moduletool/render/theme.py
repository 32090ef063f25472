"""The player theme: jinja2 templates and static assets, with a project's own overriding the default.

Lookup order for every template and asset: the project's `templates/` folder, then the theme
shipped inside the package. Autoescape is always on; Markdown reaches templates only through
the `markdown` and `inline` filters, which return HTML that markdown-it-py produced with raw HTML off.
"""

from __future__ import annotations

import importlib.resources
from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .markdown import render_block, render_inline

ASSETS_DIR = "assets"
ADAPTERS_DIR = "assets/adapters"
SHARED_ADAPTER_PARTS: dict[str, frozenset[str]] = {
    "scorm-api": frozenset({"scorm12", "scorm2004"}),
    "xapi-client": frozenset({"cmi5", "xapi"}),
}
"""Adapter files several formats use (`assets/adapters/<part>.js`), by the formats that ship them."""


def default_theme_dir() -> Path:
    """The theme shipped with moduletool (the repository's templates/ folder in a source checkout)."""
    return Path(str(importlib.resources.files("moduletool.templates")))


def theme_dirs(project_templates: Path | None) -> list[Path]:
    """Theme folders, most specific first."""
    dirs = [default_theme_dir()]
    if project_templates is not None and project_templates.is_dir() and \
            project_templates.resolve() != dirs[0].resolve():
        dirs.insert(0, project_templates)
    return dirs


@lru_cache(maxsize=8)
def environment(dirs: tuple[Path, ...]) -> Environment:
    """A jinja2 environment over `dirs` with autoescape, strict undefined and Markdown filters."""
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(d)) for d in dirs]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markdown"] = lambda text: Markup(render_block(text)) if text else Markup("")
    env.filters["inline"] = lambda text: Markup(render_inline(text)) if text else Markup("")
    return env


def _adapter_format(relative: str) -> str:
    """The format an adapter file belongs to: `assets/adapters/web.js` and `assets/adapters/web/x.js` → web."""
    parts = Path(relative).relative_to(ADAPTERS_DIR).parts
    return parts[0] if len(parts) > 1 else Path(parts[0]).stem


def _ships_with(owner: str, package_format: str) -> bool:
    """Whether adapter files owned by `owner` (a format or a shared part) belong in `package_format`'s packages."""
    return owner == package_format or package_format in SHARED_ADAPTER_PARTS.get(owner, frozenset())


def asset_files(dirs: tuple[Path, ...], package_format: str) -> dict[str, Path]:
    """Package path → source file of every static asset for `package_format`.

    Every file under `assets/` ships, except what belongs to other formats: their runtime adapter
    `assets/adapters/<format>.js` and anything under `assets/adapters/<format>/`. A shared part
    (`SHARED_ADAPTER_PARTS`) ships with the formats that use it.
    """
    found: dict[str, Path] = {}
    for theme in reversed(dirs):  # later (more specific) folders override earlier ones
        root = theme / ASSETS_DIR
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.name.startswith("."):
                continue
            relative = path.relative_to(theme).as_posix()
            if relative.startswith(ADAPTERS_DIR + "/") and not _ships_with(_adapter_format(relative), package_format):
                continue
            found[relative] = path
    return dict(sorted(found.items()))
