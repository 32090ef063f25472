"""LMS profiles: named lists of package formats, so that one `moduletool build` makes all a partner needs.

A partner names its platform once (`profile: moodle` in moduletool.yaml, or `--profile moodle`)
instead of remembering which formats that platform plays. The formats to build, first match wins:

1. `--format` on the command line (repeatable);
2. `--profile` on the command line;
3. `formats:` in moduletool.yaml;
4. `profile:` in moduletool.yaml;
5. the default, SCORM 1.2: every LMS we know plays it, the Moodle app included.

`formats:` and `profile:` together in moduletool.yaml are refused when the file is read: a reader
of the file could not tell which one counts.

The table may name formats this moduletool cannot build yet (they arrive one by one). A profile is
checked against the format registry when it is used, and a missing format stops the build with a
message saying so, rather than quietly building less than the partner's platform needs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from .errors import Diagnostic, SourceLocation, UserError, did_you_mean

if TYPE_CHECKING:
    from .config import ProjectConfig

FormatT = TypeVar("FormatT")


@dataclass(frozen=True)
class Profile:
    """The formats one kind of platform needs."""

    name: str
    formats: tuple[str, ...]


PROFILES: dict[str, Profile] = {profile.name: profile for profile in (
    # Moodle's SCORM activity plays both; SCORM 1.2 also keeps the course usable in the Moodle app.
    Profile("moodle", ("scorm12", "scorm2004")),
    # The Moodle app plays SCORM 1.2 only.
    Profile("moodle-app", ("scorm12",)),
    # Everything: any SCORM LMS, cmi5 and xAPI platforms, and the offline web version.
    Profile("generic", ("scorm12", "scorm2004", "cmi5", "xapi", "web")),
)}
DEFAULT_FORMATS = ("scorm12",)


def unknown_profile_hint(name: str) -> str:
    """`did you mean …?`, or the list of profiles."""
    return did_you_mean(name, list(PROFILES)) or f"known profiles: {', '.join(PROFILES)}"


def describe_profiles() -> str:
    """One line per profile, for `--help`."""
    return "; ".join(f"`{p.name}` = {', '.join(p.formats)}" for p in PROFILES.values())


@dataclass(frozen=True)
class ChosenFormat:
    """One format to build, and where it was asked for (to point there if it cannot be built)."""

    name: str
    location: SourceLocation
    field: str = ""
    """The setting of moduletool.yaml that named it (`formats[1]`, `profile`); empty on the command line."""


@dataclass(frozen=True)
class FormatChoice:
    """The formats to build, in order, each once."""

    formats: tuple[ChosenFormat, ...]
    profile: str | None = None
    """The profile they come from, if any."""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(chosen.name for chosen in self.formats)


Locate = Callable[..., SourceLocation]
"""Where a setting of moduletool.yaml is written, by its path: `locate("formats", 1)`; `locate()`: the file."""


def choose_formats(cli_formats: Sequence[str], cli_profile: str | None, config: ProjectConfig,
                   locate: Locate) -> FormatChoice:
    """Apply the precedence above; a format named twice is built once."""
    if cli_formats:
        names = dict.fromkeys(cli_formats)
        return FormatChoice(tuple(ChosenFormat(name, SourceLocation("--format")) for name in names))
    if cli_profile is not None:
        return _profile_choice(cli_profile, SourceLocation("--profile"), "")
    if config.formats is not None:
        first: dict[str, int] = {}
        for index, name in enumerate(config.formats):
            first.setdefault(name, index)
        return FormatChoice(tuple(ChosenFormat(name, locate("formats", index), f"formats[{index}]")
                                  for name, index in first.items()))
    if config.profile is not None:
        return _profile_choice(config.profile, locate("profile"), "profile")
    return FormatChoice(tuple(ChosenFormat(name, locate()) for name in DEFAULT_FORMATS))


def _profile_choice(name: str, location: SourceLocation, field: str) -> FormatChoice:
    profile = PROFILES.get(name)
    if profile is None:
        raise UserError([Diagnostic(location, f"unknown profile `{name}`", field=field,
                                    hint=unknown_profile_hint(name), code="profile")])
    return FormatChoice(tuple(ChosenFormat(fmt, location, field) for fmt in profile.formats), name)


def formats_for(choice: FormatChoice, available: Mapping[str, FormatT]) -> list[FormatT]:
    """The registered formats of `choice`; a user error for every name this moduletool cannot build."""
    problems = []
    for chosen in choice.formats:
        if chosen.name in available:
            continue
        if choice.profile is not None:
            message = (f"profile `{choice.profile}` includes `{chosen.name}`, which this version of moduletool "
                       "cannot build")
            hint = (f"choose formats yourself with `--format` or `formats:` (available: {', '.join(available)}), "
                    "or update moduletool")
        else:
            message = f"unknown package format `{chosen.name}`"
            hint = did_you_mean(chosen.name, list(available)) or f"known formats: {', '.join(available)}"
        problems.append(Diagnostic(chosen.location, message, field=chosen.field, hint=hint, code="format"))
    if problems:
        raise UserError(problems)
    return [available[name] for name in choice.names]
