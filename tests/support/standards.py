"""The official schemas in ../shared/standards, loaded offline with the documented libxml2 workarounds.

A missing standards folder fails the test with a clear message (never a silent skip): CI runs
with ../shared beside the repository.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import etree

REPO = Path(__file__).resolve().parents[2]
STANDARDS = Path(os.environ.get("MODULETOOL_STANDARDS", REPO.parent / "shared" / "standards"))

SCORM12_NAMESPACES = {
    "http://www.imsproject.org/xsd/imscp_rootv1p1p2": "imscp_rootv1p1p2.xsd",
    "http://www.adlnet.org/xsd/adlcp_rootv1p2": "adlcp_rootv1p2.xsd",
    "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1": "imsmd_rootv1p2p1.xsd",
}


def standards_dir(*parts: str) -> Path:
    """A folder of the shared standards; fails the test when it is not there."""
    folder = STANDARDS.joinpath(*parts)
    if not folder.is_dir():
        pytest.fail(f"the official schemas are missing: {folder} not found. Clone the repository with "
                    "../shared beside it, or set MODULETOOL_STANDARDS to the standards folder.",
                    pytrace=False)
    return folder


class _Scorm12Resolver(etree.Resolver):
    """Serves patched copies of the two SCORM 1.2 files libxml2 refuses (see standards/README.md)."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
        name = Path(str(url)).name
        if name == "ims_xml.xsd":
            # Binding the xml namespace as the default namespace is forbidden: drop that one attribute.
            text = (self.folder / name).read_text(encoding="utf-8")
            text = text.replace('xmlns="http://www.w3.org/XML/1998/namespace"', "", 1)
            return self.resolve_string(text, context)
        if name == "imsmd_rootv1p2p1.xsd":
            # `##any` after optional imsmd elements violates Unique Particle Attribution; later IMS
            # bindings use `##other`.
            text = (self.folder / name).read_text(encoding="utf-8").replace('namespace="##any"', 'namespace="##other"')
            return self.resolve_string(text, context, base_url=str(self.folder / name))
        return None


@lru_cache(maxsize=1)
def _scorm12_schema(folder: Path) -> etree.XMLSchema:
    imports = "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{(folder / name).as_uri()}"/>'
        for ns, name in SCORM12_NAMESPACES.items())
    driver = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Scorm12Resolver(folder))
    document = etree.fromstring(driver.encode(), parser, base_url=(folder / "driver.xsd").as_uri())
    return etree.XMLSchema(document)


def scorm12_schema() -> etree.XMLSchema:
    """One XMLSchema covering imscp, adlcp and imsmd for SCORM 1.2 manifests."""
    return _scorm12_schema(standards_dir("scorm12"))


def assert_valid(schema: etree.XMLSchema, xml: bytes) -> None:
    """Fail with every schema error, line by line."""
    document = etree.fromstring(xml)
    if not schema.validate(document):
        errors = "\n".join(f"line {e.line}: {e.message}" for e in schema.error_log)
        pytest.fail(f"manifest is not valid against the official XSDs:\n{errors}", pytrace=False)
