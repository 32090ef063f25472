"""Reading `.po`/`.pot` text into a `Catalog`, with every syntax error located (file:line:col).

A small reader of our own rather than polib: polib drops the previous msgid of obsolete
entries and some escapes, and we need exact line numbers for messages. It accepts what GNU
gettext, Poedit and Weblate write: CRLF line ends, a BOM, obsolete `#~` entries with
`#~|` previous strings, plural forms, and the `#,`/`#.`/`#:`/`#|` comments.
"""

from __future__ import annotations

import re

from ..errors import UserError
from .catalog import Catalog, Entry, parse_header

_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr\[(\d+)\]|msgstr)[ \t]*(.*)$")
_UNESCAPE = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v",
             "\\": "\\", '"': '"', "'": "'", "?": "?"}
_HINT = "fix the line by hand, or restore the file from version control and run `moduletool i18n update`"


class _Reader:
    def __init__(self, display: str) -> None:
        self.display = display
        self.entries: list[Entry] = []
        self.entry: Entry | None = None
        self.last: str | None = None  # the keyword a continuation string belongs to
        self.last_previous = False
        self.has_msgstr = False
        self.seen: set[str] = set()

    def fail(self, line: int, message: str, column: int = 1) -> UserError:
        return UserError.at(self.display, message, hint=_HINT, line=line, column=column, code="po-syntax")

    def current(self, line: int, obsolete: bool) -> Entry:
        if self.entry is None:
            self.entry = Entry(None, "", obsolete=obsolete, line=line)
        return self.entry

    def finish(self) -> None:
        if self.entry is not None:
            if not self.has_msgstr:
                raise self.fail(self.entry.line, "entry without msgstr")
            self.entries.append(self.entry)
        self.entry, self.last, self.has_msgstr = None, None, False
        self.seen = set()

    def comment(self, kind: str, text: str, number: int) -> None:
        if self.has_msgstr:
            self.finish()
        entry = self.current(number, obsolete=False)
        if self.last is not None and not self.last_previous and not self.has_msgstr:
            raise self.fail(number, "comment in the middle of an entry")
        if kind == ".":
            entry.extracted_comments.append(text)
        elif kind == ":":
            entry.references.extend(text.split())
        elif kind == ",":
            entry.flags.extend(flag.strip() for flag in text.split(",") if flag.strip())
        else:
            entry.translator_comments.append(text)

    def keyword(self, rest: str, number: int, column: int, obsolete: bool, previous: bool) -> None:
        match = _KEYWORD.match(rest)
        if match is None:
            if rest.startswith('"') and self.last is not None:
                self.append(self.last, _string(rest, self, number, column), previous)
                return
            raise self.fail(number, f"expected msgctxt, msgid or msgstr, found `{rest[:20]}`", column)
        keyword, index, value = match.group(1), match.group(2), match.group(3)
        if self.has_msgstr and (previous or keyword in ("msgctxt", "msgid")):
            self.finish()  # a new entry starts
        entry = self.current(number, obsolete)
        if obsolete:
            entry.obsolete = True
        text = _string(value, self, number, column + match.start(3))
        if not previous:
            self._check_order(keyword, number, column)
            if not self.seen:
                entry.line = number
            self.seen.add(keyword)
        if previous:
            setattr(entry, f"previous_{keyword}", text)
        elif index is not None:
            entry.msgstr_plural[int(index)] = text
            self.has_msgstr = True
        else:
            if keyword == "msgstr":
                self.has_msgstr = True
            setattr(entry, keyword, text)
        self.last = f"msgstr[{index}]" if index is not None else keyword
        self.last_previous = previous

    def _check_order(self, keyword: str, number: int, column: int) -> None:
        if keyword in self.seen and not keyword.startswith("msgstr["):
            raise self.fail(number, f"a second {keyword} in one entry", column)
        if keyword == "msgctxt" and "msgid" in self.seen:
            raise self.fail(number, "msgctxt must come before msgid", column)
        if keyword.startswith("msgstr") and "msgid" not in self.seen:
            raise self.fail(number, f"{keyword} without msgid", column)
        plural = "msgid_plural" in self.seen
        if keyword.startswith("msgstr[") and not plural:
            raise self.fail(number, f"{keyword} without msgid_plural (a single translation is `msgstr`)", column)
        if keyword == "msgstr" and plural:
            raise self.fail(number, "an entry with msgid_plural needs msgstr[0], msgstr[1]… instead of msgstr", column)
        if keyword.startswith("msgstr[") and self.entry is not None:
            expected = len(self.entry.msgstr_plural)
            if keyword != f"msgstr[{expected}]":
                raise self.fail(number, f"{keyword} where msgstr[{expected}] should come: the forms count up from 0",
                                column)

    def append(self, keyword: str, text: str, previous: bool) -> None:
        assert self.entry is not None
        if keyword.startswith("msgstr["):
            index = int(keyword[7:-1])
            self.entry.msgstr_plural[index] += text
            return
        name = f"previous_{keyword}" if previous else keyword
        setattr(self.entry, name, (getattr(self.entry, name) or "") + text)


