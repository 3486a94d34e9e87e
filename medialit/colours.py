"""Colour maths for accessible charts: contrast ratios, readable text colours, colour-vision simulation.

* :func:`contrast_ratio` and :func:`relative_luminance` follow WCAG 2.1 exactly
  (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio, https://www.w3.org/TR/WCAG21/#dfn-relative-luminance).
  Normal text needs 4.5:1 (success criterion 1.4.3); graphical parts of a chart need 3:1 (1.4.11).
* :func:`text_colour_for` picks black or white text for a bar, whichever contrasts more.
* :func:`simulate` shows a colour as a person with protanopia, deuteranopia or tritanopia would see it, with the
  matrices of Machado, Oliveira & Fernandes (2009), "A Physiologically-based Model for Simulation of Color Vision
  Deficiency", IEEE TVCG 15(6), doi:10.1109/TVCG.2009.113 (severity 1.0, applied in linear RGB; the matrices are
  published at https://www.inf.ufrgs.br/~oliveira/pubs_files/CVD_Simulation/CVD_Simulation.html). The authors note
  the model is less exact for tritanopia, which is also the rarest.
* :func:`delta_e` is the CIEDE2000 colour difference (Sharma, Wu & Dalal 2005, doi:10.1002/col.20070), the
  standard measure of how different two colours look; around 1 is barely visible side by side.

>>> round(contrast_ratio("#000000", "#FFFFFF"), 1)
21.0
>>> text_colour_for("#0072B2")
'#FFFFFF'
"""

from __future__ import annotations

import math
import re

__all__ = [
    "DEFICIENCIES", "WHITE", "BLACK", "hex_to_rgb", "rgb_to_hex", "relative_luminance", "contrast_ratio",
    "text_colour_for", "simulate", "to_lab", "delta_e", "delta_e_lab",
]

WHITE, BLACK = "#FFFFFF", "#000000"
_HEX = re.compile(r"#?([0-9A-Fa-f]{6})")

# Machado et al. (2009), severity 1.0, rows give linear (R, G, B) out from linear (R, G, B) in.
DEFICIENCIES = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def hex_to_rgb(colour: str) -> tuple[float, float, float]:
    """``"#0072B2"`` -> sRGB channels in 0..1."""
    match = _HEX.fullmatch(colour.strip())
    if not match:
        raise ValueError(f"colour {colour!r}: expected a hex colour like '#0072B2'.")
    digits = match.group(1)
    return tuple(int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def rgb_to_hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(min(1.0, max(0.0, c)) * 255):02X}" for c in rgb)


def _linear(c: float) -> float:
    # WCAG 2.1 writes the threshold as 0.03928; sRGB's 0.04045 gives the same result for 8-bit colours.
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _gamma(c: float) -> float:
    c = min(1.0, max(0.0, c))
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def relative_luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance: 0 for black, 1 for white."""
    r, g, b = (_linear(c) for c in hex_to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio, from 1 (same) to 21 (black on white); the order of the colours does not matter."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour_for(background: str) -> str:
    """Black or white, whichever is easier to read on ``background`` (ties go to black)."""
    return BLACK if contrast_ratio(BLACK, background) >= contrast_ratio(WHITE, background) else WHITE


def simulate(colour: str, deficiency: str) -> str:
    """``colour`` as seen with ``deficiency`` (one of :data:`DEFICIENCIES`), as a hex colour."""
    try:
        matrix = DEFICIENCIES[deficiency]
    except KeyError:
        raise ValueError(f"deficiency {deficiency!r}: must be one of {sorted(DEFICIENCIES)}.") from None
    linear = [_linear(c) for c in hex_to_rgb(colour)]
    out = [sum(row[i] * linear[i] for i in range(3)) for row in matrix]
    return rgb_to_hex(tuple(_gamma(c) for c in out))  # type: ignore[arg-type]


def to_lab(colour: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65 white) of an sRGB colour."""
    r, g, b = (_linear(c) for c in hex_to_rgb(colour))
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883
    f = lambda t: t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29  # noqa: E731
    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(first: str, second: str) -> float:
    """CIEDE2000 difference between two hex colours."""
    return delta_e_lab(to_lab(first), to_lab(second))


def delta_e_lab(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """CIEDE2000 difference between two CIE L*a*b* colours (Sharma, Wu & Dalal 2005, equations 1-22)."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_bar ** 7 / (c_bar ** 7 + 25 ** 7)))
    a1p, a2p = (1 + g) * a1, (1 + g) * a2
    c1p, c2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360 if c1p else 0.0
    h2p = math.degrees(math.atan2(b2, a2p)) % 360 if c2p else 0.0
    dlp, dcp = l2 - l1, c2p - c1p
    if c1p * c2p == 0:
        dhp = 0.0
    elif abs(h2p - h1p) <= 180:
        dhp = h2p - h1p
    else:
        dhp = h2p - h1p - 360 if h2p > h1p else h2p - h1p + 360
    d_big_hp = 2 * math.sqrt(c1p * c2p) * math.sin(math.radians(dhp / 2))
    lp_bar, cp_bar = (l1 + l2) / 2, (c1p + c2p) / 2
    if c1p * c2p == 0:
        hp_bar = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hp_bar = (h1p + h2p) / 2
    else:
        hp_bar = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    t = (1 - 0.17 * math.cos(math.radians(hp_bar - 30)) + 0.24 * math.cos(math.radians(2 * hp_bar))
         + 0.32 * math.cos(math.radians(3 * hp_bar + 6)) - 0.20 * math.cos(math.radians(4 * hp_bar - 63)))
    d_theta = 30 * math.exp(-(((hp_bar - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(cp_bar ** 7 / (cp_bar ** 7 + 25 ** 7))
    s_l = 1 + 0.015 * (lp_bar - 50) ** 2 / math.sqrt(20 + (lp_bar - 50) ** 2)
    s_c = 1 + 0.045 * cp_bar
    s_h = 1 + 0.015 * cp_bar * t
    r_t = -math.sin(math.radians(2 * d_theta)) * r_c
    return math.sqrt((dlp / s_l) ** 2 + (dcp / s_c) ** 2 + (d_big_hp / s_h) ** 2 + r_t * (dcp / s_c) * (d_big_hp / s_h))
