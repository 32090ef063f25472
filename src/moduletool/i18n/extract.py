"""Extraction: every translatable string of a module, as the entries of its `.pot` template.

Each entry's `msgctxt` is the stable id path of the string, so editing a sentence never
detaches its translation:

    <module>:title, <module>:description, <module>:keywords/0
    <module>:objectives/<objective>/text
    <module>:<page>/title
    <module>:<page>/<block>/<field>                 text, alt, caption, title, transcript, prompt…
    <module>:<page>/<block>/<option>/<field>        option text and feedback
    <module>:<page>/<block>/feedback/correct        question feedback
    <module>:<page>/<block>/answers/0               fill-in accepted answers (lists without ids: index)

Lists whose items have ids (pages, blocks, options) are addressed by id alone; objectives keep
their list name (`objectives/<id>`) so they never collide with a page. The walk over the module
is `schema.walk.text_fields`, in the order the author wrote things.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import Diagnostic, UserError
from ..media import LANG_PLACEHOLDER
from ..modules import LoadedModule
from ..schema import Module
from ..schema.blocks import MEDIA_FIELDS
from ..schema.walk import TextField, text_fields
from .catalog import Catalog, Entry, template_header

NOT_TRANSLATED = frozenset({"authors"})
"""Prose fields that stay as written (people's names)."""

ID_ADDRESSED_LISTS = frozenset({"pages", "blocks", "options"})
"""Lists whose items are addressed by their id alone in a msgctxt."""

MEDIA_COMMENT = "Path of a file inside the module; change only to point at a localised copy."

_DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("module", "title"): "Module title",
    ("module", "description"): "Module description",
    ("module", "keywords"): "Keyword (metadata for finding the module in a catalogue)",
    ("objective", "text"): "Learning objective",
    ("page", "title"): "Page title",
    ("text", "text"): "Text",
    ("image", "alt"): "Image alt text: what the picture shows, for people who cannot see it",
    ("image", "caption"): "Image caption",
    ("audio", "title"): "Audio title",
    ("audio", "transcript"): "Audio transcript",
    ("video", "title"): "Video title",
    ("video", "transcript"): "Video transcript",
    ("callout", "title"): "Callout title",
    ("callout", "text"): "Callout text",
    ("download", "title"): "Download link text",
    ("download", "description"): "Download description",
    ("question", "prompt"): "Question prompt",
    ("question", "answers"): "Accepted answer of a fill-in question: write it as a learner would type it",
    ("feedback", "correct"): "Feedback when the answer is right",
    ("feedback", "incorrect"): "Feedback when the answer is wrong",
    ("option", "text"): "Answer option",
    ("option", "feedback"): "Feedback when the learner picks this option",
    ("likert-option", "text"): "Point of the rating scale",
}

_KIND_NAMES = {"single": "single choice", "multiple": "multiple choice", "true-false": "true or false",
               "fill-in": "fill in the blank", "likert": "rating scale, not graded"}

MARKDOWN_NOTE = "Markdown: keep **, * and [text](address) markup; translate link text, not addresses."


@dataclass(frozen=True)
class Translatable:
    """One translatable string of a module and where it is."""

    context: str
    text: str
    path: tuple[str | int, ...]
    comments: tuple[str, ...]


def source_text(value: str) -> str:
    """The msgid for a source string: the value without the final line break of a YAML `|` block.

    That break is YAML's, not the author's; leaving it in would make every translator repeat
    it (msgfmt -c insists that msgid and msgstr end alike). Localisation uses the same rule.
    """
    return value.rstrip("\n")


def translatables(module_id: str, data: dict[str, Any]) -> list[Translatable]:
    """Every translatable string of a module's raw data, in reading order."""
    found = []
    for field in text_fields(data, Module):
        name = _field_name(field.path)
        media = name in MEDIA_FIELDS
        if media and LANG_PLACEHOLDER in field.value:
            continue  # `{lang}` already picks the file of each language
        if not (media or (field.prose and name not in NOT_TRANSLATED)):
            continue
        text = source_text(field.value)
        if not text.strip():
            continue
        context = f"{module_id}:{_id_path(field.path, data)}"
        found.append(Translatable(context, text, field.path, _comments(field, data, media)))
    return found


