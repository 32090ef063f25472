"""The build cache: an unchanged package is kept, a change to any of its inputs rebuilds it (and only it)."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from support.catalogs import translate_all
from support.projects import copy_fixture
from support.standards import scorm2004_control_documents

from moduletool import build_cache
from moduletool.build import BuildReport, build
from moduletool.i18n.catalog_io import po_path, read_catalog, write_catalog
from moduletool.packaging import get_format
from moduletool.project import Project

FORMATS = ["scorm12", "scorm2004", "cmi5"]
MODULES = ["mini-course", "other-course"]
CONFIG = ("source_language: en\nlanguages: [fr]\nformats: [scorm12, scorm2004, cmi5]\n"
          "publisher_iri: https://example.org/partnership\n")
Stamps = dict[str, tuple[int, int]]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Two modules, English and French, three formats, with the control documents in a folder of the project."""
    project = copy_fixture("mini", tmp_path / "project")
    other = project / "modules" / "other-course"
    shutil.copytree(project / "modules" / "mini-course", other)
    yaml = other / "module.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("id: mini-course", "id: other-course"), encoding="utf-8")
    shutil.copytree(scorm2004_control_documents(), project / "xsd")
    (project / "moduletool.yaml").write_text(CONFIG + "control_documents: xsd\n", encoding="utf-8")
    translate_all(project, "fr", MODULES)
    return project


def run(root: Path, **options: object) -> BuildReport:
    project = Project.find(root)
    report = build(project, project.select([]), [get_format(name) for name in FORMATS], jobs=1, **options)
    assert not report.failed_modules, [d.headline() for d in report.diagnostics]
    return report


def stamps(root: Path) -> Stamps:
    """Each zip's inode and modification time: a rewritten zip gets new ones."""
    found = {}
    for path in sorted((root / "dist").rglob("*.zip")):
        info = path.stat()
        found[path.relative_to(root / "dist").as_posix()] = (info.st_ino, info.st_mtime_ns)
    return found


def rebuilt(before: Stamps, after: Stamps) -> set[str]:
    return {name for name, stamp in after.items() if before.get(name) != stamp}


def packages(*, module: str = "", lang: str = "", fmt: str = "") -> set[str]:
    """The zips of the fixture project matching a module, a language and a format (each: any when empty)."""
    version = "2.1.0"
    return {f"{m}/{lg}/{m}-{version}-{lg}-{f}.zip" for m in MODULES for lg in ("en", "fr") for f in FORMATS
            if module in ("", m) and lang in ("", lg) and fmt in ("", f)}


def test_an_unchanged_build_keeps_every_package_and_reports_the_same(root: Path) -> None:
    first = run(root)
    before = stamps(root)
    assert set(before) == packages()
    second = run(root)
    assert rebuilt(before, stamps(root)) == set()
    assert all(package.cached for package in second.packages)
    assert not any(package.cached for package in first.packages)
    assert [(p.module_id, p.lang, p.format, p.path, p.size, p.files) for p in second.packages] == \
        [(p.module_id, p.lang, p.format, p.path, p.size, p.files) for p in first.packages]
    assert second.diagnostics == first.diagnostics


def _edit_module(root: Path) -> None:
    yaml = root / "modules" / "mini-course" / "module.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("duration: PT10M", "duration: PT12M"), encoding="utf-8")


def _edit_media(root: Path) -> None:
    with (root / "modules" / "mini-course" / "media" / "map file.svg").open("a", encoding="utf-8") as handle:
        handle.write("<!-- redrawn -->\n")


def _edit_catalog(root: Path) -> None:
    path = po_path(root, "fr", "mini-course")
    catalog = read_catalog(path, path.name)
    entry = next(e for e in catalog.active if e.msgctxt == "mini-course:title")
    entry.msgstr = "Accueillir un nouveau collègue"
    write_catalog(path, catalog)


def _player_strings(root: Path) -> None:
    template = Path(build_cache.__file__).parents[2] / "templates" / "i18n" / "fr.po"
    shutil.copy(template, root / "translations" / "fr" / "player.po")


def _theme(root: Path) -> None:
    (root / "templates" / "assets").mkdir(parents=True)
    (root / "templates" / "assets" / "brand.css").write_text(":root { --accent: teal; }\n", encoding="utf-8")


def _control_documents(root: Path) -> None:
    with (root / "xsd" / "imscp_v1p1.xsd").open("a", encoding="utf-8") as handle:
        handle.write("<!-- a newer copy -->\n")


def _publisher(root: Path) -> None:
    (root / "moduletool.yaml").write_text(CONFIG.replace("partnership", "consortium") + "control_documents: xsd\n",
                                          encoding="utf-8")


def _tool_version(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_cache, "__version__", "99.0.0")
    build_cache.tool_digest.cache_clear()


