"""The tray icon: every state is visible, tellable by shape, and readable on any panel."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter

from boundary_app.core.day_state import DayState
from boundary_app.ui.tray_icon import ICON_SIZES, IconSpec, make_icon, render

pytestmark = pytest.mark.usefixtures("qapp")

OPAQUE = 128  # an alpha at which a pixel clearly shows


def spec_for(state: DayState, *, paused: bool = False, template: bool = False) -> IconSpec:
    """The usual look of a state: a session is shown half-way through."""
    progress = 0.5 if state is DayState.IN_SESSION else None
    return IconSpec(state, progress, paused=paused, template=template)


def alphas(image: QImage) -> list[int]:
    assert image.format() == QImage.Format.Format_ARGB32_Premultiplied
    return list(bytes(image.constBits())[3::4])  # little-endian BGRA


def mask(image: QImage) -> list[bool]:
    return [a >= OPAQUE for a in alphas(image)]


def opaque_count(spec: IconSpec, size: int = 16) -> int:
    return sum(mask(render(spec, size)))


def differing(a: IconSpec, b: IconSpec, size: int = 16) -> int:
    return sum(x != y for x, y in zip(mask(render(a, size)), mask(render(b, size)), strict=True))


def luminances_on(image: QImage, background: QColor) -> list[float]:
    """WCAG relative luminance of each pixel once the icon is shown on `background`."""
    panel = QImage(image.width(), image.height(), QImage.Format.Format_RGB32)
    panel.fill(background)
    painter = QPainter(panel)
    flat = QImage(image)
    flat.setDevicePixelRatio(1.0)
    painter.drawImage(0, 0, flat)
    painter.end()
    data = bytes(panel.constBits())

    def linear(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return [
        0.2126 * linear(data[i + 2]) + 0.7152 * linear(data[i + 1]) + 0.0722 * linear(data[i])
        for i in range(0, len(data), 4)
    ]


def contrast(a: float, b: float) -> float:
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


ALL_LOOKS = [
    *(spec_for(state) for state in DayState),
    IconSpec(DayState.IN_SESSION, 0.0),
    IconSpec(DayState.IN_SESSION, 0.9, session_wrapup=True),
    *(spec_for(state, paused=True) for state in DayState),
]


@pytest.mark.parametrize("ratio", [1.0, 1.5, 2.0])
@pytest.mark.parametrize("size", [16, 22, 24, 32, 48, 64])
@pytest.mark.parametrize("state", list(DayState))
def test_every_state_draws_a_solid_shape_clear_of_the_edge(
    state: DayState, size: int, ratio: float
) -> None:
    image = render(spec_for(state), size, ratio)
    pixels = round(size * ratio)
    assert image.size() == QSize(pixels, pixels)
    assert image.devicePixelRatio() == ratio
    alpha = alphas(image)
    opaque = sum(a >= OPAQUE for a in alpha)
    assert opaque >= 0.25 * pixels * pixels  # a shape, not a speck
    margin = round(ratio)
    edge = [
        alpha[y * pixels + x]
        for y in range(pixels)
        for x in range(pixels)
        if min(x, y, pixels - 1 - x, pixels - 1 - y) < margin
    ]
    assert max(edge) == 0


@pytest.mark.parametrize(
    ("first", "second"),
    list(itertools.combinations(DayState, 2)),
    ids=lambda s: str(s),
)
def test_states_differ_in_silhouette_not_just_colour(first: DayState, second: DayState) -> None:
    # 16 px shows 256 pixels; 24 of them is a shape difference, not antialiasing noise.
    assert differing(spec_for(first), spec_for(second)) >= 24
    assert differing(spec_for(first, template=True), spec_for(second, template=True)) >= 24


@pytest.mark.parametrize("progress", [0.0, 0.5, 1.0])
@pytest.mark.parametrize("wrapup", [False, True])
@pytest.mark.parametrize("state", [s for s in DayState if s is not DayState.IN_SESSION])
def test_a_session_never_looks_like_another_state(
    state: DayState, progress: float, wrapup: bool
) -> None:
    session = IconSpec(DayState.IN_SESSION, progress, session_wrapup=wrapup)
    assert differing(session, spec_for(state)) >= 24


@pytest.mark.parametrize("size", [16, 32, 64])
@pytest.mark.parametrize("template", [False, True])
def test_the_session_ring_fills_as_the_session_goes_on(size: int, template: bool) -> None:
    counts = [
        opaque_count(IconSpec(DayState.IN_SESSION, p, template=template), size)
        for p in (0.0, 0.25, 0.5, 0.75, 1.0)
    ]
    assert counts == sorted(set(counts))


def test_the_ring_fills_clockwise_from_twelve_o_clock() -> None:
    image = render(IconSpec(DayState.IN_SESSION, 0.25), 64)
    right_of_top, left_of_top = image.pixelColor(40, 10), image.pixelColor(24, 10)
    assert right_of_top.alpha() == 255
    assert left_of_top.alpha() < 255  # only the faint track there


def test_the_session_wrapup_phase_changes_shape_and_colour() -> None:
    before = IconSpec(DayState.IN_SESSION, 0.8)
    after = IconSpec(DayState.IN_SESSION, 0.8, session_wrapup=True)
    assert differing(before, after) >= 4
    assert differing(before, after, size=32) >= 16
    assert differing(replace(before, template=True), replace(after, template=True)) >= 4
    on_arc = (32, 56)  # solid in both
    colours = [render(s, 64).pixelColor(*on_arc).name() for s in (before, after)]
    assert colours[0] != colours[1]


@pytest.mark.parametrize("template", [False, True])
@pytest.mark.parametrize("state", list(DayState))
def test_the_paused_badge_is_visible(state: DayState, template: bool) -> None:
    plain = spec_for(state, template=template)
    paused = spec_for(state, template=template, paused=True)
    assert differing(plain, paused) >= 12


@pytest.mark.parametrize("size", [16, 32])
@pytest.mark.parametrize("look", ALL_LOOKS, ids=repr)
def test_template_icons_are_black_with_alpha_only(look: IconSpec, size: int) -> None:
    image = render(replace(look, template=True), size, 2.0)
    data = bytes(image.constBits())
    assert not any(data[i] or data[i + 1] or data[i + 2] for i in range(0, len(data), 4))
    assert sum(a >= OPAQUE for a in data[3::4]) > 0.15 * image.width() * image.height()


@pytest.mark.parametrize("size", [16, 32, 64])
@pytest.mark.parametrize("look", ALL_LOOKS, ids=repr)
@pytest.mark.parametrize("panel", ["#ffffff", "#000000"])
def test_every_icon_stands_out_on_light_and_dark_panels(
    look: IconSpec, size: int, panel: str
) -> None:
    image = render(look, size)
    background = 1.0 if panel == "#ffffff" else 0.0
    shown = luminances_on(image, QColor(panel))
    drawn = [lum for lum, a in zip(shown, alphas(image), strict=True) if a >= OPAQUE]
    # 3:1 is WCAG's minimum for graphics; at least an outline's worth must reach it.
    strong = [lum for lum in drawn if contrast(lum, background) >= 3.0]
    assert len(strong) >= 0.15 * len(drawn)


def test_make_icon_holds_every_tray_size_at_1x_and_2x() -> None:
    icon = make_icon(spec_for(DayState.WORKING))
    sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
    assert {(s, s) for s in ICON_SIZES} <= sizes
    for size in ICON_SIZES:
        hidpi = icon.pixmap(QSize(size, size), 2.0)
        assert hidpi.devicePixelRatio() == 2.0
        drawn = render(spec_for(DayState.WORKING), size, 2.0)
        assert hidpi.toImage().convertToFormat(drawn.format()) == drawn  # not an upscaled 1x


def test_make_icon_caches_by_look() -> None:
    spec = IconSpec(DayState.IN_SESSION, 0.5)
    assert make_icon(spec) is make_icon(IconSpec(DayState.IN_SESSION, 0.5))
    assert make_icon(spec) is make_icon(IconSpec(DayState.IN_SESSION, 0.5 + 1 / 200))
    assert make_icon(spec) is not make_icon(IconSpec(DayState.IN_SESSION, 0.6))
    assert make_icon(spec_for(DayState.BREAK)) is make_icon(IconSpec(DayState.BREAK, 0.3))


def test_template_icons_are_marked_as_masks() -> None:
    assert make_icon(IconSpec(DayState.DONE, template=True)).isMask()
    assert not make_icon(IconSpec(DayState.DONE)).isMask()


def test_progress_outside_the_session_is_clamped() -> None:
    full, over = IconSpec(DayState.IN_SESSION, 1.0), IconSpec(DayState.IN_SESSION, 1.7)
    assert render(full, 32) == render(over, 32)
    assert render(IconSpec(DayState.IN_SESSION, -1.0), 32) == render(
        IconSpec(DayState.IN_SESSION, 0.0), 32
    )
