"""Shared building blocks of the authoring model: the strict base class and the constrained strings."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


class StrictModel(BaseModel):
    """Unknown keys are errors (typos must not pass silently); loaded models never change."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class MarkdownText:
    """Marker in `Annotated[...]` metadata: this string is CommonMark and is rendered as such."""

    def __repr__(self) -> str:
        return "MarkdownText()"


MARKDOWN = MarkdownText()

StableId = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64), Field(
    description="Stable identifier: lowercase letters, digits and hyphens. It links results and "
                "translations across versions, so never reuse or rename it lightly.")]
"""Ids become SCORM interaction ids, xAPI activity ids and gettext contexts: keep them stable."""

NonEmptyText = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]

Markdown = Annotated[str, StringConstraints(min_length=1), MARKDOWN, Field(
    description="CommonMark text: **bold**, *emphasis*, [links](https://example.org), lists. "
                "Raw HTML is not allowed.")]

InlineMarkdown = Annotated[str, StringConstraints(min_length=1), MARKDOWN, Field(
    description="One line of CommonMark inline text (bold, emphasis, links). Raw HTML is not allowed.")]

MediaPath = Annotated[str, StringConstraints(min_length=1), Field(
    description="Path of a file inside the module folder, relative to module.yaml, e.g. media/cv.jpg.")]

LanguageTag = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"), Field(
    description="BCP 47 language tag, e.g. en, fr, ar, pt-BR.")]
