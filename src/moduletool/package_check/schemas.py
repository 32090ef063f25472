"""Offline XSD validation of package documents against the official schemas, where the user has them.

The schemas are not shipped with moduletool: the user points at a folder laid out like
`../shared/standards` (`scorm12/`, `scorm2004_4ed/`, `cmi5/`, `tincan/`) with `--schemas DIR`,
the `MODULETOOL_SCHEMAS` environment variable or `schemas:` in moduletool.yaml, in that order.

libxml2 needs three workarounds to use these files offline (standards/README.md): the one
remote import (`http://www.w3.org/2001/xml.xsd`) is served from the local copy; SCORM 1.2's
`ims_xml.xsd` (binds the xml namespace as default) and `imsmd_rootv1p2p1.xsd` (a UPA
violation) are served as patched in-memory copies; and because a manifest mixes namespaces,
each format is compiled from a small driver schema that imports every namespace it uses.
Nothing is ever fetched from the network.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ..errors import UserError
from . import namespaces as ns
from .namespaces import Standard
from .report import Findings

SCHEMAS_ENV = "MODULETOOL_SCHEMAS"
MAX_SCHEMA_FINDINGS = 50
XML_XSD_URL = "http://www.w3.org/2001/xml.xsd"


@dataclass(frozen=True)
class FormatSchemas:
    """Where one format's XSDs live in the schemas folder, and which namespace each file defines."""

    folder: str
    imports: tuple[tuple[str, str], ...]


FORMAT_SCHEMAS = {
    Standard.SCORM12: FormatSchemas("scorm12", (
        (ns.IMSCP12, "imscp_rootv1p1p2.xsd"), (ns.ADLCP12, "adlcp_rootv1p2.xsd"),
        (ns.IMSMD12, "imsmd_rootv1p2p1.xsd"))),
    Standard.SCORM2004: FormatSchemas("scorm2004_4ed", (
        (ns.IMSCP2004, "imscp_v1p1.xsd"), (ns.ADLCP2004, "adlcp_v1p3.xsd"), (ns.ADLSEQ, "adlseq_v1p3.xsd"),
        (ns.ADLNAV, "adlnav_v1p3.xsd"), (ns.IMSSS, "imsss_v1p0.xsd"), (ns.LOM, "lom.xsd"))),
    Standard.CMI5: FormatSchemas("cmi5", ((ns.CMI5, "CourseStructure.xsd"),)),
    Standard.TINCAN: FormatSchemas("tincan", ((ns.TINCAN, "tincan.xsd"),)),
}
SKIPPED_NOTE = ("schema validation skipped: no schemas folder. Pass --schemas DIR, set MODULETOOL_SCHEMAS, or add "
                "`schemas: DIR` to moduletool.yaml (DIR holds scorm12/, scorm2004_4ed/, cmi5/, tincan/)")


class _OfflineResolver(etree.Resolver):
    """Serves local or patched copies for the imports libxml2 cannot use as published."""

    def __init__(self, folder: Path, standard: Standard) -> None:
        super().__init__()
        self.folder = folder
        self.patch_scorm12 = standard is Standard.SCORM12

    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]  # lxml's untyped signature
        text_url = str(url or "")
        if text_url == XML_XSD_URL:
            return self.resolve_filename(str(self.folder / "xml.xsd"), context)
        name = text_url.rsplit("/", 1)[-1]
        if self.patch_scorm12 and name == "ims_xml.xsd":
            # Binding the xml namespace as the default namespace is forbidden: drop that one attribute.
            text = (self.folder / name).read_text(encoding="utf-8")
            return self.resolve_string(text.replace('xmlns="http://www.w3.org/XML/1998/namespace"', "", 1), context)
        if self.patch_scorm12 and name == "imsmd_rootv1p2p1.xsd":
            # `##any` after optional imsmd elements violates Unique Particle Attribution;
            # later IMS bindings use `##other`.
            text = (self.folder / name).read_text(encoding="utf-8").replace('namespace="##any"', 'namespace="##other"')
            return self.resolve_string(text, context, base_url=(self.folder / name).as_uri())
        return None


