"""SCORM 1.2: `imsmanifest.xml` (IMS CP 1.1.2 + ADL CP 1.2 + IMS MD 1.2.1 LOM), one SCO per module.

Written with lxml from typed data on the skeleton shared with SCORM 2004 (`manifest.py`); what
is SCORM 1.2's own is the namespaces, the LOM binding and the mastery score.
"""

from __future__ import annotations

from lxml import etree

from .base import NO_CONTROL_DOCUMENTS, PackageContext
from .lom import IMSMD, LomRecord, imsmd_lom
from .manifest import MANIFEST, ManifestShape, serialize, single_sco_manifest

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
SUSPEND_DATA_LIMIT = 4096

SHAPE = ManifestShape(namespace=IMSCP, prefixes={"adlcp": ADLCP, "imsmd": IMSMD}, schema_version="1.2",
                      sco_attribute=f"{{{ADLCP}}}scormtype")


def build_manifest(context: PackageContext) -> bytes:
    """The SCORM 1.2 manifest for one module × language, listing every file of the package."""
    parts = single_sco_manifest(SHAPE, context)
    parts.metadata.append(imsmd_lom(LomRecord.of(context)))
    if context.module.graded_questions():
        # Moodle rewrites lesson_status from score.raw against this value: it equals the runtime's rule.
        mastery = etree.SubElement(parts.item, f"{{{ADLCP}}}masteryscore")
        mastery.text = str(context.mastery_percent)
    return serialize(parts.root)


class Scorm12:
    """SCORM 1.2: the format the Moodle app plays; `suspend_data` is limited to 4096 characters."""

    name = "scorm12"
    title = "SCORM 1.2"
    state_limit = SUSPEND_DATA_LIMIT
    control_documents = NO_CONTROL_DOCUMENTS
    needs_publisher_iri = False

    def manifest_files(self, context: PackageContext) -> dict[str, bytes]:
        return {MANIFEST: build_manifest(context)}
