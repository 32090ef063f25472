"""cmi5 (Quartz): `cmi5.xml` at the zip root, one course holding one AU per module.

Written with lxml from typed data; valid against the spec's `CourseStructure.xsd`. The course,
AU and objective ids are IRIs below the project's `publisher_iri` (see `activity_ids.py`); the
LMS generates its own activity id for the launch and puts the AU id in the statements' context.

What an LMS takes from here at import: `moveOn` (which verbs satisfy the AU), `masteryScore`
(handed back to the AU at launch in `LMS.LaunchData`), `launchMethod` and the AU's `url`.
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from ..schema import Module
from ..schema.module import CompletionRule
from .base import NO_CONTROL_DOCUMENTS, PackageContext
from .manifest import LAUNCH_FILE, serialize
from .xapi_common import XAPI_STATE_LIMIT, activity_ids_of

CMI5 = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
COURSE_STRUCTURE = "cmi5.xml"
LAUNCH_METHOD = "AnyWindow"
"""The runtime works in a frame, a new window or a redirect alike, and honours `returnURL`."""


def move_on(module: Module) -> str:
    """The cmi5 `moveOn` criterion that says what the module's completion rule says.

    The runtime sends `completed` when the rule is met and `passed`/`failed` once the graded
    questions are judged. A module without graded questions can only be completed; `all-pages`
    makes the quiz optional for moving on; `quiz` asks only for passing it; `all-pages-and-quiz`
    asks for both.
    """
    if not module.graded_questions():
        return "Completed"
    return {CompletionRule.ALL_PAGES: "Completed",
            CompletionRule.QUIZ: "Passed",
            CompletionRule.ALL_PAGES_AND_QUIZ: "CompletedAndPassed"}[module.completion.require]


def mastery_score(context: PackageContext) -> str | None:
    """`masteryScore` (0..1, at most 4 decimals) from the same whole percent the runtime judges by."""
    if not context.module.graded_questions():
        return None
    return format((Decimal(context.mastery_percent).scaleb(-2)).normalize(), "f")


def _text(parent: etree._Element, tag: str, text: str, lang: str) -> etree._Element:
    """A cmi5 `textType` element: `<tag><langstring lang="…">text</langstring></tag>`."""
    holder = etree.SubElement(parent, f"{{{CMI5}}}{tag}")
    etree.SubElement(holder, f"{{{CMI5}}}langstring", lang=lang).text = text
    return holder


def build_course_structure(context: PackageContext) -> bytes:
    """`cmi5.xml` for one module × language: the course, its objectives and its single AU."""
    module, lang, ids = context.module, context.lang, activity_ids_of(context)
    root = etree.Element(f"{{{CMI5}}}courseStructure", nsmap={None: CMI5})
    course = etree.SubElement(root, f"{{{CMI5}}}course", id=ids.course)
    _text(course, "title", module.title, lang)
    _text(course, "description", context.plain_description, lang)

    if module.objectives:
        objectives = etree.SubElement(root, f"{{{CMI5}}}objectives")
        for objective in module.objectives:
            element = etree.SubElement(objectives, f"{{{CMI5}}}objective", id=ids.objective(objective.id))
            _text(element, "title", objective.text, lang)
            _text(element, "description", objective.text, lang)

    attributes = {"id": ids.au, "moveOn": move_on(module)}
    mastery = mastery_score(context)
    if mastery is not None:
        attributes["masteryScore"] = mastery
    au = etree.SubElement(root, f"{{{CMI5}}}au", {**attributes, "launchMethod": LAUNCH_METHOD})
    _text(au, "title", module.title, lang)
    _text(au, "description", context.plain_description, lang)
    if module.objectives:
        references = etree.SubElement(au, f"{{{CMI5}}}objectives")
        for objective in module.objectives:
            etree.SubElement(references, f"{{{CMI5}}}objective", idref=ids.objective(objective.id))
    etree.SubElement(au, f"{{{CMI5}}}url").text = LAUNCH_FILE
    return serialize(root)


class Cmi5:
    """cmi5: launched by any cmi5 LMS with a fetch token; progress kept in the LMS's State API."""

    name = "cmi5"
    title = "cmi5"
    state_limit = XAPI_STATE_LIMIT
    control_documents = NO_CONTROL_DOCUMENTS
    needs_publisher_iri = True

    def manifest_files(self, context: PackageContext) -> dict[str, bytes]:
        return {COURSE_STRUCTURE: build_course_structure(context)}
