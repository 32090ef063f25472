"""The official schemas in ../shared/standards, loaded offline with the documented libxml2 workarounds.

The workarounds live in `moduletool.package_check.schemas` (the `check` command uses them too);
this module only finds the folder for the tests.

A missing standards folder fails the test with a clear message (never a silent skip): CI runs
with ../shared beside the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from lxml import etree

from moduletool.package_check import SchemaSet, Standard
from moduletool.package_check.schemas import FORMAT_SCHEMAS, compile_schema

REPO = Path(__file__).resolve().parents[2]
STANDARDS = Path(os.environ.get("MODULETOOL_STANDARDS", REPO.parent / "shared" / "standards"))


def standards_dir(*parts: str) -> Path:
    """A folder of the shared standards; fails the test when it is not there."""
    folder = STANDARDS.joinpath(*parts)
    if not folder.is_dir():
        pytest.fail(f"the official schemas are missing: {folder} not found. Clone the repository with "
                    "../shared beside it, or set MODULETOOL_STANDARDS to the standards folder.",
                    pytrace=False)
    return folder


def schema_for(standard: Standard) -> etree.XMLSchema:
    """The official schema of `standard`, compiled by the package code `moduletool check` uses.

    One implementation of the offline workarounds (xml.xsd resolver, patched SCORM 1.2 files,
    driver schema) serves the tool and the tests, so the tests validate what users validate.
    """
    return compile_schema(standards_dir(FORMAT_SCHEMAS[standard].folder).resolve(), standard)


def standards_schema_set() -> SchemaSet:
    """The whole standards folder as `moduletool check --schemas` would use it."""
    return SchemaSet(standards_dir(), "tests")


def scorm12_schema() -> etree.XMLSchema:
    """One XMLSchema covering imscp, adlcp and imsmd for SCORM 1.2 manifests."""
    return schema_for(Standard.SCORM12)


def scorm2004_schema() -> etree.XMLSchema:
    """One XMLSchema covering imscp, adlcp, adlseq, adlnav, imsss and LOM for SCORM 2004 4th Ed. manifests."""
    return schema_for(Standard.SCORM2004)


def scorm2004_control_documents() -> Path:
    """The SCORM 2004 4th Edition XSDs: what the tests hand to `--control-documents`."""
    return standards_dir("scorm2004_4ed")


def standard_example(name: str) -> bytes:
    """A hand-written, valid instance from ../shared/standards/examples."""
    return (standards_dir("examples") / name).read_bytes()


def assert_valid(schema: etree.XMLSchema, xml: bytes) -> None:
    """Fail with every schema error, line by line."""
    document = etree.fromstring(xml)
    if not schema.validate(document):
        errors = "\n".join(f"line {e.line}: {e.message}" for e in schema.error_log)
        pytest.fail(f"manifest is not valid against the official XSDs:\n{errors}", pytrace=False)
