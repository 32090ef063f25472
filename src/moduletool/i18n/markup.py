"""What inside a translatable text is markup rather than words: Markdown syntax, link addresses, placeholders.

Two users need the same notion. `consistency` compares the markup of a source and its
translation; `xliff` hands the markup to translation agencies as XLIFF inline codes, so that
CAT tools show `**`, `](https://…)` or `{total}` as locked tags that a translator moves but
cannot break.

`segment` cuts a text into words and codes such that joining the pieces gives the text back,
character for character — the XLIFF round trip depends on nothing else. Which characters
become codes follows CommonMark: block markers only on the lines markdown-it says start a list
item, heading or quote; emphasis by CommonMark's delimiter-run rules (flanking, the rule of
three); code spans, autolinks, backslash escapes and link destinations as the spec scans them.
Reference-style links and raw HTML stay words: we do not write them, and `validate` refuses
HTML anyway.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ..render.markdown import inspect_tokens
from .catalog import Entry
from .extract import MARKDOWN_NOTE

PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
"""`{total}`: a value the player fills in; the same names must appear in every translation."""

_BARE_URL = re.compile(r"(?:https?://|mailto:|www\.)[^\s<>\"'`]+", re.IGNORECASE)


def is_markdown(entry: Entry) -> bool:
    """Whether the entry's text is Markdown: the extractor says so to translators in a comment."""
    return MARKDOWN_NOTE in entry.extracted_comments


def bare_urls(text: str) -> list[str]:
    """Addresses written as plain text (not as a link), without the sentence's closing punctuation."""
    found = []
    for match in _BARE_URL.finditer(text):
        url = match.group(0).rstrip(".,;:!?")
        while url.endswith(")") and url.count(")") > url.count("("):
            url = url[:-1].rstrip(".,;:!?")
        found.append(url)
    return found


@dataclass(frozen=True)
class Code:
    """Markup kept verbatim: `ph` stands alone, `bpt`/`ept` open and close a span and share their id."""

    kind: str
    id: int
    content: str
    ctype: str
    """What the code does, in XLIFF 1.2's words: `bold`, `italic`, `link`, or an `x-` name of ours."""


Piece = str | Code


def join(pieces: Iterable[Piece]) -> str:
    """The text the pieces were cut from."""
    return "".join(piece.content if isinstance(piece, Code) else piece for piece in pieces)


@dataclass
class _Span:
    start: int
    end: int
    role: str
    """`ph`, `open` or `close`."""
    ctype: str
    pair: int = -1
    """Links an `open` span to its `close` span."""


def segment(text: str, markdown: bool) -> list[Piece]:
    """`text` as words and codes (placeholders always; Markdown syntax when `markdown`), ids from 1."""
    if markdown:
        spans = _MarkdownScanner(text).scan()
    else:
        spans = [_Span(m.start(), m.end(), "ph", "x-placeholder") for m in PLACEHOLDER.finditer(text)]
    pieces: list[Piece] = []
    pair_ids: dict[int, int] = {}
    next_id = 1
    position = 0
    for span in _without_overlaps(spans):
        if span.start > position:
            pieces.append(text[position:span.start])
        if span.role == "close":
            kind, code_id = "ept", pair_ids[span.pair]
        else:
            kind, code_id = ("bpt" if span.role == "open" else "ph"), next_id
            next_id += 1
            if span.role == "open":
                pair_ids[span.pair] = code_id
        pieces.append(Code(kind, code_id, text[span.start:span.end], span.ctype))
        position = span.end
    if position < len(text):
        pieces.append(text[position:])
    assert join(pieces) == text, "segment must be lossless"
    return pieces


def align(translation: list[Piece], source: list[Piece]) -> list[Piece]:
    """The translation's pieces with the ids of the source's codes; a code the source lacks becomes words.

    In XLIFF a target's code is the source's code of the same id, and the import restores it
    from the source by that id. So a code of the translation keeps its place only when the
    source has an identical one still unclaimed (a `ph` with the same content; a `bpt`/`ept`
    pair with the same two contents); anything else — a link the translator changed, a `**` the
    source does not have — is plain text in the target, which carries it over just as well.
    """
    source_ph: dict[str, list[int]] = {}
    source_pairs: dict[tuple[str, str], list[int]] = {}
    opening = {piece.id: piece for piece in source if isinstance(piece, Code) and piece.kind == "bpt"}
    for piece in source:
        if isinstance(piece, Code) and piece.kind == "ph":
            source_ph.setdefault(piece.content, []).append(piece.id)
        elif isinstance(piece, Code) and piece.kind == "ept":
            source_pairs.setdefault((opening[piece.id].content, piece.content), []).append(piece.id)
    target_opening = {piece.id: piece for piece in translation if isinstance(piece, Code) and piece.kind == "bpt"}
    target_closing = {piece.id: piece for piece in translation if isinstance(piece, Code) and piece.kind == "ept"}
    new_ids: dict[int, int] = {}
    for code_id, piece in target_opening.items():
        candidates = source_pairs.get((piece.content, target_closing[code_id].content))
        if candidates:
            new_ids[code_id] = candidates.pop(0)
    aligned: list[Piece] = []
    for piece in translation:
        if isinstance(piece, Code) and piece.kind == "ph" and source_ph.get(piece.content):
            aligned.append(Code("ph", source_ph[piece.content].pop(0), piece.content, piece.ctype))
        elif isinstance(piece, Code) and piece.kind != "ph" and piece.id in new_ids:
            aligned.append(Code(piece.kind, new_ids[piece.id], piece.content, piece.ctype))
        else:
            aligned.append(piece.content if isinstance(piece, Code) else piece)
    return aligned


