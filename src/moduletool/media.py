"""Media references: where a module's files are, and refusing any that would leave its folder.

A package must contain only the module's own files. Paths are relative to `module.yaml`, use
forward slashes, and must resolve (symlinks included) inside the module folder. A file must also
be what its name says (a `.png` that is really text, a `.vtt` that is not WebVTT), complete (an
image cut off in the middle of its data) and within `MAX_MEDIA_BYTES`: a learner's phone and an
LMS upload form are where those mistakes would otherwise surface.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from .errors import did_you_mean
from .schema.blocks import MEDIA_FIELDS

if TYPE_CHECKING:
    from .schema import Module

LANG_PLACEHOLDER = "{lang}"
_DRIVE = re.compile(r"^[A-Za-z]:")


class MediaPathError(ValueError):
    """A media path that is malformed or points outside the module; `hint` says how to fix it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def for_language(reference: str, lang: str) -> str:
    """Fill the `{lang}` placeholder (e.g. captions per language)."""
    return reference.replace(LANG_PLACEHOLDER, lang)


def resolve_media(module_dir: Path, reference: str) -> Path:
    """The file `reference` names inside `module_dir`; raise `MediaPathError` if it is not one."""
    inside = "write a path relative to module.yaml, inside the module folder, e.g. media/photo.jpg"
    if "\\" in reference:
        raise MediaPathError("backslashes are not allowed in paths", "use forward slashes: media/photo.jpg")
    if reference.startswith("/") or _DRIVE.match(reference):
        raise MediaPathError("absolute paths are not allowed", inside)
    if ".." in PurePosixPath(reference).parts:
        raise MediaPathError("`..` is not allowed in paths", inside)
    if "://" in reference:
        raise MediaPathError("media must be files inside the module, not URLs", inside)
    candidate = module_dir / reference
    root = module_dir.resolve()
    try:
        resolved = candidate.resolve(strict=True)
    except FileNotFoundError:
        raise MediaPathError("file not found", _near_miss(module_dir, reference) or inside) from None
    except RuntimeError:  # Path.resolve's "Symlink loop" (its message holds the absolute path)
        raise MediaPathError("cannot read: a symlink that leads back to itself (a loop)", inside) from None
    except OSError as exc:  # permission problems, loops on other Pythons
        raise MediaPathError(f"cannot read: {exc.strerror or type(exc).__name__}", inside) from None
    if not resolved.is_relative_to(root):
        raise MediaPathError("the path leads outside the module folder (through a symlink)",
                             "copy the file into the module folder instead of linking to it")
    if not resolved.is_file():
        raise MediaPathError("not a file", inside)
    return resolved


def _near_miss(module_dir: Path, reference: str) -> str:
    """`did you mean media/cv.jpg?` when a file with a similar name exists."""
    folder = (module_dir / reference).parent
    if not folder.is_dir():
        return ""
    names = sorted(p.name for p in folder.iterdir())
    hint = did_you_mean(PurePosixPath(reference).name, names)
    return hint.replace("`", f"`{PurePosixPath(reference).parent}/", 1) if hint else ""


def module_media(module: Module) -> list[str]:
    """Every media reference of a validated module, in reading order (duplicates kept once)."""
    found: dict[str, None] = {}
    for _, _, block in module.blocks():
        for name in MEDIA_FIELDS:
            reference = getattr(block, name, None)
            if reference:
                found[reference] = None
    return list(found)


MAX_MEDIA_BYTES = 512 * 1024 * 1024
"""The largest media file a package may carry; LMS upload limits are usually far lower."""

_SIGNATURES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".jpg": ("JPEG image", (b"\xff\xd8\xff",)), ".jpeg": ("JPEG image", (b"\xff\xd8\xff",)),
    ".png": ("PNG image", (b"\x89PNG\r\n\x1a\n",)), ".gif": ("GIF image", (b"GIF87a", b"GIF89a")),
    ".pdf": ("PDF document", (b"%PDF-",)),
}
"""Extension → (what it should be, the bytes it starts with). Audio and video are not sniffed: their
containers and codecs vary too much to judge from a few bytes, and a wrong one fails visibly in the
player's own controls rather than as a broken page."""
_PNG_END = b"IEND\xaeB`\x82"


def content_problem(path: Path) -> MediaPathError | None:
    """Why the file at `path` is not what its extension says, is cut off or too big; None when it is fine."""
    size = path.stat().st_size
    if size > MAX_MEDIA_BYTES:
        return MediaPathError(f"the file is {size / 1024 / 1024:,.0f} MB, more than the "
                              f"{MAX_MEDIA_BYTES // 1024 // 1024} MB a package may carry",
                              "compress it (smaller dimensions or bit rate), or link to it from a text block instead")
    suffix = path.suffix.lower()
    with path.open("rb") as handle:
        head = handle.read(64)
        handle.seek(max(0, size - 16))
        tail = handle.read(16)
    if size == 0:
        return MediaPathError("the file is empty", "replace it with the real file")
    problem = _type_problem(suffix, head)
    if problem:
        return MediaPathError(problem, f"save the file in the format its name says ({suffix}), or rename it")
    if suffix == ".png" and not tail.endswith(_PNG_END):
        return MediaPathError("the PNG image is cut off (it does not end with its IEND chunk)",
                              "export or download the image again")
    if suffix in {".jpg", ".jpeg"} and not tail.rstrip(b"\x00").endswith(b"\xff\xd9") and _has_scan(path):
        return MediaPathError("the JPEG image is cut off (its image data never ends)",
                              "export or download the image again")
    return None


def _type_problem(suffix: str, head: bytes) -> str:
    if suffix in _SIGNATURES:
        kind, starts = _SIGNATURES[suffix]
        return "" if head.startswith(starts) else f"not a {kind}, although its name ends in {suffix}"
    if suffix == ".webp":
        return "" if head[:4] == b"RIFF" and head[8:12] == b"WEBP" else "not a WebP image, although its name " \
                                                                         "ends in .webp"
    if suffix == ".vtt":
        text = head.removeprefix(b"\xef\xbb\xbf")
        if text.startswith(b"WEBVTT") and text[6:7] in {b"", b" ", b"\t", b"\n", b"\r"}:
            return ""
        return "not a WebVTT file: it must start with the line `WEBVTT`"
    if suffix == ".svg":
        return "" if b"\x00" not in head and head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") \
            else "not an SVG image (SVG is XML text starting with `<`)"
    return ""


def _has_scan(path: Path) -> bool:
    """True when a JPEG has reached its image data (a start-of-scan marker), so it must end too."""
    with path.open("rb") as handle:
        return b"\xff\xda" in handle.read(1024 * 1024)
