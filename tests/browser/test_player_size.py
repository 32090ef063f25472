"""The player's own weight and habits: its JavaScript and CSS stay under 100 KB per package (README,
"Player size"), and it never opens a pop-up or a dialog, asks for fullscreen or relies on `unload`.

Measured on every package the sample project builds, uncompressed, content media excluded: every
`.js` and `.css` file in the package (the runtime, the format's adapter, the stylesheet and, in the
web version, the offline service worker). Phones on slow, metered connections load all of it
before the first page shows.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from sample_packages import PackageId, sample_package_ids

PLAYER_BUDGET_BYTES = 100_000
PLAYER_SUFFIXES = (".js", ".css")


@pytest.mark.parametrize("key", sample_package_ids(), ids=str)
def test_player_js_and_css_stay_under_100_kb(key: PackageId, sample_packages: Any) -> None:
    root = sample_packages.dir(key)
    files = {path.relative_to(root).as_posix(): path.stat().st_size
             for path in root.rglob("*") if path.is_file() and path.suffix in PLAYER_SUFFIXES}
    assert "assets/player.js" in files and "assets/player.css" in files, sorted(files)
    total = sum(files.values())
    assert total < PLAYER_BUDGET_BYTES, f"{key}: the player weighs {total} bytes: {files}"


FORBIDDEN_CALLS = {
    "a pop-up window": re.compile(r"\bwindow\.open\s*\("),
    "a modal dialog": re.compile(r"(?<![\w.])(?:window\.)?(?:alert|confirm|prompt)\s*\("),
    "the fullscreen API": re.compile(r"\b(?:webkit|moz|ms)?[rR]equestFullscreen\b"),
    "the unload event (dropped in LMS frames)": re.compile(r"""addEventListener\(\s*["'](?:before)?unload["']|\bon(?:before)?unload\b"""),
}


@pytest.mark.parametrize("key", [k for k in sample_package_ids() if k.lang == sample_package_ids()[0].lang], ids=str)
def test_the_player_opens_no_pop_ups_and_needs_no_fullscreen(key: PackageId, sample_packages: Any) -> None:
    root = sample_packages.dir(key)
    found = [f"{path.relative_to(root).as_posix()}: {what}"
             for path in sorted(root.rglob("*.js")) for what, pattern in FORBIDDEN_CALLS.items()
             if pattern.search(path.read_text(encoding="utf-8"))]
    assert found == []
