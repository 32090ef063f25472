"""Render a sample module's narrated slide video and its WebVTT captions from a small YAML source.

The sample modules need short videos with captions in every language they ship, made by the
project itself so their license is clear. A video here is a few text slides with a synthesised
English voice: easy to regenerate when the wording changes, and small enough to commit.

    python tools/make_sample_video.py modules/<id>/media-src/<name>.video.yaml

writes `modules/<id>/media/<name>.mp4` and `<name>.<lang>.vtt` for every language the slides'
`captions` hold. Needs Debian's `ffmpeg`, `espeak-ng` and `fonts-dejavu-core`; not part of the
build, which only ever reads the committed files.

Source format::

    output: interview-tips
    slides:
      - heading: Before the interview        # large text on the slide
        lines: [Read the job offer twice]    # up to four short lines under it
        captions: {en: Spoken text., fr: Texte., ar: نص.}

The English caption is the narration; each slide lasts as long as its speech plus a pause, and
every language's captions use the same slide timings, split into cues by sentence.
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

WIDTH, HEIGHT = 640, 360
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
PAUSE_SECONDS = 0.8
"""Silence after each slide's narration, so captions and slides don't change mid-breath."""
MAX_CUE_CHARS = 84
"""About two caption lines of 42 characters, the usual readability limit."""
SPOKEN_LANGUAGE = "en"


@dataclass(frozen=True)
class Slide:
    """One slide: what is drawn on it and what is said (in each language's captions)."""

    heading: str
    lines: list[str]
    captions: dict[str, str]


def read_slides(source: Path) -> tuple[str, list[Slide]]:
    """The output name and the slides of a `.video.yaml` source."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    slides = [Slide(item["heading"], list(item.get("lines") or []), dict(item["captions"]))
              for item in data["slides"]]
    languages = set(slides[0].captions)
    for number, slide in enumerate(slides, 1):
        if set(slide.captions) != languages:
            raise SystemExit(f"{source}: slide {number} has captions in {sorted(slide.captions)}, "
                             f"the first slide in {sorted(languages)}")
        if SPOKEN_LANGUAGE not in slide.captions:
            raise SystemExit(f"{source}: slide {number} has no `{SPOKEN_LANGUAGE}` caption to speak")
    return str(data["output"]), slides


def speak(text: str, wav: Path) -> float:
    """Synthesise `text` into `wav` and return its duration in seconds."""
    subprocess.run(["espeak-ng", "-v", "en-gb", "-s", "150", "-w", str(wav), text], check=True)
    with wave.open(str(wav)) as sound:
        return sound.getnframes() / sound.getframerate()


def draw_slide(slide: Slide, workdir: Path, index: int) -> list[str]:
    """ffmpeg drawtext filters for one slide; texts go through files so no escaping is needed."""
    filters = []
    heading = workdir / f"heading-{index}.txt"
    heading.write_text(slide.heading, encoding="utf-8")
    filters.append(f"drawtext=fontfile={FONT_BOLD}:textfile={heading}:fontcolor=white:fontsize=34"
                   f":x=(w-text_w)/2:y=70")
    for number, line in enumerate(slide.lines):
        text = workdir / f"line-{index}-{number}.txt"
        text.write_text(f"• {line}", encoding="utf-8")
        filters.append(f"drawtext=fontfile={FONT}:textfile={text}:fontcolor=0xE8EEF4:fontsize=22"
                       f":x=60:y={150 + 42 * number}")
    return filters


def render_segment(slide: Slide, workdir: Path, index: int) -> tuple[Path, float]:
    """One slide as an mp4 segment with its narration; returns the file and its duration."""
    wav = workdir / f"speech-{index}.wav"
    duration = speak(slide.captions[SPOKEN_LANGUAGE], wav) + PAUSE_SECONDS
    segment = workdir / f"segment-{index}.mp4"
    video_filter = ",".join(draw_slide(slide, workdir, index))
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
        with tempfile.TemporaryDirectory() as tmp:
            workdir = Path(tmp)
            rendered = [render_segment(slide, workdir, index) for index, slide in enumerate(slides)]
            join_segments([segment for segment, _ in rendered], media / f"{output}.mp4", workdir)
        durations = [duration for _, duration in rendered]
        for lang in slides[0].captions:
            (media / f"{output}.{lang}.vtt").write_text(captions(slides, durations, lang), encoding="utf-8")
        print(f"{media / output}.mp4: {len(slides)} slides, {sum(durations):.1f} s, "
              f"captions in {', '.join(slides[0].captions)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
