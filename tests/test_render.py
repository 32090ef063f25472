"""Rendering: escaping everywhere, Markdown without raw HTML, the document's language and direction."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import html as lxml_html

from moduletool.render.markdown import render_block, render_inline
from moduletool.render.player import RenderRequest, render_player, text_direction
from moduletool.schema import Module

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _module(**overrides: object) -> Module:
    data: dict[str, object] = {
        "id": "safe", "version": "1.0.0", "language": "en", "title": f"Title {PAYLOAD}",
        "description": "About", "license": "CC-BY-SA-4.0",
        "objectives": [{"id": "o", "text": f"Objective {PAYLOAD}"}],
        "pages": [{"id": "p", "title": f"Page {PAYLOAD}", "blocks": [
            {"id": "t", "type": "text", "text": f"Text {PAYLOAD} [link](https://example.org)"},
            {"id": "c", "type": "callout", "title": f"Note {PAYLOAD}", "text": PAYLOAD},
            {"id": "q", "type": "question", "kind": "single", "prompt": PAYLOAD,
             "feedback": {"correct": PAYLOAD, "incorrect": PAYLOAD},
             "options": [{"id": "a", "text": PAYLOAD, "correct": True, "feedback": PAYLOAD},
                         {"id": "b", "text": "</script><script>alert(2)</script>"}]},
        ]}],
    }
    data.update(overrides)
    return Module.model_validate(data)


def _render(module: Module, lang: str = "en", tmp_path: Path | None = None) -> str:
    files = render_player(RenderRequest(module, tmp_path or Path("."), lang, "scorm12"))
    return files["index.html"].decode()


def test_no_payload_becomes_markup() -> None:
    page = _render(_module())
    document = lxml_html.fromstring(page)
    scripts = document.xpath("//script")
    assert all(s.get("src") or s.get("type") == "application/json" for s in scripts), "an inline script slipped in"
    assert not document.xpath("//img[@onerror]") and not document.xpath("//*[@onerror]")
    assert "alert(\"x\")" not in "".join(s.text or "" for s in scripts if s.get("type") != "application/json")


def test_json_blocks_cannot_close_their_script_element() -> None:
    page = _render(_module())
    for block in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', page, re.DOTALL):
        assert "<" not in block
        json.loads(block)


def test_markdown_renders_and_refuses_raw_html() -> None:
    assert render_block("**bold** <b>raw</b>") == "<p><strong>bold</strong> &lt;b&gt;raw&lt;/b&gt;</p>\n"
    assert render_inline("[x](javascript:alert(1))") == "[x](javascript:alert(1))"
    assert 'target="_blank" rel="noopener noreferrer"' in render_inline("[x](https://example.org)")


@pytest.mark.parametrize("lang, direction", [("en", "ltr"), ("fr", "ltr"), ("ar", "rtl"), ("fa", "rtl"),
                                             ("ckb", "rtl"), ("pt-BR", "ltr"), ("ur-PK", "rtl")])
def test_text_direction(lang: str, direction: str) -> None:
    assert text_direction(lang) == direction


def test_document_language_and_direction() -> None:
    document = lxml_html.fromstring(_render(_module(), lang="ar"))
    assert document.get("lang") == "ar" and document.get("dir") == "rtl"


def test_player_assets_and_adapter_are_included() -> None:
    files = render_player(RenderRequest(_module(), Path("."), "en", "scorm12"))
    assert {"index.html", "assets/player.css", "assets/player.js", "assets/adapters/scorm12.js"} <= set(files)
    page = files["index.html"].decode()
    assert page.index("assets/adapters/scorm12.js") < page.index("assets/player.js")
