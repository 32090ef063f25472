"""DeepL as the machine-translation engine, through the official `deepl` client and nothing else.

Everything that knows about DeepL lives here: where the key comes from, which server to talk
to, how our language tags map to DeepL's codes, which languages get XML tag handling, how the
project glossary becomes a DeepL glossary, and what each DeepL failure means for the user.

The key is read from `DEEPL_AUTH_KEY` only: no option, no file. It is never put in a message:
every text that comes from the server or the client is passed through `_Redactor` first, and
our own messages name the variable, never its value.
"""

from __future__ import annotations

import enum
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit

from .. import __version__
from ..errors import Diagnostic, Severity, SourceLocation, UserError
from .glossary import Glossary
from .languages import Language, find_language
from .mt_markup import INLINE_TAGS, SPLITTING_TAGS, Mode

if TYPE_CHECKING:
    import deepl

ENGINE = "deepl"
KEY_VARIABLE = "DEEPL_AUTH_KEY"
SERVER_VARIABLE = "DEEPL_SERVER_URL"
MAX_TEXTS = 50
"""DeepL's limit of texts per /v2/translate request."""
MAX_REQUEST_BYTES = 128 * 1024
"""DeepL's limit for a whole request body."""

TARGET_CODES: dict[str, str] = {
    "en": "EN-GB", "pt": "PT-PT", "zh": "ZH-HANS", "zh-Hans": "ZH-HANS", "zh-CN": "ZH-HANS",
    "zh-Hant": "ZH-HANT", "zh-TW": "ZH-HANT", "zh-HK": "ZH-HANT", "ku": "KMR", "no": "NB", "nb": "NB",
}
"""Our tags whose DeepL code is not simply the tag in capitals (`pt-BR` → `PT-BR`, `en-US` → `EN-US` are)."""

TAG_HANDLING: frozenset[str] = frozenset({
    "AR", "BG", "CS", "DA", "DE", "EL", "EN", "ES", "ET", "FI", "FR", "HE", "HU", "ID", "IT", "JA", "KO",
    "LT", "LV", "NB", "NL", "PL", "PT", "RO", "RU", "SK", "SL", "SV", "TH", "TR", "UK", "VI", "ZH",
})
"""Target languages (without variant) for which DeepL documents XML tag handling.

These are DeepL's established languages. The languages it added later (Persian, Urdu, Swahili,
Kurdish…) are not documented with tag handling, so their inline markup travels as protected
tokens instead (`mt_markup.Mode.tokens`). A language missing here only costs a little
robustness, never a wrong draft: tokens are checked on return just like tags.
"""


class Formality(str, enum.Enum):
    """DeepL's formality setting; `more` and `less` only where DeepL supports them for the target."""

    default = "default"
    more = "more"
    less = "less"
    prefer_more = "prefer_more"
    prefer_less = "prefer_less"


def target_code(language: Language) -> str:
    """The DeepL target code for one of our languages (en → EN-GB, pt → PT-PT, pt-BR → PT-BR)."""
    return TARGET_CODES.get(language.tag, language.tag.upper())


def source_code(tag: str) -> str:
    """DeepL source codes have no variant: en-GB → EN."""
    return tag.split("-")[0].upper()


def markup_mode(code: str) -> Mode:
    """XML tags where DeepL handles them for the target, protected tokens elsewhere.

    Decided by the language without its variant, so it is known before any request (for the
    dry run) and stays the same when DeepL lacks a variant and the base language is used.
    """
    return Mode.xml if code.split("-")[0] in TAG_HANDLING else Mode.tokens


def server_url(option: str | None) -> str | None:
    """The server to use: `--server-url`, else DEEPL_SERVER_URL, else None (the client picks DeepL's own)."""
    url = (option or os.environ.get(SERVER_VARIABLE, "")).strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        raise UserError.at("--server-url", f"`{parts.scheme}://{parts.hostname or ''}…` is not a server address",
                           hint="give the address of a DeepL-compatible API, such as https://api.deepl.com "
                                "(without credentials: the key comes from DEEPL_AUTH_KEY)", code="mt-server-url")
    return url


