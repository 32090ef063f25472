"""Every text field of a module's raw data, with its YAML path, guided by the models.

Checks (raw HTML, links) and translation extraction need "each piece of text and where it is".
Walking the raw data along the model classes works even when part of the module fails the
schema, so `validate` can report cross-check problems together with schema errors.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..model_paths import list_item_type, model_for
from .common import MarkdownText

# Fields that hold identifiers, file paths or switches rather than prose.
NON_PROSE_FIELDS = frozenset({"id", "type", "kind", "style", "src", "captions", "poster", "version",
                              "language", "license", "duration", "require", "objectives"})


@dataclass(frozen=True)
class TextField:
    """One string in the module: its YAML path, its value, and whether it is Markdown or prose."""

    path: tuple[str | int, ...]
    value: str
    markdown: bool
    prose: bool


def _annotation_is_markdown(annotation: Any) -> bool:
    if get_origin(annotation) is typing.Annotated:
        args = get_args(annotation)
        return any(isinstance(meta, MarkdownText) for meta in args[1:]) or _annotation_is_markdown(args[0])
    if get_origin(annotation) in (Union, types.UnionType, list):
        return any(_annotation_is_markdown(arg) for arg in get_args(annotation))
    return False


def is_markdown(info: FieldInfo) -> bool:
    """Whether a model field holds CommonMark."""
    return _annotation_is_markdown(info.annotation) or any(isinstance(m, MarkdownText) for m in info.metadata)


def text_fields(data: Any, model: type[BaseModel], path: tuple[str | int, ...] = ()) -> Iterator[TextField]:
    """Yield every string in `data` that `model` knows, depth first, in the order written."""
    if not isinstance(data, dict):
        return
    for key, value in data.items():
        info = model.model_fields.get(key)
        if info is not None:
            yield from _walk(value, info.annotation, path + (key,), is_markdown(info), key not in NON_PROSE_FIELDS)


def _walk(value: Any, annotation: Any, path: tuple[str | int, ...], markdown: bool,
          prose: bool) -> Iterator[TextField]:
    if isinstance(value, str):
        yield TextField(path, value, markdown, prose)
    elif isinstance(value, list):
        item = list_item_type(annotation)
        for index, entry in enumerate(value):
            yield from _walk(entry, item, path + (index,), markdown, prose)
    elif isinstance(value, dict):
        member = model_for(annotation, value)
        if member is not None:
            yield from text_fields(value, member, path)
