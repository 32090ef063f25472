"""The Content-Security-Policy every package carries in its page head.

A package runs inside someone else's LMS, next to the learner's session: its page may load and run
only its own files. The policy is a `<meta http-equiv>` (an LMS serving the files may add a stricter
header; browsers then apply both): no inline script (the two JSON data blocks are not scripts),
no eval, no plugins, no `<base>`, forms that never leave the page, and no network access but
what the format's runtime needs. cmi5 and xAPI send statements to an LRS whose address is known
only at launch, so they may connect to any http(s) origin; SCORM talks to a JavaScript object of
the LMS and the web version to localStorage, so they need no connection beyond their own origin.

`frame-ancestors` and `sandbox` are ignored in a meta policy, so they are not written.
"""

from __future__ import annotations

NETWORK_FORMATS = frozenset({"cmi5", "xapi"})
"""Formats whose runtime talks to an LRS named in the launch URL."""
SELF_CONTAINED_MEDIA_FORMATS = frozenset({"web"})
"""Formats whose caption tracks are inlined as data: URLs (see player.SELF_CONTAINED_FORMATS)."""


def content_security_policy(package_format: str) -> str:
    """The policy of `package_format`'s page, as the content of its CSP meta element."""
    connect = "'self' http: https:" if package_format in NETWORK_FORMATS else "'self'"
    media = "'self' data:" if package_format in SELF_CONTAINED_MEDIA_FORMATS else "'self'"
    directives = [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        f"media-src {media}",
        "font-src 'self'",
        f"connect-src {connect}",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    return "; ".join(directives)
