"""XLIFF 1.2 export and import: the structure agencies' tools expect, states, inline codes, a lossless round trip."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from gettext_tools import assert_all_clean
from i18n_support import by_context, catalog, edit_module, fails, i18n, mini, ok
from lxml import etree
from support.projects import REPO
from translated_mini import ARABIC, FRENCH, translate, translated_mini

from moduletool.i18n.catalog_io import write_catalog
from moduletool.i18n.markup import Code, align, is_markdown, join, segment
from moduletool.i18n.provenance import provenance_of, record_machine_draft
from moduletool.render.markdown import inspect_tokens

NS = "urn:oasis:names:tc:xliff:document:1.2"
X = f"{{{NS}}}"
FR_PO = Path("translations/fr/mini-course.po")
AR_PO = Path("translations/ar/mini-course.po")
FR_XLF = Path("translations/xliff/fr/mini-course.xlf")
AR_XLF = Path("translations/xliff/ar/mini-course.xlf")
INTRO = "mini-course:start/intro/text"
DESCRIPTION = "mini-course:description"
TITLE = "mini-course:title"
NOBODY = "mini-course:check/q-buddy/nobody/text"
NOTE = "mini-course:start/note/text"
MAP = "mini-course:start/map/src"

# The part of XLIFF 1.2 (urn:oasis:names:tc:xliff:document:1.2) that moduletool writes, as RELAX NG:
# elements, attributes and the enumerated values of `state`, `state-qualifier` and `ctype` from the
# specification. (The OASIS XSD itself is not available offline.)
_XLIFF_SUBSET = """\
<grammar xmlns="http://relaxng.org/ns/structure/1.0" ns="urn:oasis:names:tc:xliff:document:1.2"
         datatypeLibrary="http://www.w3.org/2001/XMLSchema-datatypes">
  <start>
    <element name="xliff">
      <attribute name="version"><value>1.2</value></attribute>
      <oneOrMore><ref name="file"/></oneOrMore>
    </element>
  </start>
  <define name="file">
    <element name="file">
      <attribute name="original"/>
      <attribute name="source-language"/>
      <attribute name="datatype"><value>plaintext</value></attribute>
      <optional><attribute name="target-language"/></optional>
      <optional><attribute name="tool-id"/></optional>
      <optional><element name="header">
        <zeroOrMore><element name="tool"><attribute name="tool-id"/><attribute name="tool-name"/></element></zeroOrMore>
      </element></optional>
      <element name="body"><zeroOrMore><ref name="unit"/></zeroOrMore></element>
    </element>
  </define>
  <define name="unit">
    <element name="trans-unit">
      <attribute name="id"/>
      <optional><attribute name="resname"/></optional>
      <optional><attribute name="space" ns="http://www.w3.org/XML/1998/namespace">
        <choice><value>preserve</value><value>default</value></choice></attribute></optional>
      <element name="source"><ref name="inline"/></element>
      <optional><element name="target">
        <optional><attribute name="state"><choice>
          <value>final</value><value>needs-adaptation</value><value>needs-l10n</value>
          <value>needs-review-adaptation</value><value>needs-review-l10n</value>
          <value>needs-review-translation</value><value>needs-translation</value><value>new</value>
          <value>signed-off</value><value>translated</value></choice></attribute></optional>
        <optional><attribute name="state-qualifier"><choice>
          <value>exact-match</value><value>fuzzy-match</value><value>id-match</value>
          <value>leveraged-glossary</value><value>leveraged-inherited</value><value>leveraged-mt</value>
          <value>leveraged-repository</value><value>leveraged-tm</value><value>mt-suggestion</value>
          <value>rejected-grammar</value><value>rejected-inaccurate</value><value>rejected-length</value>
          <value>rejected-spelling</value><value>tm-suggestion</value></choice></attribute></optional>
        <ref name="inline"/>
      </element></optional>
      <zeroOrMore><element name="note">
        <optional><attribute name="from"/></optional>
        <optional><attribute name="annotates"><choice><value>source</value><value>target</value>
          <value>general</value></choice></attribute></optional>
        <text/>
      </element></zeroOrMore>
    </element>
  </define>
  <define name="x-ctype"><data type="string"><param name="pattern">x-.+</param></data></define>
  <define name="inline">
    <interleave><text/><zeroOrMore><choice>
      <element name="ph"><attribute name="id"/><optional><attribute name="ctype"><choice>
        <value>image</value><value>pb</value><value>lb</value><ref name="x-ctype"/></choice></attribute></optional>
        <text/></element>
      <element name="bpt"><attribute name="id"/><optional><attribute name="ctype"><choice>
        <value>bold</value><value>italic</value><value>underlined</value><value>link</value>
        <ref name="x-ctype"/></choice></attribute></optional><text/></element>
      <element name="ept"><attribute name="id"/><text/></element>
    </choice></zeroOrMore></interleave>
  </define>
