"""A module in another language: its YAML data with every reviewed translation put in place.

A module's translation is its catalog `translations/<lang>/<id>.po`. Localising starts from the
module's raw YAML data (as `load_module` read it), replaces each translatable text — found by
the path `extract.translatables` gives it — with the msgstr of the entry of the same msgctxt
when a person has reviewed it, and validates the result with the model the source passed. A
translation therefore cannot do what the source may not (raw HTML, a file outside the module),
and each problem it causes is reported at its line in the `.po`, where the translator can fix it.

Whatever is not reviewed — untranslated, fuzzy, machine drafts, translations of an older source
text — stays in the source language and is counted in `Gaps`: a release build refuses such a
language, a draft build ships it visibly marked. Those texts are also listed in
`Localized.in_source_language`, so the player can tell browsers and screen readers their language.

Media: a media entry with an empty msgstr means "the same file"; a path names the language's
own copy, checked like any media path. A `{lang}` path (captions) needs the target language's
file; a missing one is a gap, filled with the source language's file.
"""

from __future__ import annotations

import copy
import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..checks import raw_media_references
from ..errors import Diagnostic, SourceLocation, UserError, has_errors
from ..loading import validate_data
from ..media import LANG_PLACEHOLDER, MediaPathError, for_language, resolve_media
from ..modules import LoadedModule
from ..render.markdown import find_markup_problems
from ..schema import Module
from ..schema.walk import text_fields
from ..yaml_source import YamlDocument, YamlPath, dotted_path
from .catalog import Catalog, Entry
from .catalog_io import read_catalog
from .contexts import is_media_entry
from .extract import Translatable, translatables
from .provenance import State, state_of

OUTDATED = "outdated"
"""A reviewed translation of a source text that has changed since (`i18n update` not run yet)."""
RAW_HTML_HINT = "keep the formatting of the original in Markdown (**bold**, *emphasis*, [text](address)) " \
                "and translate only the words"


@dataclass(frozen=True)
class Gaps:
    """What keeps one module's translation from being released: each item falls back to the source."""

    untranslated: int = 0
    fuzzy: int = 0
    """Fuzzy entries, machine drafts included."""
    machine_drafts: int = 0
    outdated: int = 0
    missing_media: tuple[str, ...] = ()
    """Per-language media files (`{lang}` paths) that do not exist."""
    catalog_missing: bool = False

    def __bool__(self) -> bool:
        return bool(self.untranslated or self.fuzzy or self.outdated or self.missing_media or self.catalog_missing)

    def describe(self) -> str:
        """`3 untranslated, 2 fuzzy (1 machine draft)`: the summary line of a build."""
        parts = ["no catalog"] if self.catalog_missing else []
        if self.untranslated:
            parts.append(f"{self.untranslated} untranslated")
        if self.fuzzy:
            drafts = self.machine_drafts
            parts.append(f"{self.fuzzy} fuzzy" + (f" ({drafts} machine draft{'s' if drafts > 1 else ''})"
                                                  if drafts else ""))
        if self.outdated:
            parts.append(f"{self.outdated} outdated")
        if self.missing_media:
            count = len(self.missing_media)
            parts.append(f"{count} missing media file{'s' if count > 1 else ''} ({', '.join(self.missing_media)})")
        return ", ".join(parts)

    def as_json(self) -> dict[str, object]:
        return {"untranslated": self.untranslated, "fuzzy": self.fuzzy, "machine_drafts": self.machine_drafts,
                "outdated": self.outdated, "missing_media": list(self.missing_media),
                "catalog_missing": self.catalog_missing}


@dataclass(frozen=True)
class Localized:
    """One module in one language: its model (None when a translation broke it), its gaps, its problems."""

    module: Module | None
    gaps: Gaps = field(default_factory=Gaps)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    in_source_language: frozenset[str] = frozenset()
    """The texts (as msgids: without a YAML block's final line break) and media paths left in the
    source language: a draft's untranslated texts, the source's file where a translation has none."""

    @property
    def ok(self) -> bool:
        return self.module is not None and not has_errors(self.diagnostics)


def localize(loaded: LoadedModule, lang: str, catalog_path: Path, display: str) -> Localized:
    """`loaded` (a valid module) in `lang`, from the catalog at `catalog_path` (named `display`).

    A missing catalog is not an error here: every text is a gap, and the caller decides.
    """
    if not catalog_path.exists():  # a folder in its place is read, and reported, below
        return _Localizer(loaded, lang, None, [], display).run()
    try:
        catalog = read_catalog(catalog_path, display)
    except UserError as error:
        return Localized(None, Gaps(), error.diagnostics)
    # The same split as the catalog reader, so that its line numbers index these lines.
    lines = catalog_path.read_text(encoding="utf-8").lstrip("\ufeff").split("\n")
    return _Localizer(loaded, lang, catalog, lines, display).run()


