"""The catalog writer: byte-identical to GNU msgcat, valid for msgfmt -c, and read back losslessly."""

from __future__ import annotations

import random
from pathlib import Path

import libunistring
import pytest
from gettext_tools import assert_gettext_clean, msgcat

from moduletool.errors import UserError
from moduletool.i18n.catalog import Catalog, Entry
from moduletool.i18n.linebreak import POSSIBLE, char_width, line_break_class, possible_breaks
from moduletool.i18n.po_format import format_catalog
from moduletool.i18n.po_parse import parse_catalog

HEADER = [("Project-Id-Version", "demo 1.0"), ("PO-Revision-Date", "2024-05-01 10:00+0000"),
          ("Last-Translator", "A Translator <a@example.org>"), ("Language-Team", "Arabic"), ("Language", "ar"),
          ("MIME-Version", "1.0"), ("Content-Type", "text/plain; charset=UTF-8"),
          ("Content-Transfer-Encoding", "8bit"),
          ("Plural-Forms", ("nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
                           "n%100>=11 ? 4 : 5);"))]

MARKDOWN = (
    "A good job search starts with the person, not with the job advertisements. Before you talk about "
    "CVs, take time to find out what the person **can do**, what they **want**, and what their situation "
    "**allows**.\n\n- **formal education and training**: schools, universities, vocational courses, "
    "certificates;\n- **paid work**, including informal work, a family business, farming or trading;\n\n"
    "Open questions work better than a form: *\"Tell me about a normal working day in your last job\"* "
    "brings out far more skills than *\"What was your job title?\"*. See "
    "[ENIC-NARIC](https://www.enic-naric.net/page-recognition-of-qualifications.aspx?lang=en&x=1).")
ARABIC = (
    "يبدأ البحث الجيد عن عمل بالشخص، لا بإعلانات الوظائف. قبل أن تتحدث عن السيرة الذاتية، خذ وقتًا لمعرفة "
    "ما **يستطيع** الشخص فعله، وما **يريده**، وما يسمح به وضعه.\n\nاسأل عن: «التعليم الرسمي»؟ "
    "و[الشبكة](https://www.enic-naric.net/) — ١٢٣٤ ٪٥٠ — مَرْحَبًا بِكُمْ")
TRICKY = [
    ("quotes", 'He said "yes", then \'no\' — and “maybe” or «peut-être» ' * 3),
    ("backslashes", "C:\\Users\\learner\\Documents\\cv.docx and a regex \\d+\\s*\\\\ " * 3),
    ("escapes", "Tab\there, a bell\a, a form feed\f and a carriage return\r in the middle; " * 2),
    ("newlines", "\nstarts with a newline\n\n\nends with two\n\n"),
    ("only-newline", "\n"),
    ("long-word", "x" * 100 + " " + "https://example.org/" + "a/" * 40),
    ("spaces", "   leading and trailing spaces   "),
    ("exactly-fits", "a" * 69),
    ("one-over", "a" * 60 + " " + "b" * 10),
    ("cjk", "日本語の文章は単語の間に空白がありませんが、どこでも改行できます。" * 3),
    ("emoji", "Flags 🇫🇷🇩🇪🇸🇾 and people 👩‍💻👨🏽‍🏫 in a sentence that goes on long enough to wrap. " * 2),
    ("hebrew", "עברית-טקסט שלום עולם, זהו משפט ארוך מספיק כדי לעבור את רוחב השורה של שבעים ותשעה תווים."),
    ("combining", "e\u0301te\u0301 " * 20 + "a\u0308\u0304" * 10),
]


def _catalog() -> Catalog:
    po = Catalog(header=list(HEADER), header_comments=["Arabic translation of the module demo.", "",
                                                       "Translators: A, B."])
    po.entries.append(Entry("demo:page/block/text", MARKDOWN, ARABIC, translator_comments=["Reviewed by B."],
                            extracted_comments=["Text", "Markdown: keep **, * and [text](address) markup."],
                            references=["modules/demo/module.yaml"]))
    for name, text in TRICKY:
        po.entries.append(Entry(f"demo:page/{name}/text", text, text, references=["modules/demo/module.yaml"]))
    fuzzy = Entry("demo:" + "very-long-context/" * 6 + "text", MARKDOWN[:200], ARABIC[:150],
                  previous_msgctxt="demo:old/" + "context/" * 10, previous_msgid=MARKDOWN[50:300])
    fuzzy.set_fuzzy(True)
    po.entries.append(fuzzy)
    po.entries.append(Entry("demo:gone/text", MARKDOWN, ARABIC, translator_comments=["kept for later"],
                            flags=["fuzzy"], previous_msgid=MARKDOWN[:120], obsolete=True))
    return po


