"""The authoring model: what a `module.yaml` may contain, as strict, frozen pydantic models."""

from .blocks import AudioBlock, Block, CalloutBlock, DownloadBlock, ImageBlock, TextBlock, VideoBlock
from .module import Completion, CompletionRule, Module, Objective, Page
from .questions import (
    ChoiceOption,
    FillInQuestion,
    LikertOption,
    LikertQuestion,
    MultipleChoiceQuestion,
    Question,
    QuestionFeedback,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)

__all__ = [
    "AudioBlock", "Block", "CalloutBlock", "ChoiceOption", "Completion", "CompletionRule",
    "DownloadBlock", "FillInQuestion", "ImageBlock", "LikertOption", "LikertQuestion", "Module",
    "MultipleChoiceQuestion", "Objective", "Page", "Question", "QuestionFeedback",
    "SingleChoiceQuestion", "TextBlock", "TrueFalseQuestion", "VideoBlock",
]