def _without_overlaps(spans: list[_Span]) -> list[_Span]:
    """The spans in order, minus any that overlaps an earlier one (with its partner): words win."""
    dropped: set[int] = set()
    while True:
        kept, end, clash = [], 0, None
        for span in sorted(spans, key=lambda span: (span.start, span.end)):
            if span.role != "ph" and span.pair in dropped:
                continue
            if span.start < end:
                clash = span
                break
            kept.append(span)
            end = span.end
        if clash is None:
            return kept
        spans = [span for span in spans if span is not clash]
        if clash.role != "ph":
            dropped.add(clash.pair)


_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_QUOTE_MARKER = re.compile(r"[ \t]{0,3}>[ \t]?")
_LIST_MARKER = re.compile(r"[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)")
_HEADING_MARKER = re.compile(r"[ \t]{0,3}#{1,6}(?:[ \t]+|$)")
_AUTOLINK = re.compile(r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s]+)>")
_LINK_TAIL = re.compile(r"""\]\([ \t]*\n?[ \t]*
    (?:<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)               # destination
    (?:[ \t]*\n?[ \t]*(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?  # title
    [ \t]*\n?[ \t]*\)""", re.VERBOSE)


def _is_space(char: str) -> bool:
    return not char or char.isspace()


def _is_punctuation(char: str) -> bool:
    return bool(char) and (char in _ASCII_PUNCTUATION or unicodedata.category(char)[0] in "PS")


@dataclass
class _Delimiters:
    """A run of `*` or `_`; emphasis takes characters from its inner side: `lo` as closer, `hi` as opener."""

    char: str
    block: int
    lo: int
    hi: int
    length: int
    can_open: bool
    can_close: bool


