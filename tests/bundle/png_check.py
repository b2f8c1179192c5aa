"""Size and colours of a PNG screenshot, with the standard library only (the chroot check
runs it on a machine where only the bundle has Qt).

Usage: python3 png_check.py FILE [MIN_BYTES] [MIN_COLOURS]  -> prints "W x H, N colours";
exits 1 when the file is smaller or has fewer colours than asked."""
from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # PNG colour type -> samples per pixel (8-bit only)


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def decode(path: Path) -> tuple[int, int, list[bytes]]:
    """Width, height and the unfiltered rows of an 8-bit, non-interlaced PNG."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG file")
    pos, idat, header = 8, bytearray(), None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in CHANNELS or interlace:
        raise ValueError(f"{path}: only 8-bit non-interlaced grey/RGB(A) PNGs are read here")
    bpp = CHANNELS[colour]
    raw, stride, rows, prev = zlib.decompress(bytes(idat)), width * bpp, [], bytes(width * bpp)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up, corner = prev[i], prev[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + (0, left, up, (left + up) // 2, _paeth(left, up, corner))[kind]) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, rows


def colours(path: Path, step: int = 3) -> tuple[int, int, int]:
    """(width, height, distinct colours over every `step`-th pixel of every `step`-th row)."""
    width, height, rows = decode(path)
    bpp = len(rows[0]) // width
    seen = {row[x * bpp:x * bpp + bpp] for row in rows[::step] for x in range(0, width, step)}
    return width, height, len(seen)


if __name__ == "__main__":
    file = Path(sys.argv[1])
    min_bytes = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    min_colours = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    w, h, n = colours(file)
    size = file.stat().st_size
    print(f"{file}: {size} bytes, {w} x {h}, {n} colours")
    sys.exit(0 if size >= min_bytes and n >= min_colours else 1)
