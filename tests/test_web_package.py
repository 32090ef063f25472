"""The offline web package: index.html at the root, a web app manifest with real icons, a service
worker that precaches exactly the package, nothing of it in other formats, reproducible bytes."""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import struct
import zlib
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from lxml import html
from support.projects import copy_fixture, read_zip, run_moduletool

from moduletool.modules import load_module
from moduletool.packaging.base import PackageContext
from moduletool.packaging.web import short_name, web_manifest
from moduletool.packaging.web_icons import ICONS, MASKABLE_SAFE_RADIUS, render_icon
from moduletool.project import ModuleSource
from moduletool.render.player import RenderRequest, render_player
from moduletool.schema import Module

ZIP = Path("dist/mini-course/en/mini-course-2.1.0-en-web.zip")
WEB_ONLY = {"manifest.webmanifest", "sw.js", "assets/adapters/web.js", "assets/adapters/web/offline.js"} | {
    icon.path for icon in ICONS}
HEX_COLOUR = re.compile(r"^#[0-9a-f]{6}$")


def _build(project: Path, *args: str) -> dict[str, bytes]:
    result = run_moduletool("build", "-f", "web", *args, cwd=project)
    assert result.returncode == 0, result.stderr
    return read_zip(project / ZIP)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return _build(copy_fixture("mini", tmp_path_factory.mktemp("web") / "mini"))


def precache(sw: bytes) -> dict[str, Any]:
    """The `var PRECACHE = {...};` object the build writes at the top of sw.js."""
    text = sw.decode("utf-8")
    start = text.index("var PRECACHE = ") + len("var PRECACHE = ")
    return json.loads(text[start:text.index(";\n", start)])


def decode_png(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and RGBA rows of a PNG as our encoder writes it, checking every chunk's CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, []
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length:position + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        chunks.append((kind, body))
        position += 12 + length
    assert [kind for kind, _ in chunks] == [b"IHDR", b"IDAT", b"IEND"]
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (depth, colour, interlace) == (8, 6, 0)
    raw = zlib.decompress(chunks[1][1])
    stride = 1 + 4 * width
    assert len(raw) == stride * height
    rows = [raw[y * stride:(y + 1) * stride] for y in range(height)]
    assert all(row[0] == 0 for row in rows)  # filter "None"
    return width, height, [row[1:] for row in rows]


def test_index_html_at_the_root_with_the_web_runtime(files: dict[str, bytes]) -> None:
    assert WEB_ONLY | {"index.html", "assets/player.js", "assets/player.css", "media/map file.svg"} <= set(files)
    assert not any(name.startswith("assets/adapters/") and name not in WEB_ONLY for name in files)
    assert "imsmanifest.xml" not in files


def test_page_links_only_package_files_and_runs_from_file_urls(files: dict[str, bytes]) -> None:
    page = html.fromstring(files["index.html"])
    assert page.get("data-format") == "web"
    assert page.xpath("//head/link[@rel='manifest']/@href") == ["manifest.webmanifest"]
    assert page.xpath("//head/link[@rel='apple-touch-icon']/@href") == ["icons/apple-touch-icon.png"]
    for address in page.xpath("//link/@href | //script/@src | //img/@src"):
        assert unquote(address) in files, address
    # From file:// a module script or a fetch of local data would be refused: classic scripts only,
    # and the course data inline.
    scripts = page.xpath("//script")
    assert all(s.get("type") in (None, "application/json") for s in scripts)
    assert all(s.get("src") for s in scripts if s.get("type") is None)
    assert b"fetch(" not in files["assets/player.js"] + files["assets/adapters/web.js"]


def test_web_app_manifest(files: dict[str, bytes]) -> None:
    manifest = json.loads(files["manifest.webmanifest"])
    assert manifest["name"] == "Welcoming a newcomer to the team"
    assert manifest["short_name"] == "Welcoming a…" and len(manifest["short_name"]) <= 12
    assert manifest["description"] == "A short module on the first day of a newly arrived colleague."
    assert (manifest["lang"], manifest["dir"]) == ("en", "ltr")
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == (".", ".", "standalone")
    assert HEX_COLOUR.match(manifest["theme_color"]) and HEX_COLOUR.match(manifest["background_color"])
    icons = {(icon["sizes"], icon["purpose"]): icon for icon in manifest["icons"]}
    assert set(icons) == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}
    for (sizes, _), icon in icons.items():
        assert icon["type"] == "image/png"
        width, height, _ = decode_png(files[icon["src"]])
        assert f"{width}x{height}" == sizes


