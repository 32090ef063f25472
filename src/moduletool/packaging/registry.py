"""The one dict of package formats; the CLI and the build look formats up here only."""

from __future__ import annotations

from ..errors import UserError, did_you_mean
from .base import PackageFormat
from .cmi5 import Cmi5
from .scorm12 import Scorm12
from .scorm2004 import Scorm2004
from .web import Web
from .xapi import Xapi

FORMATS: dict[str, PackageFormat] = {fmt.name: fmt for fmt in (Scorm12(), Scorm2004(), Cmi5(), Xapi(), Web())}


def get_format(name: str) -> PackageFormat:
    """The format called `name`, or a user error naming the known ones."""
    try:
        return FORMATS[name]
    except KeyError:
        hint = did_you_mean(name, list(FORMATS)) or f"known formats: {', '.join(FORMATS)}"
        raise UserError.at("--format", f"unknown package format `{name}`", hint=hint, code="format") from None
