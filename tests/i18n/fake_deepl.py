"""A DeepL-compatible API server of our own, for tests: the official `deepl` client talks to it over HTTP.

It implements what the client uses for text translation (`/v2/translate`, `/v2/usage`,
`/v2/languages`, `/v2/glossary-language-pairs`, `/v2/glossaries…`) and enforces DeepL's rules
that matter to us: the auth header (wrong key → 403), at most 50 texts per request, a request
body of at most 128 KiB (→ 413), formality only for languages that have it, XML tag handling
only for languages that have it, glossaries only for supported pairs.

The translation is a deterministic pseudo-translation that keeps tags: each paragraph (or each
line, without tag handling) starts with the target code (`FR: `), ASCII vowels become accented
(`Plan` → `Plán`) and glossary terms become their target term exactly.

`Switches` make it misbehave on purpose: always 403, 429 for a number of requests (or for
ever), 456 once a character quota is used, 500 for a number of requests (or for ever), tags
moved around (`reorder`: to the end of their paragraph, a legal move; `drop`: tags lost, words
kept; `outside`: moved out of their paragraph), and a delay per translation. `requests` logs
every request; it never holds the Authorization header, so the key cannot leak through it.

Run it by hand with `python tests/i18n/fake_deepl.py --port 8000` to try `moduletool i18n mt`.
"""

from __future__ import annotations

import argparse
import json
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

AUTH_KEY = "fake-deepl-key-7c1d9e04-b5a2-4f3e-8d61-2a9f0c3b7e58"
"""The only key the server accepts; tests grep every output and file for it."""

MAX_TEXTS = 50
MAX_BODY = 128 * 1024

SOURCE_LANGUAGES = ["AR", "BG", "CS", "DA", "DE", "EL", "EN", "ES", "ET", "FA", "FI", "FR", "HU", "ID", "IT",
                    "JA", "KO", "LT", "LV", "NB", "NL", "PL", "PT", "RO", "RU", "SK", "SL", "SV", "TR", "UK", "ZH"]
TARGET_LANGUAGES: dict[str, tuple[str, bool]] = {
    "AR": ("Arabic", False), "BG": ("Bulgarian", False), "CS": ("Czech", False), "DA": ("Danish", False),
    "DE": ("German", True), "EL": ("Greek", False), "EN-GB": ("English (British)", False),
    "EN-US": ("English (American)", False), "ES": ("Spanish", True), "ET": ("Estonian", False),
    "FA": ("Persian", False), "FI": ("Finnish", False), "FR": ("French", True), "HU": ("Hungarian", False),
    "ID": ("Indonesian", False), "IT": ("Italian", True), "JA": ("Japanese", True), "KO": ("Korean", False),
    "LT": ("Lithuanian", False), "LV": ("Latvian", False), "NB": ("Norwegian Bokmål", False),
    "NL": ("Dutch", True), "PL": ("Polish", True), "PT-BR": ("Portuguese (Brazilian)", True),
    "PT-PT": ("Portuguese (European)", True), "RO": ("Romanian", False), "RU": ("Russian", True),
    "SK": ("Slovak", False), "SL": ("Slovenian", False), "SV": ("Swedish", False), "TR": ("Turkish", False),
    "UK": ("Ukrainian", False), "ZH-HANS": ("Chinese (simplified)", False),
    "ZH-HANT": ("Chinese (traditional)", False),
}
"""Name and formality support. Like DeepL: no Tigrinya, Somali or Amharic."""
NO_TAG_HANDLING = frozenset({"FA"})
"""Targets for which this server refuses `tag_handling` (like DeepL's later languages)."""
GLOSSARY_LANGUAGES = ["da", "de", "en", "es", "fr", "it", "ja", "ko", "nb", "nl", "pl", "pt", "ru", "sv", "zh"]

_ACCENTS = str.maketrans("aeiouAEIOU", "áéíóúÁÉÍÓÚ")


@dataclass
class Switches:
    """How the server misbehaves; tests set these attributes directly."""

    forbidden: bool = False
    """Every request → 403, whatever the key."""
    too_many: int = 0
    """The next N translate requests → 429; -1: all of them."""
    quota: int | None = None
    """Characters billable in all; a request that would go beyond → 456."""
    server_errors: int = 0
    """The next N translate requests → 500; -1: all of them."""
    tags: str = "keep"
    """`keep`, `reorder`, `drop` or `outside` (see the module docstring)."""
    delay: float = 0.0
    """Seconds to wait before answering a translate request."""


