"""The article text as the view holds it, and positions between the two.

QPlainTextEdit counts UTF-16 units, folds CRLF into one break and gives
paragraphs no spacing. The view therefore shows CR as a space, and adds an
empty line after each single line break so paragraphs stand apart (blank
lines already in the text stay as they are). `DisplayText` maps code points of
the stored text to view positions and back; code points stay the only offsets
the rest of the program sees. No Qt here, so it is tested directly.
"""
from __future__ import annotations

from bisect import bisect_left

from annotations.text import Utf16Offsets


def single_breaks(text: str) -> list[int]:
    """Positions of line breaks with text on both sides (not part of a blank line,
    counting CRLF's " \n" as a break too). A find loop: a regex with lookbehinds
    scans a 1 MB text ten times slower."""
    found, end = [], len(text)
    at = text.find("\n")
    while at != -1:
        before = text[at - 2 : at] if at >= 2 else "\n" + text[:at]
        after = text[at + 1 : at + 3]
        blank_before = before.endswith("\n") or before == "\n "
        blank_after = after[:1] == "\n" or after == " \n" or at + 1 >= end or after == " "
        if not blank_before and not blank_after and at > 0:
            found.append(at)
        at = text.find("\n", at + 1)
    return found


def fold_cr(text: str) -> str:
    """CR as a space, so CRLF stays two positions (QTextDocument would fold it into one)."""
    if "\r" not in text:  # the usual case: one scan, no copies of a 1 MB text
        return text
    return text.replace("\r\n", " \n").replace("\r", "\n")


class DisplayText:
    def __init__(self, text: str):
        folded = fold_cr(text)
        self._u16 = Utf16Offsets(folded)
        self._astral = self._u16.has_astral
        # code points of single breaks; the view adds an empty line after each
        self._breaks = single_breaks(folded)
        # view positions of the added newlines
        self._added = [self._unit(p) + 1 + k for k, p in enumerate(self._breaks)]
        if self._breaks:
            parts, last = [], 0
            for p in self._breaks:
                parts.append(folded[last : p + 1])
                last = p + 1
            parts.append(folded[last:])
            self.text = "\n".join(parts)
        else:
            self.text = folded

    def _unit(self, cp: int) -> int:
        return self._u16.to_utf16(cp) if self._astral else cp

    def to_view(self, cp: int) -> int:
        return self._unit(cp) + bisect_left(self._breaks, cp)

    def to_codepoint(self, pos: int) -> int:
        """A view position as a code point of the stored text (an added empty line counts
        as the start of the next paragraph; inside a surrogate pair, the character's start)."""
        unit = pos - bisect_left(self._added, pos)
        if not self._astral:
            return unit
        try:
            return self._u16.to_codepoint(unit)
        except ValueError:
            return self._u16.to_codepoint(unit - 1)
