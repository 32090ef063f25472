"""axe-core, the accessibility engine (npm `axe-core`), run inside a page of the player.

The engine is injected as a script file; a package's Content-Security-Policy forbids that, so the
browser context that runs it must be made with `bypass_csp=True` (the other browser tests keep the
policy on). Only the WCAG 2.0 and 2.1 rules of levels A and AA run: they are what we promise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
  .then(result => result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 200),
                              summary: (n.failureSummary || "").split("\\n").slice(0, 3).join(" ")}))})))"""


def axe_script() -> Path:
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS.relative_to(REPO)} is missing: run `npm ci` in the repository (axe-core is a "
                    "devDependency)", pytrace=False)
    return AXE_JS


def inject(page: Any) -> None:
    """Load axe-core into `page` (once per document)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(axe_script()))


def violations(page: Any, where: str) -> list[str]:
    """One line per element that breaks a WCAG 2.x A/AA rule: rule id, where, the element and why."""
    found = page.evaluate(_RUN, WCAG_TAGS)
    return [f"{where}: {v['id']} ({v['impact']}: {v['help']}) at `{node['target']}`: {node['html']} -- {node['summary']}"
            for v in found for node in v["nodes"]]