def _field_name(path: tuple[str | int, ...]) -> str:
    return next(str(part) for part in reversed(path) if isinstance(part, str))


def _id_path(path: tuple[str | int, ...], data: Any) -> str:
    parts: list[str] = []
    node = data
    index = 0
    while index < len(path):
        key = path[index]
        node = node[key]
        following = path[index + 1] if index + 1 < len(path) else None
        if isinstance(key, str) and isinstance(following, int):
            item = node[following]
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                parts += [item["id"]] if key in ID_ADDRESSED_LISTS else [key, item["id"]]
            else:
                parts += [key, str(following)]
            node = item
            index += 2
        else:
            parts.append(str(key))
            index += 1
    return "/".join(parts)


def _owner(path: tuple[str | int, ...], data: Any) -> tuple[str, dict[str, Any]]:
    """What holds the field: module, objective, page, a block type, feedback or an option kind."""
    owner, node, kind = "module", data, ""
    for depth, key in enumerate(path[:-1]):
        node = node[key]
        if not isinstance(node, dict):
            continue
        parent = path[depth - 1] if depth else None
        if parent == "objectives":
            owner = "objective"
        elif parent == "pages":
            owner = "page"
        elif parent == "blocks":
            owner, kind = str(node.get("type", "")), str(node.get("kind", ""))
        elif parent == "options":
            owner = "likert-option" if kind == "likert" else "option"
        elif key == "feedback":
            owner = "feedback"
    return owner, node


def _comments(field: TextField, data: dict[str, Any], media: bool) -> tuple[str, ...]:
    owner, node = _owner(field.path, data)
    name = _field_name(field.path)
    if media:
        return (f"{owner.capitalize()} {name}: {MEDIA_COMMENT[0].lower()}{MEDIA_COMMENT[1:]}",)
    what = _DESCRIPTIONS.get((owner, name), f"{owner.capitalize()} {name}")
    if owner == "question" and name == "prompt" and node.get("kind") in _KIND_NAMES:
        what += f" ({_KIND_NAMES[node['kind']]})"
    return (what, MARKDOWN_NOTE) if field.markdown else (what,)


def template_entries(loaded: LoadedModule) -> list[Entry]:
    """The `.pot` entries of a valid module; a duplicate msgctxt is a located user error."""
    assert loaded.document is not None and loaded.module is not None
    seen: dict[str, tuple[str | int, ...]] = {}
    problems: list[Diagnostic] = []
    entries = []
    for item in translatables(loaded.module.id, loaded.document.data):
        if item.context in seen:
            first = loaded.document.locate(seen[item.context])
            problems.append(Diagnostic(
                loaded.document.locate(item.path), f"translation context `{item.context}` is used twice "
                f"(first on line {first.line})", field=_dotted(item.path),
                hint="rename the page or block so that its id differs from `objectives`, `keywords`, "
                     "`title` and `description`", code="duplicate-context"))
            continue
        seen[item.context] = item.path
        entries.append(Entry(item.context, item.text, extracted_comments=list(item.comments),
                             references=[loaded.source.display]))
    if problems:
        raise UserError(problems)
    return entries


def _dotted(path: tuple[str | int, ...]) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path).lstrip(".")


def template_catalog(loaded: LoadedModule, creation_date: str) -> Catalog:
    """The whole `.pot` of a valid module."""
    module = loaded.module
    assert module is not None
    catalog = Catalog(header_comments=[
        f"Translation template of the module {module.id}: {module.title}",
        f"Generated from {loaded.source.display} by `moduletool i18n extract`; do not edit.",
    ])
    catalog.header = template_header(f"{module.id} {module.version}", module.language, creation_date)
    catalog.entries = template_entries(loaded)
    return catalog
