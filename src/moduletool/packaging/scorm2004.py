"""SCORM 2004 4th Edition: `imsmanifest.xml` (IMS CP 1.1.4 + ADL CP 1.3 + IMS SS + IEEE LOM), one SCO.

Written with lxml from typed data on the skeleton shared with SCORM 1.2 (`manifest.py`). What is
SCORM 2004's own:

* Mastery is sequencing, not a score attribute: when the module has graded questions, the item's
  primary objective is satisfied by measure, with the module's mastery as `minNormalizedMeasure`.
  An LMS hands that value to the SCO as `cmi.scaled_passing_score` and then decides
  `success_status` from `score.scaled` itself, so the runtime sends a score only with the same
  pass/fail it computed (see player.js). No `mapInfo`: Moodle's importer fails on it (PHP 8).
* The delivery controls say the content sets completion and success itself; otherwise an LMS
  would mark the objective satisfied when an ungraded module's attempt ends, finished or not.
  There is no `adlcp:completionThreshold`: the runtime decides completion by the module's rule
  and reports `progress_measure` consistently, and Moodle reads that element in the 3rd
  Edition form only.
* The organization allows flow, so "Start" launches the one SCO without a table of contents.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from types import MappingProxyType

from lxml import etree

from ..errors import UserError
from .base import PackageContext
from .lom import IEEE_LOM, LomRecord, ieee_lom
from .manifest import MANIFEST, ManifestShape, serialize, single_sco_manifest

IMSCP = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP = "http://www.adlnet.org/xsd/adlcp_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_VERSION = "2004 4th Edition"
SUSPEND_DATA_LIMIT = 64000
PRIMARY_OBJECTIVE = "MT-mastery"
"""The primary objective's id: upper case, so it can never equal a module objective id in cmi.objectives."""

SCHEMAS: Mapping[str, str] = MappingProxyType({
    IMSCP: "imscp_v1p1.xsd",
    ADLCP: "adlcp_v1p3.xsd",
    IMSSS: "imsss_v1p0.xsd",
    IEEE_LOM: "lom.xsd",
})
"""Every namespace the manifest uses → the XSD that ADL's validator requires at the zip root."""


def _shape(with_schema_locations: bool) -> ManifestShape:
    prefixes = {"adlcp": ADLCP, "imsss": IMSSS, "lom": IEEE_LOM}
    if with_schema_locations:
        prefixes["xsi"] = XSI
    return ManifestShape(namespace=IMSCP, prefixes=prefixes, schema_version=SCHEMA_VERSION,
                         sco_attribute=f"{{{ADLCP}}}scormType")


def _ss(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{IMSSS}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _item_sequencing(item: etree._Element, context: PackageContext) -> None:
    sequencing = _ss(item, "sequencing")
    if context.module.graded_questions():
        objectives = _ss(sequencing, "objectives")
        primary = _ss(objectives, "primaryObjective", objectiveID=PRIMARY_OBJECTIVE, satisfiedByMeasure="true")
        _ss(primary, "minNormalizedMeasure", str(Decimal(context.mastery_percent) / 100))
    _ss(sequencing, "deliveryControls", completionSetByContent="true", objectiveSetByContent="true")


def build_manifest(context: PackageContext, *, with_schema_locations: bool) -> bytes:
    """The SCORM 2004 4th Edition manifest for one module × language, listing every player file.

    `xsi:schemaLocation` is written only when the control documents go into the zip: ADL's
    validator fails a package whose manifest names an XSD that is not at the root, and a
    validating importer would look for files that are not there. Without it the manifest is the
    same, namespace for namespace, and LMSs (Moodle among them) import it alike.
    """
    shape = _shape(with_schema_locations)
    parts = single_sco_manifest(shape, context)
    if with_schema_locations:
        parts.root.set(f"{{{XSI}}}schemaLocation", " ".join(f"{ns} {xsd}" for ns, xsd in SCHEMAS.items()))
    parts.metadata.append(ieee_lom(LomRecord.of(context)))
    _item_sequencing(parts.item, context)
    _ss(_ss(parts.organization, "sequencing"), "controlMode", choice="true", flow="true")
    return serialize(parts.root)


class Scorm2004:
    """SCORM 2004 4th Edition: ADL-conformant with its control documents; `suspend_data` up to 64000."""

    name = "scorm2004"
    title = "SCORM 2004 4th Edition"
    state_limit = SUSPEND_DATA_LIMIT
    control_documents = SCHEMAS
    needs_publisher_iri = False

    def manifest_files(self, context: PackageContext) -> dict[str, bytes]:
        documents = context.control_documents
        files = {MANIFEST: build_manifest(context, with_schema_locations=documents is not None)}
        if documents is not None:
            clashes = sorted(set(documents.files) & set(context.player_files))
            if clashes:
                raise UserError.at(clashes[0], f"module `{context.module.id}` has a file where the package "
                                   "keeps a SCORM 2004 control document", hint="move it into the module's media/")
            files.update(documents.files)
        return files
