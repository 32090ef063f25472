"""Property-based tests: random and mutated YAML and `.po` documents never crash or hang the loaders.

The seeds are real files (the mini fixture module, the sample module's French catalog); hypothesis
mutates them line by line and byte by byte, splices in the characters YAML and PO syntax care
about, and also generates documents from scratch. Whatever comes in, the loaders must answer
with a result or with our own located diagnostics (`UserError`): any other exception is a bug,
and so is an example that runs longer than `GUARD_SECONDS` (a SIGALRM guard turns a hang into
a failure). The examples are bounded so that the whole file runs in well under a minute.
"""

from __future__ import annotations

import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moduletool.errors import UserError
from moduletool.i18n.catalog_io import read_catalog
from moduletool.i18n.po_parse import parse_catalog
from moduletool.modules import load_module
from moduletool.project import ModuleSource
from moduletool.yaml_source import parse_yaml

REPO = Path(__file__).resolve().parents[1]
MODULE_SEED = (REPO / "tests/fixtures/mini/modules/mini-course/module.yaml").read_text(encoding="utf-8")
PO_SEED = (REPO / "translations/fr/job-search.po").read_text(encoding="utf-8")
GUARD_SECONDS = 10
FUZZ = settings(max_examples=500, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

YAML_TOKENS = ["&a ", "*a", "<<: *a", "!!python/object/apply:os.system ['x']", "!custom ", "{", "}", "[", "]",
               ": ", "- ", "? ", "\t", '"', "'", "%YAML 1.1", "---", "...", "|", ">-", "#", "\\", "\x00",
               "\ufeff", "\u2028", "\r", "<script>alert(1)</script>", "[x](javascript:alert(1))", "{{ 7*7 }}",
               "1e999", "0x1F", "~", "null", "yes", "no", "2024-01-01", "\U0001f600", " " * 40]
PO_TOKENS = ['"', "\\", "\\n", "\\x", "\\u", "msgid ", "msgstr ", "msgstr[1] ", "msgstr[99] ", "msgid_plural ",
             "msgctxt ", "#~ ", "#| ", "#, fuzzy", "#.", "#:", '""', "\r", "\t", "\x00", "\ufeff", "\u2028",
             "%s", "{name}", "<b>", "[x](javascript:alert(1))"]


@contextmanager
def guard(seconds: int = GUARD_SECONDS) -> Iterator[None]:
    """Fail an example that runs too long (a hang), instead of blocking the test run."""
    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"a loader ran longer than {seconds} s on one example")
    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def mutated(seed: str, tokens: list[str]) -> st.SearchStrategy[str]:
    """The seed with a few lines deleted, duplicated or swapped and tokens or random text spliced in."""
    @st.composite
    def build(draw: st.DrawFn) -> str:
        lines = seed.split("\n")
        for _ in range(draw(st.integers(1, 6))):
            action = draw(st.sampled_from(["delete", "duplicate", "swap", "splice", "random", "indent"]))
            index = draw(st.integers(0, len(lines) - 1))
            line = lines[index]
            if action == "delete" and len(lines) > 1:
                del lines[index]
            elif action == "duplicate":
                lines.insert(index, line)
            elif action == "swap":
                other = draw(st.integers(0, len(lines) - 1))
                lines[index], lines[other] = lines[other], line
            elif action == "indent":
                lines[index] = draw(st.sampled_from(["", " ", "  ", "\t", "    "])) + line.lstrip()
            else:
                at = draw(st.integers(0, len(line)))
                piece = draw(st.sampled_from(tokens)) if action == "splice" else draw(st.text(max_size=8))
                lines[index] = line[:at] + piece + line[at:]
        return "\n".join(lines)
    return build()


def byte_mutated(seed: str) -> st.SearchStrategy[bytes]:
    """The seed's UTF-8 bytes with a few bytes flipped, dropped or inserted, or cut short."""
    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        data = bytearray(seed.encode("utf-8"))
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, len(data) - 1))
            action = draw(st.sampled_from(["flip", "drop", "insert", "truncate"]))
            if action == "flip":
                data[at] = draw(st.integers(0, 255))
            elif action == "drop":
                del data[at]
            elif action == "insert":
                data[at:at] = draw(st.binary(min_size=1, max_size=4))
            else:
                del data[at:]
                break
        return bytes(data) or b"\n"
    return build()


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "type", "title", "text", "pages", "blocks", "options", "kind", "src", "alt",
                         "correct", "answers", "completion", "mastery", "version", "language", "x"]) | st.text(max_size=6),
        children, max_size=5),
    max_leaves=30)


_WORK = Path(tempfile.mkdtemp(prefix="moduletool-fuzz-"))


def load_module_bytes(data: bytes) -> None:
    """Write `data` as a module and load it: a result or diagnostics, nothing else."""
    folder = _WORK / "modules" / "fuzz"
    (folder / "media").mkdir(parents=True, exist_ok=True)
    (folder / "media" / "map file.svg").write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
    (folder / "module.yaml").write_bytes(data)
    with guard():
        loaded = load_module(ModuleSource(folder, "modules/fuzz/module.yaml"))
    assert loaded.ok or loaded.diagnostics
    for diagnostic in loaded.diagnostics:
        assert diagnostic.location.path == "modules/fuzz/module.yaml" and diagnostic.message


def parse_po(text: str) -> None:
    with guard():
        try:
            parse_catalog(text, "fr.po")
        except UserError as error:
            assert error.diagnostics and all(d.location.path == "fr.po" for d in error.diagnostics)


def test_the_seeds_load_cleanly() -> None:
    """The mutations start from files that are valid, so what breaks is the mutation's doing."""
    assert parse_yaml(MODULE_SEED, "m.yaml").data["id"] == "mini-course"
    assert len(parse_catalog(PO_SEED, "fr.po").entries) > 20


@FUZZ
@given(mutated(MODULE_SEED, YAML_TOKENS))
def test_mutated_modules(text: str) -> None:
    load_module_bytes(text.encode("utf-8", "surrogatepass"))


@FUZZ
@given(byte_mutated(MODULE_SEED))
def test_byte_mutated_modules(data: bytes) -> None:
    load_module_bytes(data)


@settings(FUZZ, max_examples=300)
@given(JSONISH)
def test_generated_yaml_structures(value: object) -> None:
    load_module_bytes(yaml.safe_dump(value, allow_unicode=True).encode("utf-8", "surrogatepass"))


@settings(FUZZ, max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("abc: -[]{}&*!|>'\"#\n\t?,%@`~") + ["\u00e9", "\ufeff"]),
               max_size=200))
def test_random_yaml_text(text: str) -> None:
    load_module_bytes(text.encode("utf-8"))


@FUZZ
@given(mutated(PO_SEED, PO_TOKENS))
def test_mutated_catalogs(text: str) -> None:
    parse_po(text)


@FUZZ
@given(byte_mutated(PO_SEED))
def test_byte_mutated_catalogs(data: bytes) -> None:
    path = _WORK / "fr.po"
    path.write_bytes(data)
    with guard():
        try:
            read_catalog(path, "fr.po")
        except UserError as error:
            assert error.diagnostics and all(d.location.path == "fr.po" for d in error.diagnostics)


@settings(FUZZ, max_examples=300)
@given(st.lists(st.sampled_from(PO_TOKENS + list('abc "\n#~|[]01')), max_size=60).map("".join))
def test_random_po_text(text: str) -> None:
    parse_po(text)
