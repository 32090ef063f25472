"""`i18n check`: does each translation keep what the source's markup, links and placeholders need?

A translation that loses a `**`, changes a link address or renames `{total}` still reads well
in the `.po` and only breaks in the course. This module compares each translated entry with
its source, using markdown-it's tokens (the parser the build renders with) rather than
guesses about the syntax, and reports every difference at its line in the `.po`:

    translations/fr/job-search.po:212: job-search:welcome/welcome-intro/text: link target … is missing

Errors: what breaks the course or `msgfmt -c` (line breaks at either end, placeholders, inline
markup, link targets, URLs, raw HTML or unsafe links, media paths, a header `Language` that
is not its folder's). Warnings: what is probably a slip but may be on purpose (paragraph and
list structure, spaces at either end).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from ..errors import Diagnostic, Severity, SourceLocation, UserError
from ..media import MediaPathError, resolve_media
from ..render.markdown import find_markup_problems, inspect_tokens
from .catalog import Catalog, Entry
from .catalog_io import read_catalog
from .contexts import is_media_entry
from .inventory import TranslationFile
from .languages import find_language
from .markup import PLACEHOLDER, bare_urls, is_markdown

_INLINE_KINDS = {"em_open": "*emphasis*", "strong_open": "**strong**", "code_inline": "`code`",
                 "link_open": "[link](…)", "image": "![image](…)"}
_MARKUP_HINT = ("keep the source's Markdown around the translated words: **strong**, *emphasis*, `code`, "
                "[link text](address)")


@dataclass(frozen=True)
class Facts:
    """What of a text must survive translation, counted (a Counter compares as a multiset)."""

    markup: Counter[str] = field(default_factory=Counter)
    link_targets: Counter[str] = field(default_factory=Counter)
    urls: Counter[str] = field(default_factory=Counter)
    placeholders: Counter[str] = field(default_factory=Counter)
    blocks: Counter[str] = field(default_factory=Counter)


def markdown_facts(text: str) -> Facts:
    """The facts of a Markdown text, from markdown-it's tokens."""
    facts = Facts(placeholders=Counter(PLACEHOLDER.findall(text)))
    in_list = in_link = 0
    for token in inspect_tokens(text):
        kind = token.type
        if kind in _INLINE_KINDS:
            facts.markup[_INLINE_KINDS[kind]] += 1
        if kind == "link_open":
            facts.link_targets[unquote(str(token.attrGet("href") or ""))] += 1
            in_link += 1
        elif kind == "link_close":
            in_link -= 1
        elif kind == "image":
            facts.link_targets[unquote(str(token.attrGet("src") or ""))] += 1
        elif kind == "text" and not in_link:
            facts.urls.update(bare_urls(token.content))
        elif kind == "list_item_open":
            in_list += 1
            facts.blocks["list items"] += 1
        elif kind == "list_item_close":
            in_list -= 1
        elif kind == "paragraph_open" and not in_list:
            facts.blocks["paragraphs"] += 1
        elif kind == "heading_open":
            facts.blocks["headings"] += 1
        elif kind in ("fence", "code_block"):
            facts.blocks["code blocks"] += 1
    return facts


def plain_facts(text: str) -> Facts:
    """The facts of a plain text (a title, a keyword): placeholders and addresses only."""
    return Facts(urls=Counter(bare_urls(text)), placeholders=Counter(PLACEHOLDER.findall(text)))


@dataclass(frozen=True)
class Finding:
    """One difference between a source and its translation, before it is given a place in a file."""

    message: str
    hint: str
    code: str
    severity: Severity = Severity.ERROR


def _ends(source: str, translation: str) -> list[Finding]:
    findings = []
    for where, test in (("starts", str.startswith), ("ends", str.endswith)):
        if test(source, "\n") != test(translation, "\n"):
            has, lacks = ("source", "translation") if test(source, "\n") else ("translation", "source")
            findings.append(Finding(f"the {has} {where} with a line break and the {lacks} does not",
                                    f"msgfmt -c refuses this: make the translation {where[:-1]} like the source",
                                    "newline"))
    for where, strip in (("starts", str.lstrip), ("ends", str.rstrip)):
        source_space = len(strip(source, " \t")) != len(source)
        if source_space != (len(strip(translation, " \t")) != len(translation)):
            has = "source" if source_space else "translation"
            findings.append(Finding(f"only the {has} {where} with a space", "keep the spaces at either end "
                                    "as in the source (or remove them from both)", "whitespace", Severity.WARNING))
    return findings


def _missing_and_extra(source: Counter[str], translation: Counter[str]) -> tuple[list[str], list[str]]:
    return sorted((source - translation).elements()), sorted((translation - source).elements())


def _placeholders(source: Facts, translation: Facts) -> list[Finding]:
    missing, extra = _missing_and_extra(source.placeholders, translation.placeholders)
    hint = "keep every {name} exactly as in the source; translate only the words around it"
    return ([Finding(f"placeholder `{name}` is missing in the translation", hint, "placeholder") for name in missing]
            + [Finding(f"`{name}` is not a placeholder of the source", hint, "placeholder") for name in extra])


def _markup(source: Facts, translation: Facts, *, links_reported: bool) -> list[Finding]:
    """Counts of each kind of inline markup; links and images only when `_links` has not named them."""
    findings = []
    for kind in _INLINE_KINDS.values():
        if links_reported and kind in (_INLINE_KINDS["link_open"], _INLINE_KINDS["image"]):
            continue
        if source.markup[kind] != translation.markup[kind]:
            findings.append(Finding(f"{kind} markup: {source.markup[kind]} in the source, "
                                    f"{translation.markup[kind]} in the translation", _MARKUP_HINT, "markup"))
    return findings


