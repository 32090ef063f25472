"""Markdown through a machine-translation engine and back: tags or protected tokens, and the check on return.

An engine must translate the words and leave the markup alone. So before sending, each text is
taken apart with the same CommonMark parser the player uses:

* the block structure (paragraph breaks, list markers, headings, quotes, code blocks) never
  leaves this module: every paragraph or heading becomes one *unit* and only its inline content
  is sent, so line structure cannot be lost. Lines of one paragraph are joined (Markdown renders
  a single line break inside a paragraph as a space, and a sentence cut by a line break would be
  translated as two fragments);
* inline markup is sent as numbered elements: `**bold**`, `*emphasis*` and link text as tags
  (`<b i="1">…</b>`), code spans, `{placeholders}`, images and hard line breaks as empty
  elements (`<x i="2"/>`). Link addresses and code are never sent, so they cannot be translated;
* engines without tag handling for a language get the same numbers as protected tokens
  (`⟦1⟧…⟦/1⟧`, `⟦2⟧`), one unit per line.

What comes back is parsed by number, rebuilt into Markdown and then compared with the source
by `markup_problems`, independently of how it was carried: a translation that lost, gained or
broke any markup is refused (`MarkupError`), never written. The only repair made is a safe one:
spaces an engine put just inside `**…**` move outside, where Markdown needs them.

A source text is sent only when taking it apart and rebuilding it untranslated renders exactly
like the original (`Unsupported` otherwise), so exotic Markdown is left to people, not mangled.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote
from xml.etree import ElementTree

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..render.markdown import render_block


class Mode(str, enum.Enum):
    """How inline markup travels to the engine."""

    xml = "xml"
    """As XML elements, with the engine's tag handling."""
    tokens = "tokens"
    """As numbered tokens in plain text, for languages without tag handling."""


class Unsupported(Exception):
    """The source text cannot be carried safely: it is left for a person to translate."""


class MarkupError(Exception):
    """A translation came back with its markup lost, added or broken: it is not written."""


SPLITTING_TAGS = ("p",)
"""One `<p>` per unit: the engine translates each as its own segment."""
INLINE_TAGS = ("b", "i", "a", "x")
"""Tags inside a sentence: they must not split it."""

_TAG_OF_KIND = {"strong": "b", "em": "i", "link": "a"}
_ATOM_TAG = "x"
_TOKEN = re.compile(r"⟦\s*(/?)\s*(\d+)\s*⟧")
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BLOCK_START = re.compile(r"^(#{1,6}(?=\s|$)|>|[-+](?=\s|$)|=+\s*$|-+\s*$)")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_ENTITY = re.compile(r"&(?=#?\w+;)")


# --- the inline model -------------------------------------------------------------------------

@dataclass
class Text:
    """Words: what the engine translates."""

    value: str


@dataclass
class Span:
    """Markup around words: `**…**`, `*…*` or a link (whose address stays here)."""

    kind: str
    """`strong`, `em` or `link`."""
    children: list[Node] = field(default_factory=list)
    href: str = ""
    title: str = ""


@dataclass
class Atom:
    """Something that must come back exactly as it is: code, a placeholder, an image, a line break."""

    markdown: str
    label: str
    """How to name it in a message."""


Node = Text | Span | Atom


@dataclass(frozen=True)
class Unit:
    """One paragraph, heading or plain line: source lines [first_line, first_line + line_count) become one line."""

    first_line: int
    line_count: int
    prefix: str
    """Container markup and indentation before the content (`- `, `> `, `## `)."""
    suffix: str
    """What follows the content on its last line (a heading's closing `#`s, trailing spaces)."""
    nodes: tuple[Node, ...]


# --- Markdown in ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def _split_placeholders(text: str) -> list[Node]:
    nodes: list[Node] = []
    position = 0
    for match in _PLACEHOLDER.finditer(text):
        if match.start() > position:
            nodes.append(Text(text[position:match.start()]))
        nodes.append(Atom(match.group(), match.group()))
        position = match.end()
    if position < len(text):
        nodes.append(Text(text[position:]))
    return nodes


