"""A read-only view of a parsed SCORM manifest, with the version's namespaces already resolved.

The SCORM rule modules all walk the same few elements (organizations, items, resources, files);
this view names them once so each rule reads like the sentence in PACKAGING_RULES.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .namespaces import ADLCP, CONTENT_PACKAGING, MANIFEST, Standard


@dataclass
class Manifest:
    """`imsmanifest.xml` of a SCORM 1.2 or 2004 package."""

    root: etree._Element
    standard: Standard
    entry: str = MANIFEST
    _resources: dict[str, etree._Element] | None = field(default=None, repr=False)

    @property
    def cp(self) -> str:
        return CONTENT_PACKAGING[self.standard]

    @property
    def adlcp(self) -> str:
        return ADLCP[self.standard]

    @property
    def is_2004(self) -> bool:
        return self.standard is Standard.SCORM2004

    @property
    def scormtype(self) -> str:
        """The resource type attribute: `adlcp:scormtype` in 1.2, `adlcp:scormType` in 2004."""
        return f"{{{self.adlcp}}}{'scormType' if self.is_2004 else 'scormtype'}"

    @property
    def scormtype_name(self) -> str:
        """The resource type attribute as it is written in the manifest, for messages."""
        return "adlcp:scormType" if self.is_2004 else "adlcp:scormtype"

    def tag(self, local: str) -> str:
        return f"{{{self.cp}}}{local}"

    def child(self, parent: etree._Element | None, local: str) -> etree._Element | None:
        return None if parent is None else parent.find(self.tag(local))

    def organizations_element(self) -> etree._Element | None:
        return self.child(self.root, "organizations")

    def organizations(self) -> list[etree._Element]:
        holder = self.organizations_element()
        return [] if holder is None else holder.findall(self.tag("organization"))

    def default_organization(self) -> etree._Element | None:
        """The organization `default` names, else the first one (what Moodle falls back to)."""
        organizations = self.organizations()
        holder = self.organizations_element()
        wanted = holder.get("default") if holder is not None else None
        for organization in organizations:
            if organization.get("identifier") == wanted:
                return organization
        return organizations[0] if organizations else None

    def items(self, within: etree._Element | None = None) -> list[etree._Element]:
        """Every item, in document order (of one organization, or of all)."""
        scopes = [within] if within is not None else self.organizations()
        return [item for scope in scopes for item in scope.iter(self.tag("item"))]

    def is_leaf(self, item: etree._Element) -> bool:
        return item.find(self.tag("item")) is None

    def resources_element(self) -> etree._Element | None:
        return self.child(self.root, "resources")

    def resources(self) -> list[etree._Element]:
        holder = self.resources_element()
        return [] if holder is None else holder.findall(self.tag("resource"))

    def resource(self, identifier: str | None) -> etree._Element | None:
        """The resource with this identifier (the first, if it is duplicated)."""
        if self._resources is None:
            self._resources = {}
            for resource in self.resources():
                self._resources.setdefault(resource.get("identifier") or "", resource)
        return self._resources.get(identifier or "")

    def resource_ids(self) -> list[str]:
        return [r.get("identifier") or "" for r in self.resources()]
