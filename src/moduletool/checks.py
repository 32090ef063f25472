"""Cross-field and cross-file checks that a schema cannot express.

They read the module's raw YAML data (not the validated model) so that they also run when part
of the module fails the schema: `validate` then reports every problem in one pass. Each check
tolerates malformed parts, which the schema reports on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import Diagnostic, SourceLocation, did_you_mean
from .i18n.player_strings import PLAYER_CATALOG
from .media import LANG_PLACEHOLDER, MediaPathError, content_problem, for_language, resolve_media
from .render.markdown import find_markup_problems
from .schema import ChoiceOption, Module
from .schema.blocks import MEDIA_FIELDS
from .schema.walk import text_fields
from .yaml_source import YamlDocument, YamlPath, dotted_path

RawBlock = tuple[YamlPath, dict[str, Any]]
_OPTION_KEYS = frozenset(ChoiceOption.model_fields)


class _Reporter:
    """Collects diagnostics located through the module's YAML document."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.found: list[Diagnostic] = []

    def add(self, path: YamlPath, message: str, hint: str = "", code: str = "", *,
            location: SourceLocation | None = None) -> None:
        location = location or self.doc.locate(path)
        self.found.append(Diagnostic(location, message, field=dotted_path(path), hint=hint, code=code))


def _dicts(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def raw_pages(data: dict[str, Any]) -> Iterator[tuple[YamlPath, dict[str, Any]]]:
    for index, page in _dicts(data.get("pages")):
        yield ("pages", index), page


def raw_blocks(data: dict[str, Any]) -> Iterator[RawBlock]:
    """Every block mapping with its path, in reading order."""
    for page_path, page in raw_pages(data):
        for index, block in _dicts(page.get("blocks")):
            yield page_path + ("blocks", index), block


def check_module(doc: YamlDocument, module_dir: Path, folder_name: str) -> list[Diagnostic]:
    """Every cross-check on one module's raw data, sorted by position."""
    data = doc.data
    if not isinstance(data, dict):
        return []
    report = _Reporter(doc)
    _check_folder_name(data, folder_name, report)
    _check_reserved_id(data, report)
    _check_unique_ids(data, report)
    _check_objective_references(data, report)
    _check_answers(data, report)
    _check_mastery(data, report)
    _check_media(data, module_dir, report)
    _check_markup(data, report)
    return sorted(report.found, key=Diagnostic.sort_key)


def _check_folder_name(data: dict[str, Any], folder_name: str, report: _Reporter) -> None:
    module_id = data.get("id")
    if isinstance(module_id, str) and module_id != folder_name:
        report.add(("id",), f"the id `{module_id}` differs from the folder name `{folder_name}`",
                   f"rename the folder to `{module_id}` or set `id: {folder_name}`", "id-folder")


def _duplicates(items: Iterable[tuple[Any, YamlPath]], what: str, report: _Reporter) -> None:
    first_seen: dict[str, YamlPath] = {}
    for item_id, path in items:
        if not isinstance(item_id, str):
            continue
        if item_id in first_seen:
            where = report.doc.locate(first_seen[item_id])
            report.add(path, f"duplicate {what} id `{item_id}` (first used on line {where.line})",
                       "every id must be unique: results and translations are linked to it", "duplicate-id")
        else:
            first_seen[item_id] = path


def _check_reserved_id(data: dict[str, Any], report: _Reporter) -> None:
    if data.get("id") == PLAYER_CATALOG:
        report.add(("id",), f"the id `{PLAYER_CATALOG}` is reserved: translations/<lang>/{PLAYER_CATALOG}.po holds "
                            "the player's own strings", "choose another id (and folder name)", "reserved-id")


def _check_unique_ids(data: dict[str, Any], report: _Reporter) -> None:
    _duplicates(((o.get("id"), ("objectives", i, "id")) for i, o in _dicts(data.get("objectives"))),
                "objective", report)
    _duplicates(((p.get("id"), path + ("id",)) for path, p in raw_pages(data)), "page", report)
    _duplicates(((b.get("id"), path + ("id",)) for path, b in raw_blocks(data)), "block", report)
    for path, block in raw_blocks(data):
        _duplicates(((o.get("id"), path + ("options", k, "id")) for k, o in _dicts(block.get("options"))),
                    "option", report)


def _check_objective_references(data: dict[str, Any], report: _Reporter) -> None:
    known = [o["id"] for _, o in _dicts(data.get("objectives")) if isinstance(o.get("id"), str)]
    for path, block in raw_blocks(data):
        references = block.get("objectives")
        if not isinstance(references, list):
            continue
        for k, ref in enumerate(references):
            if isinstance(ref, str) and ref not in known:
                hint = did_you_mean(ref, known) or (
                    f"known objectives: {', '.join(known)}" if known else "declare it under `objectives:` first")
                report.add(path + ("objectives", k), f"unknown objective `{ref}`", hint, "unknown-objective")


def _check_answers(data: dict[str, Any], report: _Reporter) -> None:
    for path, block in raw_blocks(data):
        kind = block.get("kind")
        if block.get("type") != "question" or kind not in ("single", "multiple"):
            continue
        options = block.get("options")
        if not isinstance(options, list) or not options:
            continue
        if any(not isinstance(o.get("correct", False), bool) or set(o) - _OPTION_KEYS for _, o in _dicts(options)):
            continue  # a typo in `correct` is the schema's to report; counting would only add noise
        correct = sum(1 for _, option in _dicts(options) if option.get("correct") is True)
        if kind == "single" and correct != 1:
            report.add(path + ("options",),
                       f"a single-choice question needs exactly one correct option, it has {correct}",
                       "mark one option with `correct: true`" if correct == 0 else
                       "use `kind: multiple` if several options are right", "correct-count")
        elif kind == "multiple" and correct == 0:
            report.add(path + ("options",), "a multiple-choice question needs at least one correct option, it has none",
                       "mark the right options with `correct: true`", "correct-count")


def _check_mastery(data: dict[str, Any], report: _Reporter) -> None:
    completion = data.get("completion")
    mastery = completion.get("mastery") if isinstance(completion, dict) else None
    if not isinstance(mastery, (int, float)) or isinstance(mastery, bool) or not 0 <= mastery <= 1:
        return  # the schema reports wrong types and ranges
    # SCORM 1.2 stores the mastery score as a whole percentage: keep the two rules identical.
    percent = mastery * 100
    if abs(percent - round(percent)) > 1e-9:
        report.add(("completion", "mastery"), f"mastery {mastery} is finer than a whole percent",
                   "use at most two decimals, e.g. 0.8 or 0.75", "mastery-precision")


def raw_media_references(data: dict[str, Any]) -> Iterator[tuple[YamlPath, str]]:
    """Every media path the raw module names, with the YAML path that names it."""
    for path, block in raw_blocks(data):
        for name in MEDIA_FIELDS:
            reference = block.get(name)
            if isinstance(reference, str) and reference:
                yield path + (name,), reference


def _check_media(data: dict[str, Any], module_dir: Path, report: _Reporter) -> None:
    raw_language = data.get("language")
    language = raw_language if isinstance(raw_language, str) else "en"
    for path, reference in raw_media_references(data):
        try:
            problem = content_problem(resolve_media(module_dir, for_language(reference, language)))
            if problem is not None:
                raise problem
        except MediaPathError as problem:
            message = f"`{reference}`: {problem}"
            if LANG_PLACEHOLDER in reference:
                message += f" (for the source language `{language}`)"
            report.add(path, message, problem.hint, "media")


def _check_markup(data: dict[str, Any], report: _Reporter) -> None:
    for text in text_fields(data, Module):
        if not text.markdown:
            continue
        previous: SourceLocation | None = None
        for problem in find_markup_problems(text.value):
            location = previous = report.doc.find_in_value(text.path, problem.snippet, previous)
            report.add(text.path, problem.message, problem.hint, "markup", location=location)
