"""The pieces of `i18n mt` that need no server: Markdown ⇄ tags or tokens and the check on return; glossary CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from moduletool.errors import UserError
from moduletool.i18n.glossary import glossary_path, parse_glossary, read_glossary
from moduletool.i18n.languages import get_language
from moduletool.i18n.mt import page_of
from moduletool.i18n.mt_deepl import markup_mode, target_code
from moduletool.i18n.mt_markup import MarkupError, Mode, Unsupported, markup_problems, prepare

RICH = """\
A short module on the **first day** of a newly
arrived colleague, see [the guide](https://example.org/a%20b "Guide").

- one `code` item
- two {name} items\\
  on two lines

## Heading ##

> quote *x*
> more

```
code block, never sent
```

1. first
2. second <https://example.org>"""


@pytest.mark.parametrize("mode", list(Mode))
def test_markdown_goes_out_and_comes_back(mode: Mode) -> None:
    prepared = prepare(RICH, markdown=True, mode=mode)
    assert "https://example.org" not in prepared.text and "never sent" not in prepared.text
    assert "code" not in prepared.text.replace("one ", "")  # code spans stay home too
    back = prepared.restore(prepared.text)
    assert back == """\
A short module on the **first day** of a newly arrived colleague, see [the guide](<https://example.org/a b> "Guide").

- one `code` item
- two {name} items\\
on two lines

## Heading ##

> quote *x* more

```
code block, never sent
```

1. first
2. second <https://example.org>"""
    assert markup_problems(RICH, back, markdown=True) == []


def test_the_sent_forms() -> None:
    source = "Plan the day *before* it starts. See [the guide](https://example.org/guide) and `x`, {n}."
    assert prepare(source, markdown=True, mode=Mode.xml).text == \
        '<p>Plan the day <i i="0">before</i> it starts. See <a i="1">the guide</a> and <x i="2"/>, <x i="3"/>.</p>'
    assert prepare(source, markdown=True, mode=Mode.tokens).text == \
        "Plan the day ⟦0⟧before⟦/0⟧ it starts. See ⟦1⟧the guide⟦/1⟧ and ⟦2⟧, ⟦3⟧."
    assert prepare("a < b & c", markdown=False, mode=Mode.xml).text == "<p>a &lt; b &amp; c</p>"


def test_plain_text_keeps_its_lines_and_indentation() -> None:
    source = "Speaker 1: hello {name}\n\n    Speaker 2: *not* Markdown here"
    prepared = prepare(source, markdown=False, mode=Mode.tokens)
    assert prepared.text == "Speaker 1: hello ⟦0⟧\nSpeaker 2: *not* Markdown here"
    assert prepared.restore("Orateur 1 : bonjour ⟦0⟧\nOrateur 2 : *pas* du Markdown") == \
        "Orateur 1 : bonjour {name}\n\n    Orateur 2 : *pas* du Markdown"


def test_moved_tags_and_spaces_inside_tags_are_fine() -> None:
    prepared = prepare("A **day** now and *x* [l](https://a.example)", markdown=True, mode=Mode.xml)
    assert prepared.restore('<p><a i="2">l</a> un <i i="1"> x</i> et<b i="0"> jour </b>maintenant</p>') == \
        "[l](https://a.example) un *x* et **jour** maintenant"


def test_words_that_look_like_markup_are_escaped() -> None:
    prepared = prepare("Use **this**", markdown=True, mode=Mode.xml)
    assert prepared.restore('<p>- 5 * 3 &lt;b&gt; [x] <b i="0">snake_case _y_</b></p>') == \
        "\\- 5 \\* 3 \\<b> \\[x\\] **snake_case \\_y\\_**"


@pytest.mark.parametrize(("translated", "problem"), [
    ('<p>Plan <i i="0">avant</i>, voir le guide.</p>', "the link to https://example.org/guide went missing"),
    ('<p>Plan avant, voir <a i="1">le guide</a>.</p>', "*emphasis* went missing"),
    ('<p>Plan <i i="0">avant</i> <i i="0">x</i> <a i="1">g</a>.</p>', "*emphasis* came back twice"),
    ('<p>Plan <b i="0">avant</b> <a i="1">g</a>.</p>', "*emphasis* came back as something else"),
    ('<p>Plan <i i="0">avant</i> <a i="1">g</a> <x i="7"/>.</p>', "markup #7 was invented on the way"),
    ('<p>Plan <i i="0">avant</i> <a i="1">g</a>.</p><p>Encore</p>', "1 paragraph(s) went out, 2 came back"),
    ('<p>Plan <i i="0">avant</i></p> <a i="1">g</a>', "markup came back outside its paragraph"),
    ('<p>Plan <i i="0">avant</i> <a i="1">g</a>.</p> et', "words came back outside their paragraph"),
    ('<p>Plan <i i="0">avant <a i="1">g</a>.</p>', "the tags came back broken"),
    ('<p>Plan <i i="0"> </i> <a i="1">g</a>.</p>', "*emphasis* came back empty"),
])
def test_broken_markup_is_refused(translated: str, problem: str) -> None:
    prepared = prepare("Plan the day *before* it starts. See [the guide](https://example.org/guide).",
                       markdown=True, mode=Mode.xml)
    with pytest.raises(MarkupError, match=problem.replace("*", r"\*").replace("(", r"\(").replace(")", r"\)")):
        prepared.restore(translated)


@pytest.mark.parametrize(("translated", "problem"), [
    ("Plan ⟦0⟧avant, voir ⟦1⟧le guide⟦/1⟧.", "unclosed"),
    ("Plan ⟦0⟧avant ⟦1⟧le guide⟦/0⟧⟦/1⟧.", "out of order"),
    ("Plan avant, voir ⟦1⟧le guide⟦/1⟧.", "emphasis\\* went missing"),
    ("Plan ⟦0⟧avant⟦/0⟧\nvoir ⟦1⟧le guide⟦/1⟧.", "1 paragraph\\(s\\) went out, 2 came back"),
])
def test_broken_tokens_are_refused(translated: str, problem: str) -> None:
    prepared = prepare("Plan the day *before* it starts. See [the guide](https://example.org/guide).",
                       markdown=True, mode=Mode.tokens)
    with pytest.raises(MarkupError, match=problem):
        prepared.restore(translated)


def test_texts_that_cannot_travel_safely_are_not_sent() -> None:
    with pytest.raises(Unsupported, match="⟦"):
        prepare("Keep ⟦this⟧", markdown=True, mode=Mode.tokens)
    with pytest.raises(Unsupported, match="control characters"):
        prepare("bell \x07", markdown=False, mode=Mode.xml)
    assert not prepare("`npm install` 42", markdown=True, mode=Mode.xml).has_words


def test_markup_problems_compares_structure_and_inline_markup() -> None:
    source = "- **a** [b](https://x.example)\n- c {n}"
    assert markup_problems(source, "- **A** [B](https://x.example)\n- C {n}", markdown=True) == []
    assert markup_problems(source, "- **A** [B](https://y.example) {n}", markdown=True) == [
        "the paragraph or line structure changed", "the link to https://x.example went missing",
        "the link to https://y.example was added"]
    assert markup_problems("a {n}\nb", "A\nB {n} {m}", markdown=False) == ["{m} was added"]


def test_deepl_codes_and_markup_modes() -> None:
    codes = {tag: target_code(get_language(tag)) for tag in ("en", "pt", "pt-BR", "zh", "de", "ku", "fa")}
    assert codes == {"en": "EN-GB", "pt": "PT-PT", "pt-BR": "PT-BR", "zh": "ZH-HANS", "de": "DE", "ku": "KMR",
                     "fa": "FA"}
    assert markup_mode("PT-BR") is Mode.xml and markup_mode("FA") is Mode.tokens


def test_pages_of_entries() -> None:
    assert page_of("m:title") == page_of("m:keywords/3") == page_of("m:objectives/x/text") == ""
    assert page_of("m:start/intro/text") == "start" and page_of("m:title/title") == "title"


# --- glossary CSV ------------------------------------------------------------------------------

def test_glossary_rows() -> None:
    text = 'source,target\nbuddy,parrain\n"team, small", "petite équipe"\n\n  newcomer ,nouveau "venu"\n'
    assert parse_glossary(text, "g.csv") == (
        ("buddy", "parrain"), ("team, small", "petite équipe"), ("newcomer", 'nouveau "venu"'))
    assert parse_glossary('"say ""hi""",dire « salut »\n', "g.csv") == (('say "hi"', "dire « salut »"),)


def test_glossary_problems_are_located() -> None:
    with pytest.raises(UserError) as error:
        parse_glossary("buddy,parrain\nonly one column\na,b,c\nx,\t\n\"open,quote\nbuddy,copain\n", "g.csv")
    assert [d.headline() for d in error.value.diagnostics] == [
        "g.csv:2:16: 1 column(s); a glossary row has two: source term, target term",
        "g.csv:3:5: 3 column(s); a glossary row has two: source term, target term",
        "g.csv:4:3: empty term",
        "g.csv:5:1: a quoted term is not closed",
        "g.csv:6:1: `buddy` is already in the glossary (line 1)",
    ]


def test_glossary_files_saved_by_spreadsheets(tmp_path: Path) -> None:
    path = tmp_path / "en-fr.csv"
    path.write_bytes("\ufeffsource,target\r\nbuddy,parrain\r\n".encode())  # a BOM and CRLF, as Excel saves
    assert read_glossary(path, "en-fr.csv", "en", "fr").entries == (("buddy", "parrain"),)
    path.write_bytes(b"buddy,parrain\nteam,\xe9quipe\n")
    with pytest.raises(UserError, match="en-fr.csv:2: not UTF-8"):
        read_glossary(path, "en-fr.csv", "en", "fr")


def test_glossary_file_for_a_regional_variant(tmp_path: Path) -> None:
    folder = tmp_path / "translations/glossaries"
    folder.mkdir(parents=True)
    (folder / "en-pt.csv").write_text("a,b\n", encoding="utf-8")
    assert glossary_path(tmp_path, "en", "pt-BR") == folder / "en-pt.csv"
    (folder / "en-pt-BR.csv").write_text("a,c\n", encoding="utf-8")
    assert glossary_path(tmp_path, "en", "pt-BR") == folder / "en-pt-BR.csv"
    assert glossary_path(tmp_path, "en", "fr") is None