class _Localizer:
    """One localisation run: the data being translated, where each translation came from, what is missing."""

    def __init__(self, loaded: LoadedModule, lang: str, catalog: Catalog | None, lines: list[str],
                 display: str) -> None:
        assert loaded.module is not None and loaded.document is not None
        self.loaded = loaded
        self.module = loaded.module
        self.document = loaded.document
        self.lang = lang
        self.lines = [line.rstrip("\r") for line in lines]
        self.display = display
        self.catalog_missing = catalog is None
        self.entries = {e.msgctxt: e for e in catalog.active if e.msgctxt} if catalog else {}
        self.data: dict[str, Any] = copy.deepcopy(self.document.data)
        self.marks: dict[YamlPath, tuple[int, int]] = {(): (0, 0)}  # unknown places: the .po file itself
        self.contexts: dict[str, str] = {}
        """Dotted YAML path → msgctxt of every translated value, to name fields as translators know them."""
        self.counts: Counter[str] = Counter()
        self.missing_media: list[str] = []
        self.problems: list[Diagnostic] = []
        self.in_source_language: set[str] = set()

    def run(self) -> Localized:
        source = self.document.data
        markdown = {text.path for text in text_fields(source, Module) if text.markdown}
        for item in translatables(self.module.id, source):
            if is_media_entry(item.context):
                self._media(item)
            else:
                self._text(item, item.path in markdown)
        self._language_media()
        module, diagnostics = validate_data(YamlDocument(self.display, self.data, value_marks=self.marks), Module)
        diagnostics = [self._named(d) for d in diagnostics]
        problems = sorted(self.problems + diagnostics, key=Diagnostic.sort_key)
        return Localized(None if problems else module, self._gaps(), problems, frozenset(self.in_source_language))

    def _gaps(self) -> Gaps:
        return Gaps(untranslated=self.counts[State.untranslated.value],
                    fuzzy=self.counts[State.fuzzy.value] + self.counts[State.machine_draft.value],
                    machine_drafts=self.counts[State.machine_draft.value], outdated=self.counts[OUTDATED],
                    missing_media=tuple(self.missing_media), catalog_missing=self.catalog_missing)

    def _verdict(self, entry: Entry | None, source: str) -> str:
        """`translated` when the entry may be used; else the gap it counts as."""
        if entry is None:
            return State.untranslated.value
        state = state_of(entry)
        if state is State.translated and entry.msgid != source:
            return OUTDATED
        return state.value

    def _text(self, item: Translatable, markdown: bool) -> None:
        entry = self.entries.get(item.context)
        verdict = self._verdict(entry, item.text)
        if verdict != State.translated.value or entry is None:
            self.counts[verdict] += 1
            self.in_source_language.add(item.text)
            return
        self._put(item, entry)
        if markdown:
            for problem in find_markup_problems(entry.msgstr):
                # The source's hint speaks of YAML quoting, which means nothing in a catalog.
                hint = RAW_HTML_HINT if problem.message.startswith("raw HTML") else problem.hint
                self.problems.append(Diagnostic(self._find(entry, problem.snippet), problem.message,
                                                field=item.context, hint=hint, code="markup"))

    def _media(self, item: Translatable) -> None:
        entry = self.entries.get(item.context)
        if entry is None or not entry.msgstr:
            self._kept_source_file(item.text)  # the same file in every language
            return
        verdict = self._verdict(entry, item.text)
        if verdict != State.translated.value:
            self.counts[verdict] += 1
            self._kept_source_file(item.text)
            return
        try:
            resolve_media(self.loaded.source.folder, entry.msgstr)
        except MediaPathError as problem:
            self.problems.append(Diagnostic(self._find(entry, entry.msgstr), f"`{entry.msgstr}`: {problem}",
                                            field=item.context, hint=problem.hint, code="media"))
            return
        self._put(item, entry)

    def _kept_source_file(self, reference: str) -> None:
        """The source's file stays: in the source language, unless it is a `{lang}` path (see below)."""
        if LANG_PLACEHOLDER not in reference:
            self.in_source_language.add(reference)

    def _language_media(self) -> None:
        """`{lang}` paths need the target language's file; without it the source language's is used."""
        folder = self.loaded.source.folder
        for path, reference in raw_media_references(self.data):
            if LANG_PLACEHOLDER not in reference:
                continue
            wanted = for_language(reference, self.lang)
            if not (folder / wanted).exists():
                self.missing_media.append(wanted)
                source_file = for_language(reference, self.module.language)
                self._set(path, source_file)
                self.in_source_language.add(source_file)
                continue
            try:
                resolve_media(folder, wanted)
            except MediaPathError as problem:
                self.problems.append(Diagnostic(self.document.locate(path), f"`{wanted}`: {problem}",
                                                field=dotted_path(path), hint=problem.hint, code="media"))

    def _put(self, item: Translatable, entry: Entry) -> None:
        """Put a translation in place, keeping the line break YAML's `|` adds (see `extract.source_text`)."""
        node: Any = self.data
        for part in item.path[:-1]:
            node = node[part]
        original: str = node[item.path[-1]]
        self._set(item.path, entry.msgstr + original[len(original.rstrip("\n")):])
        self.marks[item.path] = (self._msgstr_line(entry), 1)
        self.contexts[dotted_path(item.path)] = item.context

    def _set(self, path: YamlPath, value: str) -> None:
        node: Any = self.data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value

    def _named(self, diagnostic: Diagnostic) -> Diagnostic:
        """A schema problem named by the msgctxt of the translation that caused it."""
        context = self.contexts.get(diagnostic.field)
        return dataclasses.replace(diagnostic, field=context) if context else diagnostic

    def _msgstr_line(self, entry: Entry) -> int:
        for number in range(max(entry.line, 1), len(self.lines) + 1):
            if self.lines[number - 1].lstrip().startswith("msgstr"):
                return number
        return entry.line

    def _find(self, entry: Entry, snippet: str) -> SourceLocation:
        """Where `snippet` is written in the entry's msgstr (its first line when it is wrapped or escaped)."""
        start = self._msgstr_line(entry)
        escaped = snippet.replace("\\", "\\\\").replace('"', '\\"')
        for number in range(start, len(self.lines) + 1):
            text = self.lines[number - 1]
            if number > start and not text.lstrip().startswith('"'):
                break
            column = text.find(escaped, text.find('"'))
            if column >= 0:
                return SourceLocation(self.display, number, column + 1)
        return SourceLocation(self.display, start, 1)
