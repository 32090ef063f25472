"""The preview's stand-in LMS for cmi5 and Tin Can: launch links, a fetch token, and an in-memory LRS.

It implements what the package's runtime talks to — the Statements resource (POST, PUT, GET),
the State resource (GET, PUT, POST merge, DELETE) and the Agent Profile resource — and keeps
everything in memory for the side panel to show. It is a mirror for authors, not a conformant
LRS: it stores statements as they arrive and checks only the session's token, the xAPI version
header and that `LMS.LaunchData` stays the LMS's. Nothing here leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from .rendering import LaunchInfo

LAUNCH_DATA = "LMS.LaunchData"
SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
LEARNER = {"objectType": "Agent", "name": "Preview learner", "mbox": "mailto:preview@example.org"}
"""The one learner of a preview (an example.org address: it names no one)."""


@dataclass(frozen=True)
class Reply:
    """What the HTTP layer sends back."""

    status: int
    body: bytes = b""
    content_type: str = "application/json"


def _json(status: int, value: Any) -> Reply:
    return Reply(status, json.dumps(value).encode("utf-8"))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class PreviewLrs:
    """One learner, one registration at a time; "reset attempt" starts a new registration."""

    base_url: str = ""
    registration: str = field(default_factory=lambda: str(uuid.uuid4()))
    token: str = field(default_factory=lambda: uuid.uuid4().hex)
    statements: list[dict[str, Any]] = field(default_factory=list)
    documents: dict[tuple[str, str, str, str], tuple[bytes, str]] = field(default_factory=dict)
    fetch_keys: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        """A new attempt: new registration, no statements, no saved state."""
        with self.lock:
            self.registration = str(uuid.uuid4())
            self.statements.clear()
            self.documents.clear()
            self.fetch_keys.clear()

    def activity_id(self, module_id: str) -> str:
        """The LMS's own id for the launched activity (cmi5 8.1.5: never the AU's publisher id)."""
        return f"{self.base_url}/lms/activities/{quote(module_id)}"

    def launch_url(self, fmt: str, module_id: str, info: LaunchInfo, mode: str = "Normal") -> str:
        """The package's index.html with the launch parameters of `fmt` (cmi5 or xapi)."""
        actor = json.dumps(LEARNER, separators=(",", ":"))
        if fmt == "xapi":
            query = {"endpoint": f"{self.base_url}/lrs/", "auth": f"Basic {self.token}", "actor": actor,
                     "registration": self.registration, "activity_id": info.activity_id}
            return "/package/index.html?" + urlencode(query, quote_via=quote)
        activity = self.activity_id(module_id)
        launch_data: dict[str, Any] = {
            "contextTemplate": {"contextActivities": {"grouping": [{"objectType": "Activity", "id": info.activity_id}]},
                                "extensions": {SESSION_ID: str(uuid.uuid4())}},
            "launchMode": mode, "launchMethod": "AnyWindow", "moveOn": info.move_on}
        if info.mastery_score is not None:
            launch_data["masteryScore"] = float(info.mastery_score)
        key = uuid.uuid4().hex
        with self.lock:
            self.documents[("state", activity, self.registration, LAUNCH_DATA)] = (
                json.dumps(launch_data).encode("utf-8"), "application/json")
            self.fetch_keys.add(key)
        query = {"endpoint": f"{self.base_url}/lrs/", "fetch": f"{self.base_url}/fetch/{key}", "actor": actor,
                 "registration": self.registration, "activityId": activity}
        return "/package/index.html?" + urlencode(query, quote_via=quote)

    def fetch(self, key: str) -> Reply:
        """cmi5 fetch: the token once per launch; error-code 1 after that (cmi5 8.2.3)."""
        with self.lock:
            if key not in self.fetch_keys:
                return _json(200, {"error-code": "1", "error-text": "This fetch URL was used already."})
            self.fetch_keys.discard(key)
        return _json(200, {"auth-token": self.token})

    def handle(self, method: str, resource: str, query: str, headers: dict[str, str], body: bytes) -> Reply:
        """One request to /lrs/<resource>."""
        if headers.get("authorization", "") != f"Basic {self.token}":
            return _json(401, {"error": "no valid token: launch the package from the preview page"})
        if not headers.get("x-experience-api-version", "").startswith("1.0"):
            return _json(400, {"error": "the X-Experience-API-Version header is missing"})
        params = dict(parse_qsl(query))
        if resource == "statements":
            return self._statements(method, params, body)
        if resource in ("activities/state", "agents/profile"):
            return self._document(method, resource, params, headers, body)
        if resource == "about":
            return _json(200, {"version": ["1.0.3"]})
        return _json(404, {"error": f"no resource {resource}"})

    def _statements(self, method: str, params: dict[str, str], body: bytes) -> Reply:
        if method == "GET":
            with self.lock:
                return _json(200, {"statements": list(reversed(self.statements)), "more": ""})
        if method not in ("POST", "PUT"):
            return _json(405, {"error": "method not allowed"})
        try:
            parsed = json.loads(body)
        except ValueError:
            return _json(400, {"error": "the body is not JSON"})
        batch = parsed if isinstance(parsed, list) else [parsed]
        if method == "PUT" and "statementId" in params:
            batch = [{**batch[0], "id": params["statementId"]}]
        ids = []
        with self.lock:
            known = {statement.get("id") for statement in self.statements}
            for statement in batch:
                if not isinstance(statement, dict):
                    return _json(400, {"error": "a statement must be an object"})
                statement = {"id": str(uuid.uuid4()), **statement, "stored": _now()}
                if statement["id"] in known:
                    return _json(409, {"error": f"statement {statement['id']} exists already"})
                self.statements.append(statement)
                ids.append(statement["id"])
        return Reply(204) if method == "PUT" else _json(200, ids)

    def _document(self, method: str, resource: str, params: dict[str, str], headers: dict[str, str],
                  body: bytes) -> Reply:
        kind = "state" if resource == "activities/state" else "profile"
        document_id = params.get("stateId" if kind == "state" else "profileId", "")
        key = (kind, params.get("activityId", ""), params.get("registration", ""), document_id)
        with self.lock:
            if method == "GET":
                found = self.documents.get(key)
                return Reply(200, found[0], found[1]) if found else Reply(404, b"", "text/plain")
            if document_id == LAUNCH_DATA:
                return _json(403, {"error": "LMS.LaunchData belongs to the LMS"})
            if method == "PUT":
                self.documents[key] = (body, headers.get("content-type", "application/octet-stream"))
            elif method == "POST":
                old = self.documents.get(key)
                merged = {**(json.loads(old[0]) if old else {}), **json.loads(body or b"{}")}
                self.documents[key] = (json.dumps(merged).encode("utf-8"), "application/json")
            elif method == "DELETE":
                self.documents.pop(key, None)
            else:
                return _json(405, {"error": "method not allowed"})
        return Reply(204)

    def panel_json(self) -> dict[str, Any]:
        """What the side panel shows: the statements in the order they came, and the saved state."""
        with self.lock:
            state = {key[3]: body.decode("utf-8", "replace") for key, (body, _) in self.documents.items()
                     if key[0] == "state" and key[3] != LAUNCH_DATA}
            return {"registration": self.registration, "statements": list(self.statements), "state": state}
