"""`moduletool i18n mt`: machine-translation drafts for the empty entries of a language's catalogs.

The run, module by module, page by page:

1. plan: read each `translations/<lang>/<id>.po`; take the active entries that are empty and not
   fuzzy (nothing a person wrote or a machine drafted is ever touched), except media paths (an
   empty one means "the same file") and texts that are only an address or a file name; take each
   apart for the engine (`mt_markup`);
2. batch: the entries of one page go together, so the page's text can go along as `context`
   (which DeepL does not bill); each request stays within DeepL's limits (`MAX_TEXTS` texts,
   `MAX_REQUEST_BYTES` bytes);
3. after every request the drafts are checked (markup on return), written as fuzzy entries with a
   provenance comment (`provenance.record_machine_draft`) and the catalog is saved atomically. A
   run that is interrupted, or stopped by the quota, loses at most the request in flight, and a
   rerun picks up exactly the entries still empty.

`estimate` is the dry run: the same plan, no network, how many characters would be sent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Diagnostic, Severity, SourceLocation, UserError
from ..project import ModuleSource, Project
from ..render.markdown import to_plain_text
from .catalog import Catalog, Entry
from .catalog_io import now_stamp, po_path, read_catalog, write_catalog
from .contexts import is_media_entry
from .extract import MARKDOWN_NOTE
from .glossary import Glossary, glossary_path, read_glossary
from .languages import Language, get_language
from .mt_deepl import (
    ENGINE,
    MAX_REQUEST_BYTES,
    MAX_TEXTS,
    DeepLEngine,
    EngineError,
    Formality,
    Target,
    Translation,
    markup_mode,
    server_url,
    target_code,
)
from .mt_markup import MarkupError, Mode, Prepared, Unsupported, prepare
from .provenance import record_machine_draft

CONTEXT_CHARACTERS = 4000
"""At most this much of a page goes along as context: enough to settle terms and register."""
REQUEST_MARGIN = 4096
"""Bytes kept free in each request for the parameters the client adds (languages, tags, glossary)."""

_MODULE_LEVEL = re.compile(r"^(title|description|keywords/\d+|objectives/[^/]+/text)$")
_ADDRESS_ONLY = re.compile(r"^(?:(?:https?|mailto|tel|ftp):\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+"
                           r"|[\w./-]+\.[a-z][a-z0-9]{0,4})$", re.IGNORECASE)
"""A web or mail address, or a file name: nothing to translate."""


@dataclass
class Job:
    """One empty entry and its text, taken apart for the engine."""

    entry: Entry
    prepared: Prepared
    done: bool = False
    """Sent and answered (drafted or refused), or found too long to send."""


@dataclass
class Batch:
    """What goes in one request."""

    jobs: list[Job]
    context: str | None


@dataclass(frozen=True)
class Note:
    """An entry left for people, and why; located when reported, since drafts move it down the file."""

    entry: Entry
    message: str
    hint: str
    code: str
    """`mt-not-sent` (before sending) or `mt-refused` (the draft's markup came back broken)."""


@dataclass
class FilePlan:
    """One catalog: what will be sent, page by page, and what will not."""

    module: str
    path: Path
    display: str
    catalog: Catalog
    pages: dict[str, list[Job]] = field(default_factory=dict)
    contexts: dict[str, str] = field(default_factory=dict)
    skipped: int = 0
    """Empty entries with nothing to translate: only an address, a file name, or no words."""
    notes: list[Note] = field(default_factory=list)
    """Entries that cannot be sent or whose draft was refused: left for people."""
    drafted: int = 0
    billed: int = 0
    """Characters billed by the engine for this file's requests."""

    @property
    def jobs(self) -> list[Job]:
        return [job for jobs in self.pages.values() for job in jobs]

    @property
    def characters(self) -> int:
        """Characters of the texts to send, markup included (the dry run's estimate)."""
        return sum(len(job.prepared.text) for job in self.jobs)

    @property
    def pending(self) -> int:
        """Texts not sent yet (non-zero only when a run stopped)."""
        return sum(1 for job in self.jobs if not job.done)

    @property
    def refused(self) -> int:
        """Texts whose draft came back with broken markup: still empty, a rerun sends them again."""
        return sum(1 for note in self.notes if note.code == "mt-refused")

    def note(self, entry: Entry, message: str, hint: str, code: str) -> None:
        self.notes.append(Note(entry, message, hint, code))

    def diagnostics(self) -> list[Diagnostic]:
        """The notes as warnings at the entries' lines in the file as it is now."""
        return [Diagnostic(SourceLocation(self.display, note.entry.line), note.message, field=note.entry.msgctxt or "",
                           hint=note.hint, severity=Severity.WARNING, code=note.code) for note in self.notes]

    def relocate(self) -> None:
        """Take the entries' line numbers from the file as written (drafts add comment lines above them)."""
        lines = {entry.msgctxt: entry.line for entry in read_catalog(self.path, self.display).active}
        for entry in self.catalog.active:
            entry.line = lines.get(entry.msgctxt, entry.line)

    def as_json(self) -> dict[str, object]:
        return {"module": self.module, "file": self.display, "texts": len(self.jobs), "drafted": self.drafted,
                "characters": self.billed, "refused": self.refused, "pending": self.pending, "skipped": self.skipped}


@dataclass
class Estimate:
    """The dry run: per file, how many texts and characters would go to the engine."""

    lang: str
    target: str
    mode: Mode
    files: list[FilePlan]

    def as_json(self) -> dict[str, object]:
        files = [{"module": plan.module, "file": plan.display, "texts": len(plan.jobs),
                  "characters": plan.characters, "skipped": plan.skipped} for plan in self.files]
        return {"dry_run": True, "lang": self.lang, "engine": ENGINE, "target": self.target, "markup": self.mode.value,
                "texts": sum(len(plan.jobs) for plan in self.files),
                "characters": sum(plan.characters for plan in self.files), "files": files,
                "diagnostics": [d.as_json() for plan in self.files for d in plan.diagnostics()]}


@dataclass
class Outcome:
    """What a run did; `stopped` says why it ended early (then a rerun continues)."""

    lang: str
    code: str
    """The DeepL target code (known before any request)."""
    mode: Mode
    files: list[FilePlan]
    target: Target | None = None
    """What DeepL settled on; None when nothing had to be sent."""
    glossary: Glossary | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    stopped: Diagnostic | None = None

    @property
    def drafted(self) -> int:
        return sum(plan.drafted for plan in self.files)

    @property
    def pending(self) -> int:
        return sum(plan.pending for plan in self.files)

    @property
    def empty(self) -> int:
        """Texts a rerun would send: the ones not sent yet and the ones whose draft was refused."""
        return sum(plan.pending + plan.refused for plan in self.files)

    def all_diagnostics(self) -> list[Diagnostic]:
        notes = [note for plan in self.files for note in plan.diagnostics()]
        return [*self.diagnostics, *notes, *([self.stopped] if self.stopped else [])]

    def as_json(self) -> dict[str, object]:
        target = self.target
        glossary = None
        if self.glossary is not None:
            glossary = {"file": self.glossary.display, "entries": len(self.glossary.entries),
                        "used": bool(target and target.glossary_id)}
        return {"ok": self.stopped is None, "lang": self.lang, "engine": ENGINE,
                "target": target.code if target else self.code, "markup": self.mode.value,
                "formality": target.formality if target else None, "glossary": glossary,
                "drafted": self.drafted, "characters": sum(plan.billed for plan in self.files),
                "pending": self.pending, "files": [plan.as_json() for plan in self.files],
                "diagnostics": [d.as_json() for d in self.all_diagnostics()]}


# --- planning ---------------------------------------------------------------------------------

def page_of(msgctxt: str) -> str:
    """The page an entry belongs to (`""` for the module's own title, description, keywords, objectives)."""
    _, _, path = msgctxt.partition(":")
    return "" if _MODULE_LEVEL.match(path) else path.split("/")[0]


def _is_markdown(entry: Entry) -> bool:
    return MARKDOWN_NOTE in entry.extracted_comments


def _wanted(entry: Entry) -> bool:
    """Empty, not fuzzy, a single message, and not a media path."""
    return (not entry.obsolete and not entry.translated and not entry.fuzzy and entry.msgid_plural is None
            and bool(entry.msgid.strip()) and not is_media_entry(entry.msgctxt or ""))


def _context_text(entry: Entry) -> str:
    return to_plain_text(entry.msgid) if _is_markdown(entry) else " ".join(entry.msgid.split())


def plan_file(project: Project, source: ModuleSource, language: Language, mode: Mode) -> FilePlan:
    """Read one catalog and take apart every entry that will be sent."""
    path = po_path(project.root, language.tag, source.id)
    display = project.display(path)
    if not path.is_file():
        raise UserError.at(display, "no such translation",
                           hint=f"start it with `moduletool i18n init --lang {language.tag} {source.id}`",
                           code="no-translation")
    catalog = read_catalog(path, display)
    plan = FilePlan(source.id, path, display, catalog)
    page_texts: dict[str, list[str]] = {}
    for entry in catalog.active:
        if not entry.msgid.strip() or is_media_entry(entry.msgctxt or ""):
            continue
        page = page_of(entry.msgctxt or "")
        page_texts.setdefault(page, []).append(_context_text(entry))
        if not _wanted(entry):
            continue
        if _ADDRESS_ONLY.match(entry.msgid.strip()):
            plan.skipped += 1
            continue
        try:
            prepared = prepare(entry.msgid, markdown=_is_markdown(entry), mode=mode)
        except Unsupported as problem:
            plan.note(entry, f"not sent for machine translation: {problem}", "translate this entry by hand",
                      "mt-not-sent")
            continue
        if not prepared.has_words:
            plan.skipped += 1
            continue
        plan.pages.setdefault(page, []).append(Job(entry, prepared))
    plan.contexts = {page: "\n".join(texts)[:CONTEXT_CHARACTERS] for page, texts in page_texts.items()}
    return plan


def plan_files(project: Project, sources: list[ModuleSource], language: Language, mode: Mode) -> list[FilePlan]:
    """Every catalog's plan; a missing or unreadable catalog stops everything before any request."""
    plans, problems = [], []
    for source in sources:
        try:
            plans.append(plan_file(project, source, language, mode))
        except UserError as error:
            problems += error.diagnostics
    if problems:
        raise UserError(problems)
    return plans


def _request_bytes(texts: list[str], context: str | None) -> int:
    """The size of the JSON body the client sends (it encodes with ASCII escapes, as json.dumps does)."""
    return len(json.dumps({"text": texts, "context": context})) + REQUEST_MARGIN


def batches(plan: FilePlan) -> Iterator[Batch]:
    """The plan's requests: page by page, at most MAX_TEXTS texts and MAX_REQUEST_BYTES bytes each.

    A text too large to go with its page's context goes alone without it; one too large even
    alone is noted for people and not sent.
    """
    for page, jobs in plan.pages.items():
        context = plan.contexts.get(page) or None
        current: list[Job] = []
        for job in jobs:
            if current and (len(current) >= MAX_TEXTS or
                            _request_bytes([j.prepared.text for j in (*current, job)], context) > MAX_REQUEST_BYTES):
                yield Batch(current, context)
                current = []
            if _request_bytes([job.prepared.text], context) <= MAX_REQUEST_BYTES:
                current.append(job)
            elif _request_bytes([job.prepared.text], None) <= MAX_REQUEST_BYTES:
                yield Batch([job], None)
            else:
                job.done = True
                plan.note(job.entry, f"not sent for machine translation: longer than one DeepL request allows "
                                     f"({MAX_REQUEST_BYTES // 1024} KiB)",
                          "split the text in the module, or translate it by hand", "mt-not-sent")
        if current:
            yield Batch(current, context)


# --- running ----------------------------------------------------------------------------------

def _target_language(project: Project, lang: str) -> Language:
    language = get_language(lang)
    if language.tag.split("-")[0] == project.config.source_language.split("-")[0]:
        raise UserError.at("--lang", f"`{language.tag}` is the source language of the project",
                           hint="machine translation is for the other languages", code="source-language")
    return language


def estimate(project: Project, sources: list[ModuleSource], lang: str) -> Estimate:
    """The dry run: what would be sent, without a key and without any request."""
    language = _target_language(project, lang)
    code = target_code(language)
    mode = markup_mode(code)
    return Estimate(language.tag, code, mode, plan_files(project, sources, language, mode))


def _glossary(project: Project, language: Language) -> Glossary | None:
    source = project.config.source_language
    path = glossary_path(project.root, source, language.tag)
    return None if path is None else read_glossary(path, project.display(path), source, language.tag)


Progress = Callable[[int, int], None]
"""Called with (texts done, texts in all) after every request."""


def translate(project: Project, sources: list[ModuleSource], lang: str, *, server: str | None,
              formality: Formality, on_progress: Progress | None = None) -> Outcome:
    """Fill the empty entries of `lang` with machine drafts, saving after every request."""
    url = server_url(server)
    language = _target_language(project, lang)
    glossary = _glossary(project, language)
    code = target_code(language)
    plans = plan_files(project, sources, language, markup_mode(code))
    outcome = Outcome(language.tag, code, markup_mode(code), plans, glossary=glossary)
    total = sum(len(plan.jobs) for plan in plans)
    if total == 0:
        return outcome
    engine = DeepLEngine(url)
    try:
        try:
            target, notes = engine.resolve(language, project.config.source_language, formality, glossary)
        except EngineError as error:
            raise UserError.at(engine.server, error.message, hint=error.hint, code="mt-engine") from None
        outcome.target, outcome.diagnostics = target, notes
        _run(outcome, engine, project.config.source_language, total, on_progress)
    finally:
        engine.close()
    return outcome


def _run(outcome: Outcome, engine: DeepLEngine, source_tag: str, total: int, on_progress: Progress | None) -> None:
    """Send every batch of every file; stop at the first failure of the service, with everything so far saved."""
    assert outcome.target is not None
    date = now_stamp()[:10]
    done = 0
    for plan in outcome.files:
        try:
            for batch in batches(plan):
                try:
                    results = engine.translate([job.prepared.text for job in batch.jobs], source_tag=source_tag,
                                               target=outcome.target, context=batch.context)
                except EngineError as error:
                    outcome.stopped = _stopped(outcome, plan, error)
                    return
                except KeyboardInterrupt:
                    outcome.stopped = _stopped(outcome, plan, EngineError("interrupted", ""))
                    return
                _apply(plan, batch, results, date)
                done += len(batch.jobs)
                if on_progress is not None:
                    on_progress(done, total)
        finally:
            if plan.drafted and plan.notes:
                plan.relocate()


def _apply(plan: FilePlan, batch: Batch, results: list[Translation], date: str) -> None:
    """Write the batch's drafts whose markup came back intact, and save the catalog at once."""
    drafted = plan.drafted
    for job, result in zip(batch.jobs, results, strict=True):
        job.done = True
        plan.billed += result.billed_characters  # billed whether or not the draft is any good
        try:
            text = job.prepared.restore(result.text)
        except MarkupError as problem:
            plan.note(job.entry, f"machine draft not written: {problem}", "translate this entry by hand",
                      "mt-refused")
            continue
        record_machine_draft(job.entry, text, ENGINE, date)
        plan.drafted += 1
    if plan.drafted > drafted:
        plan.catalog.set("PO-Revision-Date", now_stamp())
        write_catalog(plan.path, plan.catalog)


def _stopped(outcome: Outcome, plan: FilePlan, error: EngineError) -> Diagnostic:
    """Why the run stopped, what is saved and how to continue."""
    saved = f"{outcome.drafted} draft(s) of this run are saved" if outcome.drafted else "nothing was drafted"
    rerun = f"`moduletool i18n mt --lang {outcome.lang}` continues with the {outcome.empty} text(s) left"
    hint = "; ".join(part for part in (error.hint, f"{saved}; {rerun}") if part)
    return Diagnostic(SourceLocation(plan.display), f"stopped: {error.message}", hint=hint, code="mt-stopped")
