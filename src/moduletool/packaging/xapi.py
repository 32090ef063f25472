"""xAPI (Tin Can): `tincan.xml` at the zip root, launched the way Rustici's launch document describes.

Written with lxml from typed data; valid against the de-facto `tincan.xsd`. The first activity
is the module itself, the only one with a `launch` (an LMS allows one per package); the pages and
questions follow as plain activity definitions, so that an LRS can show names, choices and correct
responses even for statements that carry only ids. Every IRI comes from `activity_ids.py`.
"""

from __future__ import annotations

from lxml import etree

from ..render.markdown import to_plain_text
from ..schema import Page
from ..schema.questions import QUESTION_TYPES, AnyQuestion
from ..xapi_interactions import INTERACTION_ACTIVITY_TYPE, INTERACTION_TYPES, components, correct_responses_pattern
from .base import NO_CONTROL_DOCUMENTS, PackageContext
from .manifest import LAUNCH_FILE, serialize
from .xapi_common import XAPI_STATE_LIMIT, activity_ids_of

TINCAN = "http://projecttincan.com/tincan.xsd"
TINCAN_FILE = "tincan.xml"
COURSE_ACTIVITY_TYPE = "http://adlnet.gov/expapi/activities/course"
PAGE_ACTIVITY_TYPE = "http://activitystrea.ms/schema/1.0/page"


def _child(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, f"{{{TINCAN}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def _activity(parent: etree._Element, iri: str, kind: str, name: str, description: str,
              lang: str) -> etree._Element:
    activity = _child(parent, "activity", id=iri, type=kind)
    _child(activity, "name", name, lang=lang)
    _child(activity, "description", description, lang=lang)
    return activity


def _page(parent: etree._Element, iri: str, page: Page, module_title: str, lang: str) -> None:
    _activity(parent, iri, PAGE_ACTIVITY_TYPE, page.title, f"{module_title}: {page.title}", lang)


def _question(parent: etree._Element, iri: str, question: AnyQuestion, lang: str) -> None:
    prompt = to_plain_text(question.prompt)
    activity = _activity(parent, iri, INTERACTION_ACTIVITY_TYPE, prompt, prompt, lang)
    _child(activity, "interactionType", INTERACTION_TYPES[question.kind])
    patterns = correct_responses_pattern(question)
    if patterns:
        holder = _child(activity, "correctResponsePatterns")
        for pattern in patterns:
            _child(holder, "correctResponsePattern", pattern)
    list_name, entries = components(question)
    if entries:
        holder = _child(activity, list_name)
        for entry in entries:
            component = _child(holder, "component")
            _child(component, "id", entry.id)
            _child(component, "description", entry.description, lang=lang)


def build_tincan(context: PackageContext) -> bytes:
    """`tincan.xml` for one module × language: the launchable module, then its pages and questions."""
    module, lang, ids = context.module, context.lang, activity_ids_of(context)
    root = etree.Element(f"{{{TINCAN}}}tincan", nsmap={None: TINCAN})
    activities = _child(root, "activities")
    course = _activity(activities, ids.course, COURSE_ACTIVITY_TYPE, module.title, context.plain_description, lang)
    _child(course, "launch", LAUNCH_FILE, lang=lang)
    for page in module.pages:
        _page(activities, ids.page(page.id), page, module.title, lang)
    for page in module.pages:
        for block in page.blocks:
            if isinstance(block, QUESTION_TYPES):
                _question(activities, ids.question(block.id), block, lang)
    return serialize(root)


class Xapi:
    """xAPI (Tin Can): endpoint, credentials and learner come from the launch URL, never the package."""

    name = "xapi"
    title = "xAPI (Tin Can)"
    state_limit = XAPI_STATE_LIMIT
    control_documents = NO_CONTROL_DOCUMENTS
    needs_publisher_iri = True

    def manifest_files(self, context: PackageContext) -> dict[str, bytes]:
        return {TINCAN_FILE: build_tincan(context)}
