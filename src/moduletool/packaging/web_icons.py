"""The app icons of the offline web version: an open book on the player's accent colour.

Phones show them on the home screen and the splash screen once a module is installed. They are
drawn here from a few axis-aligned shapes rather than shipped as image files, so that every
size comes from one drawing, the bytes are reproducible, and no imaging library is needed.

Two shapes of icon: `any` has rounded corners on a transparent background (how browsers show a
plain app icon), `maskable` fills the whole square and keeps the book inside the central circle
of 40 % radius that the maskable-icon spec guarantees survives any mask (circle, squircle...).
iOS ignores masks and fills transparency with black, so its home-screen icon is full-bleed too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from .png import encode_png

Colour = tuple[int, int, int, int]
Box = tuple[float, float, float, float]
"""x0, y0, x1, y1 as fractions of the icon's side."""

ACCENT: Colour = (0x0B, 0x5C, 0xAD, 0xFF)  # --accent of templates/assets/player.css
PAPER: Colour = (0xFF, 0xFF, 0xFF, 0xFF)
CLEAR: Colour = (0, 0, 0, 0)
THEME_COLOUR = "#0b5cad"
BACKGROUND_COLOUR = "#ffffff"
CORNER_RADIUS = 0.1875  # of the side, the usual rounding of app icons
MASKABLE_SAFE_RADIUS = 0.4


@dataclass(frozen=True)
class AppIcon:
    """One icon file of the package."""

    path: str
    size: int
    purpose: str
    """`any`, `maskable` (both listed in the web app manifest) or `apple-touch` (linked from the page)."""

    @property
    def full_bleed(self) -> bool:
        return self.purpose != "any"


ICONS = (
    AppIcon("icons/icon-192.png", 192, "any"),
    AppIcon("icons/icon-512.png", 512, "any"),
    AppIcon("icons/maskable-512.png", 512, "maskable"),
    AppIcon("icons/apple-touch-icon.png", 180, "apple-touch"),
)


def _book(scale: float) -> list[tuple[Box, Colour]]:
    """Two pages either side of the spine, four lines of text on each, centred on the icon."""
    half_width, half_height, spine = 0.30 * scale, 0.20 * scale, 0.02 * scale
    top, bottom = 0.5 - half_height, 0.5 + half_height
    shapes: list[tuple[Box, Colour]] = []
    for x0, x1 in ((0.5 - half_width, 0.5 - spine), (0.5 + spine, 0.5 + half_width)):
        shapes.append(((x0, top, x1, bottom), PAPER))
        margin = 0.05 * scale
        for line in range(4):
            y = top + (line + 1) * (bottom - top) / 5
            shapes.append(((x0 + margin, y - 0.012 * scale, x1 - margin, y + 0.012 * scale), ACCENT))
    return shapes


def _corner_inset(y: int, size: int, radius: float) -> int:
    """How many pixels of row `y` lie outside the rounded corners."""
    centre = y + 0.5
    distance = max(radius - centre, centre - (size - radius), 0.0)
    return round(radius - math.sqrt(max(radius * radius - distance * distance, 0.0))) if distance else 0


@lru_cache(maxsize=8)
def render_icon(size: int, full_bleed: bool) -> bytes:
    """The PNG of one icon; the book fills the maskable safe zone on full-bleed icons, more on rounded ones."""
    # At scale 1 the book's corners are 0.36 of the side from the centre: inside the safe circle.
    scale = 1.0 if full_bleed else 1.2
    radius = 0.0 if full_bleed else CORNER_RADIUS * size
    shapes = [((round(x0 * size), round(y0 * size), round(x1 * size), round(y1 * size)), colour)
              for (x0, y0, x1, y1), colour in _book(scale)]
    rows = []
    for y in range(size):
        row = bytearray(bytes(CLEAR) * size)
        inset = _corner_inset(y, size, radius)
        row[inset * 4:(size - inset) * 4] = bytes(ACCENT) * (size - 2 * inset)
        for (x0, y0, x1, y1), colour in shapes:
            if y0 <= y < y1:
                row[x0 * 4:x1 * 4] = bytes(colour) * (x1 - x0)
        rows.append(bytes(row))
    return encode_png(size, size, rows)


def icon_files() -> dict[str, bytes]:
    """Package path → PNG bytes of every icon."""
    return {icon.path: render_icon(icon.size, icon.full_bleed) for icon in ICONS}