def _string(text: str, reader: _Reader, line: int, column: int) -> str:
    """A quoted PO string (`"..."`) unescaped; anything else is a located error."""
    text = text.rstrip(" \t")
    if not text.startswith('"'):
        raise reader.fail(line, "expected a string in double quotes", column)
    if len(text) < 2 or not text.endswith('"') or re.search(r'(?<!\\)(\\\\)*\\"$', text[1:]):
        raise reader.fail(line, 'string not closed: a " is missing at the end of the line', column + len(text))
    body, out, index = text[1:-1], [], 0
    while index < len(body):
        char = body[index]
        if char == '"':
            raise reader.fail(line, 'unescaped " inside a string (write \\")', column + index + 1)
        if char != "\\":
            out.append(char)
            index += 1
            continue
        following = body[index + 1:index + 2]
        if following in _UNESCAPE:
            out.append(_UNESCAPE[following])
            index += 2
        elif following.isdigit() and following < "8":
            digits = re.match(r"[0-7]{1,3}", body[index + 1:])
            assert digits is not None
            out.append(chr(int(digits.group(0), 8)))
            index += 1 + len(digits.group(0))
        elif following == "x" and re.match(r"[0-9A-Fa-f]{1,2}", body[index + 2:]):
            digits = re.match(r"[0-9A-Fa-f]{1,2}", body[index + 2:])
            assert digits is not None
            out.append(chr(int(digits.group(0), 16)))
            index += 2 + len(digits.group(0))
        else:
            raise reader.fail(line, f"invalid escape sequence `\\{following}`", column + index + 1)
    return "".join(out)


def parse_catalog(text: str, display: str) -> Catalog:
    """Parse a whole catalog; `display` names the file in error messages."""
    reader = _Reader(display)
    # Split on "\n" only: str.splitlines would also split at U+2028 and friends inside strings.
    for number, raw in enumerate(text.lstrip("\ufeff").split("\n"), start=1):
        raw = raw.rstrip("\r")
        if "\x00" in raw:
            raise reader.fail(number, "a NUL character, which no catalog may contain", raw.index("\x00") + 1)
        line = raw.strip(" \t")
        if not line:
            continue
        if line.startswith("#~"):
            rest = line[2:].lstrip(" \t")
            previous = rest.startswith("|")
            if previous:
                rest = rest[1:].lstrip(" \t")
            if rest.startswith("#") or not rest:
                continue  # a comment kept inside an obsolete entry by some tools: nothing to keep
            reader.keyword(rest, number, len(raw) - len(rest) + 1, obsolete=True, previous=previous)
        elif line.startswith("#|"):
            rest = line[2:].lstrip(" \t")
            reader.keyword(rest, number, len(raw) - len(rest) + 1, obsolete=False, previous=True)
        elif line.startswith("#"):
            line = raw.lstrip(" \t")  # comments keep their trailing spaces
            kind = line[1:2] if line[1:2] in (".", ":", ",") else ""
            body = line[1 + len(kind):]
            reader.comment(kind, body.removeprefix(" "), number)
        else:
            reader.keyword(line, number, len(raw) - len(raw.lstrip(" \t")) + 1, obsolete=False, previous=False)
    if reader.entry is not None and (reader.entry.msgid or reader.last is not None):
        reader.finish()
    return _catalog(reader.entries, reader)


def _plural_count(catalog: Catalog) -> int | None:
    """`nplurals` of the header's Plural-Forms, when it says."""
    found = re.search(r"nplurals\s*=\s*(\d+)", catalog.get("Plural-Forms") or "")
    return int(found.group(1)) if found else None


def _catalog(entries: list[Entry], reader: _Reader) -> Catalog:
    catalog = Catalog()
    seen: dict[tuple[str | None, str], int] = {}
    for entry in entries:
        if entry.msgctxt is None and entry.msgid == "" and not entry.obsolete and not catalog.header:
            catalog.header = parse_header(entry.msgstr)
            catalog.header_comments = entry.translator_comments
            catalog.header_flags = entry.flags
            continue
        forms = _plural_count(catalog)
        if entry.msgid_plural is not None and not entry.obsolete and forms and len(entry.msgstr_plural) != forms:
            raise UserError.at(reader.display, f"{len(entry.msgstr_plural)} plural form(s), but the header's "
                               f"Plural-Forms says nplurals={forms}", line=entry.line, code="po-plural-forms",
                               hint=f"give msgstr[0] to msgstr[{forms - 1}], one per plural form of the language")
        key = (entry.msgctxt, entry.msgid)
        if not entry.obsolete:
            if key in seen:
                what = f"msgctxt `{entry.msgctxt}`" if entry.msgctxt is not None else f"msgid `{entry.msgid[:40]}`"
                raise UserError.at(reader.display, f"duplicate entry {what} (first on line {seen[key]})",
                                   hint="keep one of the two entries", line=entry.line, code="po-duplicate")
            seen[key] = entry.line
        catalog.entries.append(entry)
    return catalog
