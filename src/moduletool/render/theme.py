"""The player theme: jinja2 templates and static assets, with a project's own overriding the default.

Lookup order for every template and asset: the project's `templates/` folder, then the theme
shipped inside the package. Autoescape is always on; Markdown reaches templates only through
the `markdown` and `inline` filters, which return HTML that markdown-it-py produced with raw HTML off.

A draft translation keeps untranslated texts in the source language, and any translation may keep
a media file (captions) of the source language. The filters wrap each such text in an element
carrying the source's `lang` and `dir` (`plain` does it for unformatted text, `language_attributes`
gives the attributes for an `alt`, `language_of` the language of a caption file), so a screen
reader reads English in an English voice and a browser lays it out left to right inside an Arabic
page. They find those values in the render's context (`in_source_language`): a template that
imports macros needs `with context`.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape

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
    env.filters["markdown"] = _markdown
    env.filters["inline"] = _inline
    env.filters["plain"] = _plain
    env.filters["language_attributes"] = _language_attributes
    env.filters["language_of"] = _language_of
    return env


def _left_in_source_language(context: Context, value: str | None) -> bool:
    values = context.get("in_source_language")
    return bool(value and values and value.rstrip("\n") in values)


@pass_context
def _language_of(context: Context, value: str) -> str:
    """The language of `value` (a text or a media path): the source's when a translation kept it, else the page's."""
    return str(context["source_lang"] if _left_in_source_language(context, value) else context["lang"])


@pass_context  # marks the function for jinja2 only: _marked calls it directly too
def _language_attributes(context: Context, text: str | None) -> Markup:
    """` lang="en" dir="ltr"` when `text` is one a draft left in the source language, else nothing."""
    if not _left_in_source_language(context, text):
        return Markup("")
    return Markup(' lang="{}" dir="{}"').format(context["source_lang"], context["source_dir"])


def _marked(context: Context, text: str, html: Markup, element: str) -> Markup:
    """`html` inside `<element lang dir>` when `text` stayed in the source language."""
    attributes = _language_attributes(context, text)
    if not attributes:
        return html
    return Markup("<{}{}>{}</{}>").format(element, attributes, html, element)


def _text_filter(render: Callable[[str], Markup], element: str) -> Callable[[Context, str | None], Markup]:
    """A filter that renders a text with `render`, inside `<element lang dir>` when it stayed in the source language."""
    @pass_context
    def text_filter(context: Context, text: str | None) -> Markup:
        return _marked(context, text, render(text), element) if text else Markup("")
    return text_filter


_markdown = _text_filter(lambda text: Markup(render_block(text)), "div")
_inline = _text_filter(lambda text: Markup(render_inline(text)), "span")
_plain = _text_filter(escape, "span")
"""Unformatted text (a page title, an objective), escaped."""


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
