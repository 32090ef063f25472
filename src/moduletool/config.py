"""`moduletool.yaml`: the project's settings, validated like a module (located errors, no surprises)."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Annotated

from pydantic import AfterValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .activity_ids import EXAMPLE_PUBLISHER_IRI, normalise_publisher_iri, publisher_iri_problem
from .errors import did_you_mean
from .profiles import DEFAULT_FORMATS, PROFILES, unknown_profile_hint
from .schema.common import LanguageTag, StrictModel

CONFIG_FILE = "moduletool.yaml"
KNOWN_FORMATS = ("scorm12", "scorm2004", "cmi5", "xapi", "web")


def _known_format(name: str) -> str:
    if name not in KNOWN_FORMATS:
        hint = did_you_mean(name, list(KNOWN_FORMATS)) or f"known formats: {', '.join(KNOWN_FORMATS)}"
        raise PydanticCustomError("format", "unknown package format `{name}`", {"name": name, "hint": hint})
    return name


def _known_profile(name: str) -> str:
    if name not in PROFILES:
        raise PydanticCustomError("profile", "unknown profile `{name}`",
                                  {"name": name, "hint": unknown_profile_hint(name)})
    return name


def _inside_project(path: str) -> str:
    # The tool writes into these folders (output_dir) or packages what they hold (modules_dir):
    # both stay inside the project, so a shared or cloned moduletool.yaml cannot aim them elsewhere.
    if not path.strip() or path.startswith(("/", "\\")) or "\\" in path or (len(path) > 1 and path[1] == ":") \
            or ".." in PurePosixPath(path).parts:
        raise PydanticCustomError("inside_project", "`{path}` is not a folder inside the project", {
            "path": path, "hint": "write a relative path without `..`, with forward slashes, e.g. `dist`"})
    return path


ProjectFolder = Annotated[str, AfterValidator(_inside_project)]
FormatName = Annotated[str, AfterValidator(_known_format)]
ProfileName = Annotated[str, AfterValidator(_known_profile)]


class ProjectConfig(StrictModel):
    """Settings shared by every module of a content project."""

    source_language: LanguageTag = Field("en", description="Language the modules are written in.")
    languages: list[LanguageTag] = Field(
        default_factory=list, description="Target languages translators work on (the source is always built).")
    formats: Annotated[list[FormatName], Field(min_length=1)] | None = Field(
        None, description=f"Package formats `moduletool build` makes: {', '.join(KNOWN_FORMATS)} "
                          f"(default: {', '.join(DEFAULT_FORMATS)}). Not together with `profile`.")
    profile: ProfileName | None = Field(
        None, description="The formats a kind of platform needs, by name: "
                          + "; ".join(f"{p.name} ({', '.join(p.formats)})" for p in PROFILES.values())
                          + ". Not together with `formats`.")
    modules_dir: ProjectFolder = Field("modules", description="Folder holding one sub-folder per module.")
    output_dir: ProjectFolder = Field("dist", description="Folder the packages are written to.")
    control_documents: str | None = Field(
        None, description="Folder holding the SCORM 2004 4th Edition XSDs that ADL's validator wants in "
                          "each scorm2004 zip (relative to the project); without it packages still import "
                          "into LMSs.")
    schemas: str | None = Field(
        None, description="Folder holding the official XSDs for `moduletool check` and the build's own "
                          "package check, laid out like ../shared/standards (scorm12/, scorm2004_4ed/, cmi5/, "
                          "tincan/); relative to the project. Without it only the structural checks run.")
    publisher_iri: str | None = Field(
        None, description="Absolute http(s) IRI of the organisation that publishes the modules, e.g. "
                          f"{EXAMPLE_PUBLISHER_IRI}; cmi5 and xAPI course and activity ids are built from it, "
                          "so it must never change once packages are in use.")

    @model_validator(mode="after")
    def _formats_or_profile(self) -> ProjectConfig:
        # Both would leave a reader of the file guessing which one counts (`--format` and
        # `--profile` on the command line may override either; see profiles.py).
        if self.formats is not None and self.profile is not None:
            raise PydanticCustomError(
                "formats_and_profile", "`formats` and `profile` both choose the formats to build",
                {"field": "profile",
                 "hint": "keep one: `profile:` for a platform's usual set, `formats:` for a list of your own"})
        return self

    @field_validator("publisher_iri")
    @classmethod
    def _absolute_iri(cls, value: str | None) -> str | None:
        if value is None:
            return None
        problem = publisher_iri_problem(value)
        if problem:
            raise PydanticCustomError("publisher_iri", f"`{value}` {problem}", {
                "hint": f"write an http(s) address your organisation controls, e.g. {EXAMPLE_PUBLISHER_IRI}"})
        return normalise_publisher_iri(value)
