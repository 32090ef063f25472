"""What Moodle's SCORM importer needs beyond the standard (PACKAGING_RULES.md, "Moodle … specifics").

Moodle is the LMS our partners use first, and its importer has quirks that turn a schema-valid
package into one that silently records nothing: it matches literal prefixes (not namespaces),
marks an asset completed when it is the first thing launched, and fails the whole import on
`imsss:mapInfo` under PHP 8. Each quirk is checked here, with the consequence in the message.
"""

from __future__ import annotations

from lxml import etree

from .namespaces import IMSSS, MOODLE_PREFIXES, VERSION_NAMESPACES, Standard
from .report import Findings
from .scorm_manifest import Manifest


def check_moodle(manifest: Manifest, findings: Findings) -> None:
    """Namespaces of the right version, Moodle's prefixes, a SCO first, no mapInfo."""
    _check_namespaces(manifest, findings)
    _check_first_launch(manifest, findings)
    if manifest.is_2004:
        for map_info in manifest.root.iter(f"{{{IMSSS}}}mapInfo"):
            findings.warning("moodle-mapinfo", "`imsss:mapInfo` makes the import fail on Moodle with PHP 8 "
                             "(no activity is created)", entry=manifest.entry, line=map_info.sourceline,
                             hint="remove global objective mapping unless the target LMS needs it")


def _check_namespaces(manifest: Manifest, findings: Findings) -> None:
    """One finding per offending namespace (at its first use), so a large manifest is not a flood."""
    other = Standard.SCORM12 if manifest.is_2004 else Standard.SCORM2004
    foreign = VERSION_NAMESPACES[other] - VERSION_NAMESPACES[manifest.standard]
    reported: set[tuple[str, str]] = set()
    for element in manifest.root.iter(etree.Element):
        uses = [(etree.QName(element).namespace, element.prefix)]
        for key in element.attrib:
            namespace = etree.QName(key).namespace
            if namespace in MOODLE_PREFIXES or namespace in foreign:
                conventional = MOODLE_PREFIXES.get(namespace or "")
                bound = element.nsmap.get(conventional) if conventional else None
                uses.append((namespace, conventional if bound == namespace else _prefix_of(element, namespace)))
        for namespace, prefix in uses:
            if namespace is None or (namespace, prefix or "") in reported:
                continue
            if _report_use(manifest, element, namespace, prefix, foreign, findings):
                reported.add((namespace, prefix or ""))


def _prefix_of(element: etree._Element, namespace: str | None) -> str | None:
    return next((p for p, ns in element.nsmap.items() if ns == namespace), None)


def _report_use(manifest: Manifest, element: etree._Element, namespace: str, prefix: str | None,
                foreign: frozenset[str], findings: Findings) -> bool:
    line = element.sourceline
    if namespace in foreign:
        findings.error("wrong-namespace", f"namespace `{namespace}` belongs to the other SCORM version, not "
                       f"{manifest.standard.label}", entry=manifest.entry, line=line,
                       hint="take every namespace of the manifest from the same SCORM version")
        return True
    if namespace == manifest.cp and prefix is not None:
        findings.error("moodle-prefix", f"content-packaging elements use the prefix `{prefix}:`; Moodle only "
                       "reads them unprefixed", entry=manifest.entry, line=line,
                       hint=f'declare xmlns="{namespace}" on <manifest> and drop the prefix')
        return True
    conventional = MOODLE_PREFIXES.get(namespace)
    if conventional and prefix != conventional:
        shown = f"the prefix `{prefix}:`" if prefix else "no prefix"
        findings.error("moodle-prefix", f"`{namespace}` is used with {shown}; Moodle only recognises "
                       f"`{conventional}:` and silently ignores the rest", entry=manifest.entry, line=line,
                       hint=f'declare xmlns:{conventional}="{namespace}" and use `{conventional}:`')
        return True
    return False


def _check_first_launch(manifest: Manifest, findings: Findings) -> None:
    """Moodle opens the first item with a file; an asset there is marked completed at once."""
    organization = manifest.default_organization()
    if organization is None:
        return
    launchable = [(item, resource) for item in manifest.items(organization)
                  if (resource := manifest.resource(item.get("identifierref"))) is not None
                  and resource.get("href") is not None]
    if not launchable:
        return
    # A missing or invalid type is reported by scorm_rules already; judge only what the manifest says.
    kinds = [resource.get(manifest.scormtype) for _, resource in launchable]
    first_item, first_resource = launchable[0]
    if kinds[0] != "asset":
        return
    if "sco" in kinds:
        sco_item = launchable[kinds.index("sco")][0]
        findings.error("asset-before-sco", f"the first item Moodle launches, `{first_item.get('identifier')}`, "
                       f"is an asset (resource `{first_resource.get('identifier')}`); Moodle marks it completed on "
                       "launch, so the course counts as complete with grade 0",
                       entry=manifest.entry, line=first_item.sourceline,
                       hint=f"move the SCO item `{sco_item.get('identifier')}` before it")
    elif all(kind == "asset" for kind in kinds):
        findings.warning("no-sco", "the default organization launches no SCO, so the LMS records nothing but "
                         "\"completed\"", entry=manifest.entry, line=organization.sourceline,
                         hint=f'mark the resource that talks to the LMS {manifest.scormtype_name}="sco"')

