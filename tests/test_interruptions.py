"""Nothing is lost when a run is killed: SIGKILL `build`, `i18n update` and `i18n mt` at random points.

Each trial starts the real console script, kills it after a seeded random delay (SIGKILL: no
handler runs, no `finally`), then checks what a killed run may leave behind:

* every `.po` still parses, passes `msgfmt -c`, and keeps every translation it had before
  (msgctxt → msgstr: a translation may be added, never lost or changed by the kill);
* every zip in `dist/` opens and passes `testzip` (no partial zip under its real name);
* a rerun completes with exit 0, and afterwards no temp file (`*.part`) is left anywhere.

`TRIALS` counts every kind; together they are at least 50.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "i18n"))

from fake_deepl import AUTH_KEY, FakeDeepL, Server
from gettext_tools import msgfmt_check
from support.projects import MODULETOOL, run_moduletool
from translated_mini import FRENCH, translate, translated_mini

from moduletool.i18n.catalog_io import read_catalog

TRIALS = {"build": 20, "update": 16, "mt": 16}
SEED = 20261121
MODULE = Path("modules/mini-course/module.yaml")
FR = Path("translations/fr/mini-course.po")


def test_there_are_at_least_50_trials() -> None:
    assert sum(TRIALS.values()) >= 50


def env(**extra: str) -> dict[str, str]:
    base = {name: value for name, value in os.environ.items() if not name.startswith("DEEPL_")}
    return {**base, "SOURCE_DATE_EPOCH": "1700000000", "NO_COLOR": "1", "NO_PROXY": "127.0.0.1",
            "no_proxy": "127.0.0.1", **extra}


def translations(project: Path) -> dict[str, dict[str, str]]:
    """Per .po: msgctxt → msgstr of every translated entry (fuzzy included; obsolete ones too)."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted((project / "translations").glob("*/*.po")):
        display = path.relative_to(project).as_posix()
        found[display] = {entry.msgctxt or "": entry.msgstr for entry in read_catalog(path, display).entries
                          if entry.msgctxt and entry.msgstr}
    return found


def kill_after(args: list[str], project: Path, delay: float, environment: dict[str, str]) -> bool:
    """Start `moduletool args…`, SIGKILL it after `delay` seconds; True when it was still running."""
    process = subprocess.Popen([str(MODULETOOL), *args], cwd=project, env=environment,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        process.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return True


def assert_nothing_lost(project: Path, before: dict[str, dict[str, str]]) -> None:
    after = translations(project)
    for po, entries in before.items():
        assert po in after, f"{po} disappeared"
        lost = {context: text for context, text in entries.items() if after[po].get(context) != text}
        assert not lost, f"{po} lost or changed translations: {lost}"
    for path in (project / "translations").glob("*/*.po"):
        msgfmt_check(path)
    for path in (project / "dist").rglob("*.zip") if (project / "dist").is_dir() else []:
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None, f"{path} is corrupt"


def duration(project: Path, args: list[str], environment: dict[str, str]) -> float:
    """How long an uninterrupted run takes here (the kills land within it); leaves the project as it was."""
    copy = Path(shutil.copytree(project, project.parent / f"{project.name}-timing"))
    started = time.monotonic()
    result = subprocess.run([str(MODULETOOL), *args], cwd=copy, env=environment, capture_output=True, timeout=300, check=False)
    took = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    shutil.rmtree(copy)
    return took