@dataclass
class Logged:
    """One request as the server saw it (never its headers)."""

    method: str
    path: str
    status: int
    params: dict[str, Any]
    body_bytes: int
    user_agent: str = ""

    @property
    def texts(self) -> list[str]:
        """The texts of a translate request."""
        return list(self.params.get("text", []))


@dataclass
class Glossary:
    """A glossary created through /v2/glossaries (entries as the client sent them, as TSV)."""

    glossary_id: str
    name: str
    source_lang: str
    target_lang: str
    entries: dict[str, str]

    def info(self) -> dict[str, Any]:
        return {"glossary_id": self.glossary_id, "name": self.name, "ready": True, "source_lang": self.source_lang,
                "target_lang": self.target_lang, "creation_time": "2024-01-01T00:00:00.000000+00:00",
                "entry_count": len(self.entries)}


@dataclass
class FakeDeepL:
    """The server's state: switches, glossaries, characters used and the request log."""

    switches: Switches = field(default_factory=Switches)
    glossaries: dict[str, Glossary] = field(default_factory=dict)
    characters: int = 0
    requests: list[Logged] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""
    in_flight: int = 0
    """Requests being answered right now (one may outlive the client that sent it)."""

    def wait_idle(self, timeout: float = 30) -> None:
        """Wait until no request is being answered, so that the log is complete."""
        deadline = time.monotonic() + timeout
        while self.in_flight and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not self.in_flight, "the fake server is still busy"

    def translations(self) -> list[Logged]:
        """The translate requests that were answered with translations."""
        return [r for r in self.requests if r.path == "/v2/translate" and r.status == 200]

    def sent_texts(self) -> list[str]:
        """Every text that was translated, in order."""
        return [text for request in self.translations() for text in request.texts]

    # --- dispatch -----------------------------------------------------------------------------

    def handle(self, method: str, path: str, query: dict[str, Any], headers: dict[str, str],
               body: bytes) -> tuple[int, str, str]:
        """(status, content type, body) for one request."""
        params = dict(query)
        if body and headers.get("content-type", "").startswith("application/json"):
            params.update(json.loads(body))
        elif body:
            params.update({k: v if len(v) > 1 else v[0] for k, v in parse_qs(body.decode()).items()})
        status, payload = self._answer(method, path, params, headers)
        with self.lock:
            self.requests.append(Logged(method, path, status, params, len(body), headers.get("user-agent", "")))
        if isinstance(payload, str):
            return status, "text/tab-separated-values", payload
        return status, "application/json", json.dumps(payload) if payload is not None else ""

    def _answer(self, method: str, path: str, params: dict[str, Any], headers: dict[str, str]) -> tuple[int, Any]:
        presented = headers.get("authorization", "").removeprefix("DeepL-Auth-Key ")
        if self.switches.forbidden or presented != AUTH_KEY:
            # Deliberately echoes the presented key: the tool must never print a server message unredacted.
            return 403, {"message": f"Authorization failed for key {presented}"}
        if path == "/v2/translate" and method == "POST":
            return self._translate(params)
        if path == "/v2/usage":
            return 200, {"character_count": self.characters, "character_limit": self.switches.quota or 500000}
        if path == "/v2/languages":
            if params.get("type") == "target":
                return 200, [{"language": code, "name": name, "supports_formality": formal}
                             for code, (name, formal) in TARGET_LANGUAGES.items()]
            return 200, [{"language": code, "name": code} for code in SOURCE_LANGUAGES]
        if path == "/v2/glossary-language-pairs":
            return 200, {"supported_languages": [{"source_lang": s, "target_lang": t}
                                                 for s in GLOSSARY_LANGUAGES for t in GLOSSARY_LANGUAGES if s != t]}
        if path.startswith("/v2/glossaries"):
            return self._glossaries(method, path, params)
        return 404, {"message": "Not found"}

    # --- translation --------------------------------------------------------------------------

    def _translate(self, params: dict[str, Any]) -> tuple[int, Any]:
        texts = params.get("text")
        texts = [texts] if isinstance(texts, str) else texts
        target = str(params.get("target_lang", "")).upper()
        if not texts:
            return 400, {"message": "Parameter 'text' not specified."}
        if len(texts) > MAX_TEXTS:
            return 400, {"message": f"Too many texts: at most {MAX_TEXTS} per request."}
        if target not in TARGET_LANGUAGES:
            return 400, {"message": "Value for 'target_lang' not supported."}
        source = params.get("source_lang")
        if source is not None and str(source).upper() not in SOURCE_LANGUAGES:
            return 400, {"message": "Value for 'source_lang' not supported."}
        formality = params.get("formality", "default")
        if formality in ("more", "less") and not TARGET_LANGUAGES[target][1]:
            return 400, {"message": "'formality' is not supported for given 'target_lang'."}
        xml = params.get("tag_handling") == "xml"
        if xml and target in NO_TAG_HANDLING:
            return 400, {"message": "'tag_handling' is not supported for given 'target_lang'."}
        entries: dict[str, str] = {}
        if params.get("glossary_id"):
            glossary = self.glossaries.get(str(params["glossary_id"]))
            if glossary is None or source is None or glossary.source_lang != str(source).lower() \
                    or glossary.target_lang != target.split("-")[0].lower():
                return 400, {"message": "Glossary does not match the language pair."}
            entries = glossary.entries
        if self.switches.delay:
            time.sleep(self.switches.delay)
        with self.lock:
            if self.switches.too_many:
                self.switches.too_many -= 1 if self.switches.too_many > 0 else 0
                return 429, {"message": "Too many requests"}
            if self.switches.server_errors:
                self.switches.server_errors -= 1 if self.switches.server_errors > 0 else 0
                return 500, {"message": "Internal server error"}
            billed = sum(len(text) for text in texts)
            if self.switches.quota is not None and self.characters + billed > self.switches.quota:
                return 456, {"message": "Quota exceeded"}
            self.characters += billed
        translated = []
        for text in texts:
            if xml:
                try:
                    translated.append(self._translate_xml(text, target, entries, params))
                except ElementTree.ParseError:
                    return 400, {"message": "Tag handling parsing failed, please check input."}
            else:
                translated.append("\n".join(f"{target}: {pseudo(line, entries)}" if line.strip() else line
                                            for line in text.split("\n")))
        return 200, {"translations": [{"detected_source_language": str(source or "EN").upper(), "text": text,
                                       "billed_characters": len(original)}
                                      for text, original in zip(translated, texts, strict=True)]}

    def _translate_xml(self, text: str, target: str, entries: dict[str, str], params: dict[str, Any]) -> str:
        root = ElementTree.fromstring(f"<r>{text}</r>")
        for element in root.iter():
            if element.text:
                element.text = pseudo(element.text, entries)
            if element is not root and element.tail:
                element.tail = pseudo(element.tail, entries)
        splitting = set(_tag_list(params.get("splitting_tags")))
        paragraphs = [element for element in root.iter() if element.tag in splitting] or [root]
        for paragraph in paragraphs:
            paragraph.text = f"{target}: {paragraph.text or ''}"
        _misbehave(root, paragraphs, self.switches.tags)
        return ElementTree.tostring(root, encoding="unicode").removeprefix("<r>").removesuffix("</r>")

    # --- glossaries ---------------------------------------------------------------------------

    def _glossaries(self, method: str, path: str, params: dict[str, Any]) -> tuple[int, Any]:
        parts = path.strip("/").split("/")  # v2, glossaries, id?, entries?
        if len(parts) == 2 and method == "GET":
            return 200, {"glossaries": [g.info() for g in self.glossaries.values()]}
        if len(parts) == 2 and method == "POST":
            source, target = str(params.get("source_lang", "")).lower(), str(params.get("target_lang", "")).lower()
            if source not in GLOSSARY_LANGUAGES or target not in GLOSSARY_LANGUAGES or source == target:
                return 400, {"message": "Unsupported glossary language pair."}
            if params.get("entries_format") != "tsv":
                return 400, {"message": "Only tsv entries in this fake."}
            entries = dict(line.split("\t", 1) for line in str(params.get("entries", "")).splitlines() if line)
            created = Glossary(str(uuid.uuid4()), str(params.get("name", "")), source, target, entries)
            self.glossaries[created.glossary_id] = created
            return 201, created.info()
        glossary = self.glossaries.get(parts[2]) if len(parts) > 2 else None
        if glossary is None:
            return 404, {"message": "Glossary not found"}
        if len(parts) == 4 and method == "GET":
            return 200, "\n".join(f"{s}\t{t}" for s, t in glossary.entries.items())
        if method == "GET":
            return 200, glossary.info()
        if method == "DELETE":
            del self.glossaries[glossary.glossary_id]
            return 204, None
        return 405, {"message": "Method not allowed"}


