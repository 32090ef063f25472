"""A small cmi5 and Tin Can LMS of our own for the browser tests: stdlib HTTP on 127.0.0.1, statements in Ralph.

It does what an LMS must do for an AU (cmi5 spec, PACKAGING_RULES.md §1.3) and what Rustici's
launch document asks of a Tin Can LMS, and nothing the package could lean on unfairly:

* import: reads the package's own `cmi5.xml` (AU id, url, moveOn, masteryScore) or `tincan.xml`
  (the launchable activity) and serves the files under /au/ with a strict Content-Security-Policy;
* cmi5 launch: a registration, a session id, an activity id of its own (never the AU's publisher
  id), `LMS.LaunchData` written before launch, a `launched` statement in Ralph, a one-time fetch
  URL, and the launch URL with the five parameters;
* fetch: POST only; the token once, then `error-code` 1;
* xAPI endpoint /xapi/: every request must carry the session's token and the xAPI version header;
  statements are forwarded to Ralph with the LMS's own credentials (they never reach a package);
  State and Agent Profile documents are kept here, because Ralph implements statements only;
  an AU writing `LMS.LaunchData` gets 403;
* Tin Can launch: endpoint, auth, actor, registration and activity_id in the query string.

Every request is logged, so tests can check how the AU talked to the LMS as well as what Ralph stored.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from lxml import etree
from ralph_lrs import Ralph

CMI5_NS = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
TINCAN_NS = "http://projecttincan.com/tincan.xsd"
LAUNCH_DATA = "LMS.LaunchData"
SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
EXTENSIONS = "https://w3id.org/xapi/cmi5/context/extensions/"
ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
# What a module served by an LMS will have to live with: nothing inline, nothing from elsewhere.
AU_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; "
          "object-src 'none'; base-uri 'none'; form-action 'none'")
LEARNER_HOME = "https://lms.example.org"


@dataclass
class Session:
    """One launch: who, which registration, which token."""

    kind: str                      # cmi5 | xapi
    token: str
    actor: dict[str, Any]
    registration: str
    activity_id: str
    session_id: str = ""
    fetched: bool = False


@dataclass(frozen=True)
class Launch:
    """What the LMS handed over for one launch, for the test to open and to check against."""

    url: str
    session: Session
    launch_data: dict[str, Any] = field(default_factory=dict)
    fetch_url: str = ""


@dataclass(frozen=True)
class Logged:
    """One request the LMS answered."""

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    status: int
    session: Session | None


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def agent_key(agent: dict[str, Any]) -> str:
    """The inverse functional identifier of an Agent: documents belong to it, whatever else the JSON
    says; Tin Can 0.9 actors (every value in a list) name the same learner as their 1.0 form."""
    def first(value: Any) -> Any:
        return value[0] if isinstance(value, list) and value else value

    for key in ("mbox", "mbox_sha1sum", "openid"):
        if key in agent:
            return f"{key}:{first(agent[key])}"
    account = first(agent.get("account")) or {}
    return (f"account:{account.get('homePage') or account.get('accountServiceHomePage')}|"
            f"{account.get('name') or account.get('accountName')}")


def learner(name: str = "learner-1") -> dict[str, Any]:
    """A cmi5 actor: an Agent with an account, no personal data (cmi5 8.1.3)."""
    return {"objectType": "Agent", "account": {"homePage": LEARNER_HOME, "name": name}}


class XapiLms:
    """The LMS: one HTTP server, one installed package, sessions, documents and a request log."""

    def __init__(self, ralph: Ralph) -> None:
        self.ralph = ralph
        self.package_dir: Path | None = None
        self.sessions: dict[str, Session] = {}
        self.fetch_keys: dict[str, Session] = {}
        self.documents: dict[tuple[str, ...], tuple[bytes, str]] = {}
        self.log: list[Logged] = []
        self.refuse_statements = False
        self.lock = threading.Lock()
        # Requests being answered: a statement is in Ralph before its request is logged here, so
        # readers of the log and the documents wait for the answers under way (see `settled`).
        self.in_flight = 0
        self.last_arrival = 0.0
        self.idle = threading.Condition(self.lock)
        self.server = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    # ---- Import -----------------------------------------------------------------------------

    def install(self, package_dir: Path) -> None:
        self.package_dir = package_dir

    def au(self) -> dict[str, str]:
        """The one AU of the installed cmi5.xml: id, url, moveOn, masteryScore (when present)."""
        assert self.package_dir is not None
        root = etree.parse(str(self.package_dir / "cmi5.xml")).getroot()
        au = root.find(f"{{{CMI5_NS}}}au")
        assert au is not None
        found = {"id": au.get("id", ""), "url": au.findtext(f"{{{CMI5_NS}}}url", ""),
                 "moveOn": au.get("moveOn", "NotApplicable")}
        if au.get("masteryScore") is not None:
            found["masteryScore"] = au.get("masteryScore", "")
        return found

    def tincan_activity(self) -> tuple[str, str]:
        """The launchable activity of the installed tincan.xml: (id, launch path)."""
        assert self.package_dir is not None
        root = etree.parse(str(self.package_dir / "tincan.xml")).getroot()
        for activity in root.iter(f"{{{TINCAN_NS}}}activity"):
            launch = activity.findtext(f"{{{TINCAN_NS}}}launch")
            if launch:
                return activity.get("id", ""), launch
        raise AssertionError("tincan.xml has no launchable activity")

    # ---- Launch -----------------------------------------------------------------------------

    def _new_session(self, kind: str, actor: dict[str, Any], registration: str, activity_id: str) -> Session:
        token = base64.b64encode(f"{kind}-{uuid.uuid4()}:{uuid.uuid4()}".encode()).decode()
        session = Session(kind, token, actor, registration, activity_id)
        with self.lock:
            self.sessions[token] = session
        return session

    def activity_id_for(self, au_id: str) -> str:
        """The LMS's own activity id for an AU: the same for every launch, never the publisher id (8.1.5)."""
        return f"{self.url}/lms/activities/{uuid.uuid5(uuid.NAMESPACE_URL, au_id)}"

    def launch_cmi5(self, registration: str | None = None, mode: str = "Normal", return_url: bool = True,
                    mastery_score: float | None = None, actor: dict[str, Any] | None = None) -> Launch:
        """Prepare a cmi5 launch the way the spec orders it; the URL to open."""
        au = self.au()
        actor = actor or learner()
        registration = registration or str(uuid.uuid4())
        session = self._new_session("cmi5", actor, registration, self.activity_id_for(au["id"]))
        session.session_id = str(uuid.uuid4())
        launch_data: dict[str, Any] = {
            "contextTemplate": {
                "contextActivities": {"grouping": [{"objectType": "Activity", "id": au["id"]}]},
                "extensions": {SESSION_ID: session.session_id},
            },
            "launchMode": mode,
            "launchMethod": "AnyWindow",
            "moveOn": au["moveOn"],
        }
        mastery = mastery_score if mastery_score is not None else (
            float(au["masteryScore"]) if "masteryScore" in au else None)
        if mastery is not None:
            launch_data["masteryScore"] = mastery
        if return_url:
            launch_data["returnURL"] = f"{self.url}/lms/returned?session={session.session_id}"
        self.put_document("state", session.activity_id, actor, registration, LAUNCH_DATA,
                          json.dumps(launch_data).encode())
        launch_base = f"{self.url}/au/{au['url']}"
        self.ralph.post_statements([self._launched(session, au, launch_data, launch_base)])
        fetch_key = str(uuid.uuid4())
        with self.lock:
            self.fetch_keys[fetch_key] = session
        fetch_url = f"{self.url}/fetch/{fetch_key}"
        query = urlencode({"endpoint": f"{self.url}/xapi/", "fetch": fetch_url,
                           "actor": json.dumps(actor, separators=(",", ":")), "registration": registration,
                           "activityId": session.activity_id}, quote_via=quote)
        return Launch(f"{launch_base}?{query}", session, launch_data, fetch_url)

    def _launched(self, session: Session, au: dict[str, str], launch_data: dict[str, Any],
                  launch_url: str) -> dict[str, Any]:
        extensions = {SESSION_ID: session.session_id, EXTENSIONS + "launchmode": launch_data["launchMode"],
                      EXTENSIONS + "launchurl": launch_url, EXTENSIONS + "moveon": launch_data["moveOn"]}
        if "masteryScore" in launch_data:
            extensions[EXTENSIONS + "masteryscore"] = launch_data["masteryScore"]
        return {"id": str(uuid.uuid4()), "actor": session.actor,
                "verb": {"id": ADL_VERBS + "launched", "display": {"en-US": "launched"}},
                "object": {"objectType": "Activity", "id": session.activity_id}, "timestamp": utc_now(),
                "context": {"registration": session.registration, "extensions": extensions,
                            "contextActivities": {"category": [{"id": CMI5_CATEGORY}],
                                                  "grouping": [{"objectType": "Activity", "id": au["id"]}]}}}

    def launch_xapi(self, registration: str | None = None, actor: Any = None, bare_auth: bool = False,
                    extra: dict[str, str] | None = None) -> Launch:
        """A Tin Can launch link: endpoint, auth, actor, registration, activity_id (Rustici's launch doc)."""
        activity_id, path = self.tincan_activity()
        agent = actor if actor is not None else {"objectType": "Agent", "name": "Learner One",
                                                 "mbox": "mailto:learner-1@example.org"}
        registration = registration or str(uuid.uuid4())
        session = self._new_session("xapi", agent, registration, activity_id)
        query = urlencode({"endpoint": f"{self.url}/xapi/",
                           "auth": session.token if bare_auth else f"Basic {session.token}",
                           "actor": json.dumps(agent, separators=(",", ":")), "registration": registration,
                           "activity_id": activity_id, **(extra or {})}, quote_via=quote)
        return Launch(f"{self.url}/au/{path}?{query}", session)

    # ---- Documents --------------------------------------------------------------------------

    @staticmethod
    def _document_key(kind: str, activity_id: str, agent: dict[str, Any], registration: str,
                      document_id: str) -> tuple[str, ...]:
        return (kind, activity_id, agent_key(agent), registration, document_id)

    def put_document(self, kind: str, activity_id: str, agent: dict[str, Any], registration: str, document_id: str,
                     body: bytes, content_type: str = "application/json") -> None:
        with self.lock:
            self.documents[self._document_key(kind, activity_id, agent, registration, document_id)] = \
                (body, content_type)

    def settled(self, timeout_s: float = 10.0) -> None:
        """Wait until every request that has reached the LMS is answered and logged."""
        with self.idle:
            if not self.idle.wait_for(lambda: self.in_flight == 0, timeout=timeout_s):
                raise AssertionError(f"the LMS still had {self.in_flight} request(s) under way after {timeout_s} s")

    def quiet(self, seconds: float = 2.0, timeout_s: float = 20.0) -> None:
        """Wait until nothing has reached the LMS for `seconds`: a page that is gone sends its last
        statements and State document as separate keepalive requests, which need not arrive in order."""
        deadline = time.monotonic() + timeout_s
        while True:
            self.settled()
            silent = time.monotonic() - self.last_arrival
            if silent >= seconds:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"the LMS was still receiving requests after {timeout_s} s")
            time.sleep(seconds - silent)

    def document(self, kind: str, activity_id: str, agent: dict[str, Any], registration: str,
                 document_id: str) -> Any:
        """A stored document, parsed; None when there is none."""
        self.settled()
        found = self.documents.get(self._document_key(kind, activity_id, agent, registration, document_id))
        return json.loads(found[0]) if found else None

    def requests(self, path: str = "", method: str = "") -> list[Logged]:
        """The logged requests whose path starts with `path` (and with `method`, if given)."""
        self.settled()
        with self.lock:
            return [r for r in self.log if r.path.startswith(path) and (not method or r.method == method)]


