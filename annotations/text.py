"""Text facts shared by the store and every format: hashing, decoding files,
and conversion between code-point and UTF-16 offsets."""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from pathlib import Path

from .errors import InputError

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def decode(data: bytes, path: str | Path) -> str:
    """Decode UTF-8 exactly as stored (a leading BOM dropped, nothing else changed).

    Invalid UTF-8 and binary content raise InputError with the line of the fault.
    """
    if b"\x00" in data[:8192]:
        raise InputError(path, None, "binary file (contains NUL bytes), not UTF-8 text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, line, f"invalid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


def read_text(path: str | Path) -> str:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(path, None, f"cannot read ({exc.strerror})") from None
    return decode(data, path)


class Utf16Offsets:
    """Maps code-point offsets to UTF-16 code units and back for one text.

    Only astral characters (above U+FFFF) differ: each is two UTF-16 units.
    """

    def __init__(self, text: str):
        self.text = text
        # isascii is a flag check for ASCII text; otherwise a regex scan (fast on 1 MB texts)
        self._astral = [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]
        # UTF-16 position of each astral char, for the reverse mapping
        self._astral_u16 = [i + k for k, i in enumerate(self._astral)]

    @property
    def has_astral(self) -> bool:
        return bool(self._astral)

    def to_utf16(self, cp: int) -> int:
        return cp + bisect_right(self._astral, cp - 1)

    def to_codepoint(self, u16: int) -> int:
        """UTF-16 offset to code points; an offset inside a surrogate pair raises ValueError."""
        k = bisect_right(self._astral_u16, u16 - 1)
        if k and self._astral_u16[k - 1] == u16 - 1:
            raise ValueError(f"UTF-16 offset {u16} splits a surrogate pair")
        return u16 - k
