"""Render a sample module's narrated slide videos and their WebVTT captions from a small YAML source.

The sample modules need short videos in every language they ship, made by the project itself so
their license is clear. A video here is a few text slides read aloud by a synthesised voice (the
slides, the voice and the captions all in the learner's language): easy to regenerate when the
wording changes, and small enough to commit.

    .venv/bin/python tools/make_sample_video.py modules/<id>/media-src/<name>.video.yaml

writes `modules/<id>/media/<name>.<lang>.mp4` and `<name>.<lang>.vtt` for every language of the
slides, which the module names as `src: media/<name>.{lang}.mp4` and
`captions: media/<name>.{lang}.vtt`. Needs Debian's `ffmpeg` (built with libfribidi, for
right-to-left text), `espeak-ng` and `fonts-dejavu-core`; not part of the build, which only ever
reads the committed files.

Source format (every text in every language)::

    output: interview-tips
    slides:
      - heading: {en: Before the interview, fr: Avant l'entretien, ar: قبل المقابلة}
        lines:                               # up to four short lines under the heading
          - {en: Read the job offer twice, fr: Lisez l'offre deux fois, ar: اقرأ الإعلان مرتين}
        captions: {en: Spoken text., fr: Texte dit., ar: نص منطوق.}

Each language's captions are its narration; a slide lasts as long as its speech plus a pause, and
the captions are split into cues by sentence and timed by their length within the slide.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path

import yaml

from moduletool.i18n.languages import is_rtl

WIDTH, HEIGHT = 640, 360
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
PAUSE_SECONDS = 0.8
"""Silence after each slide's narration, so captions and slides don't change mid-breath."""
MAX_CUE_CHARS = 84
"""About two caption lines of 42 characters, the usual readability limit."""
VOICES = {"en": "en-gb", "fr": "fr-fr", "ar": "ar"}
"""The espeak-ng voice of each language a sample video may be in."""
RTL_EMBEDDING, POP_DIRECTION = "\u202b", "\u202c"
"""drawtext lays every line out left to right; an explicit embedding keeps "1." and bullets at the start."""


@dataclass(frozen=True)
class Slide:
    """One slide, in every language: what is drawn on it and what is said."""

    heading: dict[str, str]
    lines: list[dict[str, str]]
    captions: dict[str, str]


def read_slides(source: Path) -> tuple[str, list[Slide]]:
    """The output name and the slides of a `.video.yaml` source; every text must be in every language."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    slides = [Slide(dict(item["heading"]), [dict(line) for line in item.get("lines") or []], dict(item["captions"]))
              for item in data["slides"]]
    languages = set(slides[0].captions)
    unknown = languages - set(VOICES)
    if unknown:
        raise SystemExit(f"{source}: no espeak-ng voice chosen for {sorted(unknown)}; add it to VOICES")
    for number, slide in enumerate(slides, 1):
        for what, texts in [("captions", slide.captions), ("heading", slide.heading),
                            *((f"line {n}", line) for n, line in enumerate(slide.lines, 1))]:
            if set(texts) != languages:
                raise SystemExit(f"{source}: slide {number} has its {what} in {sorted(texts)}, "
                                 f"the first slide's captions in {sorted(languages)}")
    return str(data["output"]), slides


def speak(text: str, lang: str, wav: Path) -> float:
    """Synthesise `text` in `lang` into `wav` and return its duration in seconds."""
    subprocess.run(["espeak-ng", "-v", VOICES[lang], "-s", "150", "-w", str(wav), text], check=True)
    with wave.open(str(wav)) as sound:
        return sound.getnframes() / sound.getframerate()


def fitted_size(text: str, largest: int, room: int, em_per_char: float) -> int:
    """The font size at which `text` fits `room` pixels, from DejaVu Sans's average glyph width.

    French and Arabic run longer than English; a smaller size beats a line cut at the frame."""
    return min(largest, int(room / (em_per_char * max(len(text), 1))))


def draw_slide(slide: Slide, lang: str, workdir: Path) -> list[str]:
    """ffmpeg drawtext filters for one slide; texts go through files so no escaping is needed.

    Right-to-left lines are shaped and reordered by drawtext (libfribidi) and aligned right."""
    filters = []

    right_to_left = is_rtl(lang)

    def directed(text: str) -> str:
        return f"{RTL_EMBEDDING}{text}{POP_DIRECTION}" if right_to_left else text

    heading = workdir / "heading.txt"
    heading.write_text(directed(slide.heading[lang]), encoding="utf-8")
    size = fitted_size(slide.heading[lang], 34, WIDTH - 40, 0.64)
    filters.append(f"drawtext=fontfile={FONT_BOLD}:textfile={heading}:fontcolor=white:fontsize={size}"
                   f":x=(w-text_w)/2:y=70")
    x = "w-text_w-60" if right_to_left else "60"
    for number, line in enumerate(slide.lines):
        text = workdir / f"line-{number}.txt"
        bullet = f"• {line[lang]}"
        text.write_text(directed(bullet), encoding="utf-8")
        size = fitted_size(bullet, 22, WIDTH - 90, 0.58)
        filters.append(f"drawtext=fontfile={FONT}:textfile={text}:fontcolor=0xE8EEF4:fontsize={size}"
                       f":x={x}:y={150 + 42 * number}")
    return filters


