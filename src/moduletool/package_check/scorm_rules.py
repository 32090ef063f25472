"""SCORM manifest rules the XSDs miss: version text, identifiers, references, tree shape, scormtype.

Sources are PACKAGING_RULES.md §2: ADL's 4th Edition validator (identifierref must resolve,
only leaves reference resources, every leaf does, a referenced resource has an href,
`adlcp:scormType` on every resource) and Moodle's importer (exact `<schemaversion>`). Where
ADL's rule is 2004-only and SCORM 1.2 LMSs cope, a 1.2 package gets a warning instead of an error.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from ..errors import did_you_mean
from .namespaces import ACCEPTED_SCHEMAVERSIONS, ADLCP, SCHEMAVERSION
from .report import Findings
from .scorm_manifest import Manifest

SCORMTYPES = ("sco", "asset")


def check_structure(manifest: Manifest, findings: Findings) -> None:
    """Every structural rule, in the order a reader meets the manifest."""
    _check_metadata(manifest, findings)
    _check_identifiers(manifest, findings)
    _check_organizations(manifest, findings)
    _check_items(manifest, findings)
    _check_resources(manifest, findings)
    for sub in manifest.root.findall(manifest.tag("manifest")):
        findings.warning("sub-manifest", "the manifest contains a sub-manifest", entry=manifest.entry,
                         line=sub.sourceline, hint="ADL's validator reports them and most LMSs ignore them; "
                         "put every organization and resource in the main manifest")


def _severe(manifest: Manifest, findings: Findings) -> Callable[..., None]:
    """`findings.error` for SCORM 2004 (ADL fails the package), `findings.warning` for 1.2."""
    return findings.error if manifest.is_2004 else findings.warning


def _check_metadata(manifest: Manifest, findings: Findings) -> None:
    """`<schema>ADL SCORM</schema><schemaversion>…`: Moodle picks the runtime API from the exact version text."""
    metadata = manifest.child(manifest.root, "metadata")
    version = manifest.child(metadata, "schemaversion")
    wanted = SCHEMAVERSION[manifest.standard]
    entry = manifest.entry
    if version is None:
        anchor = metadata if metadata is not None else manifest.root
        findings.error("schemaversion-missing", "`<metadata>` has no `<schemaversion>`; Moodle then treats the "
                       "package as SCORM 1.2", entry=entry, line=anchor.sourceline,
                       hint=f"add <metadata><schema>ADL SCORM</schema><schemaversion>{wanted}</schemaversion>")
        return
    text = version.text or ""
    if text != text.strip():
        findings.error("schemaversion-whitespace", f"`<schemaversion>` is {text!r}, with whitespace around "
                       f"`{text.strip()}`; Moodle compares it exactly and then treats the package as SCORM 1.2",
                       entry=entry, line=version.sourceline,
                       hint=f"write <schemaversion>{wanted}</schemaversion> on one line")
    elif text not in ACCEPTED_SCHEMAVERSIONS[manifest.standard]:
        findings.error("schemaversion-wrong", f"`<schemaversion>` is `{text}`, but the manifest uses the "
                       f"{manifest.standard.label} namespace", entry=entry, line=version.sourceline,
                       hint=f"write <schemaversion>{wanted}</schemaversion>")
    schema = manifest.child(metadata, "schema")
    if schema is None or (schema.text or "") != "ADL SCORM":
        shown = "missing" if schema is None else f"`{schema.text or ''}`"
        anchor = schema if schema is not None else version
        _severe(manifest, findings)("schema-name", f"`<metadata><schema>` is {shown}; it must be `ADL SCORM`",
                                    entry=entry, line=anchor.sourceline,
                                    hint="write <schema>ADL SCORM</schema> just before <schemaversion>")


def _is_ncname(value: str) -> bool:
    if not value or ":" in value:
        return False
    try:
        etree.QName(value)
    except ValueError:
        return False
    return True


def _check_identifiers(manifest: Manifest, findings: Findings) -> None:
    """`identifier` attributes are `xs:ID`: unique in the whole manifest and NCNames."""
    first_line: dict[str, int] = {}
    for element in manifest.root.iter(manifest.tag("manifest"), manifest.tag("organization"),
                                      manifest.tag("item"), manifest.tag("resource")):
        identifier = element.get("identifier")
        if identifier is None:
            continue
        line = element.sourceline or 0
        if not _is_ncname(identifier):
            findings.error("identifier-not-ncname", f"identifier `{identifier}` is not an XML name (NCName)",
                           entry=manifest.entry, line=line,
                           hint="start with a letter or `_`, then letters, digits, `-`, `_` or `.`; "
                                "no spaces or colons")
        if identifier in first_line:
            findings.error("duplicate-identifier", f"identifier `{identifier}` is used more than once "
                           f"(first at line {first_line[identifier]})", entry=manifest.entry, line=line,
                           hint="identifiers must be unique across the whole manifest")
        else:
            first_line[identifier] = line


def _check_organizations(manifest: Manifest, findings: Findings) -> None:
    holder = manifest.organizations_element()
    organizations = manifest.organizations()
    if holder is None or not organizations:
        findings.error("no-organization", "the manifest has no `<organization>`: there is nothing to launch",
                       entry=manifest.entry, line=(holder if holder is not None else manifest.root).sourceline,
                       hint="add an <organization> whose <item> references the SCO's resource")
        return
    default = holder.get("default")
    ids = [o.get("identifier") or "" for o in organizations]
    if default is None:
        findings.warning("no-default-organization", "`<organizations>` has no `default`", entry=manifest.entry,
                         line=holder.sourceline, hint=f'write default="{ids[0]}"')
    elif default not in ids:
        findings.error("dangling-default", f"`<organizations default=\"{default}\">` names no organization",
                       entry=manifest.entry, line=holder.sourceline,
                       hint=did_you_mean(default, ids) or f"organizations: {', '.join(ids)}")


def _check_items(manifest: Manifest, findings: Findings) -> None:
    """identifierref resolves; only leaves reference resources and every leaf does; targets have href."""
    severe = _severe(manifest, findings)
    for item in manifest.items():
        name, ref, line = item.get("identifier") or "?", item.get("identifierref"), item.sourceline
        leaf = manifest.is_leaf(item)
        if ref is None:
            if leaf:
                severe("leaf-without-resource", f"item `{name}` has no child items and no `identifierref`",
                       entry=manifest.entry, line=line,
                       hint="point it at a resource, or remove it: LMSs show it but cannot launch anything")
            continue
        if not leaf:
            severe("identifierref-on-parent", f"item `{name}` has child items and an `identifierref`",
                   entry=manifest.entry, line=line, hint="only leaf items may reference a resource")
        resource = manifest.resource(ref)
        if resource is None:
            findings.error("dangling-identifierref", f"item `{name}` points at resource `{ref}`, which does not exist",
                           entry=manifest.entry, line=line,
                           hint=did_you_mean(ref, manifest.resource_ids())
                           or "check the <resource identifier=…> values")
        elif resource.get("href") is None:
            findings.error("resource-without-href", f"resource `{ref}` is launched by item `{name}` but has no `href`",
                           entry=manifest.entry, line=resource.sourceline,
                           hint="set href to the file the LMS should open, e.g. href=\"index.html\"")


def _check_resources(manifest: Manifest, findings: Findings) -> None:
    launched = {item.get("identifierref") for item in manifest.items()}
    for resource in manifest.resources():
        name, line = resource.get("identifier") or "?", resource.sourceline
        for dependency in resource.findall(manifest.tag("dependency")):
            ref = dependency.get("identifierref")
            if manifest.resource(ref) is None:
                findings.error("dangling-dependency", f"resource `{name}` depends on `{ref}`, which does not exist",
                               entry=manifest.entry, line=dependency.sourceline,
                               hint=did_you_mean(ref or "", manifest.resource_ids()) or "")
        value = resource.get(manifest.scormtype)
        if value is None:
            _missing_scormtype(manifest, resource, name in launched, findings)
        elif value not in SCORMTYPES:
            findings.error("scormtype-value", f"resource `{name}` has {manifest.scormtype_name}=\"{value}\"; "
                           "it must be `sco` or `asset`", entry=manifest.entry, line=line,
                           hint=did_you_mean(value, list(SCORMTYPES)) or "")


def _missing_scormtype(manifest: Manifest, resource: etree._Element, launched: bool, findings: Findings) -> None:
    """Missing type: ADL fails 2004; Moodle turns a launched 1.2 resource into an untracked asset."""
    name, right = resource.get("identifier") or "?", manifest.scormtype_name
    near = [key for key in resource.attrib if etree.QName(key).localname.lower() == "scormtype"]
    hint = f'add {right}="sco" (or "asset" for files that do not talk to the LMS)'
    if near:
        found = etree.QName(near[0])
        other = next((s for s, ns in ADLCP.items() if ns == found.namespace), None)
        spelled = f"`{found.localname}`" + (f" in the {other.label} namespace" if other and other is not
                                           manifest.standard else "")
        hint = f"it is spelled {spelled}; {manifest.standard.label} needs `{right}`"
    message = f"resource `{name}` has no `{right}`"
    if manifest.is_2004 or launched:
        consequence = "; Moodle treats it as an asset and records nothing" if launched else ""
        findings.error("scormtype-missing", message + consequence, entry=manifest.entry,
                       line=resource.sourceline, hint=hint)
    else:
        findings.warning("scormtype-missing", message, entry=manifest.entry, line=resource.sourceline, hint=hint)

