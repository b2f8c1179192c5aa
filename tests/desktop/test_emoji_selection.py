"""Selections in the article view of a text with emoji: what the user sees
selected is what gets stored. Qt counts UTF-16 code units, the store code
points, so each direction of the conversion is checked on its own (a
round trip through both would hide an off-by-one in each)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotations import services
from annotations.types import DocumentRecord

TEXT = "😀Tim Cook 👨🏻‍🚒 leads Apple😀 in 𝐂upertino."


def _window(make_window, store, store_path):
    (doc_id,) = services.import_records(store, [DocumentRecord(text=TEXT, title="Emoji")]).document_ids
    return make_window(store_path, doc_id), doc_id


def test_selecting_stored_offsets_highlights_exactly_those_characters(make_window, store, store_path):
    window, _ = _window(make_window, store, store_path)
    for part in ("Tim Cook", "Apple", "Apple😀", "👨🏻‍🚒", "𝐂upertino"):
        start = TEXT.index(part)
        window.article.select_chars(start, start + len(part))
        # Qt gives U+2029 for paragraph breaks; none in this one-line text
        assert window.article.textCursor().selectedText() == part


def test_text_the_user_selects_is_stored_with_code_point_offsets(qtbot, make_window, store, store_path):
    window, doc_id = _window(make_window, store, store_path)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.article)  # shortcuts need focus
    for part in ("Tim Cook", "Apple", "𝐂upertino"):
        cursor = window.article.document().find(part)  # a selection made in Qt's own positions
        assert cursor.selectedText() == part
        window.article.setTextCursor(cursor)
        qtbot.keyClick(window.article, "1", Qt.KeyboardModifier.AltModifier)  # exact characters
    stored = [TEXT[s.start:s.end] for s in services.get_spans(store, doc_id)]
    assert stored == ["Tim Cook", "Apple", "𝐂upertino"]
