"""What the two xAPI-based formats (cmi5, Tin Can) share on the packaging side."""

from __future__ import annotations

from ..activity_ids import ActivityIds
from .base import PackageContext

XAPI_STATE_LIMIT = 16_000
"""Longest saved-state string the cmi5 and xAPI runtimes keep in their State API document.

The State API has no size limit of its own (unlike SCORM 1.2's 4096 characters). What bounds us
is the last save, sent with `fetch(..., {keepalive: true})` while the page unloads: browsers allow
64 KiB for all keepalive bodies in flight. 16,000 characters stay below that even when every
character takes three bytes in UTF-8 and JSON, with room left for the final statements.
"""


def activity_ids_of(context: PackageContext) -> ActivityIds:
    """The module's IRIs; the build checks `publisher_iri` before any package, so None is our bug."""
    if context.activity_ids is None:
        raise RuntimeError("an xAPI package was built without activity ids (publisher_iri not checked)")
    return context.activity_ids
