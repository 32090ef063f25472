"""Markdown → safe HTML, with markdown-it-py (a maintained CommonMark implementation).

Raw HTML is never passed through: the renderer runs with `html=False`, and `find_markup_problems`
lets `validate` refuse raw HTML and unsafe link schemes before anything is built, so the author
learns about it instead of seeing their tags printed as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})


def is_safe_url(url: str) -> bool:
    """http(s), mailto, or a relative path that stays inside the package."""
    stripped = url.strip()
    if not stripped:
        return False
    try:
        parts = urlsplit(stripped)
    except ValueError:
        return False
    if parts.scheme:
        return parts.scheme.lower() in ALLOWED_SCHEMES
    if stripped.startswith(("//", "\\")) or "\\" in stripped:
        return False
    return ".." not in parts.path.split("/") and not parts.path.startswith("/")


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.validateLink = is_safe_url  # type: ignore[method-assign]
    def link_open(renderer, tokens: list[Token], idx: int, options, env) -> str:  # type: ignore[no-untyped-def]
        href = str(tokens[idx].attrGet("href") or "")
        if urlsplit(href).scheme in ("http", "https"):
            # External links leave the course in a new tab, so the LMS session is not lost.
            tokens[idx].attrSet("target", "_blank")
            tokens[idx].attrSet("rel", "noopener noreferrer")
        if tokens[idx].markup == "autolink":
            # A bare address reads left to right in every language: isolated, it stays intact
            # inside right-to-left text instead of having its punctuation reordered.
            tokens[idx].attrSet("dir", "ltr")
        return renderer.renderToken(tokens, idx, options, env)

    md.add_render_rule("link_open", link_open)
    return md


@lru_cache(maxsize=1)
def _inspector() -> MarkdownIt:
    """A parser that recognises raw HTML, so that we can report it."""
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]  # see every link, judge it below
    return md


# Every text of a module is rendered once per package format (five in the generic profile) and
# often once more for the manifest: remembering the HTML of recent texts renders each text once.
_RENDERED_TEXTS = 8192


@lru_cache(maxsize=_RENDERED_TEXTS)
def render_block(text: str) -> str:
    """Block Markdown (paragraphs, lists) → HTML."""
    return _renderer().render(text)


@lru_cache(maxsize=_RENDERED_TEXTS)
def render_inline(text: str) -> str:
    """Inline Markdown (one line: emphasis, links) → HTML without a wrapping paragraph."""
    return _renderer().renderInline(text)


@dataclass(frozen=True)
class MarkupProblem:
    """A problem inside one Markdown value; `snippet` is the offending text, to locate it in the file."""

    message: str
    hint: str
    snippet: str


def _walk(tokens: list[Token]):  # type: ignore[no-untyped-def]
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def inspect_tokens(text: str) -> list[Token]:
    """Every token of `text`, inline children included, in reading order, with raw HTML and every
    link recognised (not dropped): for checks that compare the markup of two texts."""
    return list(_walk(_inspector().parse(text)))


def find_markup_problems(text: str) -> list[MarkupProblem]:
    """Raw HTML and links with schemes we do not allow."""
    problems: list[MarkupProblem] = []
    for token in _walk(_inspector().parse(text)):
        if token.type in ("html_block", "html_inline") and not token.content.lstrip().startswith("</"):
            snippet = token.content.strip().splitlines()[0][:40] if token.content.strip() else token.content
            problems.append(MarkupProblem(
                f"raw HTML is not allowed: `{snippet}`",
                "use Markdown instead (**bold**, *emphasis*, [text](https://…)); for a literal < write `\\<` "
                "(inside double quotes: `\\\\<`)",
                snippet))
        elif token.type in ("link_open", "image"):
            url = str(token.attrGet("href") if token.type == "link_open" else token.attrGet("src") or "")
            written = unquote(url)  # markdown-it percent-encodes targets; show them as the author wrote them
            if not is_safe_url(url):
                problems.append(MarkupProblem(
                    f"link `{written[:60]}` is not allowed",
                    "links may use https://, http://, mailto: or a relative path inside the module", written))
            elif token.type == "image":
                # A picture in running text is never packaged (only media fields are), has no checked alt
                # text, and a remote one is blocked by the package's Content-Security-Policy.
                problems.append(MarkupProblem(
                    f"pictures inside text are not supported: `{written[:60]}`",
                    "use an image block (`type: image`, with `src` and `alt`) after the text, or a link: "
                    "[text](address)", written))
    return problems


def to_plain_text(text: str) -> str:
    """Markdown → plain text (for manifests and metadata, where markup has no place)."""
    from lxml import html as lxml_html

    rendered = render_block(text).strip()
    if not rendered:
        return ""
    fragment = lxml_html.fragment_fromstring(rendered, create_parent="div")
    return " ".join(fragment.text_content().split())