def _code_span(token: Token) -> Atom:
    content = token.content
    pad = " " if content.startswith(("`", " ")) or content.endswith(("`", " ")) else ""
    return Atom(f"{token.markup}{pad}{content}{pad}{token.markup}", f"`{content}`")


def _link_destination(href: str) -> str:
    """The address as an author would write it: percent-decoded where that means the same link."""
    written = unquote(href)
    if written != href and _parser().normalizeLink(written) != href:
        written = href
    return f"<{written}>" if re.search(r"[\s()<>]", written) else written


def _inline_nodes(children: list[Token]) -> list[Node]:
    """markdown-it's inline tokens as a tree of our nodes."""
    root: list[Node] = []
    stack: list[list[Node]] = [root]
    index = 0
    while index < len(children):
        token = children[index]
        kind = token.type.removesuffix("_open").removesuffix("_close")
        if token.type == "text":
            stack[-1].extend(_split_placeholders(token.content))
        elif token.type == "softbreak":
            stack[-1].append(Text(" "))
        elif token.type == "hardbreak":
            stack[-1].append(Atom("\\\n", "line break"))
        elif token.type == "code_inline":
            stack[-1].append(_code_span(token))
        elif token.type == "image":
            title = f' "{token.attrGet("title")}"' if token.attrGet("title") else ""
            src = _link_destination(str(token.attrGet("src") or ""))
            stack[-1].append(Atom(f"![{token.content}]({src}{title})", f"image {src}"))
        elif token.type == "link_open" and token.markup == "autolink":
            closing = next(i for i in range(index, len(children)) if children[i].type == "link_close")
            written = "".join(child.content for child in children[index + 1:closing])
            stack[-1].append(Atom(f"<{written}>", written))
            index = closing
        elif token.type.endswith("_open") and kind in _TAG_OF_KIND:
            span = Span(kind, href=str(token.attrGet("href") or ""), title=str(token.attrGet("title") or ""))
            stack[-1].append(span)
            stack.append(span.children)
        elif token.type.endswith("_close") and kind in _TAG_OF_KIND and len(stack) > 1:
            stack.pop()
        else:
            raise Unsupported(f"inline `{token.type}` markup")
        index += 1
    return root


def _markdown_units(source: str) -> list[Unit]:
    """One unit per paragraph or heading, located on the source lines."""
    lines = source.split("\n")
    units: list[Unit] = []
    for token in _parser().parse(source):
        if token.type != "inline" or token.map is None or not token.content.strip():
            continue
        content_lines = token.content.split("\n")
        start = token.map[0]
        last = start + len(content_lines) - 1
        if last >= len(lines):
            raise Unsupported("a paragraph that could not be located")
        first_line, last_line = lines[start], lines[last]
        if len(content_lines) > 1 and first_line.endswith(content_lines[0]):
            column = len(first_line) - len(content_lines[0])  # the first line runs to its end
        else:
            column = first_line.rfind(content_lines[0])  # a heading may close with `#`s
        if column < 0 or not first_line[column:].startswith(content_lines[0]):
            raise Unsupported("a paragraph that could not be located")
        end = last_line.rfind(content_lines[-1])
        suffix = last_line[end + len(content_lines[-1]):] if end >= 0 else ""
        nodes = _inline_nodes(token.children or [])
        units.append(Unit(start, len(content_lines), first_line[:column], suffix, tuple(nodes)))
    return units


def _plain_units(source: str) -> list[Unit]:
    """Plain text: each non-blank line is a unit; its indentation and trailing spaces stay put."""
    units = []
    for number, line in enumerate(source.split("\n")):
        content = line.strip()
        if content:
            start = line.index(content)
            units.append(Unit(number, 1, line[:start], line[start + len(content):],
                              tuple(_split_placeholders(content))))
    return units


# --- Markdown out -----------------------------------------------------------------------------

def _escape(text: str) -> str:
    """Words as Markdown: characters that would start markup are backslash-escaped."""
    out = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if char in "\\`*[]<":
            out.append("\\" + char)
        elif char == "_" and not (before.isalnum() and after.isalnum()):
            out.append("\\_")
        elif char == "&" and _ENTITY.match(text, index):
            out.append("\\&")
        else:
            out.append(char)
    return "".join(out)