class _QuietServer(ThreadingHTTPServer):
    """A browser leaving a page drops its connections; that is not an error of the LMS."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


def _handler_for(lms: XapiLms) -> type[BaseHTTPRequestHandler]:
    class Handler(_Handler):
        owner = lms
    return Handler


class _Handler(BaseHTTPRequestHandler):
    owner: XapiLms
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    # ---- Plumbing ---------------------------------------------------------------------------

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _reply(self, status: int, body: bytes = b"", content_type: str = "application/json",
               headers: dict[str, str] | None = None, session: Session | None = None,
               request_body: bytes = b"") -> None:
        parts = urlsplit(self.path)
        with self.owner.lock:
            self.owner.log.append(Logged(self.command, parts.path, dict(parse_qsl(parts.query)), dict(self.headers),
                                         request_body, status, session))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, status: int, value: Any, **kwargs: Any) -> None:
        self._reply(status, json.dumps(value).encode(), **kwargs)

    def _route(self) -> None:
        with self.owner.idle:
            self.owner.in_flight += 1
            self.owner.last_arrival = time.monotonic()
        try:
            self._answer()
        finally:
            with self.owner.idle:
                self.owner.in_flight -= 1
                self.owner.idle.notify_all()

    def _answer(self) -> None:
        path = urlsplit(self.path).path
        if path.startswith("/au/"):
            self._serve_package(path[len("/au/"):])
        elif path.startswith("/fetch/"):
            self._fetch(path[len("/fetch/"):])
        elif path.startswith("/xapi/"):
            self._xapi(path[len("/xapi/"):])
        elif path in ("/lms/returned", "/lms/closed"):
            self._reply(200, b"<!DOCTYPE html><title>LMS</title><p>Back in the LMS.</p>", "text/html; charset=utf-8")
        else:
            self._reply(404 if path != "/favicon.ico" else 204, b"", "text/plain")

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _route

    # ---- The package ------------------------------------------------------------------------

    def _serve_package(self, relative: str) -> None:
        root = self.owner.package_dir
        target = (root / unquote(relative)).resolve() if root else None
        if target is None or root is None or not target.is_file() or not target.is_relative_to(root.resolve()):
            self._reply(404, b"", "text/plain")
            return
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith("javascript"):
            content_type += "; charset=utf-8"
        self._reply(200, target.read_bytes(), content_type, headers={"Content-Security-Policy": AU_CSP})

    # ---- cmi5 fetch -------------------------------------------------------------------------

    def _fetch(self, key: str) -> None:
        body = self._body()
        session = self.owner.fetch_keys.get(key)
        if self.command != "POST":
            self._reply(405, b"", "text/plain", headers={"Allow": "POST"}, session=session)
        elif session is None:
            self._json(200, {"error-code": "2", "error-text": "Unknown fetch URL."}, request_body=body)
        elif session.fetched:
            self._json(200, {"error-code": "1", "error-text": "The authorization token has already been returned."},
                       session=session, request_body=body)
        else:
            session.fetched = True
            self._json(200, {"auth-token": session.token}, session=session, request_body=body)

    # ---- The xAPI endpoint ------------------------------------------------------------------

    def _session(self) -> Session | None:
        header = self.headers.get("Authorization", "")
        token = header[len("Basic "):] if header.startswith("Basic ") else ""
        return self.owner.sessions.get(token)

    def _xapi(self, resource: str) -> None:
        body = self._body()
        session = self._session()
        if session is None:
            self._json(401, {"error": "no valid token"}, request_body=body)
        elif not self.headers.get("X-Experience-API-Version", "").startswith("1.0"):
            self._json(400, {"error": "X-Experience-API-Version missing"}, session=session, request_body=body)
        elif resource == "statements":
            self._statements(session, body)
        elif resource in ("activities/state", "agents/profile"):
            self._documents(resource, session, body)
        else:
            self._json(404, {"error": f"no resource {resource}"}, session=session, request_body=body)

    def _statements(self, session: Session, body: bytes) -> None:
        if self.owner.refuse_statements and self.command in ("POST", "PUT"):
            self._json(503, {"error": "the LRS is down (test)"}, session=session, request_body=body)
            return
        query = urlsplit(self.path).query
        status, headers, answer = self.owner.ralph.request(
            self.command, "/xAPI/statements" + (f"?{query}" if query else ""), body or None,
            {"Content-Type": "application/json"} if body else None)
        self._reply(status, answer, headers.get("content-type", "application/json"), session=session,
                    request_body=body)

    def _documents(self, resource: str, session: Session, body: bytes) -> None:
        params = dict(parse_qsl(urlsplit(self.path).query))
        kind = "state" if resource == "activities/state" else "profile"
        try:
            agent = json.loads(params["agent"])
            document_id = params["stateId" if kind == "state" else "profileId"]
        except (KeyError, ValueError):
            self._json(400, {"error": "agent and the document id are required"}, session=session,
                       request_body=body)
            return
        activity_id = params.get("activityId", "") if kind == "state" else ""
        registration = params.get("registration", "") if kind == "state" else ""
        mine = agent_key(agent) == agent_key(session.actor) and (
            kind == "profile" or (activity_id == session.activity_id and registration == session.registration))
        if not mine:
            self._json(403, {"error": "not this session's documents"}, session=session, request_body=body)
            return
        key = XapiLms._document_key(kind, activity_id, agent, registration, document_id)
        if self.command == "GET":
            found = self.owner.documents.get(key)
            if found is None:
                self._reply(404, b"", "text/plain", session=session)
            else:
                self._reply(200, found[0], found[1], session=session)
        elif document_id == LAUNCH_DATA:
            self._json(403, {"error": "LMS.LaunchData belongs to the LMS"}, session=session, request_body=body)
        elif self.command == "PUT":
            with self.owner.lock:
                self.owner.documents[key] = (body, self.headers.get("Content-Type", "application/octet-stream"))
            self._reply(204, session=session, request_body=body)
        elif self.command == "POST":
            with self.owner.lock:
                old = self.owner.documents.get(key)
                merged = {**(json.loads(old[0]) if old else {}), **json.loads(body)}
                self.owner.documents[key] = (json.dumps(merged).encode(), "application/json")
            self._reply(204, session=session, request_body=body)
        elif self.command == "DELETE":
            with self.owner.lock:
                self.owner.documents.pop(key, None)
            self._reply(204, session=session)
        else:
            self._json(405, {"error": "method not allowed"}, session=session, request_body=body)