@lru_cache(maxsize=16)
def compile_schema(folder: Path, standard: Standard) -> etree.XMLSchema:
    """One XMLSchema for `standard` from the XSDs in `folder` (compiled once per process)."""
    imports = "".join(f'<xs:import namespace="{namespace}" schemaLocation="{(folder / name).as_uri()}"/>'
                      for namespace, name in FORMAT_SCHEMAS[standard].imports)
    driver = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(_OfflineResolver(folder, standard))
    document = etree.fromstring(driver.encode(), parser, base_url=(folder / "driver.xsd").as_uri())
    return etree.XMLSchema(document)


@dataclass(frozen=True)
class SchemaSet:
    """A schemas folder in the layout of `../shared/standards`, and where its path came from."""

    root: Path
    source: str
    """`--schemas`, `MODULETOOL_SCHEMAS` or `moduletool.yaml`: named in messages about the folder."""

    def folder(self, standard: Standard) -> Path:
        return self.root / FORMAT_SCHEMAS[standard].folder

    def schema(self, standard: Standard) -> etree.XMLSchema | None:
        """The compiled schema, None when the folder has no sub-folder for `standard`."""
        folder = self.folder(standard)
        if not folder.is_dir():
            return None
        try:
            return compile_schema(folder.resolve(), standard)
        except (etree.XMLSchemaParseError, etree.XMLSyntaxError, OSError) as error:
            raise UserError.at(folder.as_posix(), f"the {standard.label} schemas cannot be loaded: {error}",
                               hint=f"restore the folder from ../shared/standards ({self.source} points here)",
                               code="schemas-unusable") from None

    def validate(self, standard: Standard, root: etree._Element, entry: str, findings: Findings) -> bool:
        """Report every schema error of `root`; False when there is no schema for `standard` here."""
        schema = self.schema(standard)
        if schema is None:
            return False
        if schema.validate(root):
            return True
        errors = list(schema.error_log)
        for error in errors[:MAX_SCHEMA_FINDINGS]:
            findings.error("schema", error.message, entry=entry, line=error.line,
                           hint=f"not valid against the official {standard.label} XSD")
        if len(errors) > MAX_SCHEMA_FINDINGS:
            findings.error("schema", f"… and {len(errors) - MAX_SCHEMA_FINDINGS} more schema errors", entry=entry)
        return True


def locate_schemas(option: Path | None, configured: Path | None) -> SchemaSet | None:
    """The schemas folder from `--schemas`, else `MODULETOOL_SCHEMAS`, else moduletool.yaml; None if none is set.

    A folder that is named but unusable is a user error: silently skipping validation the user
    asked for would report a package as valid that was never validated.
    """
    environment = os.environ.get(SCHEMAS_ENV, "").strip()
    for path, source in ((option, "--schemas"), (Path(environment) if environment else None, SCHEMAS_ENV),
                         (configured, "moduletool.yaml `schemas`")):
        if path is not None:
            return _checked(SchemaSet(path, source))
    return None


def _checked(schemas: SchemaSet) -> SchemaSet:
    layout = ", ".join(f"{f.folder}/" for f in FORMAT_SCHEMAS.values())
    if not schemas.root.is_dir():
        raise UserError.at(schemas.root.as_posix(), f"schemas folder not found (from {schemas.source})",
                           hint=f"point it at a folder holding {layout}, like ../shared/standards",
                           code="schemas-missing")
    if not any(schemas.folder(standard).is_dir() for standard in FORMAT_SCHEMAS):
        raise UserError.at(schemas.root.as_posix(), f"not a schemas folder (from {schemas.source}): it has none of "
                           f"{layout}", hint="point it at the folder that holds them, like ../shared/standards",
                           code="schemas-missing")
    return schemas
