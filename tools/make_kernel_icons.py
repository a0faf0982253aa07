"""Draw the mlfs kernel's icon (the Launcher shows it) as SVG and as 32×32 / 64×64 PNG.

    python tools/make_kernel_icons.py
    # writes tools/kernelspec/logo-svg.svg, logo-32x32.png, logo-64x64.png

The picture is the series in one glance: a few data points and the straight line fitted through
them, white and orange (Okabe–Ito) on blue, on a rounded square. The PNGs are rasterised here, in
plain Python (4×4 supersampling, zlib), so the icons need nothing installed and anyone can redraw
them; `tools/install_kernel.py` copies them into the kernelspec folder.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent / "kernelspec"
SIZE = 64.0  # the drawing's own coordinates: a 64×64 canvas
BLUE, WHITE, ORANGE = (0x00, 0x72, 0xB2), (0xFF, 0xFF, 0xFF), (0xE6, 0x9F, 0x00)
CORNER = 12.0
LINE = ((10.0, 50.0), (54.0, 14.0), 3.5)  # from, to, width
POINTS = [(15.0, 40.0), (25.0, 42.0), (33.0, 27.0), (42.0, 29.0), (50.0, 15.0)]
RADIUS = 4.5
SAMPLES = 4  # supersampling per axis


def in_rounded_square(x: float, y: float) -> bool:
    """Whether (x, y) lies on the background: the canvas with corners rounded by CORNER."""
    cx = min(max(x, CORNER), SIZE - CORNER)
    cy = min(max(y, CORNER), SIZE - CORNER)
    return (x - cx) ** 2 + (y - cy) ** 2 <= CORNER**2 and 0 <= x <= SIZE and 0 <= y <= SIZE


def near_line(x: float, y: float) -> bool:
    """Whether (x, y) lies on the fitted line (a segment with round ends)."""
    (x0, y0), (x1, y1), width = LINE
    dx, dy = x1 - x0, y1 - y0
    t = max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)))
    return (x - x0 - t * dx) ** 2 + (y - y0 - t * dy) ** 2 <= (width / 2) ** 2


def colour_at(x: float, y: float) -> tuple[int, int, int, int]:
    """RGBA of the drawing at (x, y): points over the line over the background, else clear."""
    if any((x - px) ** 2 + (y - py) ** 2 <= RADIUS**2 for px, py in POINTS):
        return (*ORANGE, 255)
    if near_line(x, y):
        return (*WHITE, 255)
    if in_rounded_square(x, y):
        return (*BLUE, 255)
    return (0, 0, 0, 0)


def pixel(px: int, py: int, scale: float) -> bytes:
    """One output pixel: the average of SAMPLES² samples (alpha-weighted colour)."""
    total = [0, 0, 0, 0]
    for i in range(SAMPLES):
        for j in range(SAMPLES):
            x, y = (px + (i + 0.5) / SAMPLES) * scale, (py + (j + 0.5) / SAMPLES) * scale
            r, g, b, a = colour_at(x, y)
            total = [total[0] + r * a, total[1] + g * a, total[2] + b * a, total[3] + a]
    alpha = total[3]
    if alpha == 0:
        return bytes(4)
    rgb = [round(c / alpha) for c in total[:3]]
    return bytes([*rgb, round(alpha / SAMPLES**2)])


def png(width: int) -> bytes:
    """The drawing rasterised to a width×width RGBA PNG."""
    scale = SIZE / width
    rows = b"".join(
        b"\x00" + b"".join(pixel(x, y, scale) for x in range(width)) for y in range(width)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, width, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def svg() -> str:
    """The same drawing as SVG."""
    hexc = lambda c: "#%02x%02x%02x" % c  # noqa: E731
    (x0, y0), (x1, y1), width = LINE
    dots = "".join(
        f'<circle cx="{x:g}" cy="{y:g}" r="{RADIUS:g}" fill="{hexc(ORANGE)}"/>' for x, y in POINTS
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE:g} {SIZE:g}" '
        f'width="{SIZE:g}" height="{SIZE:g}">'
        f'<rect width="{SIZE:g}" height="{SIZE:g}" rx="{CORNER:g}" fill="{hexc(BLUE)}"/>'
        f'<line x1="{x0:g}" y1="{y0:g}" x2="{x1:g}" y2="{y1:g}" stroke="{hexc(WHITE)}" '
        f'stroke-width="{width:g}" stroke-linecap="round"/>{dots}</svg>\n'
    )


def main() -> None:
    """Write the three icon files into tools/kernelspec/."""
    OUT.mkdir(exist_ok=True)
    (OUT / "logo-svg.svg").write_text(svg())
    for width in (32, 64):
        (OUT / f"logo-{width}x{width}.png").write_bytes(png(width))
    print(f"wrote {OUT}/logo-svg.svg, logo-32x32.png, logo-64x64.png")


if __name__ == "__main__":
    main()
