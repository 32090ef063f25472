"""Parsing the XML documents of an untrusted package safely, with located syntax errors.

No entity is expanded (no "billion laughs"), no DTD or anything else is fetched (no network,
no local file disclosure), and libxml2's size and depth safety limits stay on (`huge_tree` off).
A syntax error becomes one finding at the line and column libxml2 reports, which is also what
Moodle shows ("XML error: … at line N") before refusing the upload.
"""

from __future__ import annotations

import re

from lxml import etree

from .report import Findings

_POSITION_SUFFIX = re.compile(r",? line \d+, column \d+$")


def safe_parser() -> etree.XMLParser:
    """A fresh parser that never expands entities, loads DTDs or touches the network."""
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False,
                           dtd_validation=False, remove_comments=False, remove_pis=False)


def parse_document(data: bytes, entry: str, findings: Findings) -> etree._Element | None:
    """The root element of `data`, or None after reporting why it is not well-formed XML."""
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (0, 0)
        message = _POSITION_SUFFIX.sub("", (error.msg or "not well-formed").strip())
        if "amplification" in message.lower():  # libxml2's guard against "billion laughs"
            findings.error("xml-entity-bomb", "the DOCTYPE declares entities that expand enormously (an entity "
                           "bomb); the file was not read", entry=entry, line=line or 0,
                           hint="remove the DOCTYPE: packages do not need entity declarations")
            return None
        findings.error("xml-syntax", f"not well-formed XML: {message}", entry=entry, line=line or 0,
                       column=column or 0,
                       hint="LMSs refuse the whole package when this file is not well-formed")
        return None
    except ValueError as error:  # e.g. an encoding declaration lxml cannot honour
        findings.error("xml-syntax", f"not well-formed XML: {error}", entry=entry)
        return None
    if root is None:
        findings.error("xml-syntax", "not well-formed XML: the document is empty", entry=entry)
        return None
    doctype = root.getroottree().docinfo.internalDTD
    if doctype is not None and any(isinstance(node, etree._Entity) for node in root.iter()):
        findings.warning("xml-entities", "entity references are not expanded by `check`, so the values "
                         "using them are checked as written", entry=entry, line=1,
                         hint="write the text out instead of declaring entities in a DOCTYPE")
    return root
