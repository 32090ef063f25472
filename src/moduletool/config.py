"""`moduletool.yaml`: the project's settings, validated like a module (located errors, no surprises)."""

from __future__ import annotations

from pydantic import Field

from .schema.common import LanguageTag, StrictModel

CONFIG_FILE = "moduletool.yaml"
KNOWN_FORMATS = ("scorm12",)


class ProjectConfig(StrictModel):
    """Settings shared by every module of a content project."""

    source_language: LanguageTag = Field("en", description="Language the modules are written in.")
    languages: list[LanguageTag] = Field(
        default_factory=list, description="Target languages translators work on (the source is always built).")
    formats: list[str] = Field(default_factory=lambda: ["scorm12"],
                               description=f"Package formats built by default: {', '.join(KNOWN_FORMATS)}.")
    modules_dir: str = Field("modules", description="Folder holding one sub-folder per module.")
    output_dir: str = Field("dist", description="Folder the packages are written to.")
