"""The Content-Security-Policy packages carry in their page (render/csp.py), enforced by Chromium.

The packages are served here without any policy header, so the page's own `<meta>` is the only
policy: the player must run every page under it without a single violation, and the policy must
really hold (no eval, no inline script, network only where the format needs it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sample_packages import PackageId, sample_package_ids
from tabs import open_tab

_RECORD_VIOLATIONS = """window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(
    e.violatedDirective + ' ' + (e.blockedURI || 'inline')));"""


def _one_per_format() -> list[PackageId]:
    keys = sample_package_ids()
    module, lang = keys[0].module, keys[0].lang
    return [k for k in keys if k.module == module and k.lang == lang]


@pytest.fixture
def csp_page(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    context, page, errors = open_tab(browser, viewport={"width": 360, "height": 640})
    context.add_init_script(_RECORD_VIOLATIONS)
    yield page, errors
    context.close()


@pytest.mark.parametrize("key", _one_per_format(), ids=str)
def test_the_player_runs_under_its_own_policy(key: PackageId, sample_packages: Any,
                                               csp_page: tuple[Any, list[str]]) -> None:
    page, errors = csp_page
    page.goto(sample_packages.index_url(key))
    page.wait_for_load_state("load")
    policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content") or ""
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'" and directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
    assert directives["form-action"] == "'none'"
    assert directives["connect-src"] == ("'self' http: https:" if key.format in ("cmi5", "xapi") else "'self'")
    assert "unsafe" not in policy and "data:" not in directives["img-src"]

    assert page.evaluate("Boolean(window.moduletool && window.moduletool.state().ready)")
    for index in range(1, len(sample_packages.course(key)["pages"])):
        page.click("#next")
        assert page.evaluate("window.moduletool.state().page") == index
    assert page.evaluate("window.__cspViolations") == []

    # The policy holds: eval and an inline script are refused, and reported.
    # (A string timer runs outside Playwright's evaluation, which the browser exempts from the policy.)
    page.evaluate("() => { setTimeout('window.__evaluated = true', 0); }")
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__inline = true'; document.body.appendChild(s); }""")
    page.wait_for_timeout(100)
    assert page.evaluate("[window.__inline, window.__evaluated]") == [None, None]
    violations: list[str] = []
    for _ in range(50):  # the violation events are dispatched a moment later
        violations = page.evaluate("window.__cspViolations")
        if sum(v.startswith("script-src") for v in violations) >= 2:
            break
        page.wait_for_timeout(20)
    assert sorted(v.split(" ")[1] for v in violations) == ["eval", "inline"], violations
    assert errors == []
