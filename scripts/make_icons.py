"""Draw the app's icons (static/icons/*.png) from the favicon's design, with the standard library only.

The installable web app needs PNG icons (192 and 512 pixels, and a "maskable" one whose drawing stays
inside the middle 80% that launchers may crop to a circle); browsers don't accept the SVG favicon for
every purpose. The design: two overlapping discs, blue and translucent orange, on a white tile.

    python scripts/make_icons.py    # rewrites matchmaker/static/icons/*.png
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "matchmaker" / "static" / "icons"
BLUE = (0x1F, 0x6F, 0xEB, 1.0)
ORANGE = (0xF0, 0x88, 0x3E, 0.85)
WHITE = (0xFF, 0xFF, 0xFF, 1.0)
SAMPLES = 4  # per axis: 16 samples a pixel smooth the edges


def _over(
    top: tuple[float, float, float, float], below: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    """Porter-Duff "over" of straight-alpha colours."""
    ta, ba = top[3], below[3]
    alpha = ta + ba * (1 - ta)
    if alpha == 0:
        return (0, 0, 0, 0)
    rgb = [(top[i] * ta + below[i] * ba * (1 - ta)) / alpha for i in range(3)]
    return (rgb[0], rgb[1], rgb[2], alpha)


Colour = tuple[float, float, float, float]


def _colour_at(x: float, y: float, scale: float, tile_radius: float | None) -> Colour:
    """The colour at (x, y) in a 32 x 32 design space (the favicon's viewBox)."""
    colour: tuple[float, float, float, float] = (0, 0, 0, 0)
    if tile_radius is None or _in_rounded_square(x, y, tile_radius):
        colour = WHITE
    # Discs of the favicon (centres 11,16 and 21,16, radius 8), scaled about the centre.
    for cx, paint in ((11, BLUE), (21, ORANGE)):
        dx, dy = (x - 16) / scale - (cx - 16), (y - 16) / scale
        if dx * dx + dy * dy <= 64:
            colour = _over(paint, colour)
    return colour


def _in_rounded_square(x: float, y: float, radius: float) -> bool:
    nx, ny = min(max(x, radius), 32 - radius), min(max(y, radius), 32 - radius)
    return (x - nx) ** 2 + (y - ny) ** 2 <= radius * radius


def render(size: int, scale: float, tile_radius: float | None) -> bytes:
    rows = []
    step = 32 / size
    for py in range(size):
        row = bytearray([0])  # PNG filter type 0 for this row
        for px in range(size):
            acc = [0.0, 0.0, 0.0, 0.0]
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    r, g, b, a = _colour_at(
                        (px + (sx + 0.5) / SAMPLES) * step,
                        (py + (sy + 0.5) / SAMPLES) * step,
                        scale,
                        tile_radius,
                    )
                    acc[0] += r * a
                    acc[1] += g * a
                    acc[2] += b * a
                    acc[3] += a
            alpha = acc[3] / SAMPLES**2
            rgb = [round(acc[i] / acc[3]) if acc[3] else 0 for i in range(3)]
            row += bytes([*rgb, round(alpha * 255)])
        rows.append(bytes(row))
    return _png(size, b"".join(rows))


def _png(size: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


ICONS = {
    # name: (size, scale of the discs, corner radius of the white tile; None = full bleed)
    "icon-192.png": (192, 0.85, 6.0),
    "icon-512.png": (512, 0.85, 6.0),
    "icon-maskable-512.png": (512, 0.62, None),  # drawing within the safe zone (radius 40%)
    "apple-touch-icon.png": (180, 0.75, None),  # iOS rounds the corners itself
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (size, scale, radius) in ICONS.items():
        (OUT / name).write_bytes(render(size, scale, radius))
        print(f"wrote {OUT / name}")


if __name__ == "__main__":
    main()
