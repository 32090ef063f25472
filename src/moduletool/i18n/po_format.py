"""Writing catalogs exactly as GNU `msgcat` writes them (page width 79).

Translators' tools (Poedit, Weblate, msgmerge) and our own commands then agree on every
line break, so a diff shows only real changes. The rules follow gettext's `write-po.c`:

* a string is cut into portions after each `\\n`; each portion is escaped (`\\n`, `\\t`,
  `\\"`, `\\\\` …) and broken at UAX #14 opportunities (see `linebreak.py`) so that every line,
  quotes included, fits in 79 columns — never inside an escape, never before a final `\\n`;
* if the string has several portions or needs any break, the first line is `msgid ""`;
* comments are not wrapped; references are, at the same width;
* obsolete entries come last, their keyword lines prefixed with `#~ ` (and `#~| `).
"""

from __future__ import annotations

from .catalog import FUZZY, Catalog, Entry
from .linebreak import PROHIBITED, width_linebreaks

PAGE_WIDTH = 79

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v", "\\": "\\", '"': '"'}


def format_string(keyword: str, value: str, prefix: str = "", wrap: bool = True) -> list[str]:
    """The lines of `keyword "value"` as msgcat writes them (without newlines)."""
    lines: list[str] = []
    portions = _portions(value)
    first_line = True
    after_break = len(prefix) + 1  # column where text starts on continuation lines (after the quote)
    width = (PAGE_WIDTH if wrap else 1 << 30) - 1 - after_break
    for number, portion in enumerate(portions):
        text, overrides = _escape(portion)
        more_follow = number < len(portions) - 1
        start = (len(prefix) + len(keyword) + 1 if first_line else len(prefix)) + 1 - after_break
        breaks = width_linebreaks(text, width, start, overrides)
        if first_line and text and (more_follow or start > width or any(breaks)):
            lines.append(f'{prefix}{keyword} ""')
            first_line = False
            start = len(prefix) + 1 - after_break
            breaks = width_linebreaks(text, width, start, overrides)
        current = f"{prefix}{keyword} " if first_line else prefix
        first_line = False
        current += '"'
        for char, cut in zip(text, breaks):
            if cut:
                lines.append(current + '"')
                current = prefix + '"'
            current += char
        lines.append(current + '"')
    return lines


def _portions(value: str) -> list[str]:
    """`value` cut after each newline; the empty string is one empty portion."""
    if not value:
        return [""]
    parts = value.split("\n")
    portions = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        portions.append(parts[-1])
    return portions


def _escape(portion: str) -> tuple[str, list[int | None]]:
    """The escaped text and, per character, the break it must or must not allow before it."""
    chars: list[str] = []
    overrides: list[int | None] = []
    for char in portion:
        if char in _ESCAPES:
            chars += ["\\", _ESCAPES[char]]
            overrides += [None, PROHIBITED]  # a break may come before an escape, never inside it
        else:
            chars.append(char)
            overrides.append(None)
    if portion.endswith("\n"):
        overrides[-2] = PROHIBITED  # don't break just before the final "\n"
    return "".join(chars), overrides


def _comment_lines(marker: str, lines: list[str]) -> list[str]:
    result = []
    for comment in lines:
        for line in comment.split("\n"):
            result.append(f"{marker} {line}" if line else marker)
    return result


def _reference_lines(references: list[str]) -> list[str]:
    lines: list[str] = []
    current = ""
    for reference in references:
        if current and len(current) + 1 + len(reference) > PAGE_WIDTH:
            lines.append(current)
            current = ""
        current = (current or "#:") + " " + reference
    if current:
        lines.append(current)
    return lines


def format_entry(entry: Entry) -> list[str]:
    """All lines of one entry, comments first."""
    lines = _comment_lines("#", entry.translator_comments)
    lines += _comment_lines("#.", entry.extracted_comments)
    lines += _reference_lines(entry.references)
    # Like msgcat, no fuzzy flag without a translation: there is nothing to review.
    flags = entry.flags if entry.translated else [flag for flag in entry.flags if flag != FUZZY]
    if flags:
        lines.append("#, " + ", ".join(flags))
    wrap = "no-wrap" not in entry.flags
    keyword_prefix = "#~ " if entry.obsolete else ""
    previous_prefix = "#~| " if entry.obsolete else "#| "
    for keyword, value in (("msgctxt", entry.previous_msgctxt), ("msgid", entry.previous_msgid),
                           ("msgid_plural", entry.previous_msgid_plural)):
        if value is not None:
            lines += format_string(keyword, value, previous_prefix, wrap)
    if entry.msgctxt is not None:
        lines += format_string("msgctxt", entry.msgctxt, keyword_prefix, wrap)
    lines += format_string("msgid", entry.msgid, keyword_prefix, wrap)
    if entry.msgid_plural is not None:
        lines += format_string("msgid_plural", entry.msgid_plural, keyword_prefix, wrap)
        for index in sorted(entry.msgstr_plural):
            lines += format_string(f"msgstr[{index}]", entry.msgstr_plural[index], keyword_prefix, wrap)
    else:
        lines += format_string("msgstr", entry.msgstr, keyword_prefix, wrap)
    return lines


def format_catalog(catalog: Catalog) -> str:
    """The whole file: header entry, active entries in order, then obsolete entries."""
    header = Entry(None, "", catalog.header_text(), translator_comments=catalog.header_comments,
                   flags=list(catalog.header_flags))
    blocks = [format_entry(header)]
    blocks += [format_entry(entry) for entry in catalog.active]
    # msgcat drops obsolete entries without a translation: they hold no work to keep.
    blocks += [format_entry(entry) for entry in catalog.obsolete if entry.translated]
    return "\n".join("\n".join(block) + "\n" for block in blocks)