</grammar>
"""


def _units(path: Path) -> dict[str, etree._Element]:
    tree = etree.parse(str(path))
    return {unit.get("id"): unit for unit in tree.iter(f"{X}trans-unit")}


def _save(path: Path, units: dict[str, etree._Element]) -> None:
    next(iter(units.values())).getroottree().write(str(path), xml_declaration=True, encoding="UTF-8")


def _set_target(unit: etree._Element, text: str, state: str | None = "translated") -> etree._Element:
    """Replace a unit's target with plain text, as a translator typing over it would."""
    target = unit.find(f"{X}target")
    if target is None:
        target = etree.Element(f"{X}target")
        unit.find(f"{X}source").addnext(target)
    for child in list(target):
        target.remove(child)
    target.text = text
    target.attrib.clear()
    if state is not None:
        target.set("state", state)
    return target


@pytest.fixture
def varied(tmp_path: Path) -> Path:
    """fr and ar in every state: reviewed, fuzzy after a source change, machine draft, untranslated,
    with translator comments, provenance, a two-paragraph text and an obsolete entry."""
    project = mini(tmp_path)
    edit_module(project, "description: |\n  A short module on the **first day** of a newly arrived colleague.\n",
                "description: |\n  A short module on the **first day**\n  of a newly arrived colleague.\n\n"
                "  Read it *before* they come.\n")
    for lang in ("fr", "ar"):
        ok(project, "init", "--lang", lang)
    translate(project, "fr", {**FRENCH, DESCRIPTION: "Un module court sur le **premier jour**\nd'un collègue "
                                                     "nouvellement arrivé.\n\nLisez-le *avant* son arrivée."})
    translate(project, "ar", {k: v for k, v in ARABIC.items() if k != TITLE})
    po = catalog(project / FR_PO)
    entries = {e.msgctxt: e for e in po.entries}
    entries[NOBODY].msgstr = ""
    record_machine_draft(entries[NOBODY], "Personne", "deepl", "2026-11-21")
    entries[NOTE].translator_comments = ["Marie: « parrain » plutôt que « tuteur »."]
    write_catalog(project / FR_PO, po)
    edit_module(project, "text: Nobody,", "text: No one,")  # → fuzzy, with `#| msgid "Nobody"`
    edit_module(project, "title: Check your knowledge", "title: Test your knowledge")
    edit_module(project, "          - {id: buddy, text: A buddy from the team, correct: true, feedback: Yes.}\n",
                "          - {id: buddy, text: A buddy from the team, correct: true}\n")  # → obsolete
    ok(project, "update")
    return project