def _clock(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


CHANGES: dict[str, tuple[Callable[..., None], set[str]]] = {
    "module.yaml": (_edit_module, packages(module="mini-course")),
    "a media file": (_edit_media, packages(module="mini-course")),
    "the module's catalog": (_edit_catalog, packages(module="mini-course", lang="fr")),
    "the player's strings": (_player_strings, packages(lang="fr")),
    "the theme": (_theme, packages()),
    "the control documents": (_control_documents, packages(fmt="scorm2004")),
    "publisher_iri": (_publisher, packages(fmt="cmi5")),
    "the tool": (_tool_version, packages()),
    "SOURCE_DATE_EPOCH": (_clock, packages()),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_rebuilds_the_packages_it_reaches_and_only_them(root: Path, change: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    run(root)
    before = stamps(root)
    edit, expected = CHANGES[change]
    if edit in (_tool_version, _clock):
        edit(root, monkeypatch)
    else:
        edit(root)
    report = run(root)
    assert rebuilt(before, stamps(root)) == expected
    assert {p.path.relative_to(root / "dist").as_posix() for p in report.packages if not p.cached} == expected
    build_cache.tool_digest.cache_clear()


def test_allow_drafts_and_force_rebuild_everything(root: Path) -> None:
    run(root)
    before = stamps(root)
    run(root, allow_drafts=True)
    after_drafts = stamps(root)
    assert rebuilt(before, after_drafts) == packages()
    run(root, force=True)
    assert rebuilt(after_drafts, stamps(root)) == packages()


def test_a_rebuilt_package_has_the_new_content(root: Path) -> None:
    run(root, languages=["en"])  # a new title leaves the French translation outdated: English only
    manifest = "mini-course/en/mini-course-2.1.0-en-scorm12.zip"
    yaml = root / "modules" / "mini-course" / "module.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace("Welcoming a newcomer", "Greeting a newcomer"),
                    encoding="utf-8")
    run(root, languages=["en"])
    with zipfile.ZipFile(root / "dist" / manifest) as archive:
        assert b"Greeting a newcomer" in archive.read("imsmanifest.xml")


def test_a_zip_changed_or_removed_in_dist_is_built_again(root: Path) -> None:
    run(root)
    before = stamps(root)
    dist = root / "dist"
    removed, damaged, touched = sorted(packages(module="other-course", lang="en"))
    (dist / removed).unlink()
    data = bytearray((dist / damaged).read_bytes())
    data[100] ^= 0xFF  # same size, other bytes
    (dist / damaged).write_bytes(bytes(data))
    (dist / touched).touch()  # same bytes, new times: kept
    after_edits = stamps(root)
    run(root)
    assert rebuilt(after_edits, stamps(root)) == {removed, damaged}
    assert rebuilt(before, stamps(root)) == {removed, damaged, touched}
    run(root)
    assert rebuilt(after_edits, stamps(root)) == {removed, damaged}  # the touched zip's new stamp was kept


def test_a_build_of_fewer_formats_keeps_the_others_cached(root: Path) -> None:
    run(root)
    before = stamps(root)
    project = Project.find(root)
    build(project, project.select([]), [get_format("scorm12")], jobs=1)
    run(root)
    assert rebuilt(before, stamps(root)) == set()


def test_a_broken_module_is_not_cached(root: Path) -> None:
    run(root)
    yaml = root / "modules" / "other-course" / "module.yaml"
    text = yaml.read_text(encoding="utf-8")
    yaml.write_text(text.replace("kind: single", "kind: singel"), encoding="utf-8")
    project = Project.find(root)
    formats = [get_format(name) for name in FORMATS]
    first = build(project, project.select([]), formats, jobs=1)
    second = build(project, project.select([]), formats, jobs=1)
    assert first.failed_modules == second.failed_modules == ["other-course"]
    assert [d.headline() for d in first.diagnostics] == [d.headline() for d in second.diagnostics]
    assert any("singel" in d.headline() for d in second.diagnostics)
    assert "other-course" not in build_cache.CacheStore(project).path.read_text(encoding="utf-8")


def test_a_refused_language_does_not_make_the_others_build_again(root: Path) -> None:
    path = po_path(root, "fr", "other-course")
    catalog = read_catalog(path, path.name)
    catalog.active[0].set_fuzzy(True)
    write_catalog(path, catalog)
    project = Project.find(root)
    formats = [get_format(name) for name in FORMATS]
    first = build(project, project.select([]), formats, jobs=1)
    before = stamps(root)
    second = build(project, project.select([]), formats, jobs=1)
    assert first.not_built == second.not_built == [("other-course", "fr")]
    assert [status.summary() for status in second.translations] == [s.summary() for s in first.translations]
    assert rebuilt(before, stamps(root)) == set()
    assert {p.path.relative_to(root / "dist").as_posix() for p in second.packages if p.cached} == \
        packages() - packages(module="other-course", lang="fr")
