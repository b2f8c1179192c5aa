"""View positions of the article text: CRLF, astral characters and the empty line
added after single line breaks all map back to the stored code points (issue 19
defect 7: paragraphs get spacing)."""
from __future__ import annotations

import pytest

from desktop.widgets.display_text import DisplayText

TEXTS = [
    "Plain text, one line.",
    "First paragraph.\nSecond paragraph.\nThird.",
    "Blank line kept.\n\nNext.",
    "CRLF one.\r\nCRLF two.\r\n\r\nAfter a blank CRLF line.",
    "Emoji 😀 here.\nAnd 𝔘𝔫𝔦 there.\n",
    "\nLeading break.\nTrailing break.\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_every_code_point_maps_to_the_same_character_and_back(text):
    shown = DisplayText(text)
    view = shown.text
    for cp, char in enumerate(text):
        pos = shown.to_view(cp)
        assert shown.to_codepoint(pos) == cp
        expected = {"\r": " "}.get(char, char)
        if len(char.encode("utf-16-le")) == 2:
            assert view.encode("utf-16-le")[2 * pos : 2 * pos + 2].decode("utf-16-le") == expected
    assert shown.to_codepoint(shown.to_view(len(text))) == len(text)


def test_single_breaks_get_an_empty_line_and_blank_lines_stay():
    assert DisplayText("a\nb\n\nc").text == "a\n\nb\n\nc"
    assert DisplayText("a\r\nb\r\n\r\nc").text == "a \n\nb \n \nc"
    assert DisplayText("end\n").text == "end\n"