def test_export_structure(tmp_path: Path) -> None:
    project = translated_mini(tmp_path, "fr")
    report = ok(project, "export-xliff", "--lang", "fr")
    assert report["files"] == [{"xliff": str(FR_XLF), "po": str(FR_PO), "action": "created", "units": 20,
                                "changed": 0}]
    path = project / FR_XLF
    document = etree.parse(str(path))
    assert etree.RelaxNG(etree.fromstring(_XLIFF_SUBSET.encode())).validate(document), "not XLIFF 1.2"
    assert path.read_bytes().startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<xliff xmlns=\"" + NS.encode())
    [file] = document.getroot()
    assert dict(file.attrib) == {"original": str(FR_PO), "source-language": "en", "target-language": "fr",
                                 "datatype": "plaintext", "tool-id": "moduletool"}
    po = catalog(project / FR_PO)
    units = _units(path)
    assert list(units) == [e.msgctxt for e in po.active]
    for entry in po.active:
        unit = units[entry.msgctxt]
        assert unit.get("resname") == entry.msgctxt
        assert [n.text for n in unit.iter(f"{X}note")] == entry.extracted_comments
        assert "".join(unit.find(f"{X}source").itertext()) == entry.msgid
        target = unit.find(f"{X}target")
        if entry.msgctxt == MAP:
            assert target is None  # empty: the same file
        else:
            assert target.get("state") == "translated" and "".join(target.itertext()) == entry.msgstr

    intro = units[INTRO]
    source = [(etree.QName(c).localname, c.get("id"), c.get("ctype"), c.text) for c in intro.find(f"{X}source")]
    assert source == [("bpt", "1", "italic", "*"), ("ept", "1", None, "*"), ("bpt", "2", "link", "["),
                      ("ept", "2", None, "](https://example.org/guide)")]
    assert intro.find(f"{X}source").text == "Plan the day "
    target = [(etree.QName(c).localname, c.get("id"), c.text) for c in intro.find(f"{X}target")]
    assert target == [("bpt", "1", "*"), ("ept", "1", "*"), ("bpt", "2", "["),
                      ("ept", "2", "](https://example.org/guide)")]
    assert ok(project, "export-xliff", "--lang", "fr")["files"][0]["action"] == "unchanged"


def test_states(varied: Path) -> None:
    ok(varied, "export-xliff", "--lang", "fr")
    units = _units(varied / FR_XLF)
    states = {c: (u.find(f"{X}target").get("state"), u.find(f"{X}target").get("state-qualifier"))
              for c, u in units.items() if u.find(f"{X}target") is not None}
    assert states[TITLE] == ("translated", None)
    # Still the machine's text, although its source changed since: an unreviewed machine draft.
    assert states[NOBODY] == ("needs-review-translation", "mt-suggestion")
    assert states["mini-course:check/title"] == ("needs-review-translation", None)  # a person's, source changed
    assert units[MAP].find(f"{X}target") is None
    assert "mini-course:keywords/0" in states and TITLE in states
    notes = [n.text for n in units[NOBODY].iter(f"{X}note")]
    assert "Source before the last change: Nobody" in notes
    ok(varied, "export-xliff", "--lang", "ar")
    assert _units(varied / AR_XLF)[TITLE].find(f"{X}target") is None  # untranslated: no target


def test_an_unchanged_round_trip_leaves_every_po_byte_identical(varied: Path, tmp_path: Path) -> None:
    before = {path: path.read_bytes() for path in (varied / "translations").rglob("*.po")}
    ok(varied, "export-xliff", "--lang", "fr")
    ok(varied, "export-xliff", "--lang", "ar", "--output", str(tmp_path / "agency"))
    assert (tmp_path / "agency/mini-course.xlf").is_file()
    report = ok(varied, "import-xliff", str(FR_XLF), str(tmp_path / "agency/mini-course.xlf"))
    assert [(f["po"], f["action"], f["changed"]) for f in report["files"]] == [
        (str(FR_PO), "unchanged", 0), (str(AR_PO), "unchanged", 0)]
    assert {path: path.read_bytes() for path in (varied / "translations").rglob("*.po")} == before


