"""Catalog files on disk: where they live, reading them with located errors, writing them atomically.

A file is rewritten only when its bytes would change, and a template whose only change would
be its `POT-Creation-Date` is left alone, so running the tools twice changes nothing.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from ..fsutil import read_text, write_atomic
from .catalog import Catalog
from .po_format import format_catalog
from .po_parse import parse_catalog

TRANSLATIONS_DIR = "translations"
TEMPLATES_DIR = "templates"
CREATION_DATE = "POT-Creation-Date"


def template_path(root: Path, module_id: str) -> Path:
    """translations/templates/<id>.pot"""
    return root / TRANSLATIONS_DIR / TEMPLATES_DIR / f"{module_id}.pot"


def po_path(root: Path, lang: str, module_id: str) -> Path:
    """translations/<lang>/<id>.po"""
    return root / TRANSLATIONS_DIR / lang / f"{module_id}.po"


def now_stamp() -> str:
    """The current time as gettext writes dates; `SOURCE_DATE_EPOCH` fixes it for reproducible runs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(epoch) if epoch.isdigit() else int(time.time())
    return time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime(seconds))


def read_catalog(path: Path, display: str) -> Catalog:
    """Parse a `.po`/`.pot` file; unreadable or malformed files are located user errors."""
    text = read_text(path, display, kind="po", hint="save the file as UTF-8 (e.g. `msgconv -t UTF-8`)")
    return parse_catalog(text, display)


def _without_date(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if not line.startswith(f'"{CREATION_DATE}:'))


def write_catalog(path: Path, catalog: Catalog, *, ignore_date: bool = False) -> bool:
    """Write `catalog` atomically unless the file already says the same; True when written.

    With `ignore_date`, a file that differs only in its POT-Creation-Date counts as the same.
    """
    text = format_catalog(catalog)
    if path.is_file():
        try:
            current = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        if current == text or (ignore_date and current is not None and _without_date(current) == _without_date(text)):
            return False
    write_atomic(path, text.encode("utf-8"))
    return True