def render_segment(slide: Slide, lang: str, workdir: Path, index: int) -> tuple[Path, float]:
    """One slide as an mp4 segment with its narration in `lang`; returns the file and its duration."""
    wav = workdir / f"speech-{index}.wav"
    duration = speak(slide.captions[lang], lang, wav) + PAUSE_SECONDS
    segment = workdir / f"segment-{index}.mp4"
    video_filter = ",".join(draw_slide(slide, lang, workdir))
    subprocess.run([
        "ffmpeg", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", f"color=c=0x1F4E79:s={WIDTH}x{HEIGHT}:r=10:d={duration:.3f}",
        "-i", str(wav), "-af", f"apad=whole_dur={duration:.3f}",
        "-vf", video_filter, "-t", f"{duration:.3f}",
        "-c:v", "libx264", "-profile:v", "baseline", "-pix_fmt", "yuv420p", "-crf", "30",
        "-c:a", "aac", "-b:a", "48k", "-ac", "1", "-ar", "22050",
        "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
        str(segment),
    ], check=True)
    return segment, duration


def join_segments(segments: list[Path], target: Path, workdir: Path) -> None:
    """Concatenate the slide segments without re-encoding, metadata stripped."""
    listing = workdir / "segments.txt"
    listing.write_text("".join(f"file '{segment}'\n" for segment in segments), encoding="utf-8")
    subprocess.run([
        "ffmpeg", "-loglevel", "error", "-y", "-f", "concat", "-safe", "0", "-i", str(listing),
        "-c", "copy", "-map_metadata", "-1", "-movflags", "+faststart",
        "-fflags", "+bitexact", str(target),
    ], check=True)


def sentences(text: str) -> list[str]:
    """Caption cues: sentences, with long ones cut at a comma or space near the cue limit."""
    cues: list[str] = []
    for sentence in re.split(r"(?<=[.!?؟])\s+", text.strip()):
        while len(sentence) > MAX_CUE_CHARS:
            cut = max(sentence.rfind(mark, 0, MAX_CUE_CHARS) for mark in (", ", "، ", " "))
            cut = cut if cut > 0 else MAX_CUE_CHARS
            cues.append(sentence[:cut + 1].strip())
            sentence = sentence[cut + 1:].strip()
        if sentence:
            cues.append(sentence)
    return cues


def timestamp(seconds: float) -> str:
    """WebVTT time: hh:mm:ss.ttt."""
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    return f"{hours:02d}:{minutes:02d}:{millis // 1000:02d}.{millis % 1000:03d}"


def captions(slides: list[Slide], durations: list[float], lang: str) -> str:
    """A WebVTT file for one language: each slide's time shared among its cues by length."""
    lines = ["WEBVTT", ""]
    start = 0.0
    for slide, duration in zip(slides, durations):
        cues = sentences(slide.captions[lang])
        speaking = duration - PAUSE_SECONDS
        total = sum(len(cue) for cue in cues)
        cue_start = start
        for cue in cues:
            cue_end = cue_start + speaking * len(cue) / total
            lines += [f"{timestamp(cue_start)} --> {timestamp(cue_end)}", cue, ""]
            cue_start = cue_end
        start += duration
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Render every `.video.yaml` named on the command line."""
    if not argv:
        print(__doc__)
        return 2
    for tool in ("ffmpeg", "espeak-ng"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is missing: apt-get install ffmpeg espeak-ng fonts-dejavu-core")
    for name in argv:
        source = Path(name)
        output, slides = read_slides(source)
        media = source.parent.parent / "media"
        media.mkdir(exist_ok=True)
        for lang in slides[0].captions:
            with tempfile.TemporaryDirectory() as tmp:
                workdir = Path(tmp)
                rendered = [render_segment(slide, lang, workdir, index) for index, slide in enumerate(slides)]
                join_segments([segment for segment, _ in rendered], media / f"{output}.{lang}.mp4", workdir)
            durations = [duration for _, duration in rendered]
            (media / f"{output}.{lang}.vtt").write_text(captions(slides, durations, lang), encoding="utf-8")
            print(f"{media / output}.{lang}.mp4: {len(slides)} slides, {sum(durations):.1f} s, with captions")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
