"""LMS profiles and the choice of formats: precedence, located errors, did-you-mean, what gets built."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support.projects import run_moduletool

from moduletool.config import KNOWN_FORMATS, ProjectConfig
from moduletool.errors import SourceLocation, UserError
from moduletool.packaging import FORMATS
from moduletool.profiles import PROFILES, choose_formats, formats_for
from moduletool.project import Project

MakeProject = Callable[..., Path]  # the `make_project` fixture of tests/conftest.py
YAML = SourceLocation("moduletool.yaml")


def _locate(*path: str | int) -> SourceLocation:
    return SourceLocation("moduletool.yaml", 9, 9) if path else YAML


@pytest.mark.parametrize(("cli_formats", "cli_profile", "settings", "expected"), [
    ([], None, {}, ("scorm12",)),
    ([], None, {"profile": "moodle"}, ("scorm12", "scorm2004")),
    ([], None, {"formats": ["web", "scorm12"]}, ("web", "scorm12")),
    ([], "moodle-app", {"formats": ["web"]}, ("scorm12",)),
    ([], "generic", {"profile": "moodle-app"}, ("scorm12", "scorm2004", "cmi5", "xapi", "web")),
    (["web"], "moodle", {"profile": "moodle-app"}, ("web",)),
    (["web", "scorm12", "web"], None, {}, ("web", "scorm12")),
    ([], None, {"formats": ["xapi", "xapi"]}, ("xapi",)),
], ids=["default", "yaml-profile", "yaml-formats", "cli-profile-over-yaml-formats", "cli-profile-over-yaml-profile",
        "cli-format-over-everything", "cli-format-once-each", "yaml-format-once-each"])
def test_precedence(cli_formats: list[str], cli_profile: str | None, settings: dict[str, object],
                    expected: tuple[str, ...]) -> None:
    choice = choose_formats(cli_formats, cli_profile, ProjectConfig.model_validate(settings), _locate)
    assert choice.names == expected
    assert [fmt.name for fmt in formats_for(choice, FORMATS)] == list(expected)


def test_built_in_profiles() -> None:
    assert {name: profile.formats for name, profile in PROFILES.items()} == {
        "moodle": ("scorm12", "scorm2004"),
        "moodle-app": ("scorm12",),  # the Moodle app plays SCORM 1.2 only
        "generic": ("scorm12", "scorm2004", "cmi5", "xapi", "web"),
    }


def test_known_formats_of_the_settings_are_the_registered_ones() -> None:
    assert set(KNOWN_FORMATS) == set(FORMATS)


def test_a_profile_naming_a_format_not_built_yet_says_so() -> None:
    choice = choose_formats([], "moodle", ProjectConfig(), _locate)
    with pytest.raises(UserError) as caught:
        formats_for(choice, {"scorm12": FORMATS["scorm12"]})
    [problem] = caught.value.diagnostics
    assert problem.headline() == ("--profile: profile `moodle` includes `scorm2004`, which this version of "
                                  "moduletool cannot build")
    assert "available: scorm12" in problem.hint


def test_a_setting_found_wrong_at_use_time_is_located_in_moduletool_yaml(make_project: MakeProject) -> None:
    root = make_project(config="source_language: en\nformats: [scorm12, web]\n")
    project = Project.find(root)
    choice = choose_formats([], None, project.config, project.setting_location)
    with pytest.raises(UserError) as caught:
        formats_for(choice, {"scorm12": FORMATS["scorm12"]})
    assert [d.headline() for d in caught.value.diagnostics] == [
        "moduletool.yaml:2:20: formats[1]: unknown package format `web`"]


# ---- Through the command line ------------------------------------------------------------------

def _fails(root: Path, *args: str) -> str:
    result = run_moduletool("build", *args, cwd=root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def _built(root: Path) -> set[str]:
    return {path.name.rsplit("-", 1)[1].removesuffix(".zip") for path in (root / "dist").rglob("*.zip")}


@pytest.mark.parametrize(("config", "expected"), [
    ("source_language: en\nprofile: moodel\n",
     ["moduletool.yaml:2:10: profile: unknown profile `moodel`", "did you mean `moodle`?"]),
    ("source_language: en\nprofile: canvas\n",
     ["moduletool.yaml:2:10: profile: unknown profile `canvas`", "known profiles: moodle, moodle-app, generic"]),
    ("source_language: en\nformats: [scorm12, scrom2004]\n",
     ["moduletool.yaml:2:20: formats[1]: unknown package format `scrom2004`", "did you mean `scorm2004`?"]),
    ("source_language: en\nformats: []\n", ["moduletool.yaml:2:10: formats: needs at least 1 entry"]),
    ("source_language: en\nformats: [web]\nprofile: moodle\n",
     ["moduletool.yaml:3:10: profile: `formats` and `profile` both choose the formats to build",
      "keep one: `profile:` for a platform's usual set"]),
], ids=["profile-typo", "profile-unknown", "format-typo", "no-formats", "formats-and-profile"])
def test_settings_mistakes_are_located(make_project: MakeProject, config: str, expected: list[str]) -> None:
    stderr = _fails(make_project(config=config))
    for text in expected:
        assert text in stderr


def test_unknown_profile_option_suggests_the_closest(make_project: MakeProject) -> None:
    stderr = _fails(make_project(), "--profile", "moodleapp")
    assert "--profile: unknown profile `moodleapp`" in stderr and "did you mean `moodle-app`?" in stderr


def test_profile_option_beats_the_settings(make_project: MakeProject) -> None:
    root = make_project(config="source_language: en\nformats: [web]\n")
    assert run_moduletool("build", "--profile", "moodle-app", cwd=root).returncode == 0
    assert _built(root) == {"scorm12"}


def test_format_option_beats_the_settings_profile(make_project: MakeProject) -> None:
    root = make_project(config="source_language: en\nprofile: moodle-app\n")
    assert run_moduletool("build", "-f", "web", cwd=root).returncode == 0
    assert _built(root) == {"web"}


def test_settings_profile_builds_all_its_formats(make_project: MakeProject) -> None:
    root = make_project(config="source_language: en\nprofile: moodle\n")
    result = run_moduletool("build", "--report", "json", cwd=root)
    assert result.returncode == 0, result.stderr
    assert _built(root) == {"scorm12", "scorm2004"}


def test_help_lists_the_profiles() -> None:
    result = run_moduletool("build", "--help", cwd=Path.cwd())
    assert result.returncode == 0 and "--profile" in result.stdout
    for name in PROFILES:
        assert f"{name} =" in result.stdout
