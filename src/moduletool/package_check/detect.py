"""Which standard a package follows: its root document, and for SCORM the manifest's namespace.

Packages are recognised the way LMSs recognise them: `imsmanifest.xml` at the zip root is SCORM
(1.2 or 2004, told apart by the namespace of `<manifest>`), `cmi5.xml` is cmi5, `tincan.xml` is
Tin Can. The commonest packaging mistake — zipping the folder instead of its contents, so the
manifest sits one level down — gets its own message, as does a mis-cased file name.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from .namespaces import CMI5_FILE, CONTENT_PACKAGING, MANIFEST, ROOT_DOCUMENTS, TINCAN_FILE, Standard
from .report import Findings

WEB_SITE_FILES = ("index.html", "manifest.webmanifest")
WEB_SITE = "offline web site"
WEB_SITE_NOTE = ("an offline web site (index.html with a web app manifest), not an LMS package: only the zip "
                 "itself was checked")


def is_web_site(names: list[str]) -> bool:
    """moduletool's `web` format (and any installable static site): not for an LMS, nothing to check inside."""
    return all(name in names for name in WEB_SITE_FILES)


def is_root_document(name: str) -> bool:
    """The zip entries the rules read: root documents in any letter case (to report a mis-cased name)."""
    return name.lower() in ROOT_DOCUMENTS


def root_documents(names: list[str], findings: Findings) -> list[str]:
    """The standard documents at the zip root, in `ROOT_DOCUMENTS` order; reports when there is none."""
    present = set(names)
    found = [name for name in ROOT_DOCUMENTS if name in present]
    for name in names:
        if name.lower() in ROOT_DOCUMENTS and name not in ROOT_DOCUMENTS:
            findings.error("root-document-case", f"`{name}` must be named `{name.lower()}`", entry=name,
                           hint="LMSs look for the exact lower-case name; Linux servers do not find it otherwise")
    if found:
        return found
    nested = sorted((name for name in names if posixpath.basename(name) in ROOT_DOCUMENTS),
                    key=lambda name: (name.count("/"), name))
    if nested:
        folder = posixpath.dirname(nested[0])
        findings.error("manifest-not-at-root",
                       f"`{posixpath.basename(nested[0])}` is in `{folder}/`, not at the root of the zip",
                       entry=nested[0],
                       hint=f"zip the contents of `{folder}/`, not the folder itself: LMSs only look at the root")
    elif not any(name.lower() in ROOT_DOCUMENTS for name in names) and not is_web_site(names):
        findings.error("no-manifest", f"no `{MANIFEST}`, `{CMI5_FILE}` or `{TINCAN_FILE}` at the root of the zip: "
                       "this is not a SCORM, cmi5 or Tin Can package",
                       hint="a SCORM package needs imsmanifest.xml at the zip root")
    return []


def scorm_version(manifest: etree._Element, findings: Findings) -> Standard | None:
    """SCORM 1.2 or 2004 from the namespace of `<manifest>`; None (reported) when it is neither."""
    qname = etree.QName(manifest)
    for standard, namespace in CONTENT_PACKAGING.items():
        if qname.namespace == namespace and qname.localname == "manifest":
            return standard
    expected = " or ".join(f"`{ns}` ({s.label})" for s, ns in CONTENT_PACKAGING.items())
    found = f"`{{{qname.namespace}}}{qname.localname}`" if qname.namespace else f"`{qname.localname}` (no namespace)"
    findings.error("wrong-namespace", f"the root element is {found}; expected `manifest` in {expected}",
                   entry=MANIFEST, line=manifest.sourceline,
                   hint='declare the content-packaging namespace as the default, e.g. '
                        '<manifest xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" …> for SCORM 1.2')
    return None


def document_root(root: etree._Element, standard: Standard, namespace: str, localname: str, entry: str,
                  findings: Findings) -> bool:
    """True when a cmi5/tincan document's root element is `{namespace}localname`; reports otherwise."""
    qname = etree.QName(root)
    if qname.namespace == namespace and qname.localname == localname:
        return True
    found = f"`{{{qname.namespace}}}{qname.localname}`" if qname.namespace else f"`{qname.localname}` (no namespace)"
    findings.error("wrong-namespace", f"the root element is {found}; {standard.label} expects `{localname}` in "
                   f"`{namespace}`", entry=entry, line=root.sourceline,
                   hint=f'write <{localname} xmlns="{namespace}">')
    return False
