"""The benchmark's synthetic catalog: many modules × languages with complete, reviewed translations.

Every module has the shape a real partnership module has: about 8 pages, 10 graded questions,
6 pictures of 100–200 KB (JPEG and PNG, both valid files), one 2 MB video with captions in
every language. Bytes come from a seeded generator, so two runs make the same catalog.
Translations are made with moduletool's own `i18n init` and then filled in and marked reviewed,
so every language builds as a release.
"""

from __future__ import annotations

import random
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

from moduletool.i18n.catalog_io import po_path, read_catalog, write_catalog

MODULETOOL = Path(sys.executable).parent / "moduletool"
SOURCE_LANGUAGE = "en"
TARGET_LANGUAGES = ("fr", "de", "es", "it")
PUBLISHER_IRI = "https://bench.example.org/partnership"


@dataclass(frozen=True)
class CatalogSize:
    """How big a catalog to make."""

    modules: int = 40
    pages: int = 8
    questions: int = 10
    images: int = 6
    image_kb: tuple[int, int] = (100, 200)
    video_kb: int = 2048


FULL = CatalogSize()
QUICK = CatalogSize(modules=3, pages=3, questions=3, images=2, image_kb=(20, 40), video_kb=128)


def png_bytes(rng: random.Random, size: int) -> bytes:
    """A valid RGB PNG of noise, about `size` bytes (noise does not compress, like a photo)."""
    width = 256
    height = max(1, size // (width * 3 + 1))
    raw = b"".join(b"\x00" + rng.randbytes(width * 3) for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b"")


def jpeg_bytes(rng: random.Random, size: int) -> bytes:
    """A valid baseline JPEG (one grey 8×8 block) padded to `size` bytes with COM segments of noise."""
    segments = [b"\xff\xd8", b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"]
    remaining = size - 200
    while remaining > 0:
        length = min(remaining, 65000)
        segments.append(b"\xff\xfe" + struct.pack(">H", length + 2) + rng.randbytes(length).replace(b"\xff", b"\x00"))
        remaining -= length + 4
    quantisation = b"\x00" + bytes([1] * 64)
    segments.append(b"\xff\xdb" + struct.pack(">H", 2 + len(quantisation)) + quantisation)
    segments.append(b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 8, 8, 1) + b"\x01\x11\x00")
    one_code = bytes([1] + [0] * 15) + b"\x00"  # a single 1-bit code for symbol 0 (DC diff 0 / AC end of block)
    segments.append(b"\xff\xc4" + struct.pack(">H", 2 + 2 * (1 + len(one_code))) + b"\x00" + one_code + b"\x10" + one_code)
    segments.append(b"\xff\xda" + struct.pack(">HB", 8, 1) + b"\x01\x00\x00\x3f\x00")
    segments.append(b"\x3f\xff\xd9")  # bits 0 (DC) 0 (EOB), padded with ones; end of image
    return b"".join(segments)


def video_bytes(rng: random.Random, size: int) -> bytes:
    """An MP4-shaped file: an `ftyp` box and an `mdat` box of noise, `size` bytes in all."""
    ftyp = struct.pack(">I", 24) + b"ftypisom" + struct.pack(">I", 512) + b"isomiso2"
    payload = size - len(ftyp) - 8
    return ftyp + struct.pack(">I", payload + 8) + b"mdat" + rng.randbytes(payload)


def captions(lang: str) -> str:
    return (f"WEBVTT\n\n00:00.000 --> 00:04.000\n({lang}) A social worker greets a newcomer.\n\n"
            f"00:04.000 --> 00:09.000\n({lang}) They agree on the next steps together.\n")


def _question(index: int) -> list[str]:
    kind = ("single", "multiple", "true-false")[index % 3]
    lines = [f"      - id: q{index}", "        type: question", f"        kind: {kind}",
             f"        prompt: Which step comes first in situation {index}, according to the **guide**?",
             "        objectives: [main]"]
    if kind == "true-false":
        return [*lines, "        answer: true"]
    return [*lines, "        options:",
            f"          - {{id: a, text: Ask the person about their goals {index}, correct: true, feedback: Yes.}}",
            f"          - {{id: b, text: Fill in the form for them {index}, correct: {str(kind == 'multiple').lower()}}}",
            "          - {id: c, text: Wait for the next appointment, feedback: Not yet.}"]


def module_yaml(module_id: str, size: CatalogSize, media: list[str]) -> str:
    """The text of one module: pages of Markdown, pictures, the video on the first page, the questions."""
    lines = [f"id: {module_id}", 'version: "1.0.0"', f"language: {SOURCE_LANGUAGE}",
             f"title: Supporting newcomers, part {module_id[-2:]}",
             "description: A module of the benchmark catalog, with **Markdown** and a [link](https://example.org/).",
             "license: CC-BY-SA-4.0", "keywords: [integration, benchmark]", "duration: PT30M",
             "objectives:", "  - {id: main, text: Support a newcomer step by step}",
             "completion: {require: all-pages-and-quiz, mastery: 0.8}", "pages:"]
    questions = list(range(1, size.questions + 1))
    pictures = list(media)
    for page in range(1, size.pages + 1):
        lines += [f"  - id: page{page}", f"    title: Page {page} of the module", "    blocks:"]
        for paragraph in range(1, 4):
            lines += [f"      - id: p{page}-{paragraph}", "        type: text", "        text: |",
                      f"          Paragraph {paragraph} of page {page}. Newcomers need *clear* information about",
                      "          housing, work and health. Ask open questions, listen, and check that the person",
                      "          agrees with the plan. See [the guide](https://example.org/guide) for details."]
        if page == 1:
            lines += ["      - id: intro-video", "        type: video", "        src: media/intro.mp4",
                      "        captions: media/intro.{lang}.vtt", "        title: A first meeting"]
        if pictures:
            picture = pictures.pop(0)
            lines += [f"      - id: fig{page}", "        type: image", f"        src: media/{picture}",
                      f"        alt: A drawing for page {page}"]
        share = len(questions) // (size.pages - page + 1) if page < size.pages else len(questions)
        for index in questions[:share]:
            lines += _question(index)
        questions = questions[share:]
    while pictures:  # more pictures than pages: the rest go on the last page
        picture = pictures.pop(0)
        lines += [f"      - id: fig-{picture.split('.')[0]}", "        type: image", f"        src: media/{picture}",
                  "        alt: Another drawing"]
    return "\n".join(lines) + "\n"


def write_module(root: Path, module_id: str, size: CatalogSize, rng: random.Random) -> None:
    """modules/<id>/module.yaml and its media."""
    folder = root / "modules" / module_id
    media = folder / "media"
    media.mkdir(parents=True)
    names = []
    for index in range(size.images):
        kind = "jpg" if index % 2 == 0 else "png"
        name = f"figure-{index + 1}.{kind}"
        target = rng.randint(*size.image_kb) * 1024
        (media / name).write_bytes(jpeg_bytes(rng, target) if kind == "jpg" else png_bytes(rng, target))
        names.append(name)
    (media / "intro.mp4").write_bytes(video_bytes(rng, size.video_kb * 1024))
    for lang in (SOURCE_LANGUAGE, *TARGET_LANGUAGES):
        (media / f"intro.{lang}.vtt").write_text(captions(lang), encoding="utf-8")
    (folder / "module.yaml").write_text(module_yaml(module_id, size, names), encoding="utf-8")


def translate_everything(root: Path, lang: str, module_ids: list[str]) -> None:
    """Fill every entry of each catalog of `lang` and mark it reviewed (media paths stay the same)."""
    for module_id in module_ids:
        path = po_path(root, lang, module_id)
        catalog = read_catalog(path, path.name)
        for entry in catalog.active:
            entry.msgstr = entry.msgid if entry.msgctxt and entry.msgctxt.endswith("/src") else f"({lang}) {entry.msgid}"
            entry.set_fuzzy(False)
        write_catalog(path, catalog)


def make_catalog(root: Path, size: CatalogSize = FULL, seed: int = 7) -> list[str]:
    """Write a complete content project at `root`; return its module ids."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "moduletool.yaml").write_text(
        f"source_language: {SOURCE_LANGUAGE}\nlanguages: [{', '.join(TARGET_LANGUAGES)}]\nprofile: generic\n"
        f"publisher_iri: {PUBLISHER_IRI}\n", encoding="utf-8")
    module_ids = [f"module-{number:02d}" for number in range(1, size.modules + 1)]
    for module_id in module_ids:
        write_module(root, module_id, size, rng)
    for lang in TARGET_LANGUAGES:
        subprocess.run([str(MODULETOOL), "i18n", "init", "--lang", lang], cwd=root, check=True,
                       capture_output=True, text=True)
        translate_everything(root, lang, module_ids)
    return module_ids
