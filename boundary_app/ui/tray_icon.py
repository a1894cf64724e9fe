"""The tray icon's look for each day state, drawn at run time with QPainter (ui).

Every state has its own silhouette as well as its own colour, so the states can be told
apart without colour vision and in macOS template mode (black and alpha only). Colours
come from the Okabe-Ito colour-blind-safe palette; a thin rim in a contrasting tint keeps
each shape readable on light and dark panels alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QIcon,
    QImage,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPixmap,
)

from boundary_app.core.day_state import DayState

ICON_SIZES = (16, 22, 24, 32, 48, 64)
PROGRESS_STEPS = 48  # the ring moves in 7.5-degree steps: smooth, yet few cached icons

# Okabe-Ito: distinguishable with every common kind of colour-vision deficiency. Work is
# blue, rest sky blue, both kinds of wrap-up vermillion, done green, the free hours warm.
_VERMILLION = QColor("#D55E00")
_FILL = {
    DayState.OFF_HOURS: QColor("#F0E442"),  # yellow
    DayState.WORKING: QColor("#0072B2"),  # blue
    DayState.BREAK: QColor("#56B4E9"),  # sky blue
    DayState.IN_SESSION: QColor("#0072B2"),
    DayState.WRAP_UP: _VERMILLION,
    DayState.DONE: QColor("#009E73"),  # bluish green
    DayState.DAY_OFF: QColor("#E69F00"),  # orange
}
_BADGE = QColor("#3C3C3C")  # neutral, so it reads as "paused" over any state's colour

_Part = tuple[QPainterPath, QColor]


@dataclass(frozen=True)
class IconSpec:
    """What the icon shows; equal specs draw identical icons."""

    state: DayState
    progress: float | None = None  # 0..1 through a client session (in-session only)
    session_wrapup: bool = False  # the session has reached its wrap-up phase
    paused: bool = False  # nudges are paused: add a small distinct badge
    template: bool = False  # macOS template image: black + alpha only


def _rim_color(fill: QColor) -> QColor:
    """A dark rim for light fills and a light one for dark fills, in the fill's own hue."""
    luma = 0.2126 * fill.redF() + 0.7152 * fill.greenF() + 0.0722 * fill.blueF()
    if luma > 0.55:
        return QColor.fromHsvF(fill.hsvHueF(), fill.hsvSaturationF(), 0.42)
    return QColor.fromHslF(fill.hslHueF(), 0.6, 0.93)


def _stroked(path: QPainterPath, width: float, cap: Qt.PenCapStyle) -> QPainterPath:
    """The area a pen of `width` covers along `path`, as a path to fill."""
    stroker = QPainterPathStroker()
    stroker.setWidth(width)
    stroker.setCapStyle(cap)
    stroker.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return stroker.createStroke(path).simplified()


def _disc(c: QPointF, r: float) -> QPainterPath:
    path = QPainterPath()
    path.addEllipse(c, r, r)
    return path


def _bars(box: QRectF) -> QPainterPath:
    d = box.width()
    bar = max(2.0, round(d * 0.32))
    gap = max(2.0, round(d * 0.24))
    if (2 * bar + gap - round(d)) % 2:
        gap += 1  # keeps both bars on whole pixels, so their edges stay crisp
    left = box.left() + (d - 2 * bar - gap) / 2
    inset = round(d * 0.04)
    path = QPainterPath()
    for x in (left, left + bar + gap):
        path.addRoundedRect(QRectF(x, box.top() + inset, bar, d - 2 * inset), d / 24, d / 24)
    return path


def _ring(box: QRectF, spec: IconSpec, fill: QColor) -> list[_Part]:
    """A faint full track, filled clockwise from 12 o'clock by a solid arc, and a centre dot.

    Only the outer edge gets a rim (see `_paint`): rims round the hole and the dot would
    fill the little room inside with concentric lines.
    """
    d, c = box.width(), box.center()
    width = d * 0.25
    radius = d / 2 - width / 2
    track = QColor(fill)
    track.setAlphaF(0.4)
    band = _stroked(_disc(c, radius), width, Qt.PenCapStyle.FlatCap)
    edge = band.subtracted(_disc(c, d / 2 - max(1.0, round(d / 14))))
    parts = [(band, track), (edge, fill)]  # the solid edge keeps the empty track visible
    progress = min(1.0, max(0.0, spec.progress or 0.0))
    if progress >= 1:
        parts[0] = (parts[0][0], fill)
    elif progress > 0:
        rect = QRectF(c.x() - radius, c.y() - radius, 2 * radius, 2 * radius)
        arc = QPainterPath()
        arc.arcMoveTo(rect, 90)
        arc.arcTo(rect, 90, -360 * progress)
        parts.append((_stroked(arc, width, Qt.PenCapStyle.FlatCap), fill))
    if not spec.session_wrapup:
        parts.append((_disc(c, d * 0.1), fill))  # dropped in wrap-up, as a cue beyond colour
    return parts


def _hourglass(box: QRectF) -> QPainterPath:
    d, c = box.width(), box.center()
    half, neck = d * 0.36, d * 0.07
    top, bottom = box.top() + round(d * 0.03), box.bottom() - round(d * 0.03)  # crisp lids
    path = QPainterPath(QPointF(c.x() - half, top))
    for x, y in ((half, top), (neck, c.y()), (half, bottom), (-half, bottom), (-neck, c.y())):
        path.lineTo(c.x() + x, y)
    path.closeSubpath()
    return path


