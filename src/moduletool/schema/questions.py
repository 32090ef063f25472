"""Question blocks: the graded kinds (single, multiple, true-false, fill-in) and the Likert survey item.

Every question and option has a stable id: the question id becomes the SCORM interaction id, so
results from every language and every version of a module add up.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictBool

from .common import InlineMarkdown, Markdown, StableId, StrictModel


class QuestionFeedback(StrictModel):
    """What the learner reads after checking an answer, when no option-specific feedback applies."""

    correct: InlineMarkdown | None = Field(None, description="Shown when the answer is right.")
    incorrect: InlineMarkdown | None = Field(None, description="Shown when the answer is wrong.")


class ChoiceOption(StrictModel):
    """One answer of a single- or multiple-choice question."""

    id: StableId
    text: InlineMarkdown
    correct: StrictBool = Field(False, description="Mark the right answer(s) with `correct: true`.")
    feedback: InlineMarkdown | None = Field(None, description="Shown when the learner picks this option.")


class LikertOption(StrictModel):
    """One point of a Likert scale (no right or wrong)."""

    id: StableId
    text: InlineMarkdown


class _QuestionBase(StrictModel):
    id: StableId
    type: Literal["question"]
    prompt: Markdown
    feedback: QuestionFeedback | None = None
    objectives: list[StableId] = Field(
        default_factory=list, description="Ids of module objectives this question assesses.")


class _GradedQuestion(_QuestionBase):
    points: int = Field(1, ge=1, le=100, description="Weight of this question in the score.")


class _ChoiceQuestion(_GradedQuestion):
    options: list[ChoiceOption] = Field(
        min_length=2, max_length=26, description="The choices: `- {id: a, text: ..., correct: true, feedback: ...}`.")


class SingleChoiceQuestion(_ChoiceQuestion):
    """Pick exactly one option; exactly one option is correct."""

    kind: Literal["single"]


class MultipleChoiceQuestion(_ChoiceQuestion):
    """Pick every correct option; at least one option is correct."""

    kind: Literal["multiple"]


class TrueFalseQuestion(_GradedQuestion):
    """A statement the learner judges true or false."""

    kind: Literal["true-false"]
    answer: StrictBool = Field(description="Whether the statement in the prompt is true.")


class FillInQuestion(_GradedQuestion):
    """A short typed answer compared with the accepted answers (spaces trimmed)."""

    kind: Literal["fill-in"]
    answers: list[Annotated[str, Field(min_length=1)]] = Field(
        min_length=1, description="Every answer accepted as correct.")
    case_sensitive: StrictBool = False
    max_length: int = Field(
        60, ge=1, le=250, description="Longest answer the learner may type; it bounds the "
                                      "saved progress, which SCORM 1.2 limits to 4096 characters.")


class LikertQuestion(_QuestionBase):
    """A survey item on a scale: recorded, never graded."""

    kind: Literal["likert"]
    options: list[LikertOption] = Field(
        min_length=2, max_length=11, description="The points of the scale, in order: `- {id: agree, text: Agree}`.")


Question = Annotated[
    SingleChoiceQuestion | MultipleChoiceQuestion | TrueFalseQuestion | FillInQuestion | LikertQuestion,
    Field(discriminator="kind"),
]
"""Any question; `kind` says which."""

GradedQuestion = SingleChoiceQuestion | MultipleChoiceQuestion | TrueFalseQuestion | FillInQuestion
AnyQuestion = GradedQuestion | LikertQuestion
GRADED_QUESTION_TYPES = (SingleChoiceQuestion, MultipleChoiceQuestion, TrueFalseQuestion, FillInQuestion)
QUESTION_TYPES = GRADED_QUESTION_TYPES + (LikertQuestion,)
QUESTION_KINDS = ("single", "multiple", "true-false", "fill-in", "likert")
