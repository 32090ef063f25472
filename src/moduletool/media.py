"""Media references: where a module's files are, and refusing any that would leave its folder.

A package must contain only the module's own files. Paths are relative to `module.yaml`, use
forward slashes, and must resolve (symlinks included) inside the module folder.
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
    except (OSError, RuntimeError) as exc:  # symlink loops, permission problems
        raise MediaPathError(f"cannot read: {exc}", inside) from None
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
