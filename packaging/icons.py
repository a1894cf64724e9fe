"""Render Boundary's one SVG icon into every file the platforms want (packaging).

    .venv/bin/python packaging/icons.py OUT_DIR

writes, from boundary_app/resources/icons/boundary.svg:

- `OUT_DIR/share/icons/hicolor/NxN/apps/org.boundaryapp.Boundary.png` for each of
  `HICOLOR_SIZES`, and the SVG itself under `hicolor/scalable/apps/`;
- `OUT_DIR/boundary.ico` (Windows: 16 to 256 pixels, PNG-compressed entries);
- `OUT_DIR/boundary.icns` (macOS: 16 to 1024 pixels, PNG entries).

Drawn with PySide6's QSvgRenderer on the offscreen platform; nothing else is needed.
The build (packaging/build.py) runs it before PyInstaller.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
APP_ID = "org.boundaryapp.Boundary"  # boundary_app.APP_ID; tests/test_desktop_files.py checks
SVG = ROOT / "boundary_app" / "resources" / "icons" / "boundary.svg"
HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Apple's PNG-carrying icon types, by the pixels each holds.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),  # 16 pt at 2x
    (b"icp6", 64),
    (b"ic12", 64),  # 32 pt at 2x
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),  # 128 pt at 2x
    (b"ic09", 512),
    (b"ic14", 512),  # 256 pt at 2x
    (b"ic10", 1024),  # 512 pt at 2x
)


def renderer(svg: Path = SVG) -> QSvgRenderer:
    """The SVG, parsed; a file Qt cannot read is an error, not a blank icon."""
    loaded = QSvgRenderer(str(svg))
    if not loaded.isValid():
        raise ValueError(f"{svg}: not an SVG image Qt can draw")
    return loaded


def render(size: int, source: QSvgRenderer | None = None) -> QImage:
    """The icon as a `size`-pixel square with a transparent background."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    (source or renderer()).render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: dict[int, bytes]) -> bytes:
    """A Windows .ico holding PNG images (the format Windows reads since Vista)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 stands for 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def icns_bytes(images: dict[int, bytes]) -> bytes:
    """A macOS .icns: a typed, length-prefixed PNG per slot."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(images[size])) + images[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def hicolor_path(share: Path, size: int) -> Path:
    return share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def write_all(out: Path, svg: Path = SVG) -> list[Path]:
    """Every icon file under `out`; returns them, in order."""
    source = renderer(svg)
    sizes = sorted({*HICOLOR_SIZES, *ICO_SIZES, *(size for _, size in ICNS_TYPES)})
    pngs = {size: png_bytes(render(size, source)) for size in sizes}
    written: list[Path] = []
    share = out / "share"
    for size in HICOLOR_SIZES:
        path = hicolor_path(share, size)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pngs[size])
        written.append(path)
    scalable = share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(svg, scalable)
    written.append(scalable)
    ico = out / "boundary.ico"
    ico.write_bytes(ico_bytes({size: pngs[size] for size in ICO_SIZES}))
    icns = out / "boundary.icns"
    icns.write_bytes(icns_bytes(pngs))
    written += [ico, icns]
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: icons.py OUT_DIR", file=sys.stderr)
        return 2
    for path in write_all(Path(argv[0])):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
