"""Bringing a translator's `.po` up to date with a new template, keyed on msgctxt, losing nothing.

For each template entry we look for the old entry it continues, in passes from the surest
match to the loosest; each old entry is used at most once:

1. same msgctxt, same msgid            → translation kept as it was;
2. same list, same msgid               → kept (a keyword or accepted answer moved in its list);
3. same block, same msgid              → kept (the block moved to another page);
4. same msgctxt, new msgid             → kept, marked fuzzy, old source as `#| msgid`;
5. same block, new msgid               → as 4, with the old context as `#| msgctxt`;
6. same msgid, another msgctxt         → as 5 (an id was renamed): a person confirms it.

Never text alone first (that is polib's `merge`, which loses edited entries). Old entries left
over become obsolete (`#~`) when they hold a translation, so a removed text that comes back
finds its translation again. Translator comments always travel with their entry.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from .catalog import Catalog, Entry
from .languages import Language

_LIST_ITEM = re.compile(r"^(.*)/\d+$")
_NOT_BLOCKS = ("objectives", "keywords")


@dataclass
class MergeReport:
    """What an update did to one catalog's translations."""

    kept: int = 0
    """Translations whose source text and context did not change."""
    moved: int = 0
    """Translations whose text moved (another page, another place in its list): kept as they were."""
    fuzzy: int = 0
    """Translations whose source changed: kept, marked fuzzy for review."""
    added: int = 0
    """Texts new to this catalog: empty."""
    obsoleted: int = 0
    """Translations whose text is gone: kept as obsolete entries."""

    def as_json(self) -> dict[str, int]:
        return dict(vars(self))


def _list_key(entry: Entry) -> tuple[str, str] | None:
    match = _LIST_ITEM.match(entry.msgctxt or "")
    return (match.group(1), entry.msgid) if match else None


def _block(context: str | None) -> str | None:
    """`mod:*/block/field` for a block-level context (block ids are unique in a module)."""
    module, colon, path = (context or "").partition(":")
    parts = path.split("/")
    if not colon or len(parts) < 3 or parts[0] in _NOT_BLOCKS:
        return None
    return f"{module}:*/{'/'.join(parts[1:])}"


def _block_key(entry: Entry) -> tuple[str, str] | None:
    block = _block(entry.msgctxt)
    return (block, entry.msgid) if block else None


def _context_text(entry: Entry) -> object:
    return (entry.msgctxt, entry.msgid)


def _context(entry: Entry) -> object:
    return entry.msgctxt


def _block_only(entry: Entry) -> object:
    return _block(entry.msgctxt)


def _text(entry: Entry) -> object:
    return entry.msgid


def _translated_text(entry: Entry) -> object:
    return entry.msgid if entry.translated else None


Key = Callable[[Entry], object]
# (key of an old entry, key of a template entry, whether a match means the text is unchanged)
_PASSES: tuple[tuple[Key, Key, bool], ...] = (
    (_context_text, _context_text, True),
    (_list_key, _list_key, True),
    (_block_key, _block_key, True),
    (_context, _context, False),
    (_block_only, _block_only, False),
    (_translated_text, _text, False),
)


def merge_entries(old: Catalog, template: Catalog, report: MergeReport) -> list[Entry]:
    """The new entries: the template's, in its order, carrying what the old catalog knew; obsolete last."""
    new_entries = template.active
    candidates = old.active + old.obsolete  # live entries win over obsolete ones with the same key
    matches: dict[int, tuple[Entry, bool]] = {}
    used: set[int] = set()
    for old_key, new_key, same_text in _PASSES:
        index: dict[object, list[Entry]] = defaultdict(list)
        for candidate in candidates:
            key = old_key(candidate)
            if id(candidate) not in used and key is not None:
                index[key].append(candidate)
        for position, entry in enumerate(new_entries):
            key = new_key(entry)
            if position in matches or key is None or not index.get(key):
                continue
            found = index[key].pop(0)
            used.add(id(found))
            matches[position] = (found, same_text)
    merged = []
    for position, entry in enumerate(new_entries):
        if position not in matches:
            merged.append(entry.copy())
            report.added += 1
            continue
        found, same_text = matches[position]
        merged.append(_carry(entry, found, same_text, report))
    for candidate in candidates:
        if id(candidate) not in used and candidate.translated:
            if not candidate.obsolete:
                report.obsoleted += 1
            gone = candidate.copy()
            gone.obsolete = True
            merged.append(gone)
    return merged


