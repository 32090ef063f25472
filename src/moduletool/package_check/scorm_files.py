"""The files a SCORM manifest names, against the files the zip holds.

Moodle never checks that a launch file exists (PACKAGING_RULES.md), so a typo in an href is
only found by a learner. Every href, `file/@href` and `adlcp:location` must be a relative path
inside the package (no `\\`, no leading `/`, no `..` climbing out; `xml:base` ends with `/`) and
exist in the zip; the XSDs named in `xsi:schemaLocation` must be at the root (ADL).

Files present but listed in no resource are a *warning*: the CP and ADL treat `<file>` as the
resource's inventory (ADL's validator reports unlisted files, it does not fail the package), and
no LMS needs the list to launch — but a repackaging or "export as resource" tool drops them.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from ..errors import did_you_mean
from .namespaces import MANIFEST, ROOT_DOCUMENTS, XML_BASE, XSI
from .references import is_url, path_problem, target
from .report import Findings
from .scorm_manifest import Manifest

CONTROL_SUFFIXES = (".xsd", ".dtd")
UNLISTED_SHOWN = 5


def check_files(manifest: Manifest, names: list[str], findings: Findings) -> None:
    """hrefs well-formed and present, no unlisted files, control documents at the root."""
    present = set(names)
    listed = _check_references(manifest, present, findings)
    _check_control_documents(manifest, present, findings)
    _report_unlisted(manifest, names, listed, findings)


def _base_of(manifest: Manifest, resource: etree._Element, findings: Findings) -> str | None:
    """The `xml:base` in force for a resource's hrefs (manifest → resources → resource); None if unusable."""
    base = ""
    holders = [e for e in (manifest.root, manifest.resources_element(), resource) if e is not None]
    for element in holders:
        value = element.get(XML_BASE)
        if value is None:
            continue
        problem = path_problem(value)
        if problem is not None or not value.endswith("/"):
            reason = problem.reason if problem else "does not end with `/`"
            findings.error("xml-base", f"xml:base `{value}` {reason}", entry=manifest.entry,
                           line=element.sourceline,
                           hint=problem.hint if problem else f'write xml:base="{value}/"')
            return None
        base = posixpath.join(base, value)
    return base


def _check_references(manifest: Manifest, present: set[str], findings: Findings) -> set[str]:
    """Check every href; return the zip entries they name."""
    listed: set[str] = set()
    for resource in manifest.root.iter(manifest.tag("resource")):
        base = _base_of(manifest, resource, findings)
        if base is None:
            continue
        is_sco = resource.get(manifest.scormtype) == "sco"
        href = resource.get("href")
        # An asset may be web content hosted elsewhere; a SCO must be in the package to find the LMS's API.
        if href is not None and not (is_url(href) and not is_sco):
            what = f"the launch file `{href}` of resource `{resource.get('identifier')}`"
            listed |= _check_path(manifest, resource, href, base, what, present, findings)
        for file in resource.iter(manifest.tag("file")):
            href = file.get("href") or ""
            listed |= _check_path(manifest, file, href, base, f"listed file `{href}`", present, findings)
    for location in manifest.root.iter(f"{{{manifest.adlcp}}}location"):
        href = (location.text or "").strip()
        listed |= _check_path(manifest, location, href, "", f"metadata file `{href}`", present, findings)
    return listed


def _check_path(manifest: Manifest, element: etree._Element, href: str, base: str, what: str, present: set[str],
                findings: Findings) -> set[str]:
    line = element.sourceline
    if not href:
        findings.error("href-empty", "a `<file>` has an empty href", entry=manifest.entry, line=line)
        return set()
    problem = path_problem(href)
    if problem is not None:
        findings.error(f"href-{problem.kind}", f"{what} {problem.reason}", entry=manifest.entry,
                       line=line, hint=problem.hint)
        return set()
    name = target(href, base)
    if name in present:
        return {name}
    findings.error("file-missing", f"{what} is not in the zip", entry=manifest.entry, line=line,
                   hint=_near_miss(name, present))
    return set()


def _near_miss(name: str, present: set[str]) -> str:
    folded = {p.lower(): p for p in present}
    if name.lower() in folded:
        return f"the zip has `{folded[name.lower()]}`: letter case matters on the LMS's server"
    return did_you_mean(name, sorted(present)) or "add the file to the package or fix the path"


def _control_documents(manifest: Manifest) -> list[tuple[etree._Element, str]]:
    """(element, location) for every schema location named in `xsi:schemaLocation`."""
    found: list[tuple[etree._Element, str]] = []
    for element in manifest.root.iter(etree.Element):
        tokens = (element.get(f"{{{XSI}}}schemaLocation") or "").split()
        found.extend((element, location) for location in tokens[1::2])
    return found


def _check_control_documents(manifest: Manifest, present: set[str], findings: Findings) -> None:
    """ADL fails a 2004 package whose schemaLocation XSDs are not at the root; for 1.2 it is advice."""
    report = findings.error if manifest.is_2004 else findings.warning
    hint = "copy the XSD files named in xsi:schemaLocation next to imsmanifest.xml"
    seen: set[str] = set()
    for element, location in _control_documents(manifest):
        if location in seen:
            continue
        seen.add(location)
        if is_url(location) or path_problem(location) is not None:
            if manifest.is_2004:
                findings.error("control-document-location", f"xsi:schemaLocation names `{location}`, not a file "
                               "at the root of the package", entry=manifest.entry, line=element.sourceline,
                               hint=f"name the XSD by its file name and {hint[0].lower()}{hint[1:]}")
            continue
        name = target(location)
        if "/" in name and manifest.is_2004:
            findings.error("control-document-location", f"control document `{name}` must be at the root of the "
                           "package", entry=manifest.entry, line=element.sourceline, hint=hint)
        elif name not in present:
            report("control-document-missing", f"control document `{name}` (named in xsi:schemaLocation) is not "
                   "in the zip", entry=manifest.entry, line=element.sourceline, hint=hint)


def _report_unlisted(manifest: Manifest, names: list[str], listed: set[str], findings: Findings) -> None:
    # Names the zip checks already refused (`../x`, `C:\\x`…) are not repeated here.
    unlisted = [name for name in names if name not in listed and not _is_package_file(name)
                and path_problem(name, allow_url=True) is None]
    if not unlisted:
        return
    shown = ", ".join(f"`{name}`" for name in unlisted[:UNLISTED_SHOWN])
    more = f" and {len(unlisted) - UNLISTED_SHOWN} more" if len(unlisted) > UNLISTED_SHOWN else ""
    count = "1 file is" if len(unlisted) == 1 else f"{len(unlisted)} files are"
    findings.warning("file-unlisted", f"{count} in the zip but listed in no resource: {shown}{more}",
                     entry=manifest.entry, hint="add a <file href=…> for each to the resource that uses it")


def _is_package_file(name: str) -> bool:
    """Files of the package itself rather than of a resource: root documents, XSD/DTD control documents.

    Control documents are at the root, but the ones they import (LOM's `common/`, `vocab/`…) sit in
    folders, so every .xsd/.dtd counts: no launchable content is written in XML Schema.
    """
    return name == MANIFEST or name in ROOT_DOCUMENTS or name.lower().endswith(CONTROL_SUFFIXES)