def _check(box: QRectF) -> QPainterPath:
    d = box.width()
    width = d * 0.22
    inner = box.adjusted(width / 2, width / 2, -width / 2, -width / 2)
    x, y, w = inner.left(), inner.top(), inner.width()
    path = QPainterPath(QPointF(x, y + w * 0.56))
    path.lineTo(x + w * 0.36, y + w * 0.9)
    path.lineTo(x + w, y + w * 0.12)
    return _stroked(path, width, Qt.PenCapStyle.RoundCap)


def _moon(box: QRectF) -> QPainterPath:
    d, c = box.width(), box.center()
    bite = _disc(QPointF(c.x() + d * 0.26, c.y() - d * 0.2), d * 0.4)
    return _disc(c, d / 2).subtracted(bite)


def _sun(box: QRectF) -> QPainterPath:
    d, c = box.width(), box.center()
    width = max(1.25, d * 0.09)
    # Small suns get six rays that start at the disc: loose rays' rims would blur together.
    count, start, core = (8, d * 0.35, d * 0.22) if d >= 24 else (6, d * 0.2, d * 0.25)
    rays = QPainterPath()
    for i in range(count):
        angle = math.tau * i / count - math.pi / 2
        dx, dy = math.cos(angle), math.sin(angle)
        outer = d / 2 - width / 2
        rays.moveTo(c.x() + dx * start, c.y() + dy * start)
        rays.lineTo(c.x() + dx * outer, c.y() + dy * outer)
    return _stroked(rays, width, Qt.PenCapStyle.RoundCap).united(_disc(c, core))


def _shape_parts(spec: IconSpec, box: QRectF, fill: QColor) -> list[_Part]:
    """The shape as filled paths, each with its colour, bottom first."""
    if spec.state is DayState.IN_SESSION:
        return _ring(box, spec, fill)
    shapes = {
        DayState.OFF_HOURS: _moon,
        DayState.WORKING: lambda b: _disc(b.center(), b.width() * 0.46),
        DayState.BREAK: _bars,
        DayState.WRAP_UP: _hourglass,
        DayState.DONE: _check,
        DayState.DAY_OFF: _sun,
    }
    return [(shapes[spec.state](box), fill)]


def _paint_parts(
    painter: QPainter,
    parts: list[_Part],
    rim: float,
    rim_color: QColor,
    outline: QPainterPath | None = None,
) -> None:
    """A rim around `outline` (by default the parts' joint silhouette), then the parts.

    The bottom part replaces what is under it rather than blending, so a translucent
    track shows the panel through it and not the rim's inner half.
    """
    if rim > 0:
        if outline is None:
            outline = QPainterPath()
            for path, _ in parts:
                outline = outline.united(path)
        pen = QPen(rim_color, 2 * rim)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.strokePath(outline, pen)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
    for path, color in parts:
        painter.fillPath(path, color)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)


def _paint(painter: QPainter, spec: IconSpec, pixels: int, margin: int) -> None:
    rim = 0 if spec.template else max(1, round(pixels / 32))
    fill = _FILL[spec.state]
    if spec.state is DayState.IN_SESSION and spec.session_wrapup:
        fill = _VERMILLION
    if spec.template:
        fill = QColor(Qt.GlobalColor.black)
    inset = margin + rim
    box = QRectF(inset, inset, pixels - 2 * inset, pixels - 2 * inset)
    outline = None
    if spec.state is DayState.IN_SESSION:
        outline = _disc(box.center(), box.width() / 2)
    _paint_parts(painter, _shape_parts(spec, box, fill), rim, _rim_color(fill), outline)
    if spec.paused:
        _paint_badge(painter, spec, pixels, margin, rim)


def _paint_badge(painter: QPainter, spec: IconSpec, pixels: int, margin: int, rim: int) -> None:
    """A do-not-disturb sign (a disc crossed by a bar) in the lower right corner."""
    radius = pixels * 0.22
    c = QPointF(pixels - margin - rim - radius, pixels - margin - rim - radius)
    gap = max(1.0, pixels / 24)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
    painter.fillPath(_disc(c, radius + rim + gap), Qt.GlobalColor.black)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
    color = QColor(Qt.GlobalColor.black) if spec.template else _BADGE
    _paint_parts(painter, [(_disc(c, radius), color)], rim, _rim_color(color))
    bar = QPainterPath()
    thick = max(1.0, round(radius * 0.45))
    bar.addRect(QRectF(c.x() - radius * 0.6, round(c.y() - thick / 2), radius * 1.2, thick))
    if spec.template:
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
    painter.fillPath(bar, QColor(Qt.GlobalColor.white))


def render(spec: IconSpec, size: int, device_pixel_ratio: float = 1.0) -> QImage:
    """The icon as a `size`-point square image drawn in device pixels at the given ratio."""
    pixels = round(size * device_pixel_ratio)
    image = QImage(pixels, pixels, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    _paint(painter, spec, pixels, max(1, round(device_pixel_ratio)))
    painter.end()
    image.setDevicePixelRatio(device_pixel_ratio)
    return image


def make_icon(spec: IconSpec) -> QIcon:
    """An icon with crisp pixmaps for the common tray sizes at 1x and 2x, cached per look."""
    progress = spec.progress
    if spec.state is not DayState.IN_SESSION:
        progress = None
    elif progress is not None:
        progress = round(min(1.0, max(0.0, progress)) * PROGRESS_STEPS) / PROGRESS_STEPS
    return _cached_icon(replace(spec, progress=progress))


@lru_cache(maxsize=256)
def _cached_icon(spec: IconSpec) -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        for ratio in (1.0, 2.0):
            icon.addPixmap(QPixmap.fromImage(render(spec, size, ratio)))
    icon.setIsMask(spec.template)
    return icon
