"""The one dict of package formats; the CLI and the build look formats up here only."""

from __future__ import annotations

from ..errors import UserError, did_you_mean
from .base import PackageFormat
from .scorm12 import Scorm12

FORMATS: dict[str, PackageFormat] = {fmt.name: fmt for fmt in (Scorm12(),)}


def get_format(name: str) -> PackageFormat:
    """The format called `name`, or a user error naming the known ones."""
    try:
        return FORMATS[name]
    except KeyError:
        hint = did_you_mean(name, list(FORMATS)) or f"known formats: {', '.join(FORMATS)}"
        raise UserError.at("--format", f"unknown package format `{name}`", hint=hint, code="format") from None
