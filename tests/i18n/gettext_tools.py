"""GNU gettext's own tools as the judges of what we write: `msgcat` for layout, `msgfmt -c` for validity.

A missing tool fails the test with a clear message (never a silent skip).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def tool(name: str) -> str:
    """The path of a gettext program; fails the test when it is not installed."""
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"`{name}` is missing: install GNU gettext (e.g. `apt-get install gettext`); "
                    "the translation tests compare our files with what gettext itself writes", pytrace=False)
    return found


def msgcat(path: Path) -> bytes:
    """What msgcat makes of a file (same width, 79, as ours)."""
    result = subprocess.run([tool("msgcat"), str(path)], capture_output=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout


def msgfmt_check(path: Path) -> str:
    """Run `msgfmt -c --check-format`; fail on a non-zero exit. Returns its warnings."""
    result = subprocess.run([tool("msgfmt"), "-c", "--check-format", "-o", "/dev/null", str(path)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, f"msgfmt -c rejects {path}:\n{result.stderr}"
    return result.stderr


# A template necessarily keeps gettext's placeholders (no language, no translator yet).
TEMPLATE_WARNINGS = ("PO-Revision-Date", "Last-Translator", "Language-Team", "Language")


def assert_gettext_clean(path: Path) -> None:
    """The file is exactly what msgcat would write, and msgfmt -c accepts it (a .po without any warning)."""
    assert msgcat(path) == path.read_bytes(), f"{path} is not laid out as msgcat lays it out"
    warnings = [line for line in msgfmt_check(path).splitlines() if line.strip()]
    if path.suffix == ".pot":
        warnings = [w for w in warnings if not any(f"'{name}' still has the initial default value" in w
                                                   for name in TEMPLATE_WARNINGS)]
    assert warnings == [], f"msgfmt -c warns about {path}:\n" + "\n".join(warnings)


def assert_all_clean(project: Path) -> list[Path]:
    """`assert_gettext_clean` on every catalog under translations/; returns them."""
    files = sorted((project / "translations").rglob("*.po")) + sorted((project / "translations").rglob("*.pot"))
    for path in files:
        assert_gettext_clean(path)
    return files
