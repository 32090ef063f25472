"""Render one module in one language into the files of its player: `{package path: bytes}`.

The result is everything a package needs except its manifest: index.html, the theme's assets
and the module's media. Nothing is written to disk here.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from ..activity_ids import ActivityIds
from ..i18n.languages import is_rtl
from ..i18n.player_strings import PlayerStrings, load_player_strings
from ..media import for_language, module_media, resolve_media
from ..schema import Module
from .course_data import course_data
from .csp import content_security_policy
from .theme import asset_files, environment, theme_dirs

INDEX = "index.html"
SELF_CONTAINED_FORMATS = frozenset({"web"})
"""Formats whose page must also work opened from file://. Browsers refuse a caption track read
from a file beside such a page (file: URLs are unique origins), so the templates' tracks, marked
`media_url(..., inline=true)`, become data: URLs there; elsewhere they stay files (a strict
Content-Security-Policy may refuse data: media)."""
MEDIA_TYPES = {".vtt": "text/vtt;charset=utf-8"}


def text_direction(lang: str) -> str:
    """`rtl` for right-to-left scripts, else `ltr`."""
    return "rtl" if is_rtl(lang) else "ltr"


@dataclass(frozen=True)
class RenderRequest:
    """What to render: a loaded module, its folder, the language and the package format.

    `strings` are the player's words in `lang` (default: the theme's own catalogs); `draft`
    adds the banner that tells learners the translation is unfinished.
    """

    module: Module
    module_dir: Path
    lang: str
    package_format: str
    project_templates: Path | None = None
    activity_ids: ActivityIds | None = None
    """The module's IRIs, for the formats that report to an LRS (cmi5, xAPI)."""
    strings: PlayerStrings | None = None
    draft: bool = False
    in_source_language: frozenset[str] = frozenset()
    """Texts and media paths a translation left in the module's source language: rendered with
    that language's `lang` and `dir` (see `render.theme`)."""


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


def _data_url(source: Path) -> str:
    media_type = MEDIA_TYPES.get(source.suffix.lower(), "application/octet-stream")
    return f"data:{media_type};base64,{base64.b64encode(source.read_bytes()).decode('ascii')}"


def render_player(request: RenderRequest) -> dict[str, bytes]:
    """All player files for one module × language × format, keyed by their path in the package."""
    dirs = tuple(theme_dirs(request.project_templates))
    env = environment(dirs)
    assets = asset_files(dirs, request.package_format)
    module, lang = request.module, request.lang
    strings = dict((request.strings or load_player_strings(lang)).strings)

    media = media_files(module, request.module_dir, lang)

    def media_url(reference: str, inline: bool = False) -> str:
        path = for_language(reference, lang)
        if inline and request.package_format in SELF_CONTAINED_FORMATS:
            return _data_url(media[path])
        return quote(path)

    html = env.get_template("index.html.j2").render(
        module=module,
        lang=lang,
        dir=text_direction(lang),
        draft=request.draft,
        in_source_language=request.in_source_language,
        source_lang=module.language,
        source_dir=text_direction(module.language),
        strings=strings,
        strings_json=_json_for_script(strings),
        course_json=_json_for_script(course_data(module, lang, request.activity_ids)),
        package_format=request.package_format,
        content_security_policy=content_security_policy(request.package_format),
        stylesheets=[path for path in assets if path.endswith(".css")],
        scripts=[path for path in assets if path.endswith(".js")],
        media_url=media_url,
    )
    files: dict[str, bytes] = {INDEX: html.encode("utf-8")}
    for path, source in assets.items():
        files[path] = source.read_bytes()
    for path, source in media.items():
        files[path] = source.read_bytes()
    return dict(sorted(files.items()))
