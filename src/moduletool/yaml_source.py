"""YAML files read with every value's line and column kept.

PyYAML's composer gives nodes with marks; we turn them into plain Python values and keep, for
every path into the document, where its key and its value start and end. Scalars follow the
YAML 1.2 core schema on purpose: only `true`/`false` are booleans (so the language code `no`
stays text), dates stay text, and `1:30` or `010` are not sexagesimal or octal numbers.
Syntax errors and tabs raise a located `UserError`; duplicate keys are collected as diagnostics
so that the schema still runs and every problem is reported at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Diagnostic, SourceLocation, UserError

YamlPath = tuple[str | int, ...]


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans and no implicit timestamps."""


_REPLACED_TAGS = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int",
                  "tag:yaml.org,2002:float")
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _REPLACED_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))


@dataclass
class YamlDocument:
    """A parsed YAML file: its plain data and where each part of it was written."""

    path: str
    data: Any
    value_marks: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    end_lines: dict[YamlPath, int] = field(default_factory=dict)
    """Last line (1-based) of each value, so a problem inside a long text can be found."""
    scalar_source: dict[YamlPath, str] = field(default_factory=dict)
    """The text as written, for scalars that became something else (`1.10` → 1.1)."""
    lines: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    """Problems that do not stop parsing (duplicate keys), reported with the schema's."""

    def locate(self, path: YamlPath, *, key: bool = False) -> SourceLocation:
        """The location of the value at `path` (or of its key), falling back to the nearest parent."""
        marks = self.key_marks if key else self.value_marks
        probe = tuple(path)
        while probe:
            if probe in marks:
                return SourceLocation(self.path, *marks[probe])
            if probe in self.value_marks:
                return SourceLocation(self.path, *self.value_marks[probe])
            probe = probe[:-1]
        return SourceLocation(self.path, *self.value_marks.get((), (1, 1)))

    def find_in_value(self, path: YamlPath, snippet: str, after: SourceLocation | None = None) -> SourceLocation:
        """Where `snippet` is written inside the value at `path` (e.g. a tag inside a long text).

        `after` continues a search past an earlier match, so a snippet written twice is found twice.
        """
        start = self.locate(path)
        first = after if after is not None and after > start else start
        last = self.end_lines.get(path, start.line)
        for number in range(first.line, min(last, len(self.lines)) + 1):
            text = self.lines[number - 1]
            column = text.find(snippet, first.column if number == first.line and first is after else
                               (start.column - 1 if number == start.line else 0))
            if column >= 0:
                return SourceLocation(self.path, number, column + 1)
        return start


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Converter:
    """Turns a node tree into plain values, recording marks and duplicate keys."""

    def __init__(self, doc: YamlDocument, loader: _StrictLoader) -> None:
        self.doc = doc
        self.loader = loader
        self.problems: list[Diagnostic] = []
        self.values = 0

    def convert(self, node: Node, path: YamlPath) -> Any:
        self.values += 1
        if self.values > MAX_VALUES or len(path) > MAX_DEPTH:
            raise _too_big(self.doc.path, node, too_deep=len(path) > MAX_DEPTH)
        self.doc.value_marks[path] = _mark(node)
        self.doc.end_lines[path] = node.end_mark.line + (1 if node.end_mark.column else 0)
        if isinstance(node, (MappingNode, SequenceNode)) and node.tag not in _PLAIN_COLLECTIONS:
            self.problems.append(Diagnostic(
                SourceLocation(self.doc.path, *_mark(node)), f"the YAML tag `{node.tag}` is not allowed",
                field=_dotted(path), hint="remove the `!…` tag: a module holds plain lists and mappings only",
                code="yaml-tag"))
        if isinstance(node, MappingNode):
            explicit = sum(1 for key_node, _ in node.value if key_node.tag != "tag:yaml.org,2002:merge")
            self.loader.flatten_mapping(node)
            merged = len(node.value) - explicit  # flatten_mapping puts merged (`<<: *anchor`) pairs first
            result: dict[Any, Any] = {}
            from_merge: set[str] = set()
            for position, (key_node, value_node) in enumerate(node.value):
                key = self.loader.construct_object(key_node, deep=True)
                if not isinstance(key, (str, int, float, bool)) or key is None:
                    self.problems.append(Diagnostic(
                        SourceLocation(self.doc.path, *_mark(key_node)), "a key must be plain text",
                        hint="write keys as simple words, e.g. `title:`", code="yaml-key"))
                    continue
                key = str(key) if not isinstance(key, str) else key
                if key in result and key not in from_merge:
                    first_line = self.doc.key_marks[path + (key,)][0]
                    self.problems.append(Diagnostic(
                        SourceLocation(self.doc.path, *_mark(key_node)),
                        f"duplicate key `{key}` (first written on line {first_line})",
                        field=_dotted(path + (key,)),
                        hint="keep one of the two; YAML would silently use only the last",
                        code="yaml-duplicate-key"))
                    continue
                if key in from_merge and position < merged:
                    continue  # of two merged mappings, the first one named wins
                from_merge.discard(key)  # an explicit key overrides a merged one, as YAML allows
                if position < merged:
                    from_merge.add(key)
                self.doc.key_marks[path + (key,)] = _mark(key_node)
                result[key] = self.convert(value_node, path + (key,))
            return result
        if isinstance(node, SequenceNode):
            return [self.convert(item, path + (index,)) for index, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        value = self.loader.construct_object(node, deep=True)
        if not isinstance(value, str):
            self.doc.scalar_source[path] = node.value
        return value


_PLAIN_COLLECTIONS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
MAX_VALUES = 200_000
"""More values than any module needs; a few lines of aliases of aliases (`billion laughs`) reach billions."""
MAX_FILE_BYTES = 5 * 1024 * 1024
"""A long module is a few hundred kilobytes; beyond this it is the wrong file or a generated attack."""
MAX_DEPTH = 200
"""Deeper than any module nests (a block's option is at depth 6)."""


def _too_big(display: str, node: Node, *, too_deep: bool) -> UserError:
    line, column = _mark(node)
    if too_deep:
        return UserError([Diagnostic(SourceLocation(display, line, column),
                                     f"the document is nested more than {MAX_DEPTH} levels deep",
                                     hint="a module needs only a few levels: check for runaway brackets",
                                     code="yaml-too-deep")])
    return UserError([Diagnostic(SourceLocation(display, line, column),
                                 f"the document expands to more than {MAX_VALUES:,} values",
                                 hint="aliases (`*name`) that repeat other aliases multiply the document; "
                                      "write the values out instead", code="yaml-too-big")])


def _dotted(path: YamlPath) -> str:
    """`('pages', 2, 'blocks', 0, 'alt')` → `pages[2].blocks[0].alt`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


dotted_path = _dotted


_SYNTAX_HINTS: list[tuple[str, str, str]] = [
    ("found character '\\t'", "a tab character is used for indentation",
     "YAML indents with spaces only: replace each tab with spaces (two per level)"),
    ("mapping values are not allowed here", "unexpected `:` in a value",
     "put text that contains `: ` in quotes, e.g. title: \"Step 1: preparing\""),
    ("expected <block end>", "the indentation does not line up with the lines above",
     "indent items of the same list or mapping by exactly the same number of spaces"),
    ("could not find expected ':'", "a line is neither `key: value` nor a list item",
     "check for a missing `:` or a wrongly indented continuation line"),
    ("found undefined alias", "an alias (`*name`) refers to an anchor that does not exist",
     "define the anchor with `&name` before using it"),
    ("found unhashable key", "a key must be plain text", "write keys as simple words, e.g. `title:`"),
    ("while scanning a quoted scalar", "a quoted text is never closed", "add the closing quote"),
    ("while parsing a flow", "a `{…}` or `[…]` is not closed, or text inside it needs quotes",
     'put text containing ? : , [ ] { } in quotes, e.g. text: "Is it this one?"'),
]


def _syntax_error(display: str, exc: yaml.MarkedYAMLError) -> UserError:
    # An unclosed quote or bracket is found only at the end of the file; where it opens helps more.
    opened = exc.context and ("quoted scalar" in exc.context or "flow" in exc.context) and \
        exc.problem and ("end of stream" in exc.problem or "<stream end>" in exc.problem)
    mark = (exc.context_mark if opened else None) or exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    raw = " ".join(filter(None, [exc.context, exc.problem]))
    message, hint = f"YAML syntax error: {raw}", "check the indentation and quoting around this line"
    for needle, friendly, friendly_hint in _SYNTAX_HINTS:
        if needle in raw:
            message, hint = friendly, friendly_hint
            break
    return UserError([Diagnostic(SourceLocation(display, line, column), message, hint=hint,
                                 code="yaml-syntax")])


def parse_yaml(text: str, display: str) -> YamlDocument:
    """Parse `text` (named `display` in messages).

    Syntax errors raise `UserError`; problems that leave a usable tree (duplicate keys) are
    kept in `diagnostics` for the caller to report along with its own.
    """
    doc = YamlDocument(display, None, lines=text.splitlines())
    try:
        loader = _StrictLoader(text)
    except yaml.reader.ReaderError as exc:  # checked up front, before any parsing
        raise _unprintable(display, text, exc) from None
    try:
        root = loader.get_single_node()
        if root is not None:
            converter = _Converter(doc, loader)
            doc.data = converter.convert(root, ())
            doc.diagnostics = converter.problems
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(display, exc) from None
    except yaml.reader.ReaderError as exc:  # a control character further on, met while reading
        raise _unprintable(display, text, exc) from None
    except yaml.YAMLError as exc:  # unmarked errors (e.g. bad encoding) still deserve a message
        raise UserError([Diagnostic(SourceLocation(display), f"YAML error: {exc}",
                                    hint="is this a UTF-8 text file?", code="yaml-syntax")]) from None
    except RecursionError:  # PyYAML composes nested collections recursively
        mark = loader.get_mark()
        raise UserError([Diagnostic(SourceLocation(display, mark.line + 1, mark.column + 1),
                                    f"the document is nested more than {MAX_DEPTH} levels deep",
                                    hint="a module needs only a few levels: check for runaway brackets",
                                    code="yaml-too-deep")]) from None
    finally:
        loader.dispose()
    return doc


def _unprintable(display: str, text: str, exc: yaml.reader.ReaderError) -> UserError:
    """A control character (NUL, escape, U+FFFE…) where YAML allows none, located by line and column."""
    found = yaml.reader.Reader.NON_PRINTABLE.search(text)  # PyYAML's own position is off for strings
    position = found.start() if found else 0
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    return UserError([Diagnostic(SourceLocation(display, line, column),
                                 f"a control character (U+{exc.character:04X}) that YAML does not allow",
                                 hint="delete it; it is often invisible, pasted from another program",
                                 code="yaml-character")])


def read_yaml(path: Path, display: str) -> YamlDocument:
    """Read and parse a YAML file; unreadable or non-UTF-8 files are user errors too."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UserError.at(display, f"the file is {path.stat().st_size / 1024 / 1024:,.1f} MB, more than the "
                               f"{MAX_FILE_BYTES // 1024 // 1024} MB moduletool reads",
                               hint="split the module into several modules, or check that this is the right file",
                               code="yaml-too-big")
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UserError.at(display, "file not found", code="missing-file") from None
    except UnicodeDecodeError as exc:
        raise UserError.at(display, f"not valid UTF-8 (byte {exc.start})",
                           hint="save the file as UTF-8 in your editor", code="encoding") from None
    except OSError as exc:
        raise UserError.at(display, f"cannot read: {exc.strerror}", code="unreadable") from None
    return parse_yaml(text, display)
