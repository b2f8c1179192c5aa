"""Label buttons stay readable: the text contrasts with the background whatever
colour the store holds (issue 12 item 15: an invalid colour made the text invisible;
a light colour such as yellow got white text)."""
from __future__ import annotations

import sqlite3
from collections import Counter

import pytest
from PySide6.QtGui import QColor

from desktop.widgets.colors import contrast


def best_text_contrast(button) -> float:
    """Render the button; the most common colour is its background; return the highest
    contrast any pixel (the text's) has against it."""
    image = button.grab().toImage()
    pixels = Counter(image.pixel(x, y) for x in range(image.width()) for y in range(image.height()))
    background = QColor.fromRgb(pixels.most_common(1)[0][0])
    return max(contrast(QColor.fromRgb(p), background) for p in pixels)


@pytest.mark.parametrize("colour", ["not-a-colour", "#FFFF00", "#FFFFFF", "#000000", ""])
def test_label_button_text_is_readable(qtbot, make_window, store, store_path, doc_id, colour):
    store.close()
    con = sqlite3.connect(store_path)
    with con:
        con.execute("UPDATE label SET color = ? WHERE name = 'ACTOR'", (colour,))
    con.close()
    window = make_window(store_path, doc_id)
    button = window.label_bar.buttons["ACTOR"]
    qtbot.waitUntil(button.isVisible)
    assert best_text_contrast(button) >= 4.5
    window.article.grab()  # spans in that label paint without error
