"""XLIFF 1.2 for translation agencies: export a `.po` as `.xlf`, import the translated `.xlf` back.

Agencies' CAT tools (Trados, memoQ, Phrase…) read XLIFF 1.2 more reliably than gettext. The
mapping is deliberately narrow so that it is lossless:

* one `<file>` per `.po`, `original` = the `.po`'s path in the project (the import writes back
  there and nowhere else); one `<trans-unit>` per active entry, `id` = `resname` = msgctxt;
* Markdown syntax, link addresses and `{placeholders}` travel as inline codes (`<bpt>`/`<ept>`
  around emphasis and link text, `<ph>` for the rest; see `markup.segment`), so the tools lock
  them; on import each code is restored from the exported `<source>` by its id, whatever the
  tool wrote inside it;
* states: no `<target>` for an untranslated entry, `needs-review-translation` for a fuzzy one
  (with `state-qualifier="mt-suggestion"` for an unreviewed machine draft), `translated` for a
  reviewed one. Back in gettext, `translated`, `final` and `signed-off` are reviewed; any other
  state is fuzzy.

The import changes only msgstr and the fuzzy flag (with the previous source, `#|`, which
belongs to it): comments, machine-translation provenance and everything else stay. A file
with any problem is not imported at all, and a `.po` is only rewritten when a translation or
a state really changed — an export imported unchanged leaves every byte as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from lxml import etree

from ..errors import Diagnostic, Severity, SourceLocation, UserError
from ..fsutil import write_atomic
from ..project import ModuleSource, Project
from .catalog import Catalog, Entry
from .catalog_io import TRANSLATIONS_DIR, po_path, read_catalog, write_catalog
from .languages import canonical_tag, get_language
from .markup import Code, Piece, align, is_markdown, segment
from .provenance import State, state_of

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
XLIFF_DIR = "xliff"
TOOL = "moduletool"

REVIEWED_STATES = frozenset({"translated", "final", "signed-off"})
_UNTOUCHED_STATES = frozenset({"new", "needs-translation"})
"""States a tool gives a target it merely pre-filled (often with a copy of the source)."""
_CODE_TAGS = frozenset({"ph", "bpt", "ept"})
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def xliff_path(root: Path, lang: str, module_id: str) -> Path:
    """translations/xliff/<lang>/<id>.xlf, the default place of an export."""
    return root / TRANSLATIONS_DIR / XLIFF_DIR / lang / f"{module_id}.xlf"


@dataclass
class XliffResult:
    """One XLIFF file written (export) or read (import), and what it did to its catalog."""

    xliff: str
    po: str
    action: str
    """export: `created`, `updated`, `unchanged`; import: `updated`, `unchanged`."""
    units: int = 0
    changed: int = 0
    """Import: entries whose translation or state changed."""

    def as_json(self) -> dict[str, object]:
        return dict(vars(self))


@dataclass
class XliffOutcome:
    """Every file handled, and every problem met (a file with an error is left untouched)."""

    files: list[XliffResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {"ok": not self.failed, "failed": self.failed, "files": [f.as_json() for f in self.files],
                "diagnostics": [d.as_json() for d in self.diagnostics]}


# --- export ---------------------------------------------------------------------------------

def _xml_safe(entry: Entry, display: str) -> None:
    """XML cannot carry most control characters; say which one and where instead of failing in lxml."""
    texts = [entry.msgctxt or "", entry.msgid, entry.msgstr, entry.previous_msgid or "", *entry.extracted_comments]
    for text in texts:
        bad = _NOT_XML.search(text)
        if bad:
            raise UserError.at(display, f"{entry.msgctxt}: contains the control character "
                               f"U+{ord(bad.group(0)):04X}, which XML (and so XLIFF) cannot carry",
                               hint="remove it (in the module too if it is in the source text), then export again",
                               line=entry.line, code="xliff-control-character")


def _append_pieces(element: etree._Element, pieces: list[Piece]) -> None:
    """Words as text, codes as `<ph>`/`<bpt>`/`<ept>` holding the Markdown they stand for."""
    last: etree._Element | None = None
    for piece in pieces:
        if isinstance(piece, Code):
            last = etree.SubElement(element, _q(piece.kind), id=str(piece.id))
            if piece.kind != "ept":  # XLIFF 1.2 gives the type on the opening code only
                last.set("ctype", piece.ctype)
            last.text = piece.content
        elif last is None:
            element.text = (element.text or "") + piece
        else:
            last.tail = (last.tail or "") + piece


def _unit(entry: Entry) -> etree._Element:
    context = entry.msgctxt or ""
    unit = etree.Element(_q("trans-unit"), id=context, resname=context)
    unit.set(XML_SPACE, "preserve")
    markdown = is_markdown(entry)
    source = segment(entry.msgid, markdown)
    _append_pieces(etree.SubElement(unit, _q("source")), source)
    state = state_of(entry)
    if state is not State.untranslated:
        target = etree.SubElement(unit, _q("target"))
        target.set("state", "translated" if state is State.translated else "needs-review-translation")
        if state is State.machine_draft:
            target.set("state-qualifier", "mt-suggestion")
        _append_pieces(target, align(segment(entry.msgstr, markdown), source))
    for comment in entry.extracted_comments:
        etree.SubElement(unit, _q("note"), {"from": "developer"}).text = comment
    if state is not State.translated and entry.previous_msgid is not None:
        note = etree.SubElement(unit, _q("note"), {"from": TOOL, "annotates": "source"})
        note.text = f"Source before the last change: {entry.previous_msgid}"
    return unit


def _indent(element: etree._Element, level: int = 0) -> None:
    """Indent the structure only: whitespace inside `<source>`, `<target>` and `<note>` is content."""
    children = list(element)
    if not children or element.tag in (_q("source"), _q("target"), _q("note")):
        return
    element.text = "\n" + "  " * (level + 1)
    for child in children:
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    children[-1].tail = "\n" + "  " * level


def catalog_xliff(catalog: Catalog, po_display: str, lang: str, source_language: str) -> bytes:
    """The XLIFF 1.2 document for one catalog; untranslatable characters are located user errors."""
    units = []
    for entry in catalog.active:
        if entry.msgid_plural is not None:
            continue  # the extractor writes no plural entries; XLIFF 1.2 would need a group per form
        _xml_safe(entry, po_display)
        units.append(_unit(entry))
    root = etree.Element(_q("xliff"), nsmap={None: NS}, version="1.2")
    file = etree.SubElement(root, _q("file"), {"original": po_display, "source-language": source_language,
                                               "target-language": lang, "datatype": "plaintext",
                                               "tool-id": TOOL})
    header = etree.SubElement(file, _q("header"))
    etree.SubElement(header, _q("tool"), {"tool-id": TOOL, "tool-name": TOOL})
    body = etree.SubElement(file, _q("body"))
    body.extend(units)
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def export_xliff(project: Project, sources: list[ModuleSource], lang: str, output: Path | None = None) -> XliffOutcome:
    """Write one `.xlf` per module for `lang`: in `output` if given, else translations/xliff/<lang>/."""
    outcome = XliffOutcome()
    language = get_language(lang)
    for source in sorted(sources, key=lambda source: source.id):
        po = po_path(project.root, language.tag, source.id)
        target = (output / f"{source.id}.xlf") if output is not None else xliff_path(project.root, language.tag,
                                                                                     source.id)
        try:
            if not po.is_file():
                raise UserError.at(project.display(po), "no such translation",
                                   hint=f"start it with `moduletool i18n init --lang {language.tag} {source.id}`",
                                   code="no-translation")
            catalog = read_catalog(po, project.display(po))
            source_language = catalog.get("X-Source-Language") or project.config.source_language
            data = catalog_xliff(catalog, project.display(po), language.tag, source_language)
        except UserError as error:
            outcome.diagnostics += error.diagnostics
            outcome.failed.append(source.id)
            continue
        existed = target.is_file()
        action = "unchanged" if existed and target.read_bytes() == data else ("updated" if existed else "created")
        if action != "unchanged":
            write_atomic(target, data)
        units = sum(1 for entry in catalog.active if entry.msgid_plural is None)
        outcome.files.append(XliffResult(project.display(target), project.display(po), action, units))
    return outcome


# --- import ---------------------------------------------------------------------------------

@dataclass
class _Change:
    entry: Entry
    msgstr: str
    fuzzy: bool


class _FileImport:
    """Reading one XLIFF file: every problem is collected with its line, nothing is written until all is well."""

    def __init__(self, project: Project, path: Path) -> None:
        self.project = project
        self.display = project.display(path)
        self.diagnostics: list[Diagnostic] = []

    def error(self, node: etree._Element | None, message: str, hint: str = "", code: str = "xliff") -> None:
        line = (node.sourceline or 0) if node is not None else 0
        self.diagnostics.append(Diagnostic(SourceLocation(self.display, line), message, hint=hint, code=code))

    def warn(self, node: etree._Element, message: str, hint: str, code: str) -> None:
        self.diagnostics.append(Diagnostic(SourceLocation(self.display, node.sourceline or 0), message, hint=hint,
                                           severity=Severity.WARNING, code=code))

    def catalog_of(self, file: etree._Element) -> tuple[Path, Catalog] | None:
        """The `.po` a `<file>` came from, checked against its `target-language`."""
        original = file.get("original", "")
        parts = PurePosixPath(original).parts
        hint = "import only files exported by `moduletool i18n export-xliff`; keep their `original` attribute"
        if len(parts) != 3 or parts[0] != TRANSLATIONS_DIR or not parts[2].endswith(".po") or ".." in parts:
            self.error(file, f"`original=\"{original}\"` is not a translation of this project "
                       "(translations/<lang>/<id>.po)", hint, "xliff-original")
            return None
        lang = parts[1]
        written = file.get("target-language")
        if written is not None and canonical_tag(written) != canonical_tag(lang):
            self.error(file, f"target-language `{written}` does not match `{original}`",
                       f"the file holds {lang} translations; set target-language=\"{lang}\"", "xliff-language")
            return None
        path = po_path(self.project.root, lang, parts[2][:-3])
        if not path.is_file():
            self.error(file, f"`{original}` does not exist in this project",
                       f"start it with `moduletool i18n init --lang {lang} {parts[2][:-3]}`, or run the import "
                       "in the project the file was exported from", "no-translation")
            return None
        try:
            return path, read_catalog(path, self.project.display(path))
        except UserError as error:
            self.diagnostics += error.diagnostics
            return None

    def flatten(self, element: etree._Element, codes: dict[tuple[str, str], str], *, source: bool) -> str:
        """The text of a `<source>` (recording the content of its codes in `codes`) or of a `<target>`
        (restoring each code from `codes` by its id, whatever the tool left inside it)."""
        parts = [element.text or ""]
        for child in element:
            if isinstance(child.tag, str):
                name = etree.QName(child).localname
                if name == "mrk":  # a CAT tool's segment or comment marker: its content is text
                    parts.append(self.flatten(child, codes, source=source))
                elif name not in _CODE_TAGS:
                    self.error(child, f"inline element <{name}> is not one moduletool writes",
                               "keep the <ph>, <bpt> and <ept> codes of the export; do not add others",
                               "xliff-inline")
                elif source:
                    codes[(name, child.get("id", ""))] = "".join(child.itertext())
                    parts.append(codes[(name, child.get("id", ""))])
                elif (name, child.get("id", "")) in codes:
                    parts.append(codes[(name, child.get("id", ""))])
                else:
                    self.error(child, f"<{name} id=\"{child.get('id', '')}\"> is not a code of the source",
                               "use only the inline codes (tags) of the source segment", "xliff-inline")
            parts.append(child.tail or "")
        return "".join(parts)

    def change(self, unit: etree._Element, entry: Entry) -> _Change | None:
        """What the unit says the entry should become, or None when it says nothing new."""
        source = unit.find(_q("source"))
        target = unit.find(_q("target"))
        if source is None:
            self.error(unit, "trans-unit without <source>", code="xliff-structure")
            return None
        codes: dict[tuple[str, str], str] = {}
        source_text = self.flatten(source, codes, source=True)
        if target is None:
            return None
        text = self.flatten(target, codes, source=False)
        opened = {code.get("id", "") for code in target.iter(_q("bpt"))}
        closed = {code.get("id", "") for code in target.iter(_q("ept"))}
        for unpaired in sorted(opened ^ closed):
            self.error(target, f"{entry.msgctxt}: the code {unpaired} is opened or closed but not both "
                       f"(<bpt id=\"{unpaired}\"> and <ept id=\"{unpaired}\"> go in pairs)",
                       "keep each pair of codes of the source around the words they mark", "xliff-inline")
        state = target.get("state")
        if state in _UNTOUCHED_STATES and text == source_text:
            return None  # a copy of the source the tool pre-filled, not a translation
        reviewed = state in REVIEWED_STATES if state is not None else unit.get("approved") != "no"
        stale = source_text != entry.msgid
        if stale:
            self.warn(unit, f"{entry.msgctxt}: the source text changed since the export; the translation is "
                      "imported marked fuzzy", "review it against the current source", "xliff-stale-source")
        for where, test in (("start", str.startswith), ("end", str.endswith)):
            if text and text != entry.msgstr and test(text, "\n") != test(entry.msgid, "\n"):
                self.error(target, f"{entry.msgctxt}: the translation must {where} with a line break exactly when "
                           "the source does", f"{'add' if test(entry.msgid, chr(10)) else 'remove'} the line break "
                           f"at the {where} of the target", "newline")
        return _Change(entry, text, bool(text) and (stale or not reviewed))


def _parse(path: Path, display: str) -> etree._Element:
    if not path.is_file():
        raise UserError.at(display, "no such file", hint="name the .xlf files to import", code="xliff-missing")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        # From bytes, not from the path: lxml reports a file's encoding errors as a bare OSError.
        root = etree.fromstring(path.read_bytes(), parser)
    except etree.XMLSyntaxError as error:
        line, column = error.position
        raise UserError.at(display, f"not well-formed XML: {error.msg}", line=line, column=column,
                           hint="the file was damaged; export it again from the CAT tool", code="xliff-syntax") from None
    except OSError as error:
        raise UserError.at(display, f"cannot read: {error.strerror or error}", code="xliff-unreadable") from None
    if root.getroottree().docinfo.internalDTD is not None:
        # Entities can pull in local files (XXE) or expand to gigabytes; CAT tools never write them.
        raise UserError.at(display, "a <!DOCTYPE> with declarations is not allowed in an XLIFF file", line=1,
                           hint="remove the <!DOCTYPE …> part; export the file again from the CAT tool",
                           code="xliff-doctype")
    if root.tag != _q("xliff") or root.get("version") != "1.2":
        raise UserError.at(display, "not an XLIFF 1.2 file", line=root.sourceline or 0,
                           hint="export XLIFF 1.2 (urn:oasis:names:tc:xliff:document:1.2) from the CAT tool",
                           code="xliff-version")
    if root.find(_q("file")) is None:
        raise UserError.at(display, "no <file> element: nothing to import", line=root.sourceline or 0,
                           hint="import the .xlf files `moduletool i18n export-xliff` wrote, translated",
                           code="xliff-structure")
    return root


def _apply(change: _Change) -> bool:
    """Set msgstr and the fuzzy flag; True when anything changed. Reviewing drops the previous source."""
    entry = change.entry
    if entry.msgstr == change.msgstr and (entry.fuzzy == change.fuzzy or not entry.translated):
        return False  # (an empty entry has no fuzzy state to change)
    entry.msgstr = change.msgstr
    entry.set_fuzzy(change.fuzzy)
    if not change.fuzzy:
        entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
    return True


def _import_file(project: Project, path: Path, outcome: XliffOutcome) -> None:
    reader = _FileImport(project, path)
    try:
        root = _parse(path, reader.display)
    except UserError as error:
        outcome.diagnostics += error.diagnostics
        outcome.failed.append(reader.display)
        return
    targets: list[tuple[Path, Catalog, list[_Change], int]] = []
    for file in root.iter(_q("file")):
        found = reader.catalog_of(file)
        if found is None:
            continue
        po, catalog = found
        if any(po == other for other, *_ in targets):
            reader.error(file, f"a second <file> for `{project.display(po)}`", code="xliff-duplicate")
            continue
        entries = {entry.msgctxt: entry for entry in catalog.active}
        changes: list[_Change] = []
        seen: set[str] = set()
        units = 0
        for unit in file.iter(_q("trans-unit")):
            units += 1
            unit_id = unit.get("id", "")
            entry = entries.get(unit_id)
            if unit_id in seen:
                reader.error(unit, f"trans-unit id `{unit_id}` appears twice", code="xliff-duplicate")
            elif entry is None or entry.msgid_plural is not None:
                reader.error(unit, f"unknown trans-unit id `{unit_id}`: `{project.display(po)}` has no such entry",
                             "the module changed since the export: run `moduletool i18n update`, export again and "
                             "carry the translations over in the CAT tool (its translation memory does that)",
                             "xliff-unknown-id")
            else:
                change = reader.change(unit, entry)
                if change is not None:
                    changes.append(change)
            seen.add(unit_id)
        targets.append((po, catalog, changes, units))
    outcome.diagnostics += reader.diagnostics
    if any(d.severity is Severity.ERROR for d in reader.diagnostics):
        outcome.failed.append(reader.display)
        return
    for po, catalog, changes, units in targets:
        changed = sum(1 for change in changes if _apply(change))
        if changed:
            write_catalog(po, catalog)
        outcome.files.append(XliffResult(reader.display, project.display(po), "updated" if changed else "unchanged",
                                          units, changed))


def import_xliff(project: Project, paths: list[Path]) -> XliffOutcome:
    """Bring each XLIFF file's translations and states back into the `.po` it was exported from."""
    outcome = XliffOutcome()
    for path in paths:
        _import_file(project, path, outcome)
    return outcome
