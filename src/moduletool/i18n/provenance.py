"""Where a translation came from: machine drafts carry a provenance comment; people remove the fuzzy flag.

Machine translation writes one translator comment on every draft it fills:

    # machine-translation: engine=deepl date=2026-11-21 sha256=3f2a9c0e5b7d1a64

`sha256` is the first 16 hex digits of the SHA-256 of the machine text (the msgstr as written).
Comparing it with the current msgstr tells the three fates of a draft apart without any
database: still as the machine wrote it, accepted as is by a reviewer (fuzzy removed), or
edited by a person. The comment survives `i18n update` like any translator comment, and
Poedit, Weblate and memoQ keep translator comments untouched.
"""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass

from .catalog import Entry
from .contexts import is_media_entry

PREFIX = "machine-translation:"
_FIELD = re.compile(r"(\w+)=(\S+)")


class State(str, enum.Enum):
    """What an entry's translation is worth, from a release's point of view."""

    translated = "translated"
    """Reviewed by a person: not fuzzy (an accepted or edited machine draft counts here)."""
    machine_draft = "machine-draft"
    """Fuzzy, and still exactly the text the machine wrote."""
    fuzzy = "fuzzy"
    """Fuzzy for another reason: the source changed, or a person marked it for review."""
    untranslated = "untranslated"


@dataclass(frozen=True)
class Provenance:
    """The parsed provenance comment of one machine draft."""

    engine: str
    date: str
    digest: str

    def comment(self) -> str:
        """The translator comment text (without the leading `# `)."""
        return f"{PREFIX} engine={self.engine} date={self.date} sha256={self.digest}"


def text_digest(text: str) -> str:
    """The short hash recorded for a machine text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def machine_provenance(engine: str, date: str, text: str) -> Provenance:
    """The provenance to record for `text`, just produced by `engine` on `date` (YYYY-MM-DD)."""
    return Provenance(engine, date, text_digest(text))


def provenance_of(entry: Entry) -> Provenance | None:
    """The entry's machine-translation comment, if it has one (the last one wins)."""
    found: Provenance | None = None
    for comment in entry.translator_comments:
        text = comment.strip()
        if not text.startswith(PREFIX):
            continue
        fields = dict(_FIELD.findall(text[len(PREFIX):]))
        if {"engine", "date", "sha256"} <= fields.keys():
            found = Provenance(fields["engine"], fields["date"], fields["sha256"])
    return found


def record_machine_draft(entry: Entry, text: str, engine: str, date: str) -> None:
    """Fill an empty entry with a machine draft: msgstr, fuzzy flag, provenance comment."""
    entry.msgstr = text
    entry.set_fuzzy(True)
    entry.translator_comments = [c for c in entry.translator_comments if not c.strip().startswith(PREFIX)]
    entry.translator_comments.append(machine_provenance(engine, date, text).comment())


def is_untouched_machine_text(entry: Entry) -> bool:
    """True when the msgstr is still exactly what the machine wrote."""
    provenance = provenance_of(entry)
    return provenance is not None and provenance.digest == text_digest(entry.msgstr)


def state_of(entry: Entry) -> State:
    """Classify one active entry for stats and release builds."""
    if not entry.translated:
        return State.untranslated
    if not entry.fuzzy:
        return State.translated
    if is_untouched_machine_text(entry):
        return State.machine_draft
    return State.fuzzy


def release_state(entry: Entry) -> State:
    """`state_of` as a release sees it: an empty media entry means "the same file", so it is done."""
    if entry.msgctxt is not None and is_media_entry(entry.msgctxt) and not entry.translated:
        return State.translated
    return state_of(entry)