def _links(source: Facts, translation: Facts) -> list[Finding]:
    missing, extra = _missing_and_extra(source.link_targets, translation.link_targets)
    hint = "translate the link text between [ and ]; copy the address in ( ) exactly as in the source"
    return ([Finding(f"link target `{url}` is missing in the translation", hint, "link") for url in missing]
            + [Finding(f"the translation links to `{url}`, which the source does not", hint, "link")
               for url in extra])


def _urls(source: Facts, translation: Facts) -> list[Finding]:
    missing, extra = _missing_and_extra(source.urls, translation.urls)
    hint = "copy addresses unchanged from the source"
    return ([Finding(f"the address `{url}` is missing in the translation", hint, "url") for url in missing]
            + [Finding(f"the translation has the address `{url}`, which the source does not", hint, "url")
               for url in extra])


def _blocks(source: Facts, translation: Facts) -> list[Finding]:
    findings = []
    for kind in sorted(set(source.blocks) | set(translation.blocks)):
        if source.blocks[kind] != translation.blocks[kind]:
            findings.append(Finding(
                f"{source.blocks[kind]} {kind} in the source, {translation.blocks[kind]} in the translation",
                "keep the blank lines between paragraphs and the `- ` of list items as in the source",
                "structure", Severity.WARNING))
    return findings


def _safety(translation: str) -> list[Finding]:
    return [Finding(problem.message, problem.hint, "unsafe-markup") for problem in find_markup_problems(translation)]


def compare(source: str, translation: str, markdown: bool) -> list[Finding]:
    """Every difference between a source text and its (non-empty) translation."""
    facts = markdown_facts if markdown else plain_facts
    before, after = facts(source), facts(translation)
    findings = _ends(source, translation) + _placeholders(before, after) + _urls(before, after)
    if markdown:
        links = _links(before, after)
        findings += _markup(before, after, links_reported=bool(links)) + links + _safety(translation)
        findings += _blocks(before, after)
    return findings


def media_findings(translation: str, module_dir: Path) -> list[Finding]:
    """A localised media path must name a file inside the module, like the source's (media.py's rules)."""
    try:
        resolve_media(module_dir, translation)
    except MediaPathError as problem:
        return [Finding(f"`{translation}`: {problem}", problem.hint, "media")]
    return []


def entry_findings(entry: Entry, module_dir: Path) -> list[Finding]:
    """Findings for one translated (or fuzzy) entry; nothing for an empty one."""
    if not entry.translated:
        return []
    if entry.msgctxt is not None and is_media_entry(entry.msgctxt):
        return media_findings(entry.msgstr, module_dir)
    if entry.msgid_plural is None:
        return compare(entry.msgid, entry.msgstr, is_markdown(entry))
    findings = []
    for index, text in sorted(entry.msgstr_plural.items()):
        if text:
            findings += compare(entry.msgid if index == 0 else entry.msgid_plural, text, is_markdown(entry))
    return findings


def _header_language(catalog: Catalog, file: TranslationFile, text: str) -> list[Diagnostic]:
    language = find_language(file.lang)
    expected = language.gettext_code if language else file.lang
    written = catalog.get("Language") or ""
    if written.replace("-", "_").lower() == expected.lower():
        return []
    lines = text.split("\n")
    line = next((number for number, content in enumerate(lines, 1) if content.startswith('"Language:')), 1)
    return [Diagnostic(SourceLocation(file.display, line), f"the header says `Language: {written}` "
                       f"but the file is in the folder of `{file.lang}`",
                       hint=f"write `Language: {expected}`, or move the file to translations/{written}/ "
                            "if that is its language (`moduletool i18n update` corrects the header)",
                       code="header-language")]


@dataclass
class CheckReport:
    """What `check` looked at and found."""

    files: list[str] = field(default_factory=list)
    entries: int = 0
    """Entries with a translation that were compared with their source."""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def summary(self) -> str:
        """`2 files, 24 entries checked, no problems` (or how many errors and warnings)."""
        errors = sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)
        warnings = len(self.diagnostics) - errors
        files = f"{len(self.files)} file{'s' if len(self.files) != 1 else ''}"
        found = "no problems" if not self.diagnostics else f"{errors} error{'s' if errors != 1 else ''}, " \
            f"{warnings} warning{'s' if warnings != 1 else ''}"
        return f"{files}, {self.entries} entries checked, {found}"

    def as_json(self) -> dict[str, object]:
        errors = sum(1 for d in self.diagnostics if d.severity is Severity.ERROR)
        return {"ok": not errors, "files": self.files, "entries_checked": self.entries, "errors": errors,
                "warnings": len(self.diagnostics) - errors, "diagnostics": [d.as_json() for d in self.diagnostics]}


def check_file(file: TranslationFile, report: CheckReport) -> None:
    """Check one existing `.po`; problems (an unreadable file included) go into the report."""
    try:
        catalog = read_catalog(file.path, file.display)
    except UserError as error:
        report.diagnostics += error.diagnostics
        return
    report.files.append(file.display)
    report.diagnostics += _header_language(catalog, file, file.path.read_text(encoding="utf-8"))
    for entry in catalog.active:
        if not entry.translated:
            continue
        report.entries += 1
        for finding in entry_findings(entry, file.module.folder):
            report.diagnostics.append(Diagnostic(SourceLocation(file.display, entry.line), finding.message,
                                                 field=entry.msgctxt or "", hint=finding.hint,
                                                 severity=finding.severity, code=finding.code))


def check_translations(files: list[TranslationFile]) -> CheckReport:
    """Check every existing file of `files` (missing ones are `stats`' business, not errors)."""
    report = CheckReport()
    for file in files:
        if file.exists:
            check_file(file, report)
    return report
