"""Content blocks of a page: text, image, audio, video, callout, download, and questions."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictBool, model_validator
from pydantic_core import PydanticCustomError

from .common import InlineMarkdown, Markdown, MediaPath, StableId, StrictModel
from .questions import Question


class TextBlock(StrictModel):
    """A passage of Markdown."""

    id: StableId
    type: Literal["text"]
    text: Markdown


class ImageBlock(StrictModel):
    """A picture. Alt text is required unless the image is marked decorative."""

    id: StableId
    type: Literal["image"]
    src: MediaPath
    alt: str | None = Field(None, min_length=1, description="What the picture shows, for people who cannot see it.")
    decorative: StrictBool = Field(False, description="True when the picture adds nothing to the text (no alt then).")
    caption: InlineMarkdown | None = None

    @model_validator(mode="after")
    def _alt_or_decorative(self) -> ImageBlock:
        # `field` in the context lets the loader point at `alt` rather than at the whole block.
        if self.alt is None and not self.decorative:
            raise PydanticCustomError("alt_required", "alt text is required", {
                "field": "alt", "hint": "describe what the picture shows, or add `decorative: true` "
                                        "if it adds nothing to the text"})
        if self.alt is not None and self.decorative:
            raise PydanticCustomError("alt_on_decorative", "a decorative image has no alt text", {
                "field": "decorative", "hint": "remove `decorative: true` if the picture carries meaning, "
                                               "otherwise remove `alt`"})
        return self


class AudioBlock(StrictModel):
    """A sound recording; a transcript makes it usable without hearing it."""

    id: StableId
    type: Literal["audio"]
    src: MediaPath
    title: InlineMarkdown | None = None
    transcript: Markdown | None = Field(None, description="Text of the recording, shown under the player.")


class VideoBlock(StrictModel):
    """A video with captions (WebVTT), which are required."""

    id: StableId
    type: Literal["video"]
    src: MediaPath
    captions: MediaPath = Field(description="WebVTT captions file, e.g. media/interview.en.vtt.")
    poster: MediaPath | None = None
    title: InlineMarkdown | None = None
    transcript: Markdown | None = None


class CalloutBlock(StrictModel):
    """A highlighted note: a tip, a warning, something important."""

    id: StableId
    type: Literal["callout"]
    style: Literal["info", "tip", "warning", "important"] = "info"
    title: InlineMarkdown | None = None
    text: Markdown


class DownloadBlock(StrictModel):
    """A file the learner can save (a checklist, a template)."""

    id: StableId
    type: Literal["download"]
    src: MediaPath
    title: InlineMarkdown = Field(description="Link text, e.g. 'CV template (PDF)'.")
    description: Markdown | None = None


Block = Annotated[
    TextBlock | ImageBlock | AudioBlock | VideoBlock | CalloutBlock | DownloadBlock | Question,
    Field(discriminator="type"),
]
"""Any block; `type` says which."""

BLOCK_TYPES = ("text", "image", "audio", "video", "callout", "download", "question")
MEDIA_FIELDS = ("src", "captions", "poster")