def test_the_sample_translations_survive_a_round_trip(tmp_path: Path) -> None:
    project = translated_mini(tmp_path)
    before = {path: path.read_bytes() for path in (project / "translations").rglob("*.po")}
    for lang, xlf in (("fr", FR_XLF), ("ar", AR_XLF)):
        ok(project, "export-xliff", "--lang", lang)
        ok(project, "import-xliff", str(xlf))
    assert {path: path.read_bytes() for path in (project / "translations").rglob("*.po")} == before


def test_a_round_trip_with_edits_carries_exactly_those_edits(varied: Path) -> None:
    ok(varied, "export-xliff", "--lang", "fr")
    before = {e.msgctxt: e for e in catalog(varied / FR_PO).entries}
    units = _units(varied / FR_XLF)
    _set_target(units[TITLE], "Bien accueillir un collègue")                         # text edited
    units[NOBODY].find(f"{X}target").set("state", "signed-off")                       # reviewed as is
    _set_target(units["mini-course:check/q-buddy/buddy/text"], "Un parrain", None)    # new, no state
    units["mini-course:keywords/0"].find(f"{X}target").set("state", "needs-review-translation")  # sent back
    _set_target(units["mini-course:keywords/1"], "", "needs-translation")             # emptied
    target = units[DESCRIPTION].find(f"{X}target")                                    # words around codes
    target.text = "Un module bref sur le "
    _save(varied / FR_XLF, units)

    report = ok(varied, "import-xliff", str(FR_XLF))
    assert report["files"][0]["changed"] == 6 and report["files"][0]["action"] == "updated"
    after = {e.msgctxt: e for e in catalog(varied / FR_PO).entries}
    assert after[TITLE].msgstr == "Bien accueillir un collègue" and not after[TITLE].fuzzy
    nobody = after[NOBODY]
    assert nobody.msgstr == "Personne" and not nobody.fuzzy and nobody.previous_msgid is None
    assert provenance_of(nobody) == provenance_of(before[NOBODY])  # stats now counts an accepted draft
    assert after["mini-course:check/q-buddy/buddy/text"].msgstr == "Un parrain"
    assert after["mini-course:keywords/0"].fuzzy and after["mini-course:keywords/0"].msgstr == "intégration"
    assert after["mini-course:keywords/1"].msgstr == ""
    assert after[DESCRIPTION].msgstr == ("Un module bref sur le **premier jour**\nd'un collègue nouvellement "
                                         "arrivé.\n\nLisez-le *avant* son arrivée.")
    changed = {TITLE, NOBODY, "mini-course:check/q-buddy/buddy/text", "mini-course:keywords/0",
               "mini-course:keywords/1", DESCRIPTION}
    for context, entry in before.items():
        if context not in changed:
            assert replace(after[context], line=0) == replace(entry, line=0), context  # obsolete ones too
    assert after[NOTE].translator_comments == ["Marie: « parrain » plutôt que « tuteur »."]
    assert_all_clean(varied)
    assert i18n(varied, "check", "--lang", "fr").returncode == 0


def test_codes_come_back_from_the_source(tmp_path: Path) -> None:
    project = translated_mini(tmp_path, "fr")
    ok(project, "export-xliff", "--lang", "fr")
    units = _units(project / FR_XLF)
    # A CAT tool that empties the codes' content, reorders them and wraps the text in segment markers:
    target = _set_target(units[INTRO], "")
    marker = etree.SubElement(target, f"{X}mrk", mtype="seg", mid="1")
    marker.text = "Voir "
    for tag, code_id, tail in (("bpt", "2", "le guide"), ("ept", "2", " et préparez "), ("bpt", "1", "avant"),
                               ("ept", "1", ".")):
        etree.SubElement(marker, f"{X}{tag}", id=code_id).tail = tail
    _save(project / FR_XLF, units)
    ok(project, "import-xliff", str(FR_XLF))
    assert by_context(project / FR_PO)[INTRO].msgstr == \
        "Voir [le guide](https://example.org/guide) et préparez *avant*."


