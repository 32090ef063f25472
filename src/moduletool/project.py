"""A content project: its root folder, its settings and its modules.

The root is the nearest folder (from the working directory upwards) holding `moduletool.yaml`,
the way git finds its repository, so commands work from any sub-folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .config import CONFIG_FILE, ProjectConfig
from .errors import SourceLocation, UserError, did_you_mean
from .loading import load_model
from .yaml_source import YamlDocument

MODULE_FILE = "module.yaml"


@dataclass(frozen=True)
class ModuleSource:
    """Where one module lives: its folder, its YAML file, and how to name that file in messages."""

    folder: Path
    display: str

    @property
    def id(self) -> str:
        return self.folder.name

    @property
    def yaml_path(self) -> Path:
        return self.folder / MODULE_FILE


@dataclass(frozen=True)
class Project:
    """The settings and folders of one content project."""

    root: Path
    config: ProjectConfig
    config_document: YamlDocument | None = field(default=None, compare=False, repr=False)
    """moduletool.yaml as parsed, so that a setting found wrong later can still be pointed at."""

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """Load the project containing `start` (default: the working directory)."""
        here = (start or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / CONFIG_FILE).is_file():
                config, document = load_model(folder / CONFIG_FILE, CONFIG_FILE, ProjectConfig)
                return cls(folder, config, document)
        raise UserError.at(str(here), f"no {CONFIG_FILE} found here or in any parent folder",
                           hint="run moduletool inside a content project, or create one with `moduletool init`",
                           code="no-project")

    def setting_location(self, *path: str | int) -> SourceLocation:
        """Where a setting is written in moduletool.yaml (`setting_location("formats", 1)`); no path: the file."""
        if self.config_document is None or not path:
            return SourceLocation(CONFIG_FILE)
        return self.config_document.locate(path)

    @property
    def modules_dir(self) -> Path:
        return self.root / self.config.modules_dir

    @property
    def output_dir(self) -> Path:
        return self.root / self.config.output_dir

    def display(self, path: Path) -> str:
        """A path as shown in messages: relative to the project root, with forward slashes."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def all_modules(self) -> list[ModuleSource]:
        """Every module folder (one holding module.yaml), sorted by id."""
        if not self.modules_dir.is_dir():
            return []
        return [self._source(folder) for folder in sorted(self.modules_dir.iterdir())
                if (folder / MODULE_FILE).is_file()]

    def _source(self, folder: Path) -> ModuleSource:
        return ModuleSource(folder, self.display(folder / MODULE_FILE))

    def select(self, names: list[str]) -> list[ModuleSource]:
        """The modules named on the command line (ids or paths); all of them when none is named."""
        available = self.all_modules()
        if not names:
            if not available:
                raise UserError.at(self.display(self.modules_dir), "no modules found",
                                   hint=f"create modules/<id>/{MODULE_FILE}, e.g. with `moduletool new <id>`",
                                   code="no-modules")
            return available
        by_id = {m.id: m for m in available}
        chosen: list[ModuleSource] = []
        problems = []
        for name in names:
            source = by_id.get(name) or self._from_path(Path(name))
            if source is None:
                hint = did_you_mean(name, list(by_id)) or (
                    f"known modules: {', '.join(by_id)}" if by_id else "the project has no modules yet")
                problems.extend(UserError.at(name, "no such module", hint=hint, code="unknown-module").diagnostics)
            elif source not in chosen:
                chosen.append(source)
        if problems:
            raise UserError(problems)
        return chosen

    def _from_path(self, path: Path) -> ModuleSource | None:
        candidate = path if path.is_absolute() else Path.cwd() / path
        if candidate.name == MODULE_FILE:
            candidate = candidate.parent
        if (candidate / MODULE_FILE).is_file():
            return ModuleSource(candidate.resolve(), self.display(candidate / MODULE_FILE))
        return None
