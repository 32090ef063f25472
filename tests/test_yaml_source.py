"""YAML reading: 1-based marks for keys and values, strict booleans, located syntax errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from moduletool.errors import SourceLocation, UserError
from moduletool.yaml_source import dotted_path, parse_yaml, read_yaml

DOC = """\
id: demo
pages:
  - id: intro
    blocks:
      - {id: p1, type: text, text: "Hi"}
      - id: p2
        text: |
          one
          two
        note: >
          folded
        quoted: "x"
        plain: x
"""


def problems(text: str) -> list[tuple[str, str, str, str]]:
    """(headline, hint, code, field) of every diagnostic `parse_yaml` raises."""
    with pytest.raises(UserError) as caught:
        parse_yaml(text, "m.yaml")
    return [(d.headline(), d.hint, d.code, d.field) for d in caught.value.diagnostics]


def kept_problems(text: str) -> tuple[object, list[tuple[str, str, str, str]]]:
    """The data and the problems `parse_yaml` keeps for later (it parsed the file all the same)."""
    doc = parse_yaml(text, "m.yaml")
    return doc.data, [(d.headline(), d.hint, d.code, d.field) for d in doc.diagnostics]


def test_marks_are_one_based_lines_and_columns() -> None:
    doc = parse_yaml(DOC, "m.yaml")
    assert doc.value_marks[()] == (1, 1)
    assert doc.key_marks[("id",)] == (1, 1)
    assert doc.value_marks[("id",)] == (1, 5)
    assert doc.key_marks[("pages",)] == (2, 1)
    assert doc.value_marks[("pages",)] == (3, 3)  # a block sequence starts at its first `-`
    assert doc.value_marks[("pages", 0)] == (3, 5)
    assert doc.key_marks[("pages", 0, "id")] == (3, 5)
    assert doc.value_marks[("pages", 0, "id")] == (3, 9)


def test_keys_and_values_in_flow_mappings_have_their_own_marks() -> None:
    doc = parse_yaml(DOC, "m.yaml")
    block = ("pages", 0, "blocks", 0)
    assert doc.value_marks[block] == (5, 9)
    assert doc.key_marks[block + ("type",)] == (5, 18)
    assert doc.value_marks[block + ("type",)] == (5, 24)
    assert doc.key_marks[block + ("text",)] == (5, 30)
    assert doc.value_marks[block + ("text",)] == (5, 36)  # the opening quote


def test_block_scalars_are_marked_at_their_indicator_and_end_on_their_last_line() -> None:
    doc = parse_yaml(DOC, "m.yaml")
    block = ("pages", 0, "blocks", 1)
    assert doc.value_marks[block + ("text",)] == (7, 15)  # the `|`; the text starts on line 8
    assert doc.end_lines[block + ("text",)] == 9
    assert doc.value_marks[block + ("note",)] == (10, 15)
    assert doc.end_lines[block + ("note",)] == 11
    assert doc.end_lines[block + ("plain",)] == 13
    assert doc.data["pages"][0]["blocks"][1] == {
        "id": "p2", "text": "one\ntwo\n", "note": "folded\n", "quoted": "x", "plain": "x"}


def test_find_in_value_locates_text_inside_a_long_value() -> None:
    doc = parse_yaml(DOC, "m.yaml")
    text = ("pages", 0, "blocks", 1, "text")
    assert doc.find_in_value(text, "two") == SourceLocation("m.yaml", 9, 11)
    assert doc.find_in_value(text, "o") == SourceLocation("m.yaml", 8, 11)
    assert doc.find_in_value(("pages", 0, "blocks", 0, "text"), "Hi") == SourceLocation("m.yaml", 5, 37)
    # Not written as such (escapes, folding): the start of the value.
    assert doc.find_in_value(text, "three") == SourceLocation("m.yaml", 7, 15)
    assert doc.find_in_value(("pages", 0, "blocks", 1, "note"), "one") == SourceLocation("m.yaml", 10, 15)


def test_the_source_of_scalars_that_are_not_text_is_kept() -> None:
    doc = parse_yaml("version: 1.10\ncount: 007\nflag: true\nname: x\n", "m.yaml")
    assert doc.data == {"version": 1.1, "count": 7, "flag": True, "name": "x"}
    assert doc.scalar_source == {("version",): "1.10", ("count",): "007", ("flag",): "true"}


def test_locate_prefers_the_exact_path_then_the_nearest_parent() -> None:
    doc = parse_yaml(DOC, "m.yaml")
    assert doc.locate(("pages", 0, "id")) == SourceLocation("m.yaml", 3, 9)
    assert doc.locate(("pages", 0, "id"), key=True) == SourceLocation("m.yaml", 3, 5)
    # A key that is not written points at the mapping that should hold it.
    assert doc.locate(("pages", 0, "title")) == SourceLocation("m.yaml", 3, 5)
    assert doc.locate(("pages", 0, "title"), key=True) == SourceLocation("m.yaml", 3, 5)
    assert doc.locate(("pages", 7, "id")) == SourceLocation("m.yaml", 3, 3)
    assert doc.locate(("nothing", "here")) == SourceLocation("m.yaml", 1, 1)
    assert doc.locate(()) == SourceLocation("m.yaml", 1, 1)


@pytest.mark.parametrize("word", ["yes", "no", "Yes", "NO", "on", "off", "On", "y", "n", "Y", "N"])
def test_only_true_and_false_are_booleans(word: str) -> None:
    assert parse_yaml(f"language: {word}\n", "m.yaml").data == {"language": word}


@pytest.mark.parametrize(("word", "value"), [("true", True), ("True", True), ("TRUE", True),
                                             ("false", False), ("False", False), ("FALSE", False)])
def test_true_and_false_are_booleans(word: str, value: bool) -> None:
    assert parse_yaml(f"answer: {word}\n", "m.yaml").data == {"answer": value}


def test_norwegian_stays_norwegian() -> None:
    assert parse_yaml("language: no\nlanguages: [nb, no, nn]\n", "m.yaml").data == {
        "language": "no", "languages": ["nb", "no", "nn"]}


def test_dates_and_times_stay_text() -> None:
    data = parse_yaml("a: 2024-01-31\nb: 2024-01-31 10:00:00\nc: 2024-01-31T10:00:00Z\n", "m.yaml").data
    assert data == {"a": "2024-01-31", "b": "2024-01-31 10:00:00", "c": "2024-01-31T10:00:00Z"}


def test_numbers_and_nulls_keep_their_yaml_meaning() -> None:
    data = parse_yaml("a: 1\nb: 1.0\nc: ~\nd:\ne: '1.0'\nf: 1.0.0\n", "m.yaml").data
    assert data == {"a": 1, "b": 1.0, "c": None, "d": None, "e": "1.0", "f": "1.0.0"}
    assert isinstance(data["b"], float)


def test_clock_times_stay_text_and_leading_zeros_are_decimal() -> None:
    """No YAML 1.1 base-60 (`1:30` → 90) or octal (`010` → 8) numbers."""
    assert parse_yaml("duration: 1:30\nb: 010\n", "m.yaml").data == {"duration": "1:30", "b": 10}


def test_an_empty_document_has_no_data() -> None:
    for text in ("", "\n\n", "# only a comment\n"):
        doc = parse_yaml(text, "m.yaml")
        assert doc.data is None
        assert doc.locate(()) == SourceLocation("m.yaml", 1, 1)
    assert parse_yaml("---\n", "m.yaml").data is None


def test_a_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_bytes("\ufeffid: demo\n".encode())
    doc = read_yaml(path, "m.yaml")
    assert doc.data == {"id": "demo"}
    assert doc.value_marks[("id",)] == (1, 5)


def test_duplicate_key_names_the_first_line_and_keeps_the_first_value() -> None:
    assert kept_problems("id: a\ntitle: One\nid: b\n") == ({"id": "a", "title": "One"}, [(
        "m.yaml:3:1: id: duplicate key `id` (first written on line 1)",
        "keep one of the two; YAML would silently use only the last", "yaml-duplicate-key", "id")])


def test_every_duplicate_key_is_reported_with_its_path() -> None:
    text = "a: 1\npages:\n  - id: x\n    title: T\n    id: y\n  - {c: 1, c: 2}\na: 2\n"
    data, found = kept_problems(text)
    assert [p[0] for p in found] == [
        "m.yaml:5:5: pages[0].id: duplicate key `id` (first written on line 3)",
        "m.yaml:6:12: pages[1].c: duplicate key `c` (first written on line 6)",
        "m.yaml:7:1: a: duplicate key `a` (first written on line 1)",
    ]
    assert data == {"a": 1, "pages": [{"id": "x", "title": "T"}, {"c": 1}]}


def test_the_same_key_in_two_list_items_is_not_a_duplicate() -> None:
    doc = parse_yaml("pages:\n  - id: a\n  - id: b\n", "m.yaml")
    assert doc.data == {"pages": [{"id": "a"}, {"id": "b"}]}


def test_merge_keys_are_expanded() -> None:
    doc = parse_yaml("base: &b {x: 1}\nc:\n  <<: *b\n  y: 2\n", "m.yaml")
    assert doc.data == {"base": {"x": 1}, "c": {"x": 1, "y": 2}}
    assert doc.key_marks[("c", "y")] == (4, 3)


def test_overriding_a_merged_key_is_not_a_duplicate() -> None:
    doc = parse_yaml("base: &b {x: 1}\nc:\n  <<: *b\n  x: 2\n", "m.yaml")
    assert (doc.data, doc.diagnostics) == ({"base": {"x": 1}, "c": {"x": 2}}, [])
    doc = parse_yaml("c:\n  x: 2\n  <<: {x: 1, y: 1}\n", "m.yaml")
    assert (doc.data, doc.diagnostics) == ({"c": {"x": 2, "y": 1}}, [])


def test_a_key_written_twice_next_to_a_merge_is_still_a_duplicate() -> None:
    data, found = kept_problems("base: &b {x: 1}\nc:\n  <<: *b\n  x: 2\n  x: 3\n")
    assert [p[0] for p in found] == ["m.yaml:5:3: c.x: duplicate key `x` (first written on line 4)"]
    assert data == {"base": {"x": 1}, "c": {"x": 2}}


def test_keys_must_be_plain_text() -> None:
    hint = "write keys as simple words, e.g. `title:`"
    assert kept_problems("null: x\nb: 1\n") == (
        {"b": 1}, [("m.yaml:1:1: a key must be plain text", hint, "yaml-key", "")])
    assert kept_problems("? [a, b]\n: x\n") == ({}, [("m.yaml:1:3: a key must be plain text", hint, "yaml-key", "")])


def test_number_keys_become_text() -> None:
    assert parse_yaml("1: one\n2.5: two\n", "m.yaml").data == {"1": "one", "2.5": "two"}


@pytest.mark.parametrize(("text", "headline", "hint"), [
    ("id: a\npages:\n\t- id: b\n", "m.yaml:3:1: a tab character is used for indentation",
     "YAML indents with spaces only: replace each tab with spaces (two per level)"),
    ("title: Step 1: prepare\n", "m.yaml:1:14: unexpected `:` in a value",
     'put text that contains `: ` in quotes, e.g. title: "Step 1: preparing"'),
    ("a:\n  b: 1\n c: 2\n", "m.yaml:3:2: the indentation does not line up with the lines above",
     "indent items of the same list or mapping by exactly the same number of spaces"),
    ("a: *nowhere\n", "m.yaml:1:4: an alias (`*name`) refers to an anchor that does not exist",
     "define the anchor with `&name` before using it"),
    ("a: [1, 2\n", "m.yaml:1:4: a `{…}` or `[…]` is not closed, or text inside it needs quotes",
     'put text containing ? : , [ ] { } in quotes, e.g. text: "Is it this one?"'),
])
def test_syntax_errors_are_located_and_explained(text: str, headline: str, hint: str) -> None:
    assert problems(text) == [(headline, hint, "yaml-syntax", "")]


def test_two_documents_in_one_file_are_an_error() -> None:
    [(headline, _, code, _)] = problems("a: 1\n---\nb: 2\n")
    assert headline == ("m.yaml:2:1: YAML syntax error: expected a single document in the stream "
                        "but found another document")
    assert code == "yaml-syntax"


def test_read_yaml_reports_files_it_cannot_use(tmp_path: Path) -> None:
    with pytest.raises(UserError) as missing:
        read_yaml(tmp_path / "nope.yaml", "modules/x/module.yaml")
    [d] = missing.value.diagnostics
    assert (d.headline(), d.code) == ("modules/x/module.yaml: file not found", "missing-file")

    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("title: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(UserError) as undecodable:
        read_yaml(latin1, "modules/x/module.yaml")
    [d] = undecodable.value.diagnostics
    assert (d.headline(), d.hint, d.code) == (
        "modules/x/module.yaml: not valid UTF-8 (byte 10)", "save the file as UTF-8 in your editor", "encoding")


@pytest.mark.parametrize(("path", "text"), [
    ((), ""),
    (("title",), "title"),
    (("pages", 2, "blocks", 0, "alt"), "pages[2].blocks[0].alt"),
    (("objectives", 0), "objectives[0]"),
])
def test_dotted_path(path: tuple[str | int, ...], text: str) -> None:
    assert dotted_path(path) == text
