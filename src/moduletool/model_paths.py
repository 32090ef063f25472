"""Walk a pydantic model's type tree along an error location.

Pydantic reports `('pages', 0, 'blocks', 1, 'question', 'single', 'optons')`: field names, list
indexes and, for discriminated unions, the tag that chose the member. To suggest the right key
for a typo we need the model that was being validated at that point; this module finds it.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel


def _unwrap(annotation: Any) -> Any:
    """Strip `Annotated[...]` layers."""
    while get_origin(annotation) is typing.Annotated:
        annotation = get_args(annotation)[0]
    return annotation


def _union_members(annotation: Any) -> list[Any]:
    annotation = _unwrap(annotation)
    if get_origin(annotation) in (Union, types.UnionType):
        members: list[Any] = []
        for arg in get_args(annotation):
            members.extend(_union_members(arg))
        return members
    return [annotation]


def _tag_of(model: type[BaseModel], tag: str) -> bool:
    """Whether `model` has a Literal field whose value is `tag` (its discriminator)."""
    for info in model.model_fields.values():
        annotation = _unwrap(info.annotation)
        if get_origin(annotation) is typing.Literal and tag in get_args(annotation):
            return True
    return False


def is_union_tag(annotation: Any, part: str | int) -> bool:
    """Whether `part` of a pydantic loc is the tag of a discriminated union at `annotation`."""
    models = [m for m in _union_members(annotation) if isinstance(m, type) and issubclass(m, BaseModel)]
    return isinstance(part, str) and len(models) > 1 and any(_tag_of(m, part) for m in models)


def step(current: Any, part: str | int) -> Any:
    """The annotation reached from `current` by one loc part; None when the path leaves the model tree."""
    return _step(current, part)


def _step(current: Any, part: str | int) -> Any:
    """One step along a pydantic loc; None when the path leaves the model tree."""
    members = [m for m in _union_members(current) if m is not type(None)]
    models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
    if isinstance(part, int):
        for member in members:
            if get_origin(member) in (list, tuple, set, frozenset):
                return get_args(member)[0]
        return None
    if len(models) > 1:  # a discriminated union: the loc part is the tag
        chosen = [m for m in models if _tag_of(m, part)]
        return chosen[0] if len(chosen) == 1 else (Union[tuple(chosen)] if chosen else None)  # noqa: UP007 (built at run time)
    if len(models) == 1:
        model = models[0]
        if part in model.model_fields:
            return model.model_fields[part].annotation
        return None
    return None


def model_at(root: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class validated at `loc` (the location of one of its fields), if any."""
    current: Any = root
    for part in loc:
        current = _step(current, part)
        if current is None:
            return None
        members = [m for m in _union_members(current) if isinstance(m, type) and issubclass(m, BaseModel)]
        # A discriminated union needs the next loc part (the tag) to decide; keep the union.
        if len(members) == 1 and get_origin(_unwrap(current)) not in (list, tuple):
            current = members[0]
    members = [m for m in _union_members(current) if isinstance(m, type) and issubclass(m, BaseModel)]
    return members[0] if len(members) == 1 else None


def field_names(model: type[BaseModel]) -> list[str]:
    """The keys an author may write for `model`, in declaration order."""
    return [info.alias or name for name, info in model.model_fields.items()]


def list_item_type(annotation: Any) -> Any:
    """`list[X]` (possibly optional or annotated) → X; None when it is not a list."""
    for member in _union_members(annotation):
        if get_origin(member) in (list, tuple):
            return get_args(member)[0]
    return None


def model_for(annotation: Any, value: Any) -> type[BaseModel] | None:
    """The model a raw mapping `value` is validated as under `annotation`.

    For a discriminated union the member is chosen by the mapping's own tag values
    (`type: image`, `kind: single`); None when no member fits.
    """
    if not isinstance(value, dict):
        return None
    models = [m for m in _union_members(annotation) if isinstance(m, type) and issubclass(m, BaseModel)]
    if len(models) <= 1:
        return models[0] if models else None
    fitting = [m for m in models if all(_literal_fits(m, name, value) for name in _literal_fields(m))]
    return fitting[0] if len(fitting) == 1 else None


def _literal_fields(model: type[BaseModel]) -> list[str]:
    return [name for name, info in model.model_fields.items()
            if get_origin(_unwrap(info.annotation)) is typing.Literal]


def _literal_fits(model: type[BaseModel], name: str, value: dict[str, Any]) -> bool:
    info = model.model_fields[name]
    if name not in value:
        return not info.is_required()  # a tag with a default (e.g. a callout's `style`) may be left out
    return value[name] in get_args(_unwrap(info.annotation))
