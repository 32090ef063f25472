"""The IRIs that name a module in xAPI statements, `cmi5.xml` and `tincan.xml`.

Every IRI is derived from the project's `publisher_iri` (moduletool.yaml) and the module's stable
ids, never from titles or file names, so that it does not change when a module is edited, and
every package of a module carries the same IRIs **in every language**: an LRS then reports one
activity (and one question) however many languages learners took it in, exactly as SCORM
interaction ids add up across languages; the language of a statement is in `context.language`.

    <publisher>/courses/<module>                   the course (cmi5) / the launchable activity (xAPI)
    <publisher>/courses/<module>/au                the cmi5 AU (its publisher id)
    <publisher>/courses/<module>/pages/<page>      a page (experienced)
    <publisher>/courses/<module>/questions/<id>    a question (answered)
    <publisher>/courses/<module>/objectives/<id>   a learning objective
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

EXAMPLE_PUBLISHER_IRI = "https://example.org/partnership"
# Characters RFC 3987 never allows in an IRI (whitespace, controls, delimiters).
_NOT_IN_IRI = re.compile(r'[\s<>"{}|\\^`\x00-\x1f\x7f]')


def publisher_iri_problem(value: str) -> str | None:
    """Why `value` cannot be a publisher IRI, or None when it can.

    The IRI must be absolute http(s) with a host and nothing after the path, so that the ids
    built by appending `/courses/...` stay valid IRIs that the publisher controls.
    """
    if _NOT_IN_IRI.search(value):
        return "contains spaces or characters that an IRI cannot hold"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "is not an absolute http(s) IRI"
    if parts.username is not None or parts.password is not None:
        return "must not contain a user name or password"
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        return "must not have a query (`?…`) or a fragment (`#…`)"
    return None


def normalise_publisher_iri(value: str) -> str:
    """The IRI without trailing slashes, so that appended paths never contain `//`."""
    return value.rstrip("/")


@dataclass(frozen=True)
class ActivityIds:
    """The IRIs of one module, below a validated publisher IRI."""

    publisher: str
    module_id: str

    @property
    def course(self) -> str:
        return f"{self.publisher}/courses/{self.module_id}"

    @property
    def au(self) -> str:
        return f"{self.course}/au"

    def page(self, page_id: str) -> str:
        return f"{self.course}/pages/{page_id}"

    def question(self, question_id: str) -> str:
        return f"{self.course}/questions/{question_id}"

    def objective(self, objective_id: str) -> str:
        return f"{self.course}/objectives/{objective_id}"