class EngineError(Exception):
    """DeepL could not do the work; `message` and `hint` are safe to show (no key in them)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Target:
    """The resolved target of a run: DeepL code, how markup travels, formality and glossary to use."""

    code: str
    mode: Mode
    formality: str | None
    glossary_id: str | None


@dataclass(frozen=True)
class Translation:
    """One text as DeepL returned it, and what it cost."""

    text: str
    billed_characters: int


class _Redactor(logging.Filter):
    """Removes the key from any text that came from the client or the server.

    It also filters the `deepl` logger: the client logs response bodies at debug level, and a
    server's refusal may quote the key it was given.
    """

    def __init__(self, key: str) -> None:
        super().__init__()
        self._key = key

    def __call__(self, text: str) -> str:
        return text.replace(self._key, "[DEEPL_AUTH_KEY]") if self._key else text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._key and self._key in message:
            record.msg, record.args = self(message), ()
        return True


T = TypeVar("T")


class DeepLEngine:
    """One DeepL session for one run."""

    def __init__(self, url: str | None) -> None:
        key = os.environ.get(KEY_VARIABLE, "").strip()
        if not key:
            raise UserError.at(KEY_VARIABLE, "not set: machine translation needs a DeepL API key",
                               hint=f"export {KEY_VARIABLE}=… with the key from your DeepL account (it is read from "
                                    "the environment only, never from a file); `--dry-run` works without it",
                               code="mt-no-key")
        import deepl  # here, not at the top: every other command starts faster without it (and requests)

        self._redact = _Redactor(key)
        logging.getLogger("deepl").addFilter(self._redact)
        self._client = deepl.Translator(key, server_url=url, send_platform_info=False)
        self._client.set_app_info("moduletool", __version__)
        self.server: str = self._client.server_url  # DeepL's own unless told otherwise; named in messages

    def close(self) -> None:
        self._client.close()
        logging.getLogger("deepl").removeFilter(self._redact)

    def _call(self, action: Callable[[], T]) -> T:
        """Run one client call; every failure becomes an `EngineError` with a clear, key-free message."""
        import deepl
        import requests

        try:
            return action()
        except deepl.DeepLException as error:
            raise self._explain(error) from None
        except (requests.RequestException, ValueError) as error:
            raise EngineError(f"the DeepL client failed: {self._redact(str(error))}",
                              hint="rerun; if it keeps failing, report it with this message") from None
        except (KeyError, TypeError, AttributeError, IndexError):  # a body of the wrong shape, read by the client
            raise EngineError("DeepL answered something the client could not read (a malformed response)",
                              hint="rerun; the drafts saved so far are kept; if it keeps failing, check the address "
                                   f"given with --server-url or {SERVER_VARIABLE}") from None

    def _explain(self, error: deepl.DeepLException) -> EngineError:
        """What a client exception means for the user. Only redacted server text is ever quoted."""
        import deepl
        import requests

        retries = deepl.http_client.max_network_retries
        status = error.http_status_code
        if isinstance(error, deepl.AuthorizationException):
            return EngineError(f"DeepL refused the key in {KEY_VARIABLE} (403 Forbidden)",
                               hint="check the key in your DeepL account under API keys; keys of free accounts end "
                                    f"in `:fx`; a key for another DeepL-compatible server goes with --server-url or "
                                    f"{SERVER_VARIABLE}")
        if isinstance(error, deepl.QuotaExceededException):
            return EngineError("the DeepL character quota of this billing period is used up (456)",
                               hint="rerun when the quota renews, or raise the limit in your DeepL account")
        if isinstance(error, deepl.TooManyRequestsException):
            return EngineError(f"DeepL is limiting requests (429 Too Many Requests), still after {retries} retries",
                               hint="wait a few minutes and rerun")
        if isinstance(error, deepl.ConnectionException):
            cause = error.__cause__
            reason = "it timed out" if isinstance(cause, requests.Timeout) else "no connection"
            return EngineError(f"cannot reach the DeepL server at {self.server}: {reason}, after {retries} retries",
                               hint=f"check the network (and proxy settings), or the address given with --server-url "
                                    f"or {SERVER_VARIABLE}")
        if status is not None and status >= 500:
            return EngineError(f"the DeepL server failed (HTTP {status}), still after {retries} retries",
                               hint="DeepL may be having trouble: rerun later (https://www.deepl.com/status)")
        detail = self._redact(str(error))
        return EngineError(f"DeepL refused the request (HTTP {status or '?'}): {detail}",
                           hint="rerun; if it keeps failing, report it with this message")

    # --- preparing a run ----------------------------------------------------------------------

    def resolve(self, language: Language, source_tag: str, formality: Formality,
                glossary: Glossary | None) -> tuple[Target, list[Diagnostic]]:
        """Check that DeepL can do the pair; pick formality and glossary. Notes come back as warnings."""
        notes: list[Diagnostic] = []
        targets = {lang.code.upper(): lang for lang in self._call(self._client.get_target_languages)}
        code = target_code(language)
        if code not in targets:
            base = code.split("-")[0]
            if base not in targets:
                raise UserError.at("--lang", f"DeepL cannot translate into {language.name} (`{language.tag}`)",
                                   hint=f"machine translation is not available for {language.name}: its translations "
                                        f"are for human translators (translations/{language.tag}/*.po)",
                                   code="mt-unsupported-language")
            notes.append(_note("--lang", f"DeepL has no {code}: translating into {base} instead"))
            code = base
        sources = {lang.code.upper() for lang in self._call(self._client.get_source_languages)}
        source = source_code(source_tag)
        if source not in sources:
            known = find_language(source_tag)
            name = known.name if known else source_tag
            raise UserError.at("moduletool.yaml", f"DeepL cannot translate from {name} (`{source_tag}`)",
                               hint="machine translation needs a source language DeepL supports",
                               code="mt-unsupported-language")
        chosen: str | None = None
        if formality is not Formality.default:
            if formality.value.startswith("prefer_") or targets[code].supports_formality:
                chosen = formality.value
            else:
                notes.append(_note("--formality", f"DeepL has no formality setting for {language.name}: "
                                                  "translating with its default"))
        glossary_id = self._glossary(glossary, source, code, notes) if glossary else None
        return Target(code, markup_mode(code), chosen, glossary_id), notes

    def _glossary(self, glossary: Glossary, source: str, target: str, notes: list[Diagnostic]) -> str | None:
        """The id of a DeepL glossary holding exactly the project's entries: reused when it exists, else created."""
        base = target.split("-")[0]
        pairs = {(pair.source_lang.upper(), pair.target_lang.upper())
                 for pair in self._call(self._client.get_glossary_languages)}
        if (source, base) not in pairs:
            notes.append(_note(glossary.display, f"DeepL has no glossaries for {source} → {base}: not used"))
            return None
        if not glossary.entries:
            notes.append(_note(glossary.display, "no entries: not used"))
            return None
        name = f"moduletool {glossary.source}-{glossary.target} {glossary.digest}"
        for info in self._call(self._client.list_glossaries):
            if (info.name == name and info.ready and info.source_lang == source and info.target_lang == base
                    and info.entry_count == len(glossary.entries)):
                return str(info.glossary_id)
        created = self._call(lambda: self._client.create_glossary(name, source, base, glossary.as_dict()))
        return str(created.glossary_id)

    # --- translating --------------------------------------------------------------------------

    def translate(self, texts: list[str], *, source_tag: str, target: Target,
                  context: str | None) -> list[Translation]:
        """One /v2/translate request; the caller keeps it within `MAX_TEXTS` and `MAX_REQUEST_BYTES`."""
        xml = target.mode is Mode.xml
        results = self._call(lambda: self._client.translate_text(
            texts, source_lang=source_code(source_tag), target_lang=target.code, context=context or None,
            formality=target.formality, glossary=target.glossary_id, preserve_formatting=True,
            tag_handling="xml" if xml else None, outline_detection=False if xml else None,
            splitting_tags=list(SPLITTING_TAGS) if xml else None, non_splitting_tags=list(INLINE_TAGS) if xml else None))
        if not isinstance(results, list) or len(results) != len(texts):
            raise EngineError(f"DeepL answered {len(results) if isinstance(results, list) else 1} translation(s) "
                              f"for {len(texts)} text(s)", hint="rerun; the drafts saved so far are kept")
        if not all(isinstance(result.text, str) for result in results):
            raise EngineError("DeepL answered something the client could not read (a translation that is not text)",
                              hint="rerun; the drafts saved so far are kept")
        return [Translation(result.text, result.billed_characters) for result in results]


def _note(where: str, message: str) -> Diagnostic:
    return Diagnostic(SourceLocation(where), message, severity=Severity.WARNING, code="mt-note")