def _escape_line_start(content: str) -> str:
    """A unit must not start with something that makes it a heading, quote or list item."""
    ordered = _ORDERED_START.match(content)
    if ordered:
        return f"{ordered.group(1)}\\{ordered.group(2)}{content[ordered.end():]}"
    if _BLOCK_START.match(content):
        return "\\" + content
    return content


def _render(nodes: list[Node] | tuple[Node, ...], markdown: bool) -> str:
    """Nodes as Markdown (or plain text). Spaces just inside a span move outside it, where Markdown needs them."""
    out: list[str] = []
    space_after = False
    for node in nodes:
        if isinstance(node, Span):
            inner = _render(node.children, markdown)
            if not inner.strip():
                raise MarkupError(f"{_describe(node)} came back empty")
            piece = _marked(node, inner.strip())
            space_before, space_next = inner[:1].isspace(), inner[-1:].isspace()
        else:
            words = node.value.replace("\n", " ") if isinstance(node, Text) else ""  # an added line break means nothing
            piece = node.markdown if isinstance(node, Atom) else _escape(words) if markdown else words
            space_before, space_next = False, False
        if (space_after or space_before) and out and not out[-1][-1:].isspace() and not piece[:1].isspace():
            out.append(" ")
        out.append(piece)
        space_after = space_next
    if space_after:
        out.append(" ")
    return "".join(out)


def _marked(span: Span, inner: str) -> str:
    if span.kind == "strong":
        return f"**{inner}**"
    if span.kind == "em":
        return f"*{inner}*"
    title = f' "{span.title}"' if span.title else ""
    return f"[{inner}]({_link_destination(span.href)}{title})"


def _describe(node: Span | Atom) -> str:
    if isinstance(node, Atom):
        return node.label
    return {"strong": "**bold**", "em": "*emphasis*"}.get(node.kind, f"the link to {node.href}")


# --- prepared texts ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Prepared:
    """A source text ready to send (`text`), with what is needed to rebuild its translation."""

    source: str
    markdown: bool
    mode: Mode
    text: str
    units: tuple[Unit, ...]
    elements: tuple[Span | Atom, ...]
    """Every numbered element, by number."""

    @property
    def has_words(self) -> bool:
        """Whether there is anything to translate at all (not only numbers, code and addresses)."""
        return any(any(char.isalpha() for char in text.value) for unit in self.units for text in _texts(unit.nodes))

    def rebuild(self, unit_nodes: list[list[Node]]) -> str:
        """The source's skeleton with each unit's content replaced."""
        lines = self.source.split("\n")
        starts = {unit.first_line: (unit, nodes) for unit, nodes in zip(self.units, unit_nodes, strict=True)}
        out = []
        number = 0
        while number < len(lines):
            if number in starts:
                unit, nodes = starts[number]
                content = _render(nodes, self.markdown).strip()
                if not content:
                    raise MarkupError("a paragraph came back empty")
                if self.markdown:
                    content = _escape_line_start(content)
                out.append(f"{unit.prefix}{content}{unit.suffix}")
                number += unit.line_count
            else:
                out.append(lines[number])
                number += 1
        return "\n".join(out)

    def restore(self, translated: str) -> str:
        """The translation as Markdown (or plain text); `MarkupError` when its markup is not the source's."""
        reader = _XmlReader(self) if self.mode is Mode.xml else _TokenReader(self)
        result = self.rebuild(reader.units(translated))
        problems = markup_problems(self.source, result, markdown=self.markdown)
        if problems:
            raise MarkupError("; ".join(problems))
        return result


def _texts(nodes: tuple[Node, ...] | list[Node]) -> list[Text]:
    found: list[Text] = []
    for node in nodes:
        if isinstance(node, Text):
            found.append(node)
        elif isinstance(node, Span):
            found += _texts(node.children)
    return found


def _normalised_html(markdown: str) -> str:
    return re.sub(r"\s+", " ", render_block(markdown)).strip()


