"""YAML → models: the one place where pydantic's errors become located, friendly diagnostics.

Each pydantic error is mapped back to the YAML it came from (file:line:col of the key or value),
named by its path as the author wrote it (`pages[2].blocks[0].alt`), and given a hint: a
"did you mean" for typos in keys and tags, the accepted form for malformed values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import Diagnostic, UserError, did_you_mean
from .model_paths import field_names, is_union_tag, model_at, step
from .schema.blocks import BLOCK_TYPES
from .schema.questions import QUESTION_KINDS
from .yaml_source import YamlDocument, YamlPath, dotted_path, read_yaml

ModelT = TypeVar("ModelT", bound=BaseModel)

_TYPE_NAMES = {str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list",
               dict: "a mapping (key: value lines)", type(None): "nothing (an empty value)"}

_PATTERN_HINTS = {
    "id": ("is not a valid id", "ids use lowercase letters, digits and hyphens, e.g. `cv-basics`"),
    "objectives": ("is not a valid id", "ids use lowercase letters, digits and hyphens, e.g. `cv-basics`"),
    "version": ("is not a version number", 'write it as "1.0.0" (major.minor.patch)'),
    "language": ("is not a language tag", "use a BCP 47 tag such as en, fr, ar or pt-BR"),
    "duration": ("is not an ISO 8601 duration", "write e.g. PT40M for 40 minutes or PT1H30M"),
}


def _describe(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _raw_path(data: Any, loc: tuple[str | int, ...], root: type[BaseModel]) -> YamlPath:
    """Follow `loc` through the raw data, dropping the parts that are union tags.

    Pydantic puts the tag that chose a union member (`image`, `single`) into the loc. Walking the
    model's type tree alongside tells a tag from a field, even when a field is named like its own
    tag (`type: text` has a `text:` field).
    """
    path: list[str | int] = []
    current: Any = data
    annotation: Any = root
    for part in loc:
        if annotation is not None and is_union_tag(annotation, part):
            annotation = step(annotation, part)
            continue
        annotation = step(annotation, part) if annotation is not None else None
        in_dict = isinstance(current, dict) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if in_dict or in_list:
            current = current[part]
        else:
            current = None  # a missing key: keep it in the path so the message names it
        path.append(part)
    return tuple(path)


def _expected_list(ctx: dict[str, Any]) -> list[str]:
    return [t.strip().strip("'") for t in str(ctx.get("expected_tags", "")).split(",") if t.strip()]


def _diagnostic(doc: YamlDocument, root: type[BaseModel], error: Any) -> Diagnostic:
    kind: str = error["type"]
    loc = tuple(error["loc"])
    ctx: dict[str, Any] = error.get("ctx") or {}
    if "field" in ctx:
        loc = loc + (ctx["field"],)
    path = _raw_path(doc.data, loc, root)
    value = error.get("input")
    last = path[-1] if path else ""
    location = doc.locate(path)
    message, hint = error["msg"], str(ctx.get("hint", ""))

    if kind == "missing":
        location = doc.locate(path[:-1])
        message = f"`{last}` is required"
        model = model_at(root, loc[:-1])
        info = model.model_fields.get(str(last)) if model else None
        hint = f"add `{last}:`" + (f" ({info.description})" if info and info.description else "")
    elif kind == "extra_forbidden":
        location = doc.locate(path, key=True)
        model = model_at(root, loc[:-1])
        allowed = field_names(model) if model else []
        message = f"unknown key `{last}`"
        hint = did_you_mean(str(last), allowed) or (f"allowed keys: {', '.join(allowed)}" if allowed else "")
    elif kind in ("union_tag_invalid", "union_tag_not_found"):
        discriminator = str(ctx.get("discriminator", "")).strip("'")
        what = "question kind" if discriminator == "kind" else "block type"
        expected = _expected_list(ctx) or list(QUESTION_KINDS if discriminator == "kind" else BLOCK_TYPES)
        if kind == "union_tag_invalid":
            location = doc.locate(path + (discriminator,))
            path = path + (discriminator,)
            message = f"unknown {what} `{ctx.get('tag')}`"
            hint = did_you_mean(str(ctx.get("tag")), expected) or f"use one of: {', '.join(expected)}"
        else:
            message = f"`{discriminator}` is required"
            hint = f"add `{discriminator}:` with one of: {', '.join(expected)}" if expected else ""
    elif kind == "string_pattern_mismatch":
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        text, hint = _PATTERN_HINTS.get(str(key), ("does not have the expected form", ""))
        message = f"`{value}` {text}"
    elif kind in ("string_type", "int_type", "float_type", "bool_type", "list_type", "dict_type",
                  "model_type", "model_attributes_type", "int_parsing", "float_parsing", "bool_parsing",
                  "int_from_float", "string_sub_type"):
        wanted = {"string": "text", "int": "a whole number", "float": "a number", "bool": "true or false",
                  "list": "a list", "dict": "a mapping (key: value lines)", "model": "a mapping (key: value lines)"}
        wanted_name = next((v for k, v in wanted.items() if kind.startswith(k)), "another type")
        message = f"expected {wanted_name}, got {_describe(value)}"
        if value is None:
            hint = f"write the value after `{last}:`, or remove the key"
        elif wanted_name == "true or false":
            hint = "write `true` or `false`"
        elif kind == "string_type" and isinstance(value, (int, float, bool)):
            hint = f'put the value in quotes: "{doc.scalar_source.get(path, value)}"'
        elif wanted_name == "a list":
            hint = "write each item on its own line starting with `- `"
        elif "mapping" in wanted_name:
            hint = "write `key: value` lines indented under this one"
    elif kind in ("too_short", "too_long", "string_too_short", "string_too_long"):
        if kind == "string_too_short":
            message, hint = "must not be empty", "write the text, or remove the key"
        elif kind == "string_too_long":
            message = f"is longer than {ctx.get('max_length')} characters"
        elif kind == "too_short":
            needed = ctx.get("min_length")
            message = f"needs at least {needed} {'entry' if needed == 1 else 'entries'}, has {ctx.get('actual_length')}"
            hint = f"add {'another' if ctx.get('actual_length') else 'an'} entry under `{last}:`"
        else:
            message = f"has more than {ctx.get('max_length')} items"
    elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = {"greater_than_equal": ("at least", "ge"), "less_than_equal": ("at most", "le"),
                 "greater_than": ("more than", "gt"), "less_than": ("less than", "lt")}[kind]
        message = f"must be {bound[0]} {ctx.get(bound[1])}, got {value}"
        if last == "mastery":
            hint = "a share from 0 to 1, e.g. 0.8 for 80 %"
    elif kind in ("enum", "literal_error"):
        expected = [e.strip().strip("'") for e in str(ctx.get("expected", "")).replace(" or ", ",").split(",")
                    if e.strip()]
        message = f"`{value}` is not allowed here"
        hint = did_you_mean(str(value), expected) or f"use one of: {', '.join(expected)}"
    elif kind == "value_error":
        message = message.removeprefix("Value error, ")
    return Diagnostic(location, message, field=dotted_path(path), hint=hint, code=kind.replace("_", "-"))


def validate_data(doc: YamlDocument, model: type[ModelT]) -> tuple[ModelT | None, list[Diagnostic]]:
    """Validate parsed YAML against `model`; return the model or every located problem."""
    if doc.data is None:
        return None, [Diagnostic(doc.locate(()), "the file is empty",
                                 hint=f"start with the required keys of a {model.__name__.lower()}",
                                 code="empty-file")]
    if not isinstance(doc.data, dict):
        return None, [Diagnostic(doc.locate(()), f"expected a mapping at the top, got {_describe(doc.data)}",
                                 hint="the file should consist of `key: value` lines", code="dict-type")]
    try:
        result: ModelT | None = model.model_validate(doc.data)
        diagnostics = list(doc.diagnostics)
    except ValidationError as exc:
        result = None
        diagnostics = doc.diagnostics + [_diagnostic(doc, model, error) for error in exc.errors(include_url=False)]
    if diagnostics:
        return None, sorted(_unique(_without_echoes(diagnostics)), key=Diagnostic.sort_key)
    return result, []


def _parent(field: str) -> str:
    return field[:field.rfind(".")] if "." in field else ""


def _without_echoes(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Drop "`title` is required" when "unknown key `titel`" already says "did you mean `title`?"."""
    suggested = {f"{_parent(d.field)}.{d.hint.split('`')[1]}".lstrip(".")
                 for d in diagnostics if d.code == "extra-forbidden" and d.hint.startswith("did you mean `")}
    return [d for d in diagnostics if not (d.code == "missing" and d.field in suggested)]


def _unique(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[str, str, str]] = set()
    result = []
    for d in diagnostics:
        key = (str(d.location), d.field, d.message)
        if key not in seen:
            seen.add(key)
            result.append(d)
    return result


def load_model(path: Path, display: str, model: type[ModelT]) -> tuple[ModelT, YamlDocument]:
    """Read `path` and validate it as `model`; raise `UserError` listing every problem."""
    doc = read_yaml(path, display)
    result, diagnostics = validate_data(doc, model)
    if result is None:
        raise UserError(diagnostics)
    return result, doc
