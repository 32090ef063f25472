"""Bad inputs made at test time: too big for git (bombs, huge files) or not plain files (symlinks, FIFOs).

Each recipe writes its input at the path the runner gives it (where that kind of file belongs in
the test project). The key is the case's name in `expected.yaml`, `kind/file name`.
"""

from __future__ import annotations

import os
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

Recipe = Callable[[Path], None]

MODULE_HEAD = 'id: bad\nversion: "1.0.0"\nlanguage: en\ntitle: T\ndescription: D.\nlicense: CC-BY-SA-4.0\n'
PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
MANIFEST = b'<?xml version="1.0"?>\n<manifest identifier="M" version="1"/>\n'


def _text(text: str) -> Recipe:
    return lambda path: path.write_text(text, encoding="utf-8")


def _sparse(head: bytes, size: int) -> Recipe:
    """A file of `size` bytes that takes no disk space: `head`, then a hole."""
    def write(path: Path) -> None:
        with path.open("wb") as handle:
            handle.write(head)
            handle.truncate(size)
    return write


def _symlink_outside(path: Path) -> None:
    outside = path.parents[3] / "outside.png"  # beside modules/, outside the module folder
    outside.write_bytes(b"a file the package must never carry")
    path.symlink_to(os.path.relpath(outside, path.parent))


def _symlink_loop(path: Path) -> None:
    path.symlink_to(path.name)


def _fifo(path: Path) -> None:
    os.mkfifo(path)  # reading it would block for ever


def _zip(entries: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Recipe:
    def write(path: Path) -> None:
        with zipfile.ZipFile(path, "w", compression) as archive:
            for name, data in entries.items():
                archive.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), data, compression)
    return write


def _with_entry(name: str) -> Recipe:
    return _zip({"imsmanifest.xml": MANIFEST, name: b"#!/bin/sh\necho pwned\n"})


def _too_many_entries(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("imsmanifest.xml", MANIFEST)
        for index in range(20_001):
            archive.writestr(f"media/{index}.txt", b"")


def _claims_huge_sizes(path: Path) -> None:
    """Three entries whose central directory claims 1.9 GB each: 5.7 GB in all, far over the limit."""
    _zip({"imsmanifest.xml": MANIFEST, "a.bin": b"a", "b.bin": b"b", "c.bin": b"c"}, zipfile.ZIP_STORED)(path)
    data = bytearray(path.read_bytes())
    start = 0
    while (start := data.find(b"PK\x01\x02", start)) != -1:
        name_length = struct.unpack_from("<H", data, start + 28)[0]
        if bytes(data[start + 46:start + 46 + name_length]).endswith(b".bin"):
            struct.pack_into("<I", data, start + 24, 1_900_000_000)
        start += 46
    path.write_bytes(bytes(data))


def _ratio_bomb(path: Path) -> None:
    _zip({"imsmanifest.xml": MANIFEST, "media/zeros.bin": bytes(32 * 1024 * 1024)})(path)


def _truncated(path: Path) -> None:
    _zip({"imsmanifest.xml": MANIFEST, "index.html": b"<p>hello</p>" * 200})(path)
    path.write_bytes(path.read_bytes()[:-30])


RECIPES: dict[str, Recipe] = {
    "module/huge-title.yaml": _text(MODULE_HEAD.replace("title: T", "title: " + "word " * 1_300_000)),
    "module/many-pages-duplicate-id.yaml": _text(MODULE_HEAD + "pages:\n" + "".join(
        f"  - {{id: p{i}, title: P, blocks: [{{id: b{i}, type: text, text: ok}}]}}\n" for i in range(5000))
        + "  - {id: p1, title: Again, blocks: [{id: z, type: text, text: ok}]}\n"),
    "po/huge-line.po": lambda path: path.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgctxt "x"\nmsgid "' + "x" * 2_000_000
        + '\\z"\nmsgstr ""\n', encoding="utf-8"),
    "glossary/huge-term.csv": _text("buddy," + "x" * 100_000 + "\n" + ",\n"),
    "media/huge.png": _sparse(PNG_HEAD, 600 * 1024 * 1024),
    "media/symlink-outside.png": _symlink_outside,
    "media/symlink-loop.png": _symlink_loop,
    "media/fifo.png": _fifo,
    "zip/zip-slip.zip": _with_entry("../evil.sh"),
    "zip/zip-slip-nested.zip": _with_entry("media/../../evil.sh"),
    "zip/absolute-path.zip": _with_entry("/etc/cron.d/evil"),
    "zip/drive-letter.zip": _with_entry("C:\\Windows\\evil.dll"),
    "zip/backslash-slip.zip": _with_entry("..\\..\\evil.bat"),
    "zip/too-many-entries.zip": _too_many_entries,
    "zip/total-size-bomb.zip": _claims_huge_sizes,
    "zip/ratio-bomb.zip": _ratio_bomb,
    "zip/truncated.zip": _truncated,
    "zip/not-a-zip.zip": lambda path: path.write_bytes(b"<html>a web page, not a zip</html>"),
    "zip/empty-file.zip": lambda path: path.write_bytes(b""),
    "zip/a-folder.zip": lambda path: path.mkdir(),
}