def prepare(source: str, *, markdown: bool, mode: Mode) -> Prepared:
    """Take a source text apart for the engine; `Unsupported` when that cannot be done safely."""
    if mode is Mode.tokens and ("⟦" in source or "⟧" in source):
        raise Unsupported("the text contains ⟦ or ⟧, which protect markup on the way")
    if _XML_INVALID.search(source):
        raise Unsupported("the text contains control characters")
    units = _markdown_units(source) if markdown else _plain_units(source)
    elements: list[Span | Atom] = []
    sent = [_XmlWriter(elements).unit(unit.nodes) if mode is Mode.xml else _token_unit(unit.nodes, elements)
            for unit in units]
    text = "".join(f"<p>{unit}</p>" for unit in sent) if mode is Mode.xml else "\n".join(sent)
    prepared = Prepared(source, markdown, mode, text, tuple(units), tuple(elements))
    rebuilt = prepared.rebuild([list(unit.nodes) for unit in units])
    if markdown and _normalised_html(rebuilt) != _normalised_html(source):
        raise Unsupported("its Markdown cannot be taken apart and put back exactly")
    if not markdown and rebuilt != source:
        raise Unsupported("its lines cannot be taken apart and put back exactly")
    return prepared


# --- carrying: XML elements -------------------------------------------------------------------

def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class _XmlWriter:
    elements: list[Span | Atom]

    def unit(self, nodes: tuple[Node, ...] | list[Node]) -> str:
        out = []
        for node in nodes:
            if isinstance(node, Text):
                out.append(_xml_text(node.value))
                continue
            number = len(self.elements)
            self.elements.append(node)
            if isinstance(node, Atom):
                out.append(f'<{_ATOM_TAG} i="{number}"/>')
            else:
                tag = _TAG_OF_KIND[node.kind]
                out.append(f'<{tag} i="{number}">{self.unit(node.children)}</{tag}>')
        return "".join(out)


class _Reader:
    """Common bookkeeping of the two readers: every element comes back exactly once, as what it was."""

    def __init__(self, prepared: Prepared) -> None:
        self.prepared = prepared
        self.seen: set[int] = set()

    def element(self, number: int, tag: str) -> Span | Atom:
        if number >= len(self.prepared.elements):
            raise MarkupError(f"markup #{number} was invented on the way")
        if number in self.seen:
            raise MarkupError(f"{_describe(self.prepared.elements[number])} came back twice")
        source = self.prepared.elements[number]
        expected = _ATOM_TAG if isinstance(source, Atom) else _TAG_OF_KIND[source.kind]
        if tag != expected:
            raise MarkupError(f"{_describe(source)} came back as something else")
        self.seen.add(number)
        return source

    def check_count(self, units: list[list[Node]]) -> list[list[Node]]:
        if len(units) != len(self.prepared.units):
            raise MarkupError(f"{len(self.prepared.units)} paragraph(s) went out, {len(units)} came back")
        missing = [self.prepared.elements[n] for n in range(len(self.prepared.elements)) if n not in self.seen]
        if missing:
            raise MarkupError(", ".join(_describe(node) for node in missing) + " went missing")
        return units


class _XmlReader(_Reader):
    def units(self, translated: str) -> list[list[Node]]:
        try:
            root = ElementTree.fromstring(f"<r>{translated}</r>")
        except ElementTree.ParseError:
            raise MarkupError("the tags came back broken (not well-formed XML)") from None
        if (root.text or "").strip() or any((child.tail or "").strip() for child in root):
            raise MarkupError("words came back outside their paragraph")
        units = []
        for child in root:
            if child.tag != "p":
                raise MarkupError("markup came back outside its paragraph")
            units.append(self.nodes(child))
        return self.check_count(units)

    def nodes(self, element: ElementTree.Element) -> list[Node]:
        nodes: list[Node] = [Text(element.text)] if element.text else []
        for child in element:
            number = child.get("i", "")
            if not number.isdigit():
                raise MarkupError(f"an unknown <{child.tag}> tag came back")
            source = self.element(int(number), child.tag)
            if isinstance(source, Atom):
                if (child.text or "").strip() or len(child):
                    raise MarkupError(f"words came back inside {source.label}")
                nodes.append(source)
            else:
                nodes.append(Span(source.kind, self.nodes(child), source.href, source.title))
            if child.tail:
                nodes.append(Text(child.tail))
        return nodes


