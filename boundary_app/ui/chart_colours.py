"""The charts' colours: the palette's own, one accent and one warning hue, all legible (ui).

Hues come from the Okabe-Ito colour-blind-safe set (blue for work, vermillion
for overtime and "drained"); their lightness is moved, keeping the hue, until
they stand out from the chart's background by at least the WCAG ratio for
graphics (3:1), in a light palette and a dark one alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette

ACCENT = QColor("#0072B2")  # Okabe-Ito blue
WARNING = QColor("#D55E00")  # Okabe-Ito vermillion
MIN_CONTRAST = 3.0  # WCAG 2.1, 1.4.11: graphical objects
_TARGET = MIN_CONTRAST + 0.3  # a margin, so anti-aliased edges still read


def luminance(colour: QColor) -> float:
    """WCAG relative luminance, 0 (black) to 1 (white)."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * linear(colour.redF())
        + 0.7152 * linear(colour.greenF())
        + 0.0722 * linear(colour.blueF())
    )


def contrast(one: QColor, other: QColor) -> float:
    """WCAG contrast ratio, 1 to 21."""
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def blend(front: QColor, back: QColor, share: float) -> QColor:
    """`share` of `front` over `back`, as one opaque colour."""
    return QColor.fromRgbF(
        front.redF() * share + back.redF() * (1 - share),
        front.greenF() * share + back.greenF() * (1 - share),
        front.blueF() * share + back.blueF() * (1 - share),
    )


def readable(colour: QColor, background: QColor, ratio: float = _TARGET) -> QColor:
    """`colour`'s hue, made lighter or darker until it stands out from `background`."""
    if contrast(colour, background) >= ratio:
        return QColor(colour)
    lighten = luminance(background) < 0.18  # on a dark ground, go lighter
    hue, saturation, lightness = colour.hslHueF(), colour.hslSaturationF(), colour.lightnessF()
    best = QColor(colour)
    for _ in range(100):
        lightness = min(1.0, lightness + 0.01) if lighten else max(0.0, lightness - 0.01)
        best = QColor.fromHslF(max(hue, 0.0), saturation, lightness).toRgb()
        if contrast(best, background) >= ratio or lightness in (0.0, 1.0):
            break
    return best


@dataclass(frozen=True)
class ChartColours:
    background: QColor
    text: QColor
    quiet_text: QColor  # labels of days without work
    grid: QColor  # faint lines behind the bars; not needed to read the values
    axis: QColor
    scheduled: QColor  # the outline of the scheduled hours
    scheduled_fill: QColor
    worked: QColor  # the accent
    overtime: QColor  # the warning hue
    hatch: QColor  # the lines across overtime, so it differs by pattern as well as hue


def chart_colours(palette: QPalette, role: QPalette.ColorRole) -> ChartColours:
    """The colours to draw with on `palette`'s `role` background."""
    back = palette.color(role)
    text = palette.color(QPalette.ColorRole.WindowText)
    scheduled = readable(blend(text, back, 0.6), back)
    return ChartColours(
        background=back,
        text=text,
        quiet_text=blend(text, back, 0.7),
        grid=blend(text, back, 0.15),
        axis=readable(blend(text, back, 0.5), back),
        scheduled=scheduled,
        scheduled_fill=blend(scheduled, back, 0.18),
        worked=readable(ACCENT, back),
        overtime=readable(WARNING, back),
        hatch=blend(back, readable(WARNING, back), 0.45),
    )