def test_a_translation_without_the_sources_codes_is_words(tmp_path: Path) -> None:
    project = translated_mini(tmp_path, "fr")
    translate(project, "fr", {INTRO: "Voir [le guide](https://example.org/autre) **vite**."})
    before = (project / FR_PO).read_bytes()
    ok(project, "export-xliff", "--lang", "fr")
    target = _units(project / FR_XLF)[INTRO].find(f"{X}target")
    assert len(target) == 0  # no code of the source matches these: the whole target is text
    assert target.text == "Voir [le guide](https://example.org/autre) **vite**."
    ok(project, "import-xliff", str(FR_XLF))
    assert (project / FR_PO).read_bytes() == before


def test_a_prefilled_copy_of_the_source_is_not_a_translation(varied: Path) -> None:
    ok(varied, "export-xliff", "--lang", "ar")
    units = _units(varied / AR_XLF)
    _set_target(units[TITLE], "Welcoming a newcomer to the team", "new")
    _save(varied / AR_XLF, units)
    before = (varied / AR_PO).read_bytes()
    assert ok(varied, "import-xliff", str(AR_XLF))["files"][0]["changed"] == 0
    assert (varied / AR_PO).read_bytes() == before


def test_a_source_changed_since_the_export_comes_back_fuzzy(tmp_path: Path) -> None:
    project = translated_mini(tmp_path, "fr")
    ok(project, "export-xliff", "--lang", "fr")
    units = _units(project / FR_XLF)
    _set_target(units[TITLE], "Accueillir une nouvelle collègue")
    _save(project / FR_XLF, units)
    edit_module(project, "title: Welcoming a newcomer to the team", "title: Welcoming a new colleague")
    ok(project, "update")
    result = i18n(project, "import-xliff", str(FR_XLF))
    assert result.returncode == 0, result.stderr
    assert f"{FR_XLF}:" in result.stderr and "warning: mini-course:title: the source text changed" in result.stderr
    entry = by_context(project / FR_PO)[TITLE]
    assert entry.msgstr == "Accueillir une nouvelle collègue" and entry.fuzzy


def _break(unit: etree._Element, how: str) -> None:
    target = unit.find(f"{X}target")
    if how == "unknown-code":
        etree.SubElement(target, f"{X}ph", id="9").text = "**"
    elif how == "foreign-element":
        etree.SubElement(target, f"{X}g", id="1").text = "x"
    elif how == "newline":
        target.text = (target.text or "") + "\n"


IMPORT_ERRORS = [
    pytest.param("unknown-id", "unknown trans-unit id `mini-course:nope`", id="unknown-id"),
    pytest.param("unknown-code", '<ph id="9"> is not a code of the source', id="unknown-code"),
    pytest.param("foreign-element", "inline element <g> is not one moduletool writes", id="foreign-element"),
    pytest.param("newline", "mini-course:title: the translation must end with a line break exactly when the "
                            "source does", id="newline"),
    pytest.param("language", "target-language `de` does not match `translations/fr/mini-course.po`",
                 id="target-language"),
    pytest.param("original", '`original="../../etc/passwd.po"` is not a translation of this project',
                 id="original"),
    pytest.param("missing-po", "`translations/de/mini-course.po` does not exist in this project", id="missing-po"),
]


@pytest.mark.parametrize(("how", "message"), IMPORT_ERRORS)
def test_import_errors_are_located_and_change_nothing(tmp_path: Path, how: str, message: str) -> None:
    project = translated_mini(tmp_path, "fr")
    ok(project, "export-xliff", "--lang", "fr")
    units = _units(project / FR_XLF)
    _set_target(units[NOBODY], "Aucun")  # a good edit in the same file is not imported either
    file = units[TITLE].getparent().getparent()
    if how == "unknown-id":
        units[TITLE].set("id", "mini-course:nope")
    elif how == "language":
        file.set("target-language", "de")
    elif how == "original":
        file.set("original", "../../etc/passwd.po")
    elif how == "missing-po":
        file.set("original", "translations/de/mini-course.po")
        file.set("target-language", "de")
    else:
        _break(units[TITLE], how)
    _save(project / FR_XLF, units)
    before = (project / FR_PO).read_bytes()
    stderr = fails(project, "import-xliff", str(FR_XLF))
    assert f"{FR_XLF}:" in stderr and message in stderr, stderr
    assert f"not imported: {FR_XLF}" in stderr
    assert (project / FR_PO).read_bytes() == before


