"""What an entry's `msgctxt` (the stable id path of a text) says about the text it keys.

Kept apart from `extract` so that the lowest layers (provenance, stats) can ask without
importing the module loader.
"""

from __future__ import annotations

from ..schema.blocks import MEDIA_FIELDS


def is_media_entry(msgctxt: str) -> bool:
    """Whether an entry names a media file; its empty translation means "the same file", not "missing"."""
    return msgctxt.rsplit("/", 1)[-1] in MEDIA_FIELDS
