"""What every package format provides, and the data it is given."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..render.markdown import to_plain_text
from ..schema import Module

LICENSE_URLS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC-BY-NC-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "CC-BY-NC-SA-4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "CC-BY-ND-4.0": "https://creativecommons.org/licenses/by-nd/4.0/",
    "CC-BY-NC-ND-4.0": "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}


@dataclass(frozen=True)
class PackageContext:
    """One module in one language, rendered, ready to be wrapped by a format."""

    module: Module
    lang: str
    player_files: dict[str, bytes]
    worst_case_state: int

    @property
    def identifier(self) -> str:
        """An XML NCName unique to this module and language (ids may start with a digit)."""
        return f"MT-{self.module.id}-{self.lang}"

    @property
    def plain_description(self) -> str:
        return to_plain_text(self.module.description)

    @property
    def rights_statement(self) -> str:
        url = LICENSE_URLS.get(self.module.license)
        return f"{self.module.license} {url}" if url else self.module.license


class PackageFormat(Protocol):
    """A package format: its name, its limits, and the files it adds to the player's."""

    name: str
    title: str
    state_limit: int
    """Longest saved-state string the format's LMS data model stores."""

    def manifest_files(self, context: PackageContext) -> dict[str, bytes]:
        """The format's own files (manifest, control documents), keyed by package path."""
        ...
