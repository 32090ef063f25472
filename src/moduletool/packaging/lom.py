"""Learning Object Metadata for package manifests: one typed record, two XML bindings.

SCORM 1.2 manifests carry IMS Metadata 1.2.1 (`imsmd:`, `langstring xml:lang=…`, lower-case
names); SCORM 2004 manifests carry the IEEE LOM XML binding (`lom:`, `string language=…`,
camelCase names). What they say about a module is the same, so it is gathered once
(`LomRecord.of`) and each binding only decides how to spell it.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .base import PackageContext

IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
IEEE_LOM = "http://ltsc.ieee.org/xsd/LOM"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NO_LANGUAGE = "x-none"
"""Language of strings that are in no human language (version numbers, vocabulary tokens, licences)."""
LOM_VOCABULARY = "LOMv1.0"
IDENTIFIER_CATALOG = "moduletool"
"""LOM 1.1.1 catalog: module ids are stable within moduletool projects, not URIs or ISBNs."""


@dataclass(frozen=True)
class LomRecord:
    """What the manifest tells a catalogue about one module in one language."""

    identifier: str
    title: str
    language: str
    description: str
    keywords: tuple[str, ...]
    version: str
    typical_learning_time: str | None
    rights: str
    draft: bool = False
    """An unfinished translation shipped on purpose: lifecycle status `draft`."""

    @classmethod
    def of(cls, context: PackageContext) -> LomRecord:
        module = context.module
        return cls(identifier=module.id, title=module.title, language=context.lang,
                   description=context.plain_description, keywords=tuple(module.keywords),
                   version=module.version, typical_learning_time=module.duration,
                   rights=context.rights_statement, draft=context.draft)


class _Writer:
    """Appends elements of one namespace; the bindings below only differ in names and strings."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace

    def add(self, parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
        element = etree.SubElement(parent, f"{{{self.namespace}}}{tag}")
        if text is not None:
            element.text = text
        return element


def imsmd_lom(record: LomRecord) -> etree._Element:
    """IMS MD 1.2.1 `lom` (SCORM 1.2): title, language, description, keywords, version, rights."""
    md = _Writer(IMSMD)

    def langstring(parent: etree._Element, tag: str, text: str, lang: str) -> None:
        string = md.add(md.add(parent, tag), "langstring", text)
        string.set(XML_LANG, lang)

    def vocabulary(parent: etree._Element, tag: str, value: str) -> None:
        holder = md.add(parent, tag)
        langstring(holder, "source", LOM_VOCABULARY, NO_LANGUAGE)
        langstring(holder, "value", value, NO_LANGUAGE)

    lom = etree.Element(f"{{{IMSMD}}}lom", nsmap={"imsmd": IMSMD})
    general = md.add(lom, "general")
    md.add(general, "identifier", record.identifier)
    langstring(general, "title", record.title, record.language)
    md.add(general, "language", record.language)
    langstring(general, "description", record.description, record.language)
    for keyword in record.keywords:
        langstring(general, "keyword", keyword, record.language)
    lifecycle = md.add(lom, "lifecycle")
    langstring(lifecycle, "version", record.version, NO_LANGUAGE)
    if record.draft:
        vocabulary(lifecycle, "status", "Draft")  # IMS MD 1.2.1 capitalises its LOMv1.0 tokens
    if record.typical_learning_time:
        learning_time = md.add(md.add(lom, "educational"), "typicallearningtime")
        md.add(learning_time, "datetime", record.typical_learning_time)
    rights = md.add(lom, "rights")
    vocabulary(rights, "cost", "no")
    vocabulary(rights, "copyrightandotherrestrictions", "yes")
    langstring(rights, "description", record.rights, NO_LANGUAGE)
    return lom


def ieee_lom(record: LomRecord) -> etree._Element:
    """IEEE LOM XML binding `lom` (SCORM 2004), the same facts as `imsmd_lom`, valid against lom.xsd."""
    md = _Writer(IEEE_LOM)

    def string(parent: etree._Element, tag: str, text: str, lang: str) -> None:
        md.add(md.add(parent, tag), "string", text).set("language", lang)

    def vocabulary(parent: etree._Element, tag: str, value: str) -> None:
        holder = md.add(parent, tag)
        md.add(holder, "source", LOM_VOCABULARY)
        md.add(holder, "value", value)

    lom = etree.Element(f"{{{IEEE_LOM}}}lom", nsmap={"lom": IEEE_LOM})
    general = md.add(lom, "general")
    identifier = md.add(general, "identifier")
    md.add(identifier, "catalog", IDENTIFIER_CATALOG)
    md.add(identifier, "entry", record.identifier)
    string(general, "title", record.title, record.language)
    md.add(general, "language", record.language)
    string(general, "description", record.description, record.language)
    for keyword in record.keywords:
        string(general, "keyword", keyword, record.language)
    lifecycle = md.add(lom, "lifeCycle")
    string(lifecycle, "version", record.version, NO_LANGUAGE)
    if record.draft:
        vocabulary(lifecycle, "status", "draft")
    if record.typical_learning_time:
        learning_time = md.add(md.add(lom, "educational"), "typicalLearningTime")
        md.add(learning_time, "duration", record.typical_learning_time)
    rights = md.add(lom, "rights")
    vocabulary(rights, "cost", "no")
    vocabulary(rights, "copyrightAndOtherRestrictions", "yes")
    string(rights, "description", record.rights, NO_LANGUAGE)
    return lom