def test_missing_and_malformed_files(tmp_path: Path) -> None:
    project = translated_mini(tmp_path, "fr")
    assert "nope.xlf: no such file" in fails(project, "import-xliff", "nope.xlf")
    (project / "broken.xlf").write_text("<xliff>\n<file>\n</xliff>\n", encoding="utf-8")
    stderr = fails(project, "import-xliff", "broken.xlf")
    assert "broken.xlf:3:" in stderr and "not well-formed XML" in stderr
    (project / "other.xlf").write_text('<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0"/>',
                                       encoding="utf-8")
    assert "other.xlf:1: not an XLIFF 1.2 file" in fails(project, "import-xliff", "other.xlf")


def test_export_errors(tmp_path: Path) -> None:
    project = translated_mini(tmp_path, "fr")
    stderr = fails(project, "export-xliff", "--lang", "de")
    assert "translations/de/mini-course.po: no such translation" in stderr
    assert "moduletool i18n init --lang de mini-course" in stderr
    translate(project, "fr", {TITLE: "Accueillir\x0b un collègue"})
    line = (project / FR_PO).read_text(encoding="utf-8").split("\n").index(f'msgctxt "{TITLE}"') + 1
    stderr = fails(project, "export-xliff", "--lang", "fr")
    assert (f"translations/fr/mini-course.po:{line}: mini-course:title: contains the control character U+000B, "
            "which XML (and so XLIFF) cannot carry") in stderr
    assert not (project / FR_XLF).exists()


def _markdown_it_counts(text: str) -> Counter[str]:
    kinds = {"em_open": "italic", "strong_open": "bold", "code_inline": "x-code", "image": "x-image"}
    counts: Counter[str] = Counter()
    for token in inspect_tokens(text):
        if token.type == "link_open":
            counts["x-link" if token.markup == "autolink" else "link"] += 1
        elif token.type in kinds:
            counts[kinds[token.type]] += 1
    return counts


def test_inline_codes_agree_with_markdown_it_on_the_sample_module() -> None:
    template = catalog(REPO / "translations/templates/job-search.pot")
    markdown = [entry.msgid for entry in template.entries if is_markdown(entry)]
    assert len(markdown) > 50
    for text in markdown:
        pieces = segment(text, markdown=True)
        assert join(pieces) == text
        codes = Counter(p.ctype for p in pieces if isinstance(p, Code) and p.kind in ("bpt", "ph")
                        and p.ctype != "x-markdown-block")
        assert codes == _markdown_it_counts(text), text


def test_inline_codes_are_lossless_and_targets_only_use_source_codes() -> None:
    pieces = ["*", "**", "_", "`", "[", "]", "(", ")", "](https://x.org/a)", "![", "<https://x.org>", "\\", "\n",
              "\n\n", "- ", "1. ", "# ", "> ", "word", " ", "{name}", "é", "\t", "  \n", "```\n"]
    rng = random.Random(20261121)
    for _ in range(2000):
        source_text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        target_text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        source = segment(source_text, markdown=True)
        target = align(segment(target_text, markdown=True), source)
        assert join(source) == source_text and join(target) == target_text
        source_codes = {(p.kind, p.id): p.content for p in source if isinstance(p, Code)}
        assert all(source_codes.get((p.kind, p.id)) == p.content for p in target if isinstance(p, Code))
    assert segment("Page {current} of {total}", markdown=False) == [
        "Page ", Code("ph", 1, "{current}", "x-placeholder"), " of ", Code("ph", 2, "{total}", "x-placeholder")]