def _tag_list(value: Any) -> list[str]:
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [tag for item in items for tag in str(item).split(",") if tag]


def pseudo(text: str, entries: dict[str, str]) -> str:
    """The pseudo-translation of some words: glossary terms replaced exactly, ASCII vowels accented."""
    kept: list[str] = []

    def protect(match: re.Match[str]) -> str:
        kept.append(entries[match.group()])
        return chr(0xE000 + len(kept) - 1)

    if entries:
        terms = sorted(entries, key=len, reverse=True)
        text = re.sub("|".join(rf"\b{re.escape(term)}\b" for term in terms), protect, text)
    text = text.translate(_ACCENTS)
    return re.sub("[\ue000-\uf8ff]", lambda match: kept[ord(match.group()) - 0xE000], text)


def _misbehave(root: ElementTree.Element, paragraphs: list[ElementTree.Element], mode: str) -> None:
    """Move the first inline element of the first paragraph that has one, as the `tags` switch says."""
    if mode == "keep":
        return
    paragraph = next((p for p in paragraphs if len(p)), None)
    if paragraph is None:
        return
    moved = paragraph[0]
    paragraph.remove(moved)
    if mode == "drop":  # the tags go, their words and any inner elements stay where they were
        inner = list(moved)
        paragraph.text = (paragraph.text or "") + (moved.text or "")
        for index, child in enumerate(inner):
            paragraph.insert(index, child)
        if inner:
            inner[-1].tail = (inner[-1].tail or "") + (moved.tail or "")
        else:
            paragraph.text += moved.tail or ""
        return
    paragraph.text = (paragraph.text or "") + (moved.tail or "")
    moved.tail = None
    (paragraph if mode == "reorder" else root).append(moved)