class _MarkdownScanner:
    """Finds the markup spans of one Markdown text (see the module docstring for the rules)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[_Span] = []
        self.pairs = 0
        self.skip: dict[int, int] = {}
        """Start → end of regions already taken by block markup (code blocks, line markers)."""
        self.blocks: list[tuple[int, int]] = []
        """Start and end of each paragraph, heading…: inline markup never crosses their edges."""

    def block_of(self, position: int) -> int:
        """The index of the block holding `position`, or -1 outside every block."""
        at = bisect.bisect_right(self.blocks, (position, len(self.text) + 1)) - 1
        return at if at >= 0 and position < self.blocks[at][1] else -1

    def scan(self) -> list[_Span]:
        """Every markup span of the text (they may overlap in odd inputs; `segment` sorts that out)."""
        self._block_markup()
        self._inline_markup()
        return self.found

    def _pair(self, open_span: tuple[int, int], close_span: tuple[int, int], ctype: str) -> None:
        self.pairs += 1
        self.found.append(_Span(*open_span, "open", ctype, self.pairs))
        self.found.append(_Span(*close_span, "close", ctype, self.pairs))

    def _take(self, start: int, end: int, ctype: str) -> None:
        if end > start:
            self.found.append(_Span(start, end, "ph", ctype))
            self.skip[start] = end

    def _block_markup(self) -> None:
        """Markers at the start of the lines where markdown-it finds list items, headings, quotes, code."""
        lines = self.text.split("\n")
        offsets = [0]
        for line in lines:
            offsets.append(offsets[-1] + len(line) + 1)
        quoted: set[int] = set()
        starts: dict[int, str] = {}
        whole: set[int] = set()
        for token in inspect_tokens(self.text):
            if token.map is None or token.nesting == -1:
                continue
            first, last = token.map
            if token.type == "blockquote_open":
                quoted.update(range(first, last))
            elif token.type in ("list_item_open", "heading_open"):
                starts.setdefault(first, token.type)
            elif token.type in ("fence", "code_block", "hr"):
                whole.update(range(first, last))
            elif token.type == "inline":
                self.blocks.append((offsets[first], offsets[min(last, len(lines))] - 1))
        self.blocks.sort()
        for number, line in enumerate(lines):
            position = offsets[number]
            if number in whole:
                self._take(position, position + len(line), "x-markdown-block")
                continue
            column = 0
            if number in quoted:
                match = _QUOTE_MARKER.match(line, column)
                column = match.end() if match else column
            kind = starts.get(number)
            marker = {"list_item_open": _LIST_MARKER, "heading_open": _HEADING_MARKER}.get(kind or "")
            if marker is not None:
                match = marker.match(line, column)
                column = match.end() if match else column
            self._take(position, position + column, "x-markdown-block")

    def _inline_markup(self) -> None:
        text = self.text
        brackets: list[tuple[int, int]] = []
        delimiters: list[_Delimiters] = []
        index = 0
        while index < len(text):
            if index in self.skip:
                index = self.skip[index]
                continue
            char = text[index]
            following = text[index + 1:index + 2]
            if char == "\\" and following and (following in _ASCII_PUNCTUATION or following == "\n"):
                end = index + (2 if following != "\n" else 1)  # `\` + newline: protect the backslash only
                self.found.append(_Span(index, end, "ph", "x-markdown-escape"))
                index = end
            elif char == "`":
                index = self._code_span(index)
            elif char == "<" and (match := _AUTOLINK.match(text, index)):
                self.found.append(_Span(index, match.end(), "ph", "x-link"))
                index = match.end()
            elif char == "{" and (match := PLACEHOLDER.match(text, index)):
                self.found.append(_Span(index, match.end(), "ph", "x-placeholder"))
                index = match.end()
            elif char == "!" and following == "[":
                brackets.append((index, index + 2))
                index += 2
            elif char == "[":
                brackets.append((index, index + 1))
                index += 1
            elif char == "]":
                index = self._link_end(index, brackets)
            elif char in "*_":
                end = index
                while end < len(text) and text[end] == char:
                    end += 1
                delimiters.append(self._delimiter_run(index, end))
                index = end
            else:
                index += 1
        self._emphasis(delimiters)

    def _code_span(self, start: int) -> int:
        """A code span becomes one code; an unmatched backtick run is words. Returns where to go on."""
        text = self.text
        end = start
        while end < len(text) and text[end] == "`":
            end += 1
        ticks = end - start
        search = end
        block = self.block_of(start)
        limit = self.blocks[block][1] if block >= 0 else len(text)
        while (found := text.find("`" * ticks, search, limit)) != -1:
            after = found + ticks
            if text[found - 1] != "`" and text[after:after + 1] != "`":
                self.found.append(_Span(start, after, "ph", "x-code"))
                return after
            search = found + 1
        return end

    def _link_end(self, index: int, brackets: list[tuple[int, int]]) -> int:
        """`](address "title")` closes the latest `[` or `![`; anything else leaves the brackets as words."""
        if not brackets:
            return index + 1
        opener = brackets.pop()
        match = _LINK_TAIL.match(self.text, index)
        if match is None or self.block_of(opener[0]) != self.block_of(index):
            return index + 1
        image = self.text[opener[0]] == "!"
        self._pair(opener, (index, match.end()), "x-image" if image else "link")
        return match.end()

    def _delimiter_run(self, start: int, end: int) -> _Delimiters:
        """CommonMark's left- and right-flanking rules decide whether a run may open or close emphasis."""
        char = self.text[start]
        before = self.text[start - 1:start]
        after = self.text[end:end + 1]
        left = not _is_space(after) and (not _is_punctuation(after) or _is_space(before) or _is_punctuation(before))
        right = not _is_space(before) and (not _is_punctuation(before) or _is_space(after) or _is_punctuation(after))
        if char == "*":
            can_open, can_close = left, right
        else:  # `_` never makes emphasis inside a word
            can_open = left and (not right or _is_punctuation(before))
            can_close = right and (not left or _is_punctuation(after))
        return _Delimiters(char, self.block_of(start), start, end, end - start, can_open, can_close)

    def _emphasis(self, runs: list[_Delimiters]) -> None:
        """CommonMark's "process emphasis": each closer takes the nearest matching opener, strong first."""
        for position, closer in enumerate(runs):
            if not closer.can_close:
                continue
            while closer.hi > closer.lo:
                opener_at = self._opener_for(runs, position)
                if opener_at is None:
                    break
                opener = runs[opener_at]
                size = 2 if opener.hi - opener.lo >= 2 and closer.hi - closer.lo >= 2 else 1
                self._pair((opener.hi - size, opener.hi), (closer.lo, closer.lo + size),
                           "bold" if size == 2 else "italic")
                opener.hi -= size
                closer.lo += size
                for between in runs[opener_at + 1:position]:
                    between.lo = between.hi  # delimiters inside a closed emphasis stay words

    @staticmethod
    def _opener_for(runs: list[_Delimiters], position: int) -> int | None:
        closer = runs[position]
        for index in range(position - 1, -1, -1):
            opener = runs[index]
            if (opener.char != closer.char or opener.block != closer.block or not opener.can_open
                    or opener.hi == opener.lo):
                continue
            both = opener.can_close or closer.can_open
            if both and (opener.length + closer.length) % 3 == 0 and not (
                    opener.length % 3 == 0 and closer.length % 3 == 0):
                continue  # the "rule of three"
            return index
        return None
