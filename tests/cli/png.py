"""Just enough PNG decoding to look at a browser screenshot in a test (8-bit RGB or RGBA)."""

import struct
import zlib
from pathlib import Path

Pixel = tuple[int, int, int]


def _unfilter(kind: int, line: bytearray, previous: bytes, stride: int) -> None:
    for i in range(len(line)):
        left = line[i - stride] if i >= stride else 0
        up = previous[i]
        corner = previous[i - stride] if i >= stride else 0
        if kind == 1:
            line[i] = (line[i] + left) & 0xFF
        elif kind == 2:
            line[i] = (line[i] + up) & 0xFF
        elif kind == 3:
            line[i] = (line[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            guess = left + up - corner
            near = min(
                (abs(guess - left), 0, left),
                (abs(guess - up), 1, up),
                (abs(guess - corner), 2, corner),
            )
            line[i] = (line[i] + near[2]) & 0xFF


def pixels(path: Path) -> tuple[int, int, list[Pixel]]:
    """Width, height and the RGB pixels of the PNG at ``path``."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    offset, chunks, header = 8, [], b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        offset += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in {2, 6} and interlace == 0, "only 8-bit RGB(A), not interlaced"
    stride = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    result: list[Pixel] = []
    previous = bytes(width * stride)
    row = width * stride + 1
    for y in range(height):
        line = bytearray(raw[y * row + 1 : (y + 1) * row])
        _unfilter(raw[y * row], line, previous, stride)
        result += [(line[i], line[i + 1], line[i + 2]) for i in range(0, len(line), stride)]
        previous = bytes(line)
    return width, height, result
