"""Every broken package of the corpus is pinned to exactly what `moduletool check` says about it.

Each case (check_corpus.py) is checked in-process; the printed form of its findings — one
`code | headline` line per finding and an indented `hint:` line under it, as the CLI prints
them — must equal the pinned lines in check_expected.py, in order. So a lost message and a
new false positive both fail. The whole corpus also goes through the real console script once.

To see what the tool says now, run with MODULETOOL_UPDATE_CHECK_CORPUS=1: check_expected.py is
rewritten from the current output. Read every changed line before keeping it.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from check_corpus import CASES, Case
from check_expected import EXPECTED
from support.projects import MODULETOOL

from moduletool.errors import Severity
from moduletool.package_check import PackageReport, ZipLimits, check_zip

UPDATE = os.environ.get("MODULETOOL_UPDATE_CHECK_CORPUS") == "1"
EXPECTED_FILE = Path(__file__).with_name("check_expected.py")
_found: dict[str, tuple[str, ...]] = {}


def printed(report: PackageReport) -> tuple[str, ...]:
    lines: list[str] = []
    for diagnostic in report.diagnostics:
        lines.append(f"{diagnostic.code} | {diagnostic.headline()}")
        if diagnostic.hint:
            lines.append(f"  hint: {diagnostic.hint}")
    return tuple(lines)


def run_case(case: Case, folder: Path) -> PackageReport:
    path = folder / f"{case.name}.zip"
    path.write_bytes(case.build())
    return check_zip(path, path.name, None, case.limits)


def test_the_corpus_is_large_names_are_unique_and_every_case_is_pinned() -> None:
    names = [case.name for case in CASES]
    assert len(names) >= 25 and len(set(names)) == len(names)
    assert UPDATE or set(EXPECTED) == set(names), "run with MODULETOOL_UPDATE_CHECK_CORPUS=1 and review"


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_broken_package(case: Case, tmp_path: Path) -> None:
    report = run_case(case, tmp_path)
    lines = printed(report)
    if UPDATE:
        _found[case.name] = lines
        _write_expected()
    assert report.diagnostics, "a broken package must produce at least one finding"
    assert lines == EXPECTED.get(case.name)
    for diagnostic in report.diagnostics:
        assert diagnostic.code and diagnostic.message
        assert diagnostic.location.path.startswith(f"{case.name}.zip")


def test_a_case_with_errors_fails_and_one_with_warnings_only_passes(tmp_path: Path) -> None:
    for case in CASES:
        report = run_case(case, tmp_path)
        has_error = any(d.severity is Severity.ERROR for d in report.diagnostics)
        assert report.ok is not has_error
        assert report.summary().startswith("✗" if has_error else "✓")


def test_the_whole_corpus_through_the_command_line(tmp_path: Path) -> None:
    """One run of the real console script over a folder of every case: exit 1, no traceback, one line each."""
    for case in CASES:
        if case.limits == ZipLimits():  # cases with lowered limits need the in-process API
            (tmp_path / f"{case.name}.zip").write_bytes(case.build())
    env = {**{k: v for k, v in os.environ.items() if k != "MODULETOOL_SCHEMAS"}, "NO_COLOR": "1", "COLUMNS": "300"}
    result = subprocess.run([str(MODULETOOL), "check", "."], check=False, cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    summaries = result.stdout.splitlines()
    checked = sorted(p.name for p in tmp_path.glob("*.zip"))
    assert [line.split(" ", 2)[1].rstrip(":") for line in summaries] == checked
    for name in checked:
        pinned = EXPECTED[name.removesuffix(".zip")]
        for line in pinned:
            text = line.split(" | ", 1)[1] if " | " in line else line
            assert text in result.stderr, f"{name}: {text!r} not printed"


def _write_expected() -> None:
    merged = {**EXPECTED, **_found}
    lines = ['"""What `moduletool check` says about each case of check_corpus.py: `code | headline`, then its hint.',
             "",
             "Generated with MODULETOOL_UPDATE_CHECK_CORPUS=1 and reviewed line by line; edit by hand or regenerate.",
             '"""', "", "EXPECTED: dict[str, tuple[str, ...]] = {"]
    for case in CASES:
        if case.name not in merged:
            continue
        lines.append(f"    {case.name!r}: (")
        lines.extend(f"        {line!r}," for line in merged[case.name])
        lines.append("    ),")
    lines.append("}")
    EXPECTED_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")
