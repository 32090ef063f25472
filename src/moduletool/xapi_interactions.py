"""Questions as xAPI interaction activities: their type, correct responses and components.

One owner for both places that describe a question to an LRS: `tincan.xml` (read at import) and
the course data the runtime builds its `answered` statements from, so the patterns an LRS holds
always match the responses the runtime sends. Response formats follow the xAPI 1.0.3
interaction types: option ids joined by `[,]` (choice, likert), `true`/`false`, or the text
(fill-in, with `{case_matters=true}` when case counts).
"""

from __future__ import annotations

from dataclasses import dataclass

from .render.markdown import to_plain_text
from .schema import (
    FillInQuestion,
    LikertQuestion,
    MultipleChoiceQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from .schema.questions import AnyQuestion

INTERACTION_ACTIVITY_TYPE = "http://adlnet.gov/expapi/activities/cmi.interaction"
LIST_SEPARATOR = "[,]"
INTERACTION_TYPES = {"single": "choice", "multiple": "choice", "true-false": "true-false",
                     "fill-in": "fill-in", "likert": "likert"}
"""Our question kinds in xAPI's (and SCORM's) interaction vocabulary."""


@dataclass(frozen=True)
class Component:
    """One choice or scale point: its stable id and its text."""

    id: str
    description: str


def fill_in_pattern(answer: str, case_sensitive: bool) -> str:
    """An accepted fill-in answer as a pattern; xAPI compares case-insensitively unless told otherwise.

    An answer starting with `{` gets an explicit `{case_matters=false}` so it cannot be read as a
    pattern parameter.
    """
    if case_sensitive:
        return "{case_matters=true}" + answer
    return ("{case_matters=false}" + answer) if answer.startswith("{") else answer


def correct_responses_pattern(question: AnyQuestion) -> list[str]:
    """Every correct response of `question` in xAPI format; empty for a survey item."""
    if isinstance(question, SingleChoiceQuestion):
        return [option.id for option in question.options if option.correct][:1]
    if isinstance(question, MultipleChoiceQuestion):
        return [LIST_SEPARATOR.join(option.id for option in question.options if option.correct)]
    if isinstance(question, TrueFalseQuestion):
        return ["true" if question.answer else "false"]
    if isinstance(question, FillInQuestion):
        return [fill_in_pattern(answer, question.case_sensitive) for answer in question.answers]
    return []


def components(question: AnyQuestion) -> tuple[str, list[Component]]:
    """The component list's name (`choices` or `scale`) and its entries; `("", [])` when it has none."""
    if isinstance(question, (SingleChoiceQuestion, MultipleChoiceQuestion)):
        return "choices", [Component(o.id, to_plain_text(o.text)) for o in question.options]
    if isinstance(question, LikertQuestion):
        return "scale", [Component(o.id, to_plain_text(o.text)) for o in question.options]
    return "", []
