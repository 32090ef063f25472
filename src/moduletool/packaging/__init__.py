"""Package formats: one module per format behind `PackageFormat`, registered in `FORMATS`."""

from .base import PackageContext, PackageFormat
from .registry import FORMATS, get_format

__all__ = ["FORMATS", "PackageContext", "PackageFormat", "get_format"]
