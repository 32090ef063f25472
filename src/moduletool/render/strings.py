"""The player's own words (buttons, progress, messages), in the source language.

They are kept apart from the templates so that translation can replace them as a whole; the
keys are part of the contract between the templates, the runtime and the translators.
"""

from __future__ import annotations

PLAYER_STRINGS: dict[str, str] = {
    "previous": "Previous",
    "next": "Next",
    "finish": "Finish",
    "check": "Check answer",
    "page_of": "Page {current} of {total}",
    "progress_label": "Progress through the module",
    "correct": "Correct.",
    "incorrect": "Not quite.",
    "recorded": "Thank you, your answer has been recorded.",
    "answer_required": "Please choose or type an answer first.",
    "your_answer": "Your answer",
    "true": "True",
    "false": "False",
    "score": "Your score: {score}%",
    "passed": "You passed.",
    "failed": "You did not reach the pass mark of {mastery}%.",
    "completed": "You have completed this module.",
    "no_lms": "No learning platform was found: your progress will not be saved.",
    "lms_error": "Your progress could not be saved. Please check your connection; we will keep trying.",
    "lms_saved": "Progress saved.",
    "objectives": "In this module you will learn to",
    "download": "Download",
    "transcript": "Transcript",
    "captions": "Captions",
    "not_finished": "You have not finished yet: some pages or questions are still open.",
    "skip_to_content": "Skip to content",
    "page_changed": "Page {current} of {total}: {title}",
    "decorative": "",
}
