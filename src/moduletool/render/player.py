"""Render one module in one language into the files of its player: `{package path: bytes}`.

The result is everything a package needs except its manifest: index.html, the theme's assets
and the module's media. Nothing is written to disk here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from ..i18n.languages import is_rtl
from ..media import for_language, module_media, resolve_media
from ..schema import Module
from .course_data import course_data
from .strings import PLAYER_STRINGS
from .theme import asset_files, environment, theme_dirs

INDEX = "index.html"


def text_direction(lang: str) -> str:
    """`rtl` for right-to-left scripts, else `ltr`."""
    return "rtl" if is_rtl(lang) else "ltr"


@dataclass(frozen=True)
class RenderRequest:
    """What to render: a loaded module, its folder, the language and the package format."""

    module: Module
    module_dir: Path
    lang: str
    package_format: str
    project_templates: Path | None = None


def _json_for_script(data: object) -> Markup:
    """JSON safe inside <script type="application/json"> (no `</script>` break-out)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def media_files(module: Module, module_dir: Path, lang: str) -> dict[str, Path]:
    """Package path → source file of every media file the module uses in `lang`."""
    files: dict[str, Path] = {}
    for reference in module_media(module):
        actual = for_language(reference, lang)
        files[actual] = resolve_media(module_dir, actual)
    return dict(sorted(files.items()))


def render_player(request: RenderRequest) -> dict[str, bytes]:
    """All player files for one module × language × format, keyed by their path in the package."""
    dirs = tuple(theme_dirs(request.project_templates))
    env = environment(dirs)
    assets = asset_files(dirs, request.package_format)
    module, lang = request.module, request.lang

    def media_url(reference: str) -> str:
        return quote(for_language(reference, lang))

    html = env.get_template("index.html.j2").render(
        module=module,
        lang=lang,
        dir=text_direction(lang),
        strings=PLAYER_STRINGS,
        strings_json=_json_for_script(PLAYER_STRINGS),
        course_json=_json_for_script(course_data(module, lang)),
        package_format=request.package_format,
        stylesheets=[path for path in assets if path.endswith(".css")],
        scripts=[path for path in assets if path.endswith(".js")],
        media_url=media_url,
    )
    files: dict[str, bytes] = {INDEX: html.encode("utf-8")}
    for path, source in assets.items():
        files[path] = source.read_bytes()
    for path, source in media_files(module, request.module_dir, lang).items():
        files[path] = source.read_bytes()
    return dict(sorted(files.items()))