def test_the_writer_matches_msgcat_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "ar.po"
    path.write_text(format_catalog(_catalog()), encoding="utf-8")
    assert msgcat(path) == path.read_bytes()


def test_msgfmt_accepts_the_output(tmp_path: Path) -> None:
    po = _catalog()
    po.entries = [e for e in po.entries if not e.msgid.startswith("Tab")]  # msgfmt warns about \a, \f, \r
    path = tmp_path / "ar.po"
    path.write_text(format_catalog(po), encoding="utf-8")
    assert_gettext_clean(path)


def test_reading_and_writing_loses_nothing() -> None:
    text = format_catalog(_catalog())
    back = parse_catalog(text, "ar.po")
    assert format_catalog(back) == text
    obsolete = back.obsolete[0]
    assert obsolete.previous_msgid == MARKDOWN[:120] and obsolete.translator_comments == ["kept for later"]
    assert back.header_comments == ["Arabic translation of the module demo.", "", "Translators: A, B."]


WORDS = ["the", "person", "**can do**", "*em*", "[link](https://example.org/a/b?c=d&e=f)", "strengths-based",
         "CV,", "e.g.", '"quoted"', "C:\\Users", "(note)", "50%", "€10", "—", "–", "…", "l'emploi",
         "«citation»", "مرحبا", "بالعالم،", "؟", "שלום", "日本語", "한국어", "\t", "\n", "\n\n", "- item", "1.",
         "`code`", "###", "a/b", "x" * 90, "ENIC-NARIC", "don’t", "“smart”", "\u00a0", "9:30", "-5", "[2]",
         "e\u0301", "a\u200bb", "1,000.50", "$5", "\\n", " ", "  "]


@pytest.mark.parametrize("seed", range(6))
def test_random_catalogs_match_msgcat(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)

    def text() -> str:
        words = [rng.choice(WORDS) + rng.choice([" ", " ", " ", "", "\n"]) for _ in range(rng.randint(1, 50))]
        return "".join(words).strip(" ") or "x"

    po = Catalog(header=list(HEADER))
    for number in range(40):
        entry = Entry(f"m:p/b{number}/" + "f" * rng.randint(1, 70), text(), text() if rng.random() < 0.7 else "",
                      translator_comments=[text().replace("\n", " ")] if rng.random() < 0.3 else [],
                      extracted_comments=["Text"], references=["modules/m/module.yaml"])
        if rng.random() < 0.3:
            entry.set_fuzzy(True)
            entry.previous_msgid = text()
        entry.obsolete = rng.random() < 0.15
        po.entries.append(entry)
    path = tmp_path / "random.po"
    path.write_text(format_catalog(po), encoding="utf-8")
    assert msgcat(path) == path.read_bytes()
    assert format_catalog(parse_catalog(path.read_text(encoding="utf-8"), "random.po")) == path.read_text("utf-8")


SAMPLES = ("aZ09 \t!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\u00a0\u00ad\u2010\u2013\u2014\u2026\u201c\u201d\u00ab\u00bb"
           "\u200b\u200c\u200d\u060c\u061f\u0627\u064b\u05d0\u05be\u4e00\u3001\u0e01\U0001F1E6\u00d7\u3000\u0300"
           "\u2060\uac00\uac01\u1100\u1160\u11a8\u261d\U0001F3FB\U0001F600\u20ac\u00b0\u00bf\u2019\u201e\u1361"
           "\u0660\u0640\u200f\u2028\u000b\r\n\u3008\uff08\uff09")


