"""How doccano and Label Studio offsets are counted is decided per file, with
evidence: in texts with characters above U+FFFF, the spans line up (on word
boundaries, or on `value.text`) under one counting and not the other. The
import report says what was decided; a file whose spans fit neither, or that
contradicts itself, is refused; `--offsets utf16|codepoints` decides instead."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.errors import InputError
from annotations.services import get_spans, import_files

from tests.conftest import table_dump

TEXT = "😀 Ana Ruiz said it."  # "Ana Ruiz" is code points 2–10, UTF-16 units 3–11
LATER = "Tim Cook 🍎 met Ana Ruiz in 🇪🇸 Madrid."


def doccano(tmp_path: Path, *records: dict) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def stored_texts(store, document_id: int) -> list[str]:
    from annotations.services import get_document

    text = get_document(store, document_id).text
    return [text[s.start:s.end] for s in get_spans(store, document_id)]


def u16(text: str, target: str) -> list[int]:
    start = text.index(target)
    before = len(text[:start].encode("utf-16-le")) // 2
    return [before, before + len(target.encode("utf-16-le")) // 2]


def test_the_issue_example_is_read_as_utf16_and_reported(store, tmp_path):
    path = doccano(tmp_path, {"text": TEXT, "label": [[3, 11, "ACTOR"]]})
    outcome = import_files(store, [path])
    assert stored_texts(store, outcome.result.document_ids[0]) == ["Ana Ruiz"]
    assert any("UTF-16" in note and str(path) in note for note in outcome.notes), outcome.notes


def test_code_point_offsets_in_astral_text_stay_code_points_and_are_reported(store, tmp_path):
    path = doccano(tmp_path, {"text": TEXT, "label": [[2, 10, "ACTOR"]]})
    outcome = import_files(store, [path])
    assert stored_texts(store, outcome.result.document_ids[0]) == ["Ana Ruiz"]
    assert any("code points" in note for note in outcome.notes), outcome.notes


def test_the_decision_holds_for_the_whole_file(store, tmp_path):
    """Line 2's spans are UTF-16 by evidence; line 3 alone could not tell (its
    spans sit before the emoji, or read the same either way) and follows."""
    start, end = u16(LATER, "Ana Ruiz")
    path = doccano(tmp_path,
                   {"text": "No emoji here: Ana Ruiz.", "label": [[15, 23, "ACTOR"]]},
                   {"text": LATER, "label": [[0, 8, "ACTOR"], [start, end, "ACTOR"]]},
                   {"text": "Madrid 🇪🇸 and Ana.", "label": [[0, 6, "ACTOR"]]})
    outcome = import_files(store, [path])
    ids = outcome.result.document_ids
    assert [stored_texts(store, i) for i in ids] == [["Ana Ruiz"], ["Tim Cook", "Ana Ruiz"], ["Madrid"]]


def test_relation_layout_entities_are_decided_the_same_way(store, tmp_path):
    path = doccano(tmp_path, {"text": TEXT, "entities": [
        {"id": 1, "start_offset": 3, "end_offset": 11, "label": "ACTOR"}], "relations": []})
    outcome = import_files(store, [path])
    assert stored_texts(store, outcome.result.document_ids[0]) == ["Ana Ruiz"]


def test_spans_that_fit_neither_counting_are_refused(store, store_path, tmp_path):
    path = doccano(tmp_path, {"text": "Fine.", "label": []}, {"text": TEXT, "label": [[3, 40, "ACTOR"]]})
    before = table_dump(store_path)
    with pytest.raises(InputError) as refused:
        import_files(store, [path])
    assert str(refused.value).startswith(f"{path}:2: ")
    assert table_dump(store_path) == before


def test_a_file_that_contradicts_itself_is_refused(store, store_path, tmp_path):
    path = doccano(tmp_path, {"text": TEXT, "label": [[3, 11, "ACTOR"]]},
                   {"text": "🍎 Tim Cook left.", "label": [[2, 10, "ACTOR"]]})
    before = table_dump(store_path)
    with pytest.raises(InputError) as refused:
        import_files(store, [path])
    assert "--offsets" in str(refused.value) and str(path) in str(refused.value)
    assert table_dump(store_path) == before


def test_explicit_offsets_option_decides(store, tmp_path, cli):
    path = doccano(tmp_path, {"text": TEXT, "label": [[3, 11, "ACTOR"]]})
    code, _out, err = cli("import", str(path), "--offsets", "codepoints")
    assert code == 0, err
    from annotations.services import list_documents

    (doc,) = list_documents(store)
    assert stored_texts(store, doc.id) == ["na Ruiz "]


def test_explicit_utf16_splitting_a_surrogate_pair_is_refused(store, store_path, tmp_path, cli):
    path = doccano(tmp_path, {"text": TEXT, "label": [[1, 5, "ACTOR"]]})
    before = table_dump(store_path)
    code, _out, err = cli("import", str(path), "--offsets", "utf16")
    lines = [x for x in err.splitlines() if x.strip()]
    assert code != 0 and len(lines) == 1 and f"{path}:1:" in lines[0], err
    assert table_dump(store_path) == before


def test_unknown_offsets_option_is_refused(store, tmp_path, cli):
    path = doccano(tmp_path, {"text": TEXT, "label": []})
    code, _out, err = cli("import", str(path), "--offsets", "bytes")
    assert code != 0 and "offsets" in err


def labelstudio(tmp_path: Path, text: str, start: int, end: int, quoted: str | None) -> Path:
    value = {"start": start, "end": end, "labels": ["ACTOR"]}
    if quoted is not None:
        value["text"] = quoted
    path = tmp_path / "in.json"
    path.write_text(json.dumps([{"data": {"text": text}, "annotations": [{"result": [
        {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels", "value": value}]}]}]),
        encoding="utf-8")
    return path


@pytest.mark.parametrize("start,end,quoted", [(3, 11, None), (3, 11, "Ana Ruiz"), (2, 10, None), (2, 10, "Ana Ruiz")])
def test_label_studio_offsets_are_decided_per_file_too(store, tmp_path, start, end, quoted):
    path = labelstudio(tmp_path, TEXT, start, end, quoted)
    outcome = import_files(store, [path])
    assert stored_texts(store, outcome.result.document_ids[0]) == ["Ana Ruiz"]
    assert any(("UTF-16" if start == 3 else "code points") in n for n in outcome.notes), outcome.notes


def test_glossators_own_doccano_export_reimports_exactly(store, tmp_path):
    """Spans off word boundaries after an emoji (which the heuristic alone would
    read as UTF-16): the exported span_texts settle the counting."""
    from annotations.services import import_records
    from annotations.services.exports import export_store
    from annotations.store import Store
    from annotations.types import DocumentRecord, SpanRecord

    text = "😀😀 Ana Ruiz said it."
    import_records(store, [DocumentRecord(text=text, spans=[SpanRecord(start=5, end=13, label="ACTOR")])])
    out = tmp_path / "out.jsonl"
    export_store(store, "doccano", out)
    with Store.create(tmp_path / "other.sqlite") as other:
        outcome = import_files(other, [out])
        assert stored_texts(other, outcome.result.document_ids[0]) == [text[5:13]]
