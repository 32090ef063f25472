"""The languages moduletool knows: names, gettext plural rules and writing direction.

One table for everything language-specific in catalogs (`Language`, `Language-Team` and
`Plural-Forms` headers) and, in time, in the player (`dir="rtl"`). Plural rules follow the
gettext manual and CLDR for integers. Add a language by adding one line, with its rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import UserError, did_you_mean

_ONE = "nplurals=2; plural=(n != 1);"          # one | other
_ZERO_ONE = "nplurals=2; plural=(n > 1);"       # 0 and 1 | other
_NONE = "nplurals=1; plural=0;"                 # no plural forms
_EAST_SLAVIC = ("nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
                "(n%100<10 || n%100>=20) ? 1 : 2);")
_CZECH = "nplurals=3; plural=(n==1 ? 0 : n>=2 && n<=4 ? 1 : 2);"


@dataclass(frozen=True)
class Language:
    """A language as catalogs and the player need it."""

    tag: str
    """BCP 47 tag, as used for folders (`translations/<tag>/`) and `lang` attributes."""
    name: str
    """English name, for messages and the `Language-Team` header."""
    plural_forms: str
    rtl: bool = False

    @property
    def gettext_code(self) -> str:
        """The `Language` header value: gettext writes regions with an underscore (pt_BR)."""
        return self.tag.replace("-", "_")

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"


_TABLE: tuple[tuple[str, str, str, bool], ...] = (
    # Languages of the partner projects and of the people they work with.
    ("en", "English", _ONE, False),
    ("fr", "French", _ZERO_ONE, False),
    ("de", "German", _ONE, False),
    ("es", "Spanish", _ONE, False),
    ("it", "Italian", _ONE, False),
    ("pt", "Portuguese", _ONE, False),
    ("pt-BR", "Brazilian Portuguese", _ZERO_ONE, False),
    ("nl", "Dutch", _ONE, False),
    ("el", "Greek", _ONE, False),
    ("pl", "Polish", "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
     False),
    ("ro", "Romanian", "nplurals=3; plural=(n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2);", False),
    ("sv", "Swedish", _ONE, False),
    ("ar", "Arabic", ("nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
                     "n%100>=11 ? 4 : 5);"), True),
    ("fa", "Persian", _ZERO_ONE, True),
    ("prs", "Dari", _ZERO_ONE, True),
    ("ps", "Pashto", _ONE, True),
    ("ur", "Urdu", _ONE, True),
    ("ckb", "Central Kurdish (Sorani)", _ONE, True),
    ("he", "Hebrew", "nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);", True),
    ("tr", "Turkish", _ONE, False),
    ("ru", "Russian", _EAST_SLAVIC, False),
    ("uk", "Ukrainian", _EAST_SLAVIC, False),
    ("ti", "Tigrinya", _ZERO_ONE, False),
    ("so", "Somali", _ONE, False),
    ("am", "Amharic", _ZERO_ONE, False),
    ("uz", "Uzbek", _ONE, False),
    ("ku", "Kurdish (Kurmanji)", _ONE, False),
    ("yi", "Yiddish", _ONE, True),
    ("dv", "Dhivehi", _ONE, True),
    ("sd", "Sindhi", _ONE, True),
    ("ug", "Uyghur", _ONE, True),
    # Other languages of the EU and its neighbours.
    ("bg", "Bulgarian", _ONE, False),
    ("ca", "Catalan", _ONE, False),
    ("cs", "Czech", _CZECH, False),
    ("da", "Danish", _ONE, False),
    ("et", "Estonian", _ONE, False),
    ("fi", "Finnish", _ONE, False),
    ("hr", "Croatian", _EAST_SLAVIC, False),
    ("hu", "Hungarian", _ONE, False),
    ("lt", "Lithuanian", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);",
     False),
    ("lv", "Latvian", "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);", False),
    ("nb", "Norwegian Bokmål", _ONE, False),
    ("sk", "Slovak", _CZECH, False),
    ("sl", "Slovenian", "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);", False),
    ("sq", "Albanian", _ONE, False),
    ("sr", "Serbian", _EAST_SLAVIC, False),
    ("bs", "Bosnian", _EAST_SLAVIC, False),
    ("mk", "Macedonian", "nplurals=2; plural=(n%10==1 && n%100!=11 ? 0 : 1);", False),
    ("ka", "Georgian", _ONE, False),
    ("hy", "Armenian", _ZERO_ONE, False),
    ("az", "Azerbaijani", _ONE, False),
    ("be", "Belarusian", _EAST_SLAVIC, False),
    ("sw", "Swahili", _ONE, False),
    ("hi", "Hindi", _ZERO_ONE, False),
    ("bn", "Bengali", _ZERO_ONE, False),
    ("pa", "Punjabi", _ZERO_ONE, False),
    ("zh", "Chinese", _NONE, False),
    ("ja", "Japanese", _NONE, False),
    ("ko", "Korean", _NONE, False),
    ("vi", "Vietnamese", _NONE, False),
)

LANGUAGES: dict[str, Language] = {tag.lower(): Language(tag, name, rule, rtl) for tag, name, rule, rtl in _TABLE}
RTL_LANGUAGES = frozenset(language.tag for language in LANGUAGES.values() if language.rtl)

_TAG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")


def canonical_tag(tag: str) -> str:
    """`pt_br` → `pt-BR`: lowercase language, uppercase region, hyphens."""
    parts = tag.replace("_", "-").split("-")
    return "-".join([parts[0].lower()] + [p.upper() if len(p) == 2 else p for p in parts[1:]])


def find_language(tag: str) -> Language | None:
    """The table entry for a tag (`pt-BR` exactly, else its language `pt`), or None."""
    if not _TAG.match(tag):
        return None
    canonical = canonical_tag(tag)
    exact = LANGUAGES.get(canonical.lower())
    if exact is not None:
        return exact
    base = LANGUAGES.get(canonical.split("-")[0].lower())
    if base is None:
        return None
    return Language(canonical, base.name, base.plural_forms, base.rtl)


def get_language(tag: str, where: str = "--lang") -> Language:
    """`find_language`, or a user error that lists the known tags."""
    language = find_language(tag)
    if language is not None:
        return language
    known = sorted(language.tag for language in LANGUAGES.values())
    if not _TAG.match(tag):
        message = f"`{tag}` is not a language tag"
        hint = "write a BCP 47 tag such as fr, ar or pt-BR"
    else:
        message = f"unknown language `{tag}`"
        hint = did_you_mean(tag.lower(), known) or f"known languages: {', '.join(known)}"
    raise UserError.at(where, message, hint=hint, code="unknown-language")


def is_rtl(tag: str) -> bool:
    """Whether a language is written right to left (unknown tags: left to right)."""
    language = find_language(tag)
    return language is not None and language.rtl
