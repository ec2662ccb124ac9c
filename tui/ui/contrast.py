"""WCAG 2 contrast: ratios between colours, and a theme colour nudged until it reads (4.5:1).

Colours in the app come from the theme (Textual's `Color`), so light and dark themes both work;
the status labels are the theme's own colours, lightened or darkened just enough to reach the
ratio against the background they are drawn on.
"""

from __future__ import annotations

from functools import lru_cache

from textual.color import Color

AA = 4.5  # WCAG 2 AA for normal text


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(color: Color) -> float:
    """WCAG relative luminance of an opaque colour."""
    r, g, b = color.rgb
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(foreground: Color, background: Color) -> float:
    """The WCAG contrast ratio (1 to 21) of a colour on another (alpha blended onto it first)."""
    if foreground.a < 1:
        foreground = background.blend(foreground, foreground.a).with_alpha(1)
    light, dark = sorted((luminance(foreground), luminance(background.with_alpha(1))),
                         reverse=True)
    return (light + 0.05) / (dark + 0.05)


@lru_cache(maxsize=512)
def readable(color: Color, background: Color, ratio: float = AA) -> Color:
    """`color`, darkened on a light background or lightened on a dark one in small steps, until
    it reaches `ratio` against `background` (black or white at worst)."""
    if contrast(color, background) >= ratio:
        return color
    towards = Color(0, 0, 0) if luminance(background) > 0.18 else Color(255, 255, 255)
    for step in range(1, 21):
        candidate = color.blend(towards, step / 20)
        if contrast(candidate, background) >= ratio:
            return candidate
    return towards
