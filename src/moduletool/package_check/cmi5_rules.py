"""cmi5 course structure rules that `CourseStructure.xsd` cannot express (PACKAGING_RULES.md §1.1).

The XSD checks presence and order; the spec (13.1, 8.1, 14.1) adds that ids are unique IRIs,
`masteryScore` has at most four decimals, an AU's `url` is relative and inside the zip, its
query string does not reuse a launch parameter name, and objective references resolve.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from lxml import etree

from ..errors import did_you_mean
from .namespaces import CMI5, CMI5_FILE
from .references import check_launch_target, is_iri, query_names
from .report import Findings

# cmi5 8.1: the LMS appends these to the AU's URL; the same name in the url's own query collides.
LAUNCH_PARAMETERS = ("endpoint", "fetch", "actor", "registration", "activityId")
MAX_MASTERY_DECIMALS = 4


def _tag(local: str) -> str:
    return f"{{{CMI5}}}{local}"


def check_cmi5(root: etree._Element, names: list[str], findings: Findings) -> None:
    """Ids, mastery scores, AU urls and objective references of a parsed cmi5.xml."""
    _check_ids(root, findings)
    declared = [o.get("id") or "" for o in root.iterfind(f"{_tag('objectives')}/{_tag('objective')}")]
    present = set(names)
    for au in root.iter(_tag("au")):
        _check_mastery(au, findings)
        url = au.find(_tag("url"))
        if url is not None:
            _check_url(url, present, findings)
    for reference in root.iter(_tag("objective")):
        idref = reference.get("idref")
        if idref is not None and idref not in declared:
            findings.error("cmi5-unknown-objective", f"objective reference `{idref}` names no objective of the course",
                           entry=CMI5_FILE, line=reference.sourceline,
                           hint=did_you_mean(idref, declared) or "declare it under <courseStructure><objectives>")


def _check_ids(root: etree._Element, findings: Findings) -> None:
    """course, block, au and objective ids: IRIs (13.1.1–13.1.4), unique within the structure."""
    first_line: dict[str, int] = {}
    for element in root.iter(_tag("course"), _tag("block"), _tag("au"), _tag("objective")):
        identifier = element.get("id")
        if identifier is None:
            continue  # an `idref` reference, or left to the XSD
        kind, line = etree.QName(element).localname, element.sourceline or 0
        value = identifier.strip()  # the LMS strips values on import (13.1)
        if not is_iri(value):
            findings.error("cmi5-id-not-iri", f"{kind} id `{identifier}` is not an IRI", entry=CMI5_FILE, line=line,
                           hint="use an absolute IRI you control, e.g. https://example.org/courses/x/au/1")
        if value in first_line:
            findings.error("cmi5-duplicate-id", f"{kind} id `{identifier}` is used more than once "
                           f"(first at line {first_line[value]})", entry=CMI5_FILE, line=line,
                           hint="every course, block, AU and objective id must be unique")
        else:
            first_line[value] = line


def _check_mastery(au: etree._Element, findings: Findings) -> None:
    raw = au.get("masteryScore")
    if raw is None:
        return
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        findings.error("cmi5-mastery-value", f"masteryScore `{raw}` is not a number", entry=CMI5_FILE,
                       line=au.sourceline, hint="write a decimal between 0 and 1, e.g. 0.8")
        return
    if not value.is_finite() or not 0 <= value <= 1:
        findings.error("cmi5-mastery-range", f"masteryScore `{raw}` is outside 0..1", entry=CMI5_FILE,
                       line=au.sourceline, hint="write a decimal between 0 and 1, e.g. 0.8")
    elif -int(value.normalize().as_tuple().exponent) > MAX_MASTERY_DECIMALS:  # trailing zeros do not count
        findings.error("cmi5-mastery-precision", f"masteryScore `{raw}` has more than {MAX_MASTERY_DECIMALS} "
                       "decimal places", entry=CMI5_FILE, line=au.sourceline,
                       hint=f"round it to {MAX_MASTERY_DECIMALS} decimals, e.g. {round(value, MAX_MASTERY_DECIMALS)}")


def _check_url(url: etree._Element, present: set[str], findings: Findings) -> None:
    """Relative and inside the zip (14.1); a full URL is allowed for AUs hosted elsewhere (a warning)."""
    value, line = (url.text or "").strip(), url.sourceline
    for name in query_names(value):
        if name in LAUNCH_PARAMETERS:
            findings.error("cmi5-reserved-query", f"AU url `{value}` has the query parameter `{name}`, which the "
                           "LMS adds at launch", entry=CMI5_FILE, line=line,
                           hint=f"rename it: {', '.join(LAUNCH_PARAMETERS)} are cmi5 launch parameters (8.1)")
    if not value:
        return  # empty url: the XSD reports it
    check_launch_target(value, line, present, findings, entry=CMI5_FILE, code="cmi5-url", label="AU url",
                        external_hint="fine for AUs hosted elsewhere; otherwise make it relative")
