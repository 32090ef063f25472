"""What every package format provides, and the data it is given."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from ..render.markdown import to_plain_text
from ..schema import Module

if TYPE_CHECKING:
    from ..activity_ids import ActivityIds
    from .control_documents import ControlDocuments

LICENSE_URLS = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC-BY-NC-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "CC-BY-NC-SA-4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "CC-BY-ND-4.0": "https://creativecommons.org/licenses/by-nd/4.0/",
    "CC-BY-NC-ND-4.0": "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}
NO_CONTROL_DOCUMENTS: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class PackageContext:
    """One module in one language, rendered, ready to be wrapped by a format."""

    module: Module
    lang: str
    player_files: dict[str, bytes]
    worst_case_state: int
    control_documents: ControlDocuments | None = None
    """The build's XSD control documents, for formats that ship them; None when the user named none."""
    activity_ids: ActivityIds | None = None
    """The module's IRIs (from `publisher_iri`), for formats that set `needs_publisher_iri`; else None."""
    draft: bool = False
    """Built with `--allow-drafts` from an unfinished translation: the metadata says so (LOM status)."""

    @property
    def identifier(self) -> str:
        """An XML NCName unique to this module and language (ids may start with a digit)."""
        return f"MT-{self.module.id}-{self.lang}"

    @property
    def plain_description(self) -> str:
        return to_plain_text(self.module.description)

    @property
    def mastery_percent(self) -> int:
        """The pass mark in whole percent, the unit the runtime scores in (checks allow no finer mastery)."""
        return round(self.module.completion.mastery * 100)

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
    control_documents: Mapping[str, str]
    """Namespace → root XSD its packages carry as control documents (empty: none). The build looks
    the documents up once when a chosen format has some, and warns once when none are found."""
    needs_publisher_iri: bool
    """True when packages name the module by IRIs (cmi5, xAPI): the build refuses to start without
    `publisher_iri` in moduletool.yaml, rather than invent ids that could never be changed later."""

    def manifest_files(self, context: PackageContext) -> dict[str, bytes]:
        """The format's own files (manifest, control documents), keyed by package path."""
        ...
