"""A module: metadata, objectives, the completion rule, and its pages."""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from typing import Annotated

from pydantic import Field, StringConstraints

from .blocks import Block
from .common import LanguageTag, Markdown, NonEmptyText, StableId, StrictModel
from .questions import GRADED_QUESTION_TYPES, QUESTION_TYPES, AnyQuestion, GradedQuestion


class Objective(StrictModel):
    """A learning objective, referenced by questions through its id."""

    id: StableId
    text: NonEmptyText


class CompletionRule(str, Enum):
    """What the learner must do for the module to count as done."""

    ALL_PAGES = "all-pages"
    QUIZ = "quiz"
    ALL_PAGES_AND_QUIZ = "all-pages-and-quiz"


class Completion(StrictModel):
    """When the module is done, and the share of points needed to pass its quiz."""

    require: CompletionRule = CompletionRule.ALL_PAGES_AND_QUIZ
    mastery: float = Field(0.8, ge=0, le=1, description="Share of points needed to pass, 0 to 1 (0.8 = 80 %).")


class Page(StrictModel):
    """One screen of the module."""

    id: StableId
    title: NonEmptyText
    blocks: list[Block] = Field(min_length=1)


class Module(StrictModel):
    """A training module, written once in its source language."""

    id: StableId
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+(\.\d+)?$")] = Field(
        description='Version of the module, e.g. "1.0.0" (quote it if it has one dot).')
    language: LanguageTag = Field(description="Language the module is written in (BCP 47), e.g. en.")
    title: NonEmptyText
    description: Markdown
    license: NonEmptyText = Field(description="SPDX identifier, e.g. CC-BY-SA-4.0.")
    authors: list[NonEmptyText] = Field(default_factory=list)
    keywords: list[NonEmptyText] = Field(default_factory=list)
    duration: Annotated[str, StringConstraints(pattern=r"^PT(\d+H)?(\d+M)?(\d+S)?$")] | None = Field(
        None, description="Typical learning time, ISO 8601, e.g. PT40M or PT1H30M.")
    objectives: list[Objective] = Field(default_factory=list)
    completion: Completion = Completion()
    pages: list[Page] = Field(min_length=1)

    def blocks(self) -> Iterator[tuple[int, int, Block]]:
        """Every block with its page and block index, in reading order."""
        for page_index, page in enumerate(self.pages):
            for block_index, block in enumerate(page.blocks):
                yield page_index, block_index, block

    def questions(self) -> list[AnyQuestion]:
        """Every question block (graded and survey), in reading order."""
        return [b for _, _, b in self.blocks() if isinstance(b, QUESTION_TYPES)]

    def graded_questions(self) -> list[GradedQuestion]:
        """The questions that count towards the score."""
        return [q for q in self.questions() if isinstance(q, GRADED_QUESTION_TYPES)]
