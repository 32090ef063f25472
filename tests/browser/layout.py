"""Layout measurements of the player page shared by the browser tests: sideways scrolling and touch targets.

Touch targets are the controls a learner taps: buttons, answer options, text fields, transcript
toggles, download links. A link inside running text is exempt (WCAG 2.5.5 makes the exception for
targets "in a sentence or block of text"), so links in paragraphs and lists are not measured.
"""

from __future__ import annotations

from typing import Any

MIN_TARGET_PX = 44
TARGETS = "button, .option, input[type=text], .transcript summary, .download-link, .skip-link"

_SMALL_TARGETS_JS = """([selector, minimum]) => [...document.querySelectorAll(selector)]
    .filter(e => e.offsetParent !== null && !e.closest('[hidden]'))
    .filter(e => !e.classList.contains('skip-link') || e === document.activeElement)
    .map(e => [e.id || e.className || e.tagName, e.getBoundingClientRect()])
    .filter(([, r]) => r.height < minimum || r.width < minimum)
    .map(([name, r]) => `${name} ${Math.round(r.width)}x${Math.round(r.height)}`)"""


def horizontal_overflow(page: Any) -> int:
    """How many CSS pixels the page scrolls sideways (0 when it fits)."""
    overflow: int = page.evaluate(
        "document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth")
    return overflow


def small_targets(page: Any) -> list[str]:
    """The visible touch targets smaller than 44 × 44 CSS pixels, as `name WxH`."""
    small: list[str] = page.evaluate(_SMALL_TARGETS_JS, [TARGETS, MIN_TARGET_PX])
    return small
