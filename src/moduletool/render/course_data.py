"""The course description the JavaScript runtime works from, and the worst case of its saved state.

The runtime keeps the learner's progress as a compact string (SCORM 1.2 `suspend_data` allows only
4096 characters). Its format is defined here and in `templates/assets/player.js`:

    1|<fingerprint>|<page index, base 36>|<visited pages, hex bitmask>|<answer>~<answer>~...

one answer per question in reading order: single/likert → the option's index in base 36;
multiple → the chosen indexes, concatenated; true-false → t or f; fill-in → the typed text
with `%`, `~` and `|` percent-escaped; an unanswered question → empty. The fingerprint changes
when pages or questions change, so a learner coming back to a changed module is not resumed
into answers that no longer fit.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from ..activity_ids import ActivityIds
from ..schema import (
    FillInQuestion,
    LikertQuestion,
    Module,
    MultipleChoiceQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from ..schema.questions import QUESTION_TYPES, AnyQuestion
from ..xapi_interactions import INTERACTION_TYPES, correct_responses_pattern

STATE_VERSION = "1"
FILL_IN_ESCAPE_WIDTH = 3  # "%7E" for one "~"


def _question_data(question: AnyQuestion, page_id: str, ids: ActivityIds | None) -> dict[str, Any]:
    data: dict[str, Any] = {"id": question.id, "page": page_id, "kind": question.kind,
                            "interaction": INTERACTION_TYPES[question.kind],
                            "graded": not isinstance(question, LikertQuestion),
                            "points": getattr(question, "points", 0),
                            "objectives": list(question.objectives)}
    if isinstance(question, (SingleChoiceQuestion, MultipleChoiceQuestion, LikertQuestion)):
        data["options"] = [option.id for option in question.options]
    if isinstance(question, (SingleChoiceQuestion, MultipleChoiceQuestion)):
        data["correct"] = [option.id for option in question.options if option.correct]
    elif isinstance(question, TrueFalseQuestion):
        data["correct"] = [question.answer]
    elif isinstance(question, FillInQuestion):
        data["correct"] = list(question.answers)
        data["caseSensitive"] = question.case_sensitive
        data["maxLength"] = question.max_length
    if ids is not None:
        data["iri"] = ids.question(question.id)
        data["correctResponsesPattern"] = correct_responses_pattern(question)
    return data


def structure_fingerprint(module: Module) -> str:
    """8 hex digits that change whenever the saved state would no longer fit the module."""
    shape = [[page.id, [[b.id, getattr(b, "kind", ""), [o.id for o in getattr(b, "options", [])]]
                        for b in page.blocks if getattr(b, "type", "") == "question"]]
             for page in module.pages]
    return hashlib.sha256(json.dumps(shape, separators=(",", ":")).encode()).hexdigest()[:8]


def course_data(module: Module, lang: str, ids: ActivityIds | None = None) -> dict[str, Any]:
    """Everything the runtime needs to track the learner; embedded in index.html as JSON.

    With `ids` (the xAPI formats) the course, its pages and questions carry their IRIs and each
    question its xAPI correct responses, so the runtime never builds an IRI or a pattern itself.
    """
    questions = [_question_data(block, page.id, ids)
                 for page in module.pages for block in page.blocks if isinstance(block, QUESTION_TYPES)]
    return {
        "id": module.id,
        "version": module.version,
        "lang": lang,
        "title": module.title,
        "fingerprint": structure_fingerprint(module),
        "completion": {"require": module.completion.require.value,
                       "masteryPercent": round(module.completion.mastery * 100)},
        "pages": [{"id": page.id, "title": page.title, **({"iri": ids.page(page.id)} if ids else {})}
                  for page in module.pages],
        "questions": questions,
        "suspendDataWorstCase": worst_case_state_length(module),
        **({"iri": ids.course, "auIri": ids.au} if ids else {}),
    }


def _base36_width(count: int) -> int:
    width, limit = 1, 36
    while count > limit:
        width, limit = width + 1, limit * 36
    return width


def _answer_worst_case(question: AnyQuestion) -> int:
    if isinstance(question, MultipleChoiceQuestion):
        return len(question.options)
    if isinstance(question, FillInQuestion):
        return question.max_length * FILL_IN_ESCAPE_WIDTH
    return 1


def worst_case_state_length(module: Module) -> int:
    """The longest saved-state string this module can produce (see the format above)."""
    questions = module.questions()
    pages = len(module.pages)
    fixed = len(STATE_VERSION) + 1 + 8 + 1 + _base36_width(pages) + 1 + (pages + 3) // 4 + 1
    answers = sum(_answer_worst_case(q) for q in questions) + max(len(questions) - 1, 0)
    return fixed + answers