def test_manifest_follows_the_language(tmp_path: Path) -> None:
    page = {"id": "p", "title": "ص", "blocks": [{"id": "t", "type": "text", "text": "نص"}]}
    module = Module.model_validate({"id": "m", "version": "1.0.0", "language": "ar", "title": "دليل",
                                    "description": "وصف.", "license": "CC0-1.0", "pages": [page]})
    manifest = json.loads(web_manifest(PackageContext(module, "ar", {}, 0)))
    assert [manifest[key] for key in ("lang", "dir", "name", "short_name")] == ["ar", "rtl", "دليل", "دليل"]


@pytest.mark.parametrize(("title", "expected"), [
    ("Short", "Short"),
    ("Twelve chars", "Twelve chars"),
    ("Job search in the host country", "Job search…"),
    ("Supercalifragilistic", "Supercalifr…"),
])
def test_short_name_fits_a_home_screen(title: str, expected: str) -> None:
    assert short_name(title) == expected


@pytest.mark.parametrize("icon", ICONS, ids=lambda icon: icon.path)
def test_icons_are_opaque_where_they_must_be(icon: Any) -> None:
    width, height, rows = decode_png(render_icon(icon.size, icon.full_bleed))
    assert (width, height) == (icon.size, icon.size)
    corner_alpha = rows[0][3]
    assert corner_alpha == (255 if icon.full_bleed else 0)  # iOS paints transparency black
    if icon.purpose == "maskable":
        # Everything but the background lies in the circle every mask keeps.
        background = rows[0][:4]
        centre = icon.size / 2
        for y, row in enumerate(rows):
            for x in range(icon.size):
                if row[4 * x:4 * x + 4] != background:
                    assert math.hypot(x + 0.5 - centre, y + 0.5 - centre) <= MASKABLE_SAFE_RADIUS * icon.size


def test_service_worker_precaches_exactly_the_package(files: dict[str, bytes]) -> None:
    listed = precache(files["sw.js"])
    # The worker script itself is not cached: the browser keeps it and checks it for updates.
    assert [unquote(url) for url in listed["files"]] == sorted(set(files) - {"sw.js"})
    assert "media/map%20file.svg" in listed["files"]
    digest = hashlib.sha256()
    for path in sorted(set(files) - {"sw.js"}):
        digest.update(path.encode() + b"\0" + hashlib.sha256(files[path]).digest())
    assert listed["version"] == digest.hexdigest()[:16]


def test_service_worker_is_registered_only_over_http(files: dict[str, bytes]) -> None:
    script = files["assets/adapters/web/offline.js"].decode()
    assert 'location.protocol !== "http:" && location.protocol !== "https:"' in script
    assert 'register("sw.js")' in script  # relative: the scope is the package's folder, wherever it is


def test_build_twice_gives_the_same_bytes_and_a_change_a_new_cache(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "mini")
    version = precache(_build(project)["sw.js"])["version"]
    first = (project / ZIP).read_bytes()
    _build(project)
    assert (project / ZIP).read_bytes() == first
    module = project / "modules" / "mini-course" / "module.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace("The first day", "Day one"), encoding="utf-8")
    assert precache(_build(project)["sw.js"])["version"] != version


def test_other_formats_carry_nothing_of_the_web_version(tmp_path: Path) -> None:
    project = copy_fixture("mini", tmp_path / "mini")
    assert run_moduletool("build", "-f", "scorm12", cwd=project).returncode == 0
    files = read_zip(project / "dist/mini-course/en/mini-course-2.1.0-en-scorm12.zip")
    assert not WEB_ONLY & set(files)
    assert not any(name.startswith("icons/") for name in files)
    assert b'rel="manifest"' not in files["index.html"]


def test_caption_tracks_are_inlined_only_in_the_web_version() -> None:
    """From file:// browsers refuse a .vtt beside the page; on a host, a file keeps a strict CSP happy."""
    folder = Path(__file__).parent / "browser" / "modules" / "player-demo"
    module = load_module(ModuleSource(folder, "module.yaml")).module
    assert module is not None
    vtt = (folder / "media" / "film.en.vtt").read_bytes()
    for package_format, expected in (("web", "data:text/vtt;charset=utf-8;base64," + base64.b64encode(vtt).decode()),
                                     ("scorm12", "media/film.en.vtt")):
        page = render_player(RenderRequest(module, folder, "en", package_format))["index.html"]
        assert html.fromstring(page).xpath("//track/@src") == [expected], package_format
