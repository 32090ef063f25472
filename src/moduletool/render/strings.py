"""The player's own words (buttons, progress, messages), in English, the language of the source.

They are kept apart from the templates so that translation can replace them as a whole; the
keys are part of the contract between the templates, the runtime and the translators. The
translations live in gettext catalogs (`moduletool.i18n.player_strings`): change a text here
and the shipped catalogs mark it fuzzy when they are updated, so no stale wording survives.
"""

from __future__ import annotations

import re

PLAYER_STRINGS: dict[str, str] = {
    "skip_to_content": "Skip to content",
    "previous": "Previous",
    "next": "Next",
    "finish": "Finish",
    "exit": "Exit",
    "check": "Check answer",
    "page_of": "Page {current} of {total}",
    "page_changed": "Page {current} of {total}: {title}",
    "progress_label": "Progress through the module",
    "objectives": "In this module you will learn to",
    "your_answer": "Your answer",
    "true": "True",
    "false": "False",
    "correct": "Correct.",
    "incorrect": "Not quite.",
    "recorded": "Thank you, your answer has been recorded.",
    "answer_required": "Please choose or type an answer first.",
    "score": "Your score: {score}%",
    "passed": "You passed.",
    "failed": "You did not reach the pass mark of {mastery}%.",
    "completed": "You have completed this module.",
    "not_finished": "You have not finished yet: some pages or questions are still open.",
    "no_lms": "No learning platform was found: your progress will not be saved.",
    "lms_error": "Your progress could not be saved. Please check your connection; we will keep trying.",
    "lms_saved": "Progress saved.",
    "storage_unavailable": "This browser does not let the module keep your progress: it will be lost when you "
                           "close the page.",
    "storage_error": "Your progress could not be saved on this device; its storage may be full. We will keep "
                     "trying.",
    "transcript": "Transcript",
    "captions": "Captions",
    "draft_title": "{title} (draft)",
    "draft_notice": "Draft translation: some parts of this module are not translated or reviewed yet "
                    "and appear in the original language.",
}

PLAYER_STRING_NOTES: dict[str, str] = {
    "skip_to_content": "Link for keyboard and screen-reader users that jumps over the header.",
    "previous": "Button: go back one page.",
    "next": "Button: go to the next page.",
    "finish": "Button on the last page: see the result.",
    "exit": "Button shown when the learning platform asks for it: leave the module and go back to the "
            "platform (progress is saved).",
    "check": "Button under a question: submit the answer (each question is answered once).",
    "page_of": "Progress under the page. {current}: number of the page shown; {total}: number of pages.",
    "page_changed": "Read out by screen readers after a page change. {current}: page number; {total}: number "
                    "of pages; {title}: the page's title.",
    "progress_label": "Accessible name of the navigation bar (progress and buttons); not shown.",
    "objectives": "Introduces the list of learning objectives on the first page. Each objective that follows "
                  "is a translated phrase such as \"Adapt a CV to local conventions\"; end with a colon if "
                  "your language needs one.",
    "your_answer": "Label of an answer field, and the heading of the choices of a long question.",
    "true": "Answer of a true-or-false question.",
    "false": "Answer of a true-or-false question.",
    "correct": "Verdict shown after a right answer, before the author's feedback.",
    "incorrect": "Verdict shown after a wrong answer, before the author's feedback; kind and encouraging.",
    "recorded": "Shown after answering a survey question (no right or wrong answer).",
    "answer_required": "Shown when the learner presses the check button without answering.",
    "score": "Result at the end. {score}: a whole number from 0 to 100; place the percent sign as your "
             "language writes it.",
    "passed": "Result at the end: the score reached the pass mark.",
    "failed": "Result at the end. {mastery}: the pass mark, a whole number from 0 to 100 (percent).",
    "completed": "Result at the end of a module without graded questions.",
    "not_finished": "Shown when the learner presses Finish before seeing every page or answering every question.",
    "no_lms": "Warning when the module is opened outside a learning platform (LMS).",
    "lms_error": "Warning when the learning platform stops accepting progress; the module retries by itself.",
    "lms_saved": "Shown briefly once saving works again after the warning above.",
    "storage_unavailable": "Warning in the offline web version when the browser refuses to store anything "
                           "(private browsing, blocked site data): the module works but forgets.",
    "storage_error": "Warning in the offline web version when saving on the phone or computer fails; the "
                     "module retries by itself.",
    "transcript": "Button that opens the written version of an audio or video.",
    "captions": "Name of the subtitles track of a video, shown in the video player's menu.",
    "draft_title": "Title of a module published before its translation is complete. {title}: the module's title.",
    "draft_notice": "Banner at the top of a module published before its translation is complete.",
}
"""What each string is and where it appears: the comments translators see in the catalogs."""

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def placeholders(text: str) -> set[str]:
    """The `{name}` placeholders of a player string; a translation must use exactly the same ones."""
    return set(_PLACEHOLDER.findall(text))