def test_line_break_opportunities_match_libunistring() -> None:
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(SAMPLES) for _ in range(rng.randint(1, 8)))
        ours = [i for i, kind in enumerate(possible_breaks(text)) if kind == POSSIBLE]
        assert ours == libunistring.possible_breaks(text), repr(text)


def test_unicode_tables_match_libunistring() -> None:
    from moduletool.i18n import _unicode_tables

    starts = {int(item.split(":")[0], 16) for item in "".join(_unicode_tables.WIDTH_RUNS).split()}
    starts |= {int(item.split(":")[0], 16) for item in "".join(_unicode_tables.LINE_BREAK_RUNS).split()}
    probes = sorted({cp + delta for cp in starts for delta in (-1, 0)} - set(range(0xD800, 0xE000)) - {-1})
    for cp in probes:
        assert char_width(chr(cp)) == max(libunistring.width(cp), 0), hex(cp)
    contexts = ["a", " ", "(", ")", "-", "1", "\u4e00", "\u05d0", "\u0300", '"']
    for cp in probes[::3]:
        for before in contexts:
            text = before + chr(cp) + "a"
            ours = [i for i, kind in enumerate(possible_breaks(text)) if kind == POSSIBLE]
            assert ours == libunistring.possible_breaks(text), (hex(cp), line_break_class(chr(cp)), before)


def test_generated_tables_are_current() -> None:
    """`python tests/i18n/libunistring.py` regenerates them from the libunistring msgcat uses."""
    assert libunistring.generate() == libunistring.TABLES.read_text(encoding="utf-8")


@pytest.mark.parametrize(("text", "line", "column", "message"), [
    ('msgid "a"\nmsgstr "b\n', 2, 10, "string not closed"),
    ('msgid "a"\nmsgstr "b"c"\n', 2, 10, 'unescaped " inside a string'),
    ('msgid "a"\nmsgstr "\\q"\n', 2, 9, "invalid escape sequence `\\q`"),
    ('msgid "a"\nmsgid "b"\nmsgstr ""\n', 2, 1, "a second msgid in one entry"),
    ('msgid "a"\n\nmsgid "b"\nmsgstr ""\n', 3, 1, "a second msgid"),
    ('msgstr "b"\n', 1, 1, "msgstr without msgid"),
    ('msgctxt "c"\nmsgid "a"\nmsgstr ""\nmsgctxt "c"\nmsgid "a"\nmsgstr "x"\n', 4, 0, "duplicate entry msgctxt `c`"),
    ('msgid "a"\nmsgstr ""\nhello\n', 3, 1, "expected msgctxt, msgid or msgstr"),
    ('msgid "a"\n', 1, 0, "entry without msgstr"),
])
def test_syntax_errors_are_located(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_catalog(text, "translations/fr/x.po")
    [diagnostic] = caught.value.diagnostics
    assert (diagnostic.location.path, diagnostic.location.line) == ("translations/fr/x.po", line)
    if column:
        assert diagnostic.location.column == column
    assert message in diagnostic.message


def test_files_from_other_tools_are_read() -> None:
    """CRLF line ends, a BOM, `#~|` previous strings, plural forms, escapes in octal."""
    text = ('\ufeff# comment\r\nmsgid ""\r\nmsgstr "Language: fr\\n"\r\n\r\n#, fuzzy\r\n#| msgid "old"\r\n'
            'msgctxt "c"\r\nmsgid "new"\r\nmsgstr "neu\\101"\r\n\r\nmsgid "one"\r\nmsgid_plural "many"\r\n'
            'msgstr[0] "un"\r\nmsgstr[1] "plusieurs"\r\n"!"\r\n\r\n#~| msgid "older"\r\n#~ msgid "gone"\r\n'
            '#~ msgstr "parti"\r\n')
    po = parse_catalog(text, "x.po")
    assert po.get("Language") == "fr" and po.header_comments == ["comment"]
    first, plural, gone = po.entries
    assert first.fuzzy and first.previous_msgid == "old" and first.msgstr == "neuA"
    assert plural.msgid_plural == "many" and plural.msgstr_plural == {0: "un", 1: "plusieurs!"}
    assert gone.obsolete and gone.previous_msgid == "older" and gone.msgstr == "parti"
