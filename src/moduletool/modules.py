"""Loading a module for real: YAML → model → cross-checks, with every diagnostic collected."""

from __future__ import annotations

from dataclasses import dataclass, field

from .checks import check_module
from .errors import Diagnostic, UserError, has_errors
from .loading import validate_data
from .project import ModuleSource
from .schema import Module
from .yaml_source import YamlDocument, read_yaml


@dataclass
class LoadedModule:
    """A module's source, its model (None when invalid) and everything found wrong with it."""

    source: ModuleSource
    module: Module | None
    document: YamlDocument | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.module is not None and not has_errors(self.diagnostics)


def load_module(source: ModuleSource) -> LoadedModule:
    """Read, validate and check one module, collecting every problem rather than stopping at the first."""
    try:
        document = read_yaml(source.yaml_path, source.display)
    except UserError as error:
        return LoadedModule(source, None, None, error.diagnostics)
    module, diagnostics = validate_data(document, Module)
    if document.data is not None and isinstance(document.data, dict):
        diagnostics = diagnostics + check_module(document, source.folder, source.id)
    return LoadedModule(source, module, document, sorted(diagnostics, key=lambda d: d.sort_key()))