def _carry(new: Entry, old: Entry, same_text: bool, report: MergeReport) -> Entry:
    """`new` (from the template) with the old entry's translation, comments and flags."""
    entry = new.copy()
    entry.translator_comments = list(old.translator_comments)
    entry.flags = list(dict.fromkeys(new.flags + [flag for flag in old.flags if flag != "fuzzy"]))
    if not old.translated:
        return entry
    entry.msgstr, entry.msgstr_plural = old.msgstr, dict(old.msgstr_plural)
    if same_text and old.msgid == new.msgid:
        entry.set_fuzzy(old.fuzzy)
        if old.fuzzy:  # still waiting for review: keep what it was translated from
            entry.previous_msgctxt, entry.previous_msgid = old.previous_msgctxt, old.previous_msgid
        if old.msgctxt == new.msgctxt:
            report.kept += 1
        else:
            report.moved += 1
        return entry
    # The translation was made for an earlier source (the oldest one still unreviewed).
    entry.set_fuzzy(True)
    entry.previous_msgid = old.previous_msgid if old.fuzzy and old.previous_msgid is not None else old.msgid
    previous_context = old.previous_msgctxt if old.fuzzy and old.previous_msgctxt is not None else old.msgctxt
    entry.previous_msgctxt = previous_context if previous_context != new.msgctxt else None
    report.fuzzy += 1
    return entry


def po_header(template: Catalog, language: Language, old: Catalog | None = None) -> Catalog:
    """A catalog holding only the header of a language's `.po`: the translator's, corrected.

    Fields that describe the source come from the template; `Language`, `Plural-Forms` and the
    encoding from our language table; everything else (translator, team, revision date,
    comments) stays as the translator left it.
    """
    catalog = Catalog()
    if old is not None:
        catalog.header = list(old.header)
        catalog.header_comments = list(old.header_comments)
        catalog.header_flags = list(old.header_flags)
    else:
        project = (template.get("Project-Id-Version") or "").split(" ")[0]
        catalog.header_comments = [f"{language.name} translation of the module {project}."]
    created = template.get("POT-Creation-Date") or ""
    defaults = [("Project-Id-Version", template.get("Project-Id-Version") or ""),
                ("POT-Creation-Date", created), ("PO-Revision-Date", created),
                ("Last-Translator", ""), ("Language-Team", language.name)]
    for name, value in defaults:
        if catalog.get(name) is None:
            catalog.set(name, value)
    catalog.set("Project-Id-Version", template.get("Project-Id-Version") or "")
    catalog.set("POT-Creation-Date", created)
    catalog.set("Language", language.gettext_code)
    catalog.set("MIME-Version", "1.0")
    catalog.set("Content-Type", "text/plain; charset=UTF-8")
    catalog.set("Content-Transfer-Encoding", "8bit")
    catalog.set("Plural-Forms", language.plural_forms)
    source = template.get("X-Source-Language")
    if source:
        catalog.set("X-Source-Language", source)
    return catalog


def new_translation(template: Catalog, language: Language) -> Catalog:
    """A fresh `.po` for a language: the template's entries, all empty."""
    catalog = po_header(template, language)
    catalog.entries = [entry.copy() for entry in template.active]
    return catalog


def update_translation(old: Catalog, template: Catalog, language: Language) -> tuple[Catalog, MergeReport]:
    """The translator's catalog brought in step with the template."""
    report = MergeReport()
    catalog = po_header(template, language, old)
    catalog.entries = merge_entries(old, template, report)
    return catalog, report