# --- HTTP -------------------------------------------------------------------------------------

def _handler(fake: FakeDeepL) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            with fake.lock:
                fake.in_flight += 1
            try:
                self._answer()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client is gone (a test killed it): nobody to answer
            finally:
                with fake.lock:
                    fake.in_flight -= 1

        def _answer(self) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY:
                status, kind, text = 413, "application/json", json.dumps({"message": "Request Entity Too Large"})
                self.rfile.read(length)
                with fake.lock:
                    fake.requests.append(Logged(self.command, url.path, 413, {}, length))
            else:
                body = self.rfile.read(length) if length else b""
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                headers = {k.lower(): v for k, v in self.headers.items()}
                status, kind, text = fake.handle(self.command, url.path, query, headers, body)
            data = text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet: the request log is `FakeDeepL.requests`

    return Handler


class Server:
    """The fake on 127.0.0.1 and a free port, in a background thread; use as a context manager."""

    def __init__(self, fake: FakeDeepL | None = None, port: int = 0) -> None:
        self.fake = fake or FakeDeepL()
        self._http = ThreadingHTTPServer(("127.0.0.1", port), _handler(self.fake))
        self._http.daemon_threads = True
        self.fake.url = f"http://127.0.0.1:{self._http.server_address[1]}"
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    def __enter__(self) -> FakeDeepL:
        self._thread.start()
        return self.fake

    def __exit__(self, *exc: object) -> None:
        self._http.shutdown()
        self._http.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description="A fake DeepL API server for trying moduletool i18n mt.")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--delay", type=float, default=0.0, help="seconds per translate request")
    args = parser.parse_args()
    fake = FakeDeepL(Switches(delay=args.delay))
    with Server(fake, args.port) as running:
        print(f"fake DeepL at {running.url}; use DEEPL_AUTH_KEY={AUTH_KEY}", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
