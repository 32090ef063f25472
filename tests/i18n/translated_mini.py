"""The mini fixture translated into French and Arabic, and a helper to write translations into a `.po`.

`stats`, `check` and the XLIFF tests start from a complete, correct translation and then break
or change one thing at a time, so each test shows exactly which rule it exercises.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from i18n_support import catalog, mini, ok

from moduletool.i18n.catalog_io import po_path, write_catalog

MODULE_ID = "mini-course"

FRENCH = {
    "mini-course:title": "Accueillir un nouveau collègue dans l'équipe",
    "mini-course:description": "Un module court sur le **premier jour** d'un collègue nouvellement arrivé.",
    "mini-course:keywords/0": "intégration",
    "mini-course:keywords/1": "travail d'équipe",
    "mini-course:objectives/welcome/text": "Préparer un premier jour accueillant",
    "mini-course:start/title": "Le premier jour",
    "mini-course:start/intro/text": "Préparez la journée *avant* qu'elle commence. Voir "
                                    "[le guide](https://example.org/guide).",
    "mini-course:start/map/alt": "Un plan avec la cuisine, la salle de réunion et la sortie.",
    "mini-course:start/note/text": "Associez le nouveau venu à un parrain pour la première semaine.",
    "mini-course:check/title": "Vérifiez vos connaissances",
    "mini-course:check/q-buddy/prompt": "Qui fait visiter les lieux au nouveau venu ?",
    "mini-course:check/q-buddy/buddy/text": "Un parrain de l'équipe",
    "mini-course:check/q-buddy/buddy/feedback": "Oui.",
    "mini-course:check/q-buddy/nobody/text": "Personne",
    "mini-course:check/q-buddy/nobody/feedback": "Un guide aide.",
    "mini-course:check/q-plan/prompt": "Le premier jour doit être préparé à l'avance.",
    "mini-course:check/q-word/prompt": "Le collègue qui accompagne un nouveau venu s'appelle un …",
    "mini-course:check/q-word/answers/0": "parrain",
    "mini-course:check/q-word/answers/1": "tuteur",
}
"""Every entry but the image path, which stays empty: the same file in every language."""

ARABIC = {
    "mini-course:title": "استقبال زميل جديد في الفريق",
    "mini-course:description": "وحدة قصيرة عن **اليوم الأول** لزميل وصل حديثًا.",
    "mini-course:keywords/0": "الإدماج",
    "mini-course:keywords/1": "العمل الجماعي",
    "mini-course:objectives/welcome/text": "التخطيط ليوم أول مرحِّب",
    "mini-course:start/title": "اليوم الأول",
    "mini-course:start/intro/text": "خطّط لليوم *قبل* أن يبدأ. راجع [الدليل](https://example.org/guide).",
    "mini-course:start/map/alt": "مخطط للطابق يظهر المطبخ وغرفة الاجتماعات والمخرج.",
    "mini-course:start/note/text": "اجعل للقادم الجديد رفيقًا خلال الأسبوع الأول.",
    "mini-course:check/title": "اختبر معلوماتك",
    "mini-course:check/q-buddy/prompt": "من يرافق القادم الجديد في جولة؟",
    "mini-course:check/q-buddy/buddy/text": "رفيق من الفريق",
    "mini-course:check/q-buddy/buddy/feedback": "نعم.",
    "mini-course:check/q-buddy/nobody/text": "لا أحد",
    "mini-course:check/q-buddy/nobody/feedback": "الدليل يساعد.",
    "mini-course:check/q-plan/prompt": "ينبغي التخطيط لليوم الأول مسبقًا.",
    "mini-course:check/q-word/prompt": "الزميل الذي يرافق القادم الجديد يُسمّى …",
    "mini-course:check/q-word/answers/0": "رفيق",
    "mini-course:check/q-word/answers/1": "مرشد",
}

TRANSLATIONS = {"fr": FRENCH, "ar": ARABIC}


def translate(project: Path, lang: str, texts: dict[str, str], fuzzy: Iterable[str] = ()) -> Path:
    """Set the msgstr of the given entries (others untouched); mark `fuzzy` ones fuzzy. Returns the .po."""
    path = po_path(project, lang, MODULE_ID)
    po = catalog(path)
    marked = set(fuzzy)
    for entry in po.entries:
        context = entry.msgctxt or ""
        if context in texts:
            entry.msgstr = texts[context]
        if context in marked:
            entry.set_fuzzy(True)
    write_catalog(path, po)
    return path


def translated_mini(tmp_path: Path, *langs: str) -> Path:
    """The mini project with complete, correct translations in `langs` (default: fr and ar)."""
    project = mini(tmp_path)
    for lang in langs or ("fr", "ar"):
        ok(project, "init", "--lang", lang)
        translate(project, lang, TRANSLATIONS[lang])
    return project