def assert_rerun_completes(project: Path, args: list[str], environment: dict[str, str]) -> None:
    result = subprocess.run([str(MODULETOOL), *args], cwd=project, env=environment, capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    leftovers = [p for p in project.rglob("*.part")]
    assert not leftovers, f"temp files left after the rerun: {leftovers}"


@pytest.fixture(scope="module")
def translated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini project translated into French and Arabic, both built by default."""
    project = translated_mini(tmp_path_factory.mktemp("translated"))
    config = project / "moduletool.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "languages: [fr, ar]\n", encoding="utf-8")
    return project


@pytest.fixture
def fake() -> Iterator[FakeDeepL]:
    with Server() as running:
        yield running


def test_build_killed_at_random_points(translated: Path, tmp_path: Path) -> None:
    project = Path(shutil.copytree(translated, tmp_path / "p"))
    args = ["build", "-f", "scorm12", "-f", "scorm2004", "-f", "web", "--quiet"]
    chance = random.Random(SEED)
    took = duration(project, args, env())
    killed = 0
    for trial in range(TRIALS["build"]):
        if trial % 4 == 0:
            shutil.rmtree(project / "dist", ignore_errors=True)
        before = translations(project)
        killed += kill_after(args, project, chance.uniform(0.1, 0.95) * took, env())
        assert_nothing_lost(project, before)
        assert_rerun_completes(project, args, env())
        assert_nothing_lost(project, before)
        assert len(list((project / "dist").rglob("*.zip"))) == 9
    assert killed >= TRIALS["build"] // 2, "most kills must land while the build is running"


SOURCES = ("Plan the day *before* it starts.", "Plan the whole day *before* it starts.")


def test_update_killed_at_random_points(translated: Path, tmp_path: Path) -> None:
    project = Path(shutil.copytree(translated, tmp_path / "p"))
    chance = random.Random(SEED + 1)
    took = duration(project, ["i18n", "update"], env())
    killed = 0
    for trial in range(TRIALS["update"]):
        old, new = SOURCES if trial % 2 == 0 else SOURCES[::-1]  # every trial changes a source text
        text = (project / MODULE).read_text(encoding="utf-8")
        (project / MODULE).write_text(text.replace(old, new), encoding="utf-8")
        before = translations(project)
        killed += kill_after(["i18n", "update"], project, chance.uniform(0.1, 0.95) * took, env())
        assert_nothing_lost(project, before)
        assert_rerun_completes(project, ["i18n", "update"], env())
        assert_nothing_lost(project, before)
    assert killed >= TRIALS["update"] // 2, "most kills must land while the update is running"


def test_mt_killed_at_random_points(translated: Path, tmp_path: Path, fake: FakeDeepL) -> None:
    chance = random.Random(SEED + 2)
    killed = 0
    reviewed = dict(list(FRENCH.items())[::3])  # a third of the entries were translated by a person
    for trial in range(TRIALS["mt"]):
        project = Path(shutil.copytree(translated, tmp_path / f"p{trial}"))
        shutil.rmtree(project / "translations" / "fr")
        assert run_moduletool("i18n", "init", "--lang", "fr", cwd=project, env=env()).returncode == 0
        translate(project, "fr", reviewed)
        environment = env(DEEPL_AUTH_KEY=AUTH_KEY, DEEPL_SERVER_URL=fake.url)
        before = translations(project)
        fake.switches.delay = 0.25
        killed += kill_after(["i18n", "mt", "--lang", "fr"], project, chance.uniform(0.5, 2.5), environment)
        fake.wait_idle()
        assert_nothing_lost(project, before)
        fake.switches.delay = 0
        assert_rerun_completes(project, ["i18n", "mt", "--lang", "fr"], environment)
        assert_nothing_lost(project, before)
        filled = translations(project)[FR.as_posix()]
        assert set(FRENCH) - set(filled) == set(), "the rerun must finish the drafts"
        shutil.rmtree(project)
    assert killed >= TRIALS["mt"] // 2, "most kills must land while mt is running"


def test_a_temp_file_left_by_a_killed_writer_is_removed_by_the_next_write(tmp_path: Path) -> None:
    from moduletool.fsutil import write_atomic

    target = tmp_path / "dist" / "x.zip"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    target.parent.mkdir()
    stale = target.parent / f".x.zip.{dead.pid}.abc123.part"
    stale.write_bytes(b"half a zip")
    alive = target.parent / f".x.zip.{os.getppid()}.def456.part"  # a live writer's file is left alone
    alive.write_bytes(b"being written")
    write_atomic(target, b"whole")
    assert target.read_bytes() == b"whole"
    assert not stale.exists() and alive.exists()
    assert sorted(p.name for p in target.parent.iterdir()) == [alive.name, "x.zip"]
