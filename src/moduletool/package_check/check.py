"""`check` from top to bottom: read the zip safely, find its standard, run the rules and the XSDs.

Two entry points share one pipeline: `check_zip` for a zip on disk (the `check` command) and
`check_package_files` for the files a build is about to zip, so a package moduletool writes
passes exactly the checks `moduletool check` would run on it afterwards.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from lxml import etree

from ..errors import Diagnostic, has_errors
from .cmi5_rules import check_cmi5
from .detect import (
    WEB_SITE,
    WEB_SITE_NOTE,
    document_root,
    is_root_document,
    is_web_site,
    root_documents,
    scorm_version,
)
from .moodle_rules import check_moodle
from .namespaces import CMI5, CMI5_FILE, MANIFEST, TINCAN, Standard
from .report import Findings, PackageReport
from .schemas import SchemaSet
from .scorm_files import check_files
from .scorm_manifest import Manifest
from .scorm_rules import check_structure
from .tincan_rules import check_tincan
from .xml_safety import parse_document
from .zip_safety import DEFAULT_LIMITS, ZipLimits, check_names, read_package


def check_zip(path: Path, package: str, schemas: SchemaSet | None = None,
              limits: ZipLimits = DEFAULT_LIMITS) -> PackageReport:
    """Every finding about the zip at `path`, shown as `package` in locations."""
    findings = Findings(package)
    report = PackageReport(package)
    contents = read_package(path, findings, keep=is_root_document, limits=limits)
    if contents is not None:
        _check_documents(contents.names, contents.documents, schemas, findings, report)
    # Zip-level findings first, then file by file in line order: the order a reader fixes them in.
    report.diagnostics = sorted(findings.items, key=lambda d: (d.location.path, d.location.line))
    return report


def check_package_files(files: Mapping[str, bytes], package: str, standard: Standard | None,
                        schemas: SchemaSet | None = None) -> list[Diagnostic]:
    """The findings `check` would report for a zip of `files` (package path → bytes), before it is written.

    `standard` is what the build meant to make (None for formats no standard describes, such as
    the offline web site: then only the file names are checked); a package whose root document
    says otherwise is an error, since the build would ship something else than asked for.
    """
    findings = Findings(package)
    names = sorted(files)
    check_names(names, findings)
    if standard is not None:
        report = PackageReport(package)
        documents = {name: files[name] for name in names if is_root_document(name)}
        _check_documents(names, documents, schemas, findings, report)
        if standard not in report.standards and not has_errors(findings.items):
            findings.error("wrong-standard", f"the package was built as {standard.label} but reads as "
                           f"{report.standards_text()}")
    return sorted(findings.items, key=lambda d: (d.location.path, d.location.line))


def _check_documents(names: list[str], documents: Mapping[str, bytes], schemas: SchemaSet | None,
                     findings: Findings, report: PackageReport) -> None:
    """Run the rules (and the XSDs, if available) of every standard document at the zip root."""
    validated: list[bool] = []
    entries = root_documents(names, findings)
    if not entries and is_web_site(names):
        report.description = WEB_SITE
        report.notes.append(WEB_SITE_NOTE)
    for entry in entries:
        data = documents.get(entry)
        if data is None:
            continue  # unreadable (damaged, encrypted, too large): reported by zip_safety
        root = parse_document(data, entry, findings)
        if root is None:
            continue
        standard = _standard_of(entry, root, findings)
        if standard is None:
            continue
        report.standards.append(standard)
        _run_rules(standard, entry, root, names, findings)
        if schemas is None:
            validated.append(False)
        elif schemas.validate(standard, root, entry, findings):
            validated.append(True)
        else:
            validated.append(False)
            report.notes.append(f"schema validation skipped for {standard.label}: "
                                f"{schemas.folder(standard).as_posix()} not found")
    report.schema_validated = bool(validated) and all(validated)


def _standard_of(entry: str, root: etree._Element, findings: Findings) -> Standard | None:
    if entry == MANIFEST:
        return scorm_version(root, findings)
    if entry == CMI5_FILE:
        return Standard.CMI5 if document_root(root, Standard.CMI5, CMI5, "courseStructure", entry, findings) else None
    return Standard.TINCAN if document_root(root, Standard.TINCAN, TINCAN, "tincan", entry, findings) else None


def _run_rules(standard: Standard, entry: str, root: etree._Element, names: list[str], findings: Findings) -> None:
    if standard in (Standard.SCORM12, Standard.SCORM2004):
        manifest = Manifest(root, standard, entry)
        check_structure(manifest, findings)
        check_moodle(manifest, findings)
        check_files(manifest, names, findings)
    elif standard is Standard.CMI5:
        check_cmi5(root, names, findings)
    else:
        check_tincan(root, names, findings)
