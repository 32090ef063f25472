"""The zip writer: the bytes `zipfile` would write, stored media, compression done once, archives tools accept."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from moduletool.packaging.zipfile_writer import STORED_EXTENSIONS, MemberCache, build_zip, fixed_timestamp

FILES = {
    "index.html": b"<!doctype html><p>" + b"Hello, world. " * 400 + b"</p>",
    "assets/player.js": b"console.log('player');\n" * 200,
    "media/photo.jpg": os.urandom(5000),
    "media/clip.MP4": os.urandom(3000),
    "media/carte du caf\u00e9.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
    "empty.txt": b"",
}


def zipfile_bytes(files: dict[str, bytes]) -> bytes:
    """What the standard library writes for the same entries and choices."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=fixed_timestamp())
            stored = os.path.splitext(name)[1].lower() in STORED_EXTENSIONS
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = (0o100644 & 0xFFFF) << 16
            archive.writestr(info, files[name], compresslevel=None if stored else 9)
    return buffer.getvalue()


def test_the_bytes_are_those_zipfile_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert build_zip(FILES) == zipfile_bytes(FILES)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000001")
    assert build_zip(FILES) == zipfile_bytes(FILES)


def test_media_are_stored_and_text_is_deflated() -> None:
    with zipfile.ZipFile(io.BytesIO(build_zip(FILES))) as archive:
        assert archive.testzip() is None
        methods = {info.filename: info.compress_type for info in archive.infolist()}
        assert {name: archive.read(name) for name in archive.namelist()} == FILES
    assert methods["media/photo.jpg"] == methods["media/clip.MP4"] == zipfile.ZIP_STORED
    assert methods["index.html"] == methods["assets/player.js"] == zipfile.ZIP_DEFLATED
    for extension in ("jpg", "jpeg", "png", "gif", "webp", "mp4", "webm", "mp3", "m4a", "ogg", "woff2", "pdf", "zip"):
        assert f".{extension}" in STORED_EXTENSIONS


def test_a_shared_member_is_compressed_once() -> None:
    cache = MemberCache()
    first = build_zip(FILES, cache)
    assert cache.hits == 0
    second = build_zip({**FILES, "index.html": b"<p>another page</p>"}, cache)
    assert cache.hits == 3  # player.js, the svg and the empty file: everything deflated but the new page
    assert first == build_zip(FILES, cache)
    assert zipfile.ZipFile(io.BytesIO(second)).read("assets/player.js") == FILES["assets/player.js"]


def test_the_cache_keeps_to_its_budget() -> None:
    cache = MemberCache(budget=10_000)
    for number in range(20):
        build_zip({"page.html": str(number).encode() * 2000}, cache)
    assert cache._held <= 10_000


def test_unzip_accepts_the_archive(tmp_path: Path) -> None:
    unzip = shutil.which("unzip")
    assert unzip, "the `unzip` command (Debian package unzip) is needed for this test"
    target = tmp_path / "package.zip"
    target.write_bytes(build_zip(FILES, MemberCache()))
    result = subprocess.run([unzip, "-t", str(target)], check=False, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No errors detected" in result.stdout
