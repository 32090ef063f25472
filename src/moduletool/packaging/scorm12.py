"""SCORM 1.2: `imsmanifest.xml` (IMS CP 1.1.2 + ADL CP 1.2 + IMS MD 1.2.1 LOM), one SCO per module.

Written with lxml from typed data. Namespaces use the conventional prefixes because Moodle's
importer matches prefixed names (`ADLCP:SCORMTYPE`, `ADLCP:MASTERYSCORE`) and ignores others.
"""

from __future__ import annotations

from urllib.parse import quote

from lxml import etree

from .base import PackageContext

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MANIFEST = "imsmanifest.xml"
SUSPEND_DATA_LIMIT = 4096


def _cp(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{IMSCP}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _md(parent: etree._Element, tag: str) -> etree._Element:
    return etree.SubElement(parent, f"{{{IMSMD}}}{tag}")


def _langstring(parent: etree._Element, tag: str, text: str, lang: str) -> etree._Element:
    holder = _md(parent, tag)
    string = _md(holder, "langstring")
    string.set(XML_LANG, lang)
    string.text = text
    return holder


def _vocabulary(parent: etree._Element, tag: str, value: str) -> None:
    holder = _md(parent, tag)
    _langstring(holder, "source", "LOMv1.0", "x-none")
    _langstring(holder, "value", value, "x-none")


def lom_metadata(context: PackageContext) -> etree._Element:
    """IMS MD 1.2.1 `lom`: title, language, description, keywords, version, rights."""
    module, lang = context.module, context.lang
    lom = etree.Element(f"{{{IMSMD}}}lom", nsmap={"imsmd": IMSMD})
    general = _md(lom, "general")
    _md(general, "identifier").text = module.id
    _langstring(general, "title", module.title, lang)
    _md(general, "language").text = lang
    _langstring(general, "description", context.plain_description, lang)
    for keyword in module.keywords:
        _langstring(general, "keyword", keyword, lang)
    lifecycle = _md(lom, "lifecycle")
    _langstring(lifecycle, "version", module.version, "x-none")
    if module.duration:
        educational = _md(lom, "educational")
        learning_time = _md(educational, "typicallearningtime")
        _md(learning_time, "datetime").text = module.duration
    rights = _md(lom, "rights")
    _vocabulary(rights, "cost", "no")
    _vocabulary(rights, "copyrightandotherrestrictions", "yes")
    _langstring(rights, "description", context.rights_statement, "x-none")
    return lom


def build_manifest(context: PackageContext) -> bytes:
    """The SCORM 1.2 manifest for one module × language, listing every file of the package."""
    module = context.module
    root = etree.Element(f"{{{IMSCP}}}manifest", nsmap={None: IMSCP, "adlcp": ADLCP, "imsmd": IMSMD},
                         identifier=context.identifier, version=module.version)
    metadata = _cp(root, "metadata")
    _cp(metadata, "schema", "ADL SCORM")
    _cp(metadata, "schemaversion", "1.2")
    metadata.append(lom_metadata(context))

    organization_id, item_id, resource_id = (f"{kind}-{module.id}" for kind in ("ORG", "ITEM", "RES"))
    organizations = _cp(root, "organizations", default=organization_id)
    organization = _cp(organizations, "organization", identifier=organization_id)
    _cp(organization, "title", module.title)
    item = _cp(organization, "item", identifier=item_id, identifierref=resource_id, isvisible="true")
    _cp(item, "title", module.title)
    if module.graded_questions():
        # Moodle rewrites lesson_status from score.raw against this value: it equals the runtime's rule.
        mastery = etree.SubElement(item, f"{{{ADLCP}}}masteryscore")
        mastery.text = str(round(module.completion.mastery * 100))

    resources = _cp(root, "resources")
    resource = _cp(resources, "resource", identifier=resource_id, type="webcontent", href="index.html")
    resource.set(f"{{{ADLCP}}}scormtype", "sco")
    for path in sorted(context.player_files):
        _cp(resource, "file", href=quote(path))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


class Scorm12:
    """SCORM 1.2: the format the Moodle app plays; `suspend_data` is limited to 4096 characters."""

    name = "scorm12"
    title = "SCORM 1.2"
    state_limit = SUSPEND_DATA_LIMIT

    def manifest_files(self, context: PackageContext) -> dict[str, bytes]:
        return {MANIFEST: build_manifest(context)}
