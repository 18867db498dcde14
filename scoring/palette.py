"""Colours of the charts: CIE L*C*h to sRGB, the ramps of ordered series, the categorical palette, the ratings.

Two kinds of series, two kinds of palette:

- ordered ones (answer values, ratings N/P/L/F, the phases of the path) step in lightness (CIE L*), light for
  less and dark for more: the order reads in grey print and to every reader, whatever their colour vision;
- categories without an order (units, processes in a trend) take the Okabe–Ito palette (Okabe and Ito 2008,
  "Color Universal Design"), in an order where each colour differs most from its neighbours for readers with
  protanopia, deuteranopia and tritanopia as well; bars add patterns and lines dashes and symbols, so that
  series also tell apart in grey, where some of these colours print alike.

tests/scoring/test_chart_colours.py holds the palettes to it under a simulation of those colour visions.
"""

from __future__ import annotations

import numpy as np

RATINGS = ("N", "P", "L", "F")
XYZ_TO_SRGB = np.array(
    [[3.2404542, -1.5371385, -0.4985314], [-0.9692660, 1.8760108, 0.0415560], [0.0556434, -0.2040259, 1.0572252]]
)
# Heat-map colour of each rating: lighter for less achieved, one blue hue (CIE L*, C*, h); the report's
# rating badges (assessment/report/common.py RATING_COLOURS) take the same colours.
RATING_LCH = {"N": (96, 4, 250), "P": (80, 18, 250), "L": (60, 32, 250), "F": (36, 40, 255)}
# Okabe–Ito without its black (kept for targets and outlines), in the order that keeps neighbours apart:
# blue, orange, sky blue, vermillion, bluish green, reddish purple, yellow (yellow last: faint on white).
OKABE_ITO = ("#0072B2", "#E69F00", "#56B4E9", "#D55E00", "#009E73", "#CC79A7", "#F0E442")


def lch_colour(lightness: float, chroma: float, hue: float) -> str:
    """The sRGB hex colour of CIE L*C*h (D65); chroma is reduced until the colour fits sRGB."""
    while True:
        a, b = chroma * np.cos(np.radians(hue)), chroma * np.sin(np.radians(hue))
        fy = (lightness + 16) / 116
        f = np.array([fy + a / 500, fy, fy - b / 200])
        xyz = np.where(f > 6 / 29, f**3, 3 * (6 / 29) ** 2 * (f - 4 / 29)) * np.array([0.95047, 1.0, 1.08883])
        linear = XYZ_TO_SRGB @ xyz
        if (linear.min() >= -1e-9 and linear.max() <= 1 + 1e-9) or chroma <= 0:
            break
        chroma = max(0.0, chroma - 2)
    linear = np.clip(linear, 0, 1)
    srgb = np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)
    return "#" + "".join(f"{round(float(c) * 255):02x}" for c in srgb)


def ramp(n: int, light: tuple[float, float] = (30, 86), hues: tuple[float, float] = (285, 95)) -> list[str]:
    """`n` series colours, dark to light in even steps of L* (purple-blue to yellow), for grey print."""
    if n <= 0:
        return []
    steps = np.linspace(0, 1, n) if n > 1 else np.zeros(1)
    return [lch_colour(light[0] + (light[1] - light[0]) * t, 45, hues[0] + (hues[1] - hues[0]) * t) for t in steps]


def ordinal(n: int) -> list[str]:
    """`n` colours of an ordered scale, light (least) to dark (most) in the blue of the ratings: an answer scale
    of five values steps as far as the ratings N, P, L, F do."""
    if n <= 0:
        return []
    steps = np.linspace(0, 1, n) if n > 1 else np.ones(1)
    return [lch_colour(92 - 64 * t, 6 + 36 * t, 250 + 5 * t) for t in steps]


def categorical(n: int) -> list[str]:
    """`n` colours of categories without an order (Okabe–Ito, repeated past seven: patterns or dashes differ)."""
    return [OKABE_ITO[i % len(OKABE_ITO)] for i in range(max(n, 0))]


def grey(lightness: float) -> str:
    """A neutral grey of CIE lightness L*."""
    return lch_colour(lightness, 0, 0)


def rating_colourscale() -> list[list]:
    """A stepped colour scale over rating indexes 0..3 (N, P, L, F), for zmin -0.5 and zmax 3.5."""
    scale: list[list] = []
    for index, letter in enumerate(RATINGS):
        colour = lch_colour(*RATING_LCH[letter])
        scale += [[index / 4, colour], [(index + 1) / 4, colour]]
    return scale
