"""docs/reference.md: the reference of `module.yaml` and `moduletool.yaml`, generated from the models.

It is written from the same JSON Schema editors use (`schema/export.py`), so the documentation,
the editor's completion and the validator can never disagree; a test fails when the committed
file is stale (`moduletool reference` rewrites it).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from .config import CONFIG_FILE, ProjectConfig
from .schema.export import module_json_schema

REFERENCE_PATH = "docs/reference.md"
_HEADER = """\
# Reference: `module.yaml` and `moduletool.yaml`

<!-- Generated from the models by `moduletool reference`; do not edit by hand. -->

Every key a module file and the project settings accept, with its type and whether it is
required. Keys not listed here are errors (a typo is reported with a "did you mean" hint).
The same information drives completion in editors through `schemas/module.schema.json`.

"""
Schema = dict[str, Any]


def _anchor(name: str) -> str:
    return name.lower()


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _markdown_kind(node: Schema) -> str:
    """`Markdown`, `inline Markdown` (one line) or "" for the string types of schema/common.py."""
    description = str(node.get("description", ""))
    if description.startswith("One line of CommonMark"):
        return "inline Markdown"
    return "Markdown" if description.startswith("CommonMark") else ""


def _type(node: Schema) -> str:
    """A short human description of a schema node's type, with links to the sections of objects."""
    if "$ref" in node:
        name = _ref_name(node["$ref"])
        return f"[{name}](#{_anchor(name)})"
    if "anyOf" in node:
        return " or ".join(_type(option) for option in node["anyOf"] if option.get("type") != "null")
    if "oneOf" in node:
        return " or ".join(_type(option) for option in node["oneOf"])
    if "const" in node:
        return f"`{json.dumps(node['const'])}`"
    if "enum" in node:
        return "one of " + ", ".join(f"`{value}`" for value in node["enum"])
    kind = node.get("type")
    if kind == "array":
        text = f"list of {_type(node.get('items', {}))}"
        if "maxItems" in node:
            text += f" ({node.get('minItems', 0)} to {node['maxItems']} items)"
        elif "minItems" in node:
            text += f" (at least {node['minItems']})"
        return text
    if kind == "string":
        if _markdown_kind(node):
            return _markdown_kind(node)
        if "pattern" in node:
            return f"text matching `{node['pattern']}`"
        return "text"
    if kind in ("integer", "number"):
        word = "whole number" if kind == "integer" else "number"
        if "minimum" in node or "maximum" in node:
            return f"{word}, {node.get('minimum', '…')} to {node.get('maximum', '…')}"
        return word
    if kind == "boolean":
        return "`true` or `false`"
    return str(kind or "any")


def _description(node: Schema) -> str:
    if "description" in node:
        return str(node["description"])
    for option in node.get("anyOf", []):
        if "description" in option:
            return str(option["description"])
    return ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _requirement(name: str, node: Schema, required: list[str]) -> str:
    if name in required:
        return "required"
    if "default" in node and node["default"] not in (None, [], {}):
        return f"default `{json.dumps(node['default'], ensure_ascii=False)}`"
    return "optional"


def _object_section(title: str, node: Schema) -> list[str]:
    lines = [f"## {title}", ""]
    if node.get("description"):
        lines += [str(node["description"]), ""]
    if "enum" in node:
        lines += ["One of: " + ", ".join(f"`{value}`" for value in node["enum"]) + ".", ""]
        return lines
    lines += ["| key | type | | description |", "|---|---|---|---|"]
    required = list(node.get("required", []))
    for name, child in node.get("properties", {}).items():
        lines.append(f"| `{name}` | {_cell(_type(child))} | {_requirement(name, child, required)} | "
                     f"{_cell(_description(child))} |")
    return [*lines, ""]


def _refs(node: Any) -> Iterator[str]:
    """The names of the definitions a node refers to, in the order they appear."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield _ref_name(value)
            elif key != "mapping":  # the discriminator's mapping repeats the oneOf
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _definition_order(schema: Schema) -> list[str]:
    """Definitions in reading order: depth first from the root, as a reader meets them."""
    definitions: Schema = schema.get("$defs", {})
    order: list[str] = []

    def visit(node: Schema) -> None:
        for name in _refs(node.get("properties", node)):
            if name not in order and name in definitions:
                order.append(name)
                visit(definitions[name])

    visit(schema)
    return order + sorted(set(definitions) - set(order))


def _schema_sections(title: str, schema: Schema) -> list[str]:
    lines = _object_section(title, schema)
    for name in _definition_order(schema):
        lines += _object_section(name, schema["$defs"][name])
    return lines


def reference_markdown() -> str:
    """The whole of docs/reference.md."""
    module = module_json_schema()
    config = ProjectConfig.model_json_schema(mode="validation")
    lines = _schema_sections("Module (`modules/<id>/module.yaml`)", module)
    lines += _schema_sections(f"Project settings (`{CONFIG_FILE}`)", config)
    return _HEADER + "\n".join(lines).rstrip("\n") + "\n"
