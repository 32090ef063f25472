"""YAML → models: frozen models, the right union members, defaults, and located diagnostics."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from moduletool.errors import Diagnostic, SourceLocation, UserError
from moduletool.loading import load_model, validate_data
from moduletool.schema import (
    AudioBlock,
    CalloutBlock,
    ChoiceOption,
    Completion,
    CompletionRule,
    DownloadBlock,
    FillInQuestion,
    ImageBlock,
    LikertQuestion,
    Module,
    MultipleChoiceQuestion,
    SingleChoiceQuestion,
    TextBlock,
    TrueFalseQuestion,
    VideoBlock,
)
from moduletool.yaml_source import parse_yaml

EVERY_BLOCK = """\
id: demo
version: "1.0.0"
language: en
title: Every block
description: One of each.
license: CC-BY-SA-4.0
objectives:
  - {id: cv, text: Write a CV.}
pages:
  - id: intro
    title: Introduction
    blocks:
      - {id: t, type: text, text: Hello.}
      - {id: i, type: image, src: media/a.jpg, alt: A.}
      - {id: deco, type: image, src: media/a.jpg, decorative: true}
      - {id: a, type: audio, src: media/a.mp3}
      - {id: v, type: video, src: media/a.mp4, captions: "media/a.{lang}.vtt"}
      - {id: c, type: callout, text: Note.}
      - {id: d, type: download, src: media/a.pdf, title: A PDF}
  - id: quiz
    title: Quiz
    blocks:
      - id: single
        type: question
        kind: single
        objectives: [cv]
        prompt: One?
        options:
          - {id: a, text: A, correct: true}
          - {id: b, text: B}
      - id: multiple
        type: question
        kind: multiple
        points: 3
        prompt: Some?
        options:
          - {id: a, text: A, correct: true}
          - {id: b, text: B, correct: true}
      - {id: tf, type: question, kind: true-false, prompt: "True?", answer: false}
      - {id: fill, type: question, kind: fill-in, prompt: "Word?", answers: [CV]}
      - id: survey
        type: question
        kind: likert
        prompt: Useful?
        options:
          - {id: no, text: No}
          - {id: yes, text: Yes}
"""


def load(text: str) -> Module:
    module, diagnostics = validate_data(parse_yaml(text, "m.yaml"), Module)
    assert diagnostics == []
    assert module is not None
    return module


def diagnose(text: str) -> list[tuple[str, str, str]]:
    """(headline, hint, code) of every schema diagnostic for `text`."""
    module, diagnostics = validate_data(parse_yaml(text, "m.yaml"), Module)
    assert module is None
    return [(d.headline(), d.hint, d.code) for d in diagnostics]


MINIMAL = EVERY_BLOCK.split("objectives:")[0] + """\
pages:
  - id: intro
    title: Introduction
    blocks:
      - id: t
        type: text
        text: Hello.
