"""JSON Schema of `module.yaml`, generated from the models, for editors (yaml-language-server)."""

from __future__ import annotations

import json

from .module import Module

SCHEMA_PATH = "schemas/module.schema.json"


def module_json_schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) of a module file."""
    schema = Module.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://moduletool.invalid/schemas/module.schema.json", **schema}


def module_json_schema_text() -> str:
    """The schema as the committed file holds it: sorted keys would hide the model's order, so none."""
    return json.dumps(module_json_schema(), ensure_ascii=False, indent=2) + "\n"
