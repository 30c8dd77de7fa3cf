"""Make installer/windows/mdtdesk.ico from resources/icons/mdtdesk.svg.

Run from the repository root with the project's Python (it uses PySide6's SVG renderer, which
mdtdesk already depends on): `.venv/bin/python installer/windows/make-icon.py`.

The .ico holds 16 to 48 and 64 and 128 pixel images as 32-bit bitmaps (what Explorer, the Start
menu and NSIS read everywhere) and a 256-pixel image as PNG (as Windows itself stores its large
icons). The result is committed, so a build needs neither this script nor PySide6's SVG module.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[2]
SVG = ROOT / "resources" / "icons" / "mdtdesk.svg"
ICO = Path(__file__).resolve().parent / "mdtdesk.ico"
BITMAP_SIZES = (16, 20, 24, 32, 40, 48, 64, 128)
PNG_SIZES = (256,)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    # An icon's bitmap holds straight (not premultiplied) alpha.
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def bitmap_entry(image: QImage) -> bytes:
    """A BITMAPINFOHEADER, the BGRA rows bottom-up, then the 1-bit AND mask (all zero)."""
    size = image.width()
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in reversed(range(size)):
        # Format_ARGB32 is 0xAARRGGBB per pixel: little-endian bytes B, G, R, A as an icon wants.
        line = bytes(image.constScanLine(y))[: size * 4]
        if sys.byteorder != "little":
            line = b"".join(line[i : i + 4][::-1] for i in range(0, len(line), 4))
        rows.append(line)
    mask_row = ((size + 31) // 32) * 4
    return header + b"".join(rows) + bytes(mask_row * size)


def png_entry(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise SystemExit("could not encode PNG")
    buffer.close()
    return bytes(data.data())


def main() -> None:
    app = QGuiApplication.instance() or QGuiApplication(["make-icon", "-platform", "offscreen"])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    entries = [(s, bitmap_entry(render(renderer, s))) for s in BITMAP_SIZES]
    entries += [(s, png_entry(render(renderer, s))) for s in PNG_SIZES]
    offset = 6 + 16 * len(entries)
    directory = struct.pack("<HHH", 0, 1, len(entries))
    for size, data in entries:
        dim = 0 if size >= 256 else size  # 0 means 256 in an icon directory
        directory += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    ICO.write_bytes(directory + b"".join(data for _, data in entries))
    print(
        f"{ICO.relative_to(ROOT)}: {', '.join(str(s) for s, _ in entries)} px, "
        f"{ICO.stat().st_size} bytes"
    )
    del app


if __name__ == "__main__":
    main()
