"""The XML namespaces and root file names of the four package standards, in one place.

Detection, the rules and the schema drivers all key on these strings; keeping them together
means a typo cannot make one part accept what another refuses.
"""

from __future__ import annotations

from enum import Enum


class Standard(str, Enum):
    """A package standard `check` knows. The value is the name used in reports and `--format json`."""

    SCORM12 = "scorm12"
    SCORM2004 = "scorm2004"
    CMI5 = "cmi5"
    TINCAN = "tincan"

    @property
    def label(self) -> str:
        return {"scorm12": "SCORM 1.2", "scorm2004": "SCORM 2004 4th Edition",
                "cmi5": "cmi5", "tincan": "Tin Can (xAPI)"}[self.value]


# moduletool's package formats and the standard each one follows (`web` follows none).
FORMAT_STANDARDS = {"scorm12": Standard.SCORM12, "scorm2004": Standard.SCORM2004, "cmi5": Standard.CMI5,
                    "xapi": Standard.TINCAN}

MANIFEST = "imsmanifest.xml"
CMI5_FILE = "cmi5.xml"
TINCAN_FILE = "tincan.xml"
ROOT_DOCUMENTS = (MANIFEST, CMI5_FILE, TINCAN_FILE)

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML = "http://www.w3.org/XML/1998/namespace"
XML_BASE = f"{{{XML}}}base"

# SCORM 1.2 (IMS CP 1.1.2 + ADL CP 1.2 + IMS MD 1.2.1)
IMSCP12 = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP12 = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
IMSMD12 = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"

# SCORM 2004 4th Edition (IMS CP 1.1.4 + ADL CP/SEQ/NAV 1.3 + IMS SS + IEEE LOM)
IMSCP2004 = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP2004 = "http://www.adlnet.org/xsd/adlcp_v1p3"
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
LOM = "http://ltsc.ieee.org/xsd/LOM"

CMI5 = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
TINCAN = "http://projecttincan.com/tincan.xsd"

CONTENT_PACKAGING = {Standard.SCORM12: IMSCP12, Standard.SCORM2004: IMSCP2004}
ADLCP = {Standard.SCORM12: ADLCP12, Standard.SCORM2004: ADLCP2004}

# Moodle's importer is not namespace-aware: it matches these literal prefixes (PACKAGING_RULES.md).
MOODLE_PREFIXES = {ADLCP12: "adlcp", ADLCP2004: "adlcp", IMSSS: "imsss", ADLSEQ: "adlseq", ADLNAV: "adlnav"}

# Namespaces that belong to one SCORM version only: seeing one in the other version's manifest
# means the manifest was assembled from two templates.
VERSION_NAMESPACES = {
    Standard.SCORM12: frozenset({IMSCP12, ADLCP12, IMSMD12}),
    Standard.SCORM2004: frozenset({IMSCP2004, ADLCP2004, ADLSEQ, ADLNAV, IMSSS}),
}

# `<schemaversion>` values: what we require, and what each version's readers also accept.
SCHEMAVERSION = {Standard.SCORM12: "1.2", Standard.SCORM2004: "2004 4th Edition"}
ACCEPTED_SCHEMAVERSIONS = {Standard.SCORM12: ("1.2",),
                           Standard.SCORM2004: ("2004 4th Edition", "2004 3rd Edition", "CAM 1.3")}
