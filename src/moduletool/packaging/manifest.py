"""The IMS Content Packaging skeleton both SCORM manifests share: one organization, one item, one SCO.

SCORM 1.2 and 2004 bind the same structure to different IMS CP namespaces and hang their own
extensions on it (a mastery score, sequencing, metadata). The skeleton is built here once, in
the namespace the format names; the format then adds its extensions to the parts it gets back.

The IMS CP elements live in the default namespace (no prefix) and every extension uses its
conventional prefix, because Moodle's importer matches prefixed, upper-cased names
(`ADLCP:SCORMTYPE`, `IMSSS:SEQUENCING`) with a namespace-blind parser and ignores the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote

from lxml import etree

from .base import PackageContext

MANIFEST = "imsmanifest.xml"
LAUNCH_FILE = "index.html"


@dataclass(frozen=True)
class ManifestShape:
    """What differs between the two SCORM versions in the skeleton itself."""

    namespace: str
    """The IMS CP namespace, the manifest's default namespace."""
    prefixes: Mapping[str, str]
    """Extension namespaces declared on the root, by their conventional prefix."""
    schema_version: str
    """`<schemaversion>` text; LMSs pick the SCORM version from it, so it is exact, no whitespace."""
    sco_attribute: str
    """The qualified attribute marking a resource as a SCO (`scormtype` in 1.2, `scormType` in 2004)."""


@dataclass(frozen=True)
class ManifestParts:
    """The skeleton's elements a format extends: metadata gets LOM, item and organization get rules."""

    root: etree._Element
    metadata: etree._Element
    organization: etree._Element
    item: etree._Element
    resource: etree._Element


def file_hrefs(paths: Iterable[str]) -> list[str]:
    """`<file href>` values for package paths: sorted, percent-encoded relative URLs."""
    return [quote(path) for path in sorted(paths)]


def single_sco_manifest(shape: ManifestShape, context: PackageContext) -> ManifestParts:
    """The manifest skeleton for one module × language: one SCO launching index.html, every file listed."""
    module = context.module
    cp = shape.namespace

    def element(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
        child = etree.SubElement(parent, f"{{{cp}}}{tag}", attrs)
        if text is not None:
            child.text = text
        return child

    nsmap: dict[str | None, str] = {None: cp}
    nsmap.update(shape.prefixes)
    root = etree.Element(f"{{{cp}}}manifest", nsmap=nsmap, identifier=context.identifier, version=module.version)
    metadata = element(root, "metadata")
    element(metadata, "schema", "ADL SCORM")
    element(metadata, "schemaversion", shape.schema_version)

    organization_id, item_id, resource_id = (f"{kind}-{module.id}" for kind in ("ORG", "ITEM", "RES"))
    organizations = element(root, "organizations", default=organization_id)
    organization = element(organizations, "organization", identifier=organization_id)
    element(organization, "title", module.title)
    item = element(organization, "item", identifier=item_id, identifierref=resource_id, isvisible="true")
    element(item, "title", module.title)

    resources = element(root, "resources")
    resource = element(resources, "resource", identifier=resource_id, type="webcontent", href=LAUNCH_FILE)
    resource.set(shape.sco_attribute, "sco")
    for href in file_hrefs(context.player_files):
        element(resource, "file", href=href)
    return ManifestParts(root, metadata, organization, item, resource)


def serialize(root: etree._Element) -> bytes:
    """The manifest as UTF-8 bytes with an XML declaration, indented for people reading it."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