# --- carrying: protected tokens ---------------------------------------------------------------

def _token_unit(nodes: tuple[Node, ...] | list[Node], elements: list[Span | Atom]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, Text):
            out.append(node.value)
            continue
        number = len(elements)
        elements.append(node)
        if isinstance(node, Atom):
            out.append(f"⟦{number}⟧")
        else:
            out.append(f"⟦{number}⟧{_token_unit(node.children, elements)}⟦/{number}⟧")
    return "".join(out)


class _TokenReader(_Reader):
    def units(self, translated: str) -> list[list[Node]]:
        return self.check_count([self.line(line) for line in translated.split("\n") if line.strip()])

    def line(self, line: str) -> list[Node]:
        root: list[Node] = []
        stack: list[tuple[int, list[Node]]] = [(-1, root)]
        position = 0
        for match in _TOKEN.finditer(line):
            if match.start() > position:
                stack[-1][1].append(Text(line[position:match.start()]))
            position = match.end()
            closing, number = match.group(1) == "/", int(match.group(2))
            if closing:
                if stack[-1][0] != number:
                    raise MarkupError("the protected markup came back out of order")
                stack.pop()
                continue
            if number >= len(self.prepared.elements):
                raise MarkupError(f"markup #{number} was invented on the way")
            source = self.prepared.elements[number]
            self.element(number, _ATOM_TAG if isinstance(source, Atom) else _TAG_OF_KIND[source.kind])
            if isinstance(source, Atom):
                stack[-1][1].append(source)
            else:
                span = Span(source.kind, [], source.href, source.title)
                stack[-1][1].append(span)
                stack.append((number, span.children))
        if len(stack) != 1:
            raise MarkupError("the protected markup came back unclosed")
        if position < len(line):
            root.append(Text(line[position:]))
        return root


# --- the check --------------------------------------------------------------------------------

def _walk(tokens: list[Token]) -> list[Token]:
    found = []
    for token in tokens:
        found.append(token)
        if token.children:
            found += _walk(token.children)
    return found


def _markdown_shape(text: str) -> tuple[list[str], Counter[str]]:
    """The block structure, and a count of every piece of inline markup, of a Markdown text."""
    blocks: list[str] = []
    inline: Counter[str] = Counter()
    for token in _walk(_parser().parse(text)):
        if token.block and token.type != "inline":
            blocks.append(f"{token.type}:{token.tag}:{token.markup if 'list' in token.type else ''}")
        elif token.type in ("strong_open", "em_open"):
            inline[_describe(Span(token.type.removesuffix("_open")))] += 1
        elif token.type == "link_open":
            inline[f"the link to {token.attrGet('href')}"] += 1
        elif token.type == "code_inline":
            inline[f"`{token.content}`"] += 1
        elif token.type == "image":
            inline[f"image {token.attrGet('src')}"] += 1
        elif token.type == "hardbreak":
            inline["line break"] += 1
        elif token.type == "text":
            inline.update(_PLACEHOLDER.findall(token.content))
    return blocks, inline


def _plain_shape(text: str) -> tuple[list[str], Counter[str]]:
    lines = ["text" if line.strip() else "blank" for line in text.split("\n")]
    return lines, Counter(_PLACEHOLDER.findall(text))


def markup_problems(source: str, translation: str, *, markdown: bool) -> list[str]:
    """How the markup of `translation` differs from the source's; empty when it is the same.

    Compared: the block structure (paragraphs, lists, headings: or, for plain text, the lines),
    and how often each piece of inline markup occurs: bold, emphasis, each link address, each
    code span, image, line break and `{placeholder}`. Their order may change, as word order does.
    """
    shape = _markdown_shape if markdown else _plain_shape
    source_blocks, source_inline = shape(source)
    blocks, inline = shape(translation)
    problems = []
    if blocks != source_blocks:
        problems.append("the paragraph or line structure changed")
    for item, count in sorted((source_inline - inline).items()):
        problems.append(f"{item} went missing" if count == 1 else f"{item} went missing {count} times")
    for item, count in sorted((inline - source_inline).items()):
        problems.append(f"{item} was added" if count == 1 else f"{item} was added {count} times")
    return problems
