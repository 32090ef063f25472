"""Opening a browser tab the way the browser tests need it: a fresh context, a timeout, script errors kept."""

from __future__ import annotations

from typing import Any


def open_tab(browser: Any, **context_options: Any) -> tuple[Any, Any, list[str]]:
    """A new context and tab (10 s default timeout) and the list its uncaught script errors go to."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page, errors
