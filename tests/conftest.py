"""Fixtures shared by the tests. Keep this file small and generic; helpers live in tests/support/."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

MINIMAL_MODULE = """\
id: {id}
version: "1.0.0"
language: en
title: A small module
description: What the module is about.
license: CC-BY-SA-4.0
objectives:
  - id: cv
    text: Write a CV.
pages:
  - id: intro
    title: Introduction
    blocks:
      - id: p1
        type: text
        text: Hello **world**.
      - id: fig1
        type: image
        src: media/photo.jpg
        alt: A photo of a CV.
      - id: q1
        type: question
        kind: single
        objectives: [cv]
        prompt: Which one?
        options:
          - {{id: a, text: This one, correct: true}}
          - {{id: b, text: That one}}
"""
"""A valid module using text, image and question blocks; `{id}` is the module id."""

MakeProject = Callable[..., Path]


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """A factory for content projects in `tmp_path`.

    `make_project(module_text=None, module_id="demo", media={"photo.jpg": b"..."},
    config="source_language: en\\n")` writes `moduletool.yaml` and
    `modules/<module_id>/module.yaml` (the minimal valid module when no text is given; pass
    `bytes` to write them unchanged) plus the module's `media/` files, and returns the project
    root. Call it again with another `module_id` to add a module to the same project.
    """

    def make(module_text: str | bytes | None = None, *, module_id: str = "demo",
             media: dict[str, bytes] | None = None, config: str = "source_language: en\n") -> Path:
        root = tmp_path / "project"
        root.mkdir(exist_ok=True)
        (root / "moduletool.yaml").write_text(config, encoding="utf-8")
        folder = root / "modules" / module_id
        folder.mkdir(parents=True, exist_ok=True)
        text = MINIMAL_MODULE.format(id=module_id) if module_text is None else module_text
        target = folder / "module.yaml"
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
        files = {"photo.jpg": b"\xff\xd8\xff\xe0 not really a jpeg"} if media is None else media
        for name, content in files.items():
            path = folder / "media" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        return root

    return make
