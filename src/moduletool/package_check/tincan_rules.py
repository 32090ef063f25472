"""tincan.xml rules beyond `tincan.xsd` (Rustici's launch conventions, PACKAGING_RULES.md / lms_lrs.md).

An LMS launches the activity that has a `<launch>`; without one the package cannot be started.
Activity ids are what the LRS keys statements on, so they must be IRIs and unique.
"""

from __future__ import annotations

from lxml import etree

from .namespaces import TINCAN, TINCAN_FILE
from .references import check_launch_target, is_iri
from .report import Findings


def _tag(local: str) -> str:
    return f"{{{TINCAN}}}{local}"


def check_tincan(root: etree._Element, names: list[str], findings: Findings) -> None:
    """Activity ids and launch files of a parsed tincan.xml."""
    first_line: dict[str, int] = {}
    launches = 0
    for activity in root.iter(_tag("activity")):
        identifier, line = activity.get("id"), activity.sourceline or 0
        if identifier is not None:
            if not is_iri(identifier.strip()):
                findings.error("tincan-id-not-iri", f"activity id `{identifier}` is not an IRI", entry=TINCAN_FILE,
                               line=line, hint="use an absolute IRI you control, e.g. https://example.org/courses/x")
            if identifier in first_line:
                findings.error("tincan-duplicate-id", f"activity id `{identifier}` is used more than once "
                               f"(first at line {first_line[identifier]})", entry=TINCAN_FILE, line=line)
            else:
                first_line[identifier] = line
        for launch in activity.iter(_tag("launch")):
            launches += 1
            _check_launch(launch, set(names), findings)
    if not launches:
        findings.error("tincan-no-launch", "no activity has a `<launch>`: the LMS has nothing to open",
                       entry=TINCAN_FILE, line=root.sourceline,
                       hint='add <launch lang="en">index.html</launch> to the course activity')


def _check_launch(launch: etree._Element, present: set[str], findings: Findings) -> None:
    value, line = (launch.text or "").strip(), launch.sourceline
    if not value:
        findings.error("tincan-launch-empty", "`<launch>` is empty", entry=TINCAN_FILE, line=line)
        return
    check_launch_target(value, line, present, findings, entry=TINCAN_FILE, code="tincan-launch", label="launch",
                        external_hint="fine for content hosted elsewhere; otherwise make it relative")
