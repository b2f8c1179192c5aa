"""Code point <-> UTF-16 offsets at astral characters (emoji), both directions.

Label Studio and the desktop's Qt widgets count UTF-16 code units; the store
counts code points. A span boundary right beside an emoji is where an
off-by-one would silently move every following span by one character.
"""
from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.services import import_files, load_records
from annotations.text import Utf16Offsets

EMOJI_TEXT = "😀Tim Cook 👨🏻‍🚒 leads Apple😀. 𝐀 x"


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize("text", [EMOJI_TEXT, "😀", "😀😀", "a😀", "😀a", "plain ascii", "café ü", ""])
def test_every_code_point_offset_maps_to_its_utf16_offset_and_back(text):
    offsets = Utf16Offsets(text)
    for cp in range(len(text) + 1):
        u16 = utf16_len(text[:cp])
        assert offsets.to_utf16(cp) == u16, (text, cp)
        assert offsets.to_codepoint(u16) == cp, (text, u16)


@pytest.mark.parametrize("text", ["😀", "a😀b", EMOJI_TEXT])
def test_an_offset_inside_a_surrogate_pair_is_refused(text):
    offsets = Utf16Offsets(text)
    inside = [utf16_len(text[:i]) + 1 for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
    assert inside
    for u16 in inside:
        with pytest.raises(ValueError):
            offsets.to_codepoint(u16)


def test_only_texts_with_astral_characters_need_conversion():
    assert Utf16Offsets(EMOJI_TEXT).has_astral
    assert not Utf16Offsets("café, naïve, שלום, 中文").has_astral  # BMP only: offsets agree
    assert not Utf16Offsets("").has_astral


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["😀", "𝐀", "a", " ", "é", "\n", "中"]), max_size=12).map("".join))
def test_conversion_matches_python_utf16_encoding(text):
    offsets = Utf16Offsets(text)
    for cp in range(len(text) + 1):
        assert offsets.to_codepoint(offsets.to_utf16(cp)) == cp
        assert offsets.to_utf16(cp) == utf16_len(text[:cp])


def _labelstudio_task(text: str, parts: list[tuple[str, str]]) -> dict:
    results = []
    for i, (part, label) in enumerate(parts):
        start = text.index(part)
        results.append({"id": f"r{i}", "from_name": "label", "to_name": "text", "type": "labels",
                        "value": {"start": utf16_len(text[:start]), "end": utf16_len(text[:start + len(part)]),
                                  "text": part, "labels": [label]}})
    return {"data": {"text": text}, "annotations": [{"result": results}]}


def test_labelstudio_spans_touching_emoji_import_at_the_right_characters(store, tmp_path):
    # "Tim" starts right after an emoji, "Apple" ends right before one.
    text = "😀Tim Cook 👨🏻‍🚒 leads Apple😀."
    path = tmp_path / "ls.json"
    task = _labelstudio_task(text, [("Tim Cook", "ACTOR"), ("Apple", "ACTOR")])
    path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    outcome = import_files(store, [path])
    (record,) = load_records(store, outcome.result.document_ids)
    assert [(s.start, s.end, record.text[s.start:s.end]) for s in record.spans] == [
        (1, 9, "Tim Cook"), (text.index("Apple"), text.index("Apple") + 5, "Apple")]


def test_doccano_utf16_offsets_beside_emoji_import_at_the_right_characters(store, tmp_path):
    text = "😀😀Apple😀 and 😀Chile"
    s1, s2 = text.index("Apple"), text.index("Chile")
    label = [[utf16_len(text[:s1]), utf16_len(text[:s1 + 5]), "ACTOR"],
             [utf16_len(text[:s2]), utf16_len(text), "ACTOR"]]
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"text": text, "label": label}, ensure_ascii=False) + "\n", encoding="utf-8")
    outcome = import_files(store, [path])
    (record,) = load_records(store, outcome.result.document_ids)
    assert [record.text[s.start:s.end] for s in record.spans] == ["Apple", "Chile"]