"""


def test_blocks_become_the_class_their_type_names() -> None:
    module = load(EVERY_BLOCK)
    assert [type(b) for b in module.pages[0].blocks] == [
        TextBlock, ImageBlock, ImageBlock, AudioBlock, VideoBlock, CalloutBlock, DownloadBlock]
    assert [type(b) for b in module.pages[1].blocks] == [
        SingleChoiceQuestion, MultipleChoiceQuestion, TrueFalseQuestion, FillInQuestion, LikertQuestion]


def test_module_helpers_walk_blocks_and_questions_in_reading_order() -> None:
    module = load(EVERY_BLOCK)
    assert [(p, b, block.id) for p, b, block in module.blocks()][6:8] == [(0, 6, "d"), (1, 0, "single")]
    assert [q.id for q in module.questions()] == ["single", "multiple", "tf", "fill", "survey"]
    assert [q.id for q in module.graded_questions()] == ["single", "multiple", "tf", "fill"]


def test_values_are_kept_as_written() -> None:
    module = load(EVERY_BLOCK)
    video = module.pages[0].blocks[4]
    assert isinstance(video, VideoBlock)
    assert (video.src, video.captions, video.poster) == ("media/a.mp4", "media/a.{lang}.vtt", None)
    single = module.pages[1].blocks[0]
    assert isinstance(single, SingleChoiceQuestion)
    assert single.options[0] == ChoiceOption(id="a", text="A", correct=True)
    assert single.objectives == ["cv"]
    survey = module.pages[1].blocks[4]
    assert isinstance(survey, LikertQuestion)
    assert [(o.id, o.text) for o in survey.options] == [("no", "No"), ("yes", "Yes")]
    true_false = module.pages[1].blocks[2]
    assert isinstance(true_false, TrueFalseQuestion) and true_false.answer is False


def test_defaults() -> None:
    module = load(EVERY_BLOCK)
    assert module.authors == [] and module.keywords == [] and module.duration is None
    assert module.completion == Completion(require=CompletionRule.ALL_PAGES_AND_QUIZ, mastery=0.8)
    image, decorative = module.pages[0].blocks[1], module.pages[0].blocks[2]
    assert isinstance(image, ImageBlock) and isinstance(decorative, ImageBlock)
    assert (image.decorative, image.caption) == (False, None)
    assert (decorative.alt, decorative.decorative) == (None, True)
    callout = module.pages[0].blocks[5]
    assert isinstance(callout, CalloutBlock) and (callout.style, callout.title) == ("info", None)
    single, multiple, _, fill, survey = module.pages[1].blocks
    assert isinstance(single, SingleChoiceQuestion) and isinstance(multiple, MultipleChoiceQuestion)
    assert (single.points, multiple.points, single.feedback) == (1, 3, None)
    assert single.options[1].correct is False and single.options[1].feedback is None
    assert isinstance(fill, FillInQuestion)
    assert (fill.answers, fill.case_sensitive, fill.max_length, fill.objectives) == (["CV"], False, 60, [])
    assert isinstance(survey, LikertQuestion) and not hasattr(survey, "points")


def test_loaded_models_are_frozen() -> None:
    module = load(EVERY_BLOCK)
    with pytest.raises(ValidationError) as caught:
        module.title = "Changed"  # type: ignore[misc]
    assert caught.value.errors()[0]["type"] == "frozen_instance"
    with pytest.raises(ValidationError):
        module.pages[0].blocks[0].id = "changed"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        module.completion.mastery = 0.5  # type: ignore[misc]
    assert module.title == "Every block"


def test_language_no_is_accepted() -> None:
    assert load(MINIMAL.replace("language: en", "language: no")).language == "no"


def test_an_empty_file_and_a_list_are_reported_at_the_top() -> None:
    for text, message, code in (
        ("", "the file is empty", "empty-file"),
        ("- a\n- b\n", "expected a mapping at the top, got a list", "dict-type"),
        ("just text\n", "expected a mapping at the top, got text", "dict-type"),
    ):
        module, diagnostics = validate_data(parse_yaml(text, "m.yaml"), Module)
        assert module is None
        assert [(d.location, d.message, d.code) for d in diagnostics] == [
            (SourceLocation("m.yaml", 1, 1), message, code)]


def test_missing_keys_point_at_the_mapping_that_lacks_them() -> None:
    text = MINIMAL.replace("title: Every block\n", "").replace("    title: Introduction\n", "")
    assert diagnose(text) == [
        ("m.yaml:1:1: title: `title` is required", "add `title:`", "missing"),
        ("m.yaml:7:5: pages[0].title: `title` is required", "add `title:`", "missing"),
    ]


def test_a_missing_field_named_like_its_block_type_is_named() -> None:
    """`type: text` without `text:`: the union tag and the field have the same name."""
    text = MINIMAL.replace("        text: Hello.\n", "")
    assert diagnose(text) == [
        ("m.yaml:11:9: pages[0].blocks[0].text: `text` is required",
         ("add `text:` (CommonMark text: **bold**, *emphasis*, [links](https://example.org), lists. "
         "Raw HTML is not allowed.)"), "missing")]


def test_errors_in_other_fields_of_a_text_block_are_named() -> None:
    """The tag `text` in pydantic's loc must not be taken for the block's own `text:` key."""
    text = MINIMAL.replace("      - id: t\n", "      - id: T\n")
    assert diagnose(text) == [
        ("m.yaml:11:13: pages[0].blocks[0].id: `T` is not a valid id",
         "ids use lowercase letters, digits and hyphens, e.g. `cv-basics`", "string-pattern-mismatch")]


def test_unknown_keys_are_located_at_the_key_with_did_you_mean() -> None:
    text = MINIMAL.replace("license:", "licence:")
    # The typo is the one problem: no second message that `license` is missing.
    assert diagnose(text) == [
        ("m.yaml:6:1: licence: unknown key `licence`", "did you mean `license`?", "extra-forbidden"),
    ]


def test_unknown_keys_without_a_close_match_list_the_allowed_keys() -> None:
    text = MINIMAL.replace("    title: Introduction\n", "    title: Introduction\n    colour: red\n")
    assert diagnose(text) == [
        ("m.yaml:10:5: pages[0].colour: unknown key `colour`", "allowed keys: id, title, blocks",
         "extra-forbidden")]


def test_unknown_keys_inside_questions_and_options() -> None:
    text = EVERY_BLOCK.replace("points: 3", "pionts: 3").replace("{id: b, text: B}", "{id: b, txt: B}")
    assert diagnose(text) == [
        ("m.yaml:30:21: pages[1].blocks[0].options[1].txt: unknown key `txt`", "did you mean `text`?",
         "extra-forbidden"),
        ("m.yaml:34:9: pages[1].blocks[1].pionts: unknown key `pionts`", "did you mean `points`?",
         "extra-forbidden"),
    ]


def test_union_tags() -> None:
    assert diagnose(MINIMAL.replace("type: text", "type: txt")) == [
        ("m.yaml:12:15: pages[0].blocks[0].type: unknown block type `txt`", "did you mean `text`?",
         "union-tag-invalid")]
    assert diagnose(MINIMAL.replace("        type: text\n", "")) == [
        ("m.yaml:11:9: pages[0].blocks[0]: `type` is required",
         "add `type:` with one of: text, image, audio, video, callout, download, question", "union-tag-not-found")]
    assert diagnose(EVERY_BLOCK.replace("kind: fill-in", "kind: gap")) == [
        ("m.yaml:40:42: pages[1].blocks[3].kind: unknown question kind `gap`",
         "use one of: single, multiple, true-false, fill-in, likert", "union-tag-invalid")]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ('version: "1.0.0"', "version: one", ("m.yaml:2:10: version: `one` is not a version number",
                                          'write it as "1.0.0" (major.minor.patch)')),
    ("language: en", "language: EN", ("m.yaml:3:11: language: `EN` is not a language tag",
                                       "use a BCP 47 tag such as en, fr, ar or pt-BR")),
    ("license: CC-BY-SA-4.0", "license: CC-BY-SA-4.0\nduration: 40m",
     ("m.yaml:7:11: duration: `40m` is not an ISO 8601 duration", "write e.g. PT40M for 40 minutes or PT1H30M")),
    ("id: demo", "id: Demo", ("m.yaml:1:5: id: `Demo` is not a valid id",
                              "ids use lowercase letters, digits and hyphens, e.g. `cv-basics`")),
])
def test_malformed_values_say_the_accepted_form(old: str, new: str, expected: tuple[str, str]) -> None:
    assert diagnose(MINIMAL.replace(old, new)) == [(*expected, "string-pattern-mismatch")]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("title: Every block", "title: 12", ("m.yaml:4:8: title: expected text, got a number",
                                         'put the value in quotes: "12"', "string-type")),
    ("title: Every block", "title: true", ("m.yaml:4:8: title: expected text, got true/false",
                                           'put the value in quotes: "true"', "string-type")),
    ("title: Every block", "title: [a, b]", ("m.yaml:4:8: title: expected text, got a list", "", "string-type")),
    ('version: "1.0.0"', "version: 1.0", ("m.yaml:2:10: version: expected text, got a number",
                                          'put the value in quotes: "1.0"', "string-type")),
    ("pages:\n  - id: intro", "pages:\n    id: intro", (("m.yaml:8:5: pages: expected a list, got a mapping "
                                                      "(key: value lines)"),
                                                      "write each item on its own line starting with `- `",
                                                      "list-type")),
    ("description: One of each.", "description: One of each.\ncompletion: [quiz]",
     ("m.yaml:6:13: completion: expected a mapping (key: value lines), got a list",
      "write `key: value` lines indented under this one", "model-type")),
])
def test_wrong_types(old: str, new: str, expected: tuple[str, str, str]) -> None:
    assert diagnose(MINIMAL.replace(old, new)) == [expected]


def test_bounds_sizes_and_choices() -> None:
    text = MINIMAL.replace("description: One of each.", "description: One of each.\n"
                           "completion: {require: quizz, mastery: 1.5}\nkeywords: ['']")
    assert diagnose(text) == [
        ("m.yaml:6:23: completion.require: `quizz` is not allowed here", "did you mean `quiz`?", "enum"),
        ("m.yaml:6:39: completion.mastery: must be at most 1.0, got 1.5", "a share from 0 to 1, e.g. 0.8 for 80 %",
         "less-than-equal"),
        ("m.yaml:7:12: keywords[0]: must not be empty", "write the text, or remove the key", "string-too-short"),
    ]
    assert diagnose(MINIMAL.replace("    blocks:\n", "    blocks: []\n").split("      - id: t")[0]) == [
        ("m.yaml:10:13: pages[0].blocks: needs at least 1 entry, has 0", "add an entry under `blocks:`", "too-short")]


def test_custom_errors_point_at_the_field_they_name() -> None:
    image = "      - {id: t, type: image, src: media/a.jpg}\n"
    text = MINIMAL.split("      - id: t")[0] + image
    assert diagnose(text) == [
        ("m.yaml:11:9: pages[0].blocks[0].alt: alt text is required",
         "describe what the picture shows, or add `decorative: true` if it adds nothing to the text",
         "alt-required")]
    both = image.replace("}", ", alt: A, decorative: true}")
    assert diagnose(MINIMAL.split("      - id: t")[0] + both) == [
        ("m.yaml:11:68: pages[0].blocks[0].decorative: a decorative image has no alt text",
         "remove `decorative: true` if the picture carries meaning, otherwise remove `alt`",
         "alt-on-decorative")]


def test_every_error_is_reported_once_and_in_file_order() -> None:
    text = MINIMAL.replace("id: demo", "id: Demo").replace("language: en", "language: 1").replace(
        "    title: Introduction\n", "")
    module, diagnostics = validate_data(parse_yaml(text, "m.yaml"), Module)
    assert module is None
    assert [str(d.location) for d in diagnostics] == ["m.yaml:1:5", "m.yaml:3:11", "m.yaml:8:5"]
    assert all(isinstance(d, Diagnostic) and d.hint for d in diagnostics)


def test_load_model_raises_with_every_diagnostic(tmp_path: Path) -> None:
    path = tmp_path / "module.yaml"
    path.write_text(MINIMAL.replace("title: Every block\n", "").replace("id: demo", "id: Demo"), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_model(path, "modules/demo/module.yaml", Module)
    assert [d.headline() for d in caught.value.diagnostics] == [
        "modules/demo/module.yaml:1:1: title: `title` is required",
        "modules/demo/module.yaml:1:5: id: `Demo` is not a valid id",
    ]
    path.write_text(MINIMAL, encoding="utf-8")
    module, document = load_model(path, "modules/demo/module.yaml", Module)
    assert module.id == "demo" and document.path == "modules/demo/module.yaml"
