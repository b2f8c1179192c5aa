"""Malformed files of every format: one error line naming the file and line,
and nothing imported from the batch (the store is byte-for-byte unchanged)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotations.errors import InputError
from annotations.services import import_files
from tests.conftest import table_dump

GOOD_DOCCANO = json.dumps({"text": "Tim Cook leads Apple.", "label": [[0, 8, "ACTOR"]]})
LS_GOOD = {"data": {"text": "Tim Cook 😀 leads Apple."}, "annotations": [{"result": [
    {"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
     "value": {"start": 0, "end": 8, "text": "Tim Cook", "labels": ["ACTOR"]}}]}]}
LS_BAD = {"data": {"text": "Ana Ruiz said so."}, "annotations": [{"result": [
    {"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
     "value": {"start": 0, "end": 3, "text": "Ana Ruiz", "labels": ["ACTOR"]}}]}]}

CASES = {
    "doccano offsets past the end": (
        "d.jsonl", GOOD_DOCCANO + "\n" + json.dumps({"text": "abc", "label": [[0, 9, "ACTOR"]]}) + "\n",
        2, "outside the text"),
    "doccano malformed label item": (
        "d.jsonl", json.dumps({"text": "abc", "label": [[0, "x", "ACTOR"]]}) + "\n", 1, "[start, end"),
    "doccano relation to a missing entity": (
        "d.jsonl", json.dumps({"text": "Ana Ruiz said.", "entities": [
            {"id": 1, "label": "ACTOR", "start_offset": 0, "end_offset": 8}],
            "relations": [{"id": 1, "from_id": 7, "to_id": 1, "type": "SOURCE"}]}) + "\n", 1, "entity id 7"),
    "doccano unknown label": (
        "d.jsonl", GOOD_DOCCANO + "\n\n" + json.dumps({"text": "abc", "label": [[0, 1, "PERSON"]]}) + "\n",
        3, "unknown label 'PERSON'"),
    "prodigy jsonl broken JSON": ("p.jsonl", '{"text": "ok", "spans": []}\n{"text": \n', 2, "not valid JSON"),
    "label studio text mismatch": (
        "t.json", "[\n" + json.dumps(LS_GOOD) + ",\n" + json.dumps(LS_BAD) + "\n]\n", 3, "value.text"),
    "label studio broken JSON": ("t.json", '[\n{"data": {"text": "a"}},\n{"data": }\n]', 3, "not valid JSON"),
    "label studio attribute without region": (
        "t.json", json.dumps([{"data": {"text": "abc"}, "annotations": [{"result": [
            {"id": "zz", "from_name": "ACTOR_kind", "to_name": "text", "type": "choices",
             "value": {"choices": ["person"]}}]}]}]), 1, "belongs to no labelled region"),
    "conll bad tag": ("c.conll", "Tim B-ACTOR\nCook X-ACTOR\n", 2, "bad tag 'X-ACTOR'"),
    "conll missing tag column": ("c.conll", "-DOCSTART- -X- O O\n\nTim B-ACTOR\nCook\n", 4, "word and a tag"),
    "conll unknown label": ("c.conll", "Tim O\n\nApple B-ORG\n", 3, "unknown label 'ORG'"),
}

BRAT_TEXT = "Tim Cook leads Apple in Cupertino.\n"
BRAT_CASES = {
    "discontinuous span": ("T1\tACTOR 0 8\tTim Cook\nT2\tACTOR 0 3;4 8\tTim Cook\n", 2, "discontinuous"),
    "attribute on a missing span": ("T1\tACTOR 0 8\tTim Cook\nA1\tkind T3 person\n", 2, "T3 is not a span"),
    "text column disagrees": ("T1\tACTOR 0 8\tTim Cook\nT2\tACTOR 15 20\tBanana\n", 2, "differs from the .txt"),
    "event line": ("T1\tACTOR 0 8\tTim Cook\nE1\tLead:T1\n", 2, "events"),
    "unknown label": ("T1\tPERSON 0 8\tTim Cook\n", 1, "unknown label 'PERSON'"),
    "bad boolean": ("T1\tFIGURE 24 33\tCupertino\nA1\tapproximate T1 maybe\n", 2, "not true or false"),
}


def assert_refused(store, store_path: Path, tmp_path: Path, target: Path, where: str, reason: str):
    good = tmp_path / "good.txt"
    good.write_text("A good document that must not be imported either.", encoding="utf-8")
    before = table_dump(store_path)
    with pytest.raises(InputError) as info:
        import_files(store, [good, target])
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(where) and reason in message, message
    assert table_dump(store_path) == before


@pytest.mark.parametrize("case", list(CASES))
def test_malformed_file_names_file_and_line_and_imports_nothing(store, store_path, tmp_path, doc_id, case):
    name, content, line, reason = CASES[case]
    target = tmp_path / name
    target.write_text(content, encoding="utf-8")
    assert_refused(store, store_path, tmp_path, target, f"{target}:{line}: ", reason)


@pytest.mark.parametrize("case", list(BRAT_CASES))
def test_malformed_brat_names_ann_file_and_line(store, store_path, tmp_path, doc_id, case):
    ann, line, reason = BRAT_CASES[case]
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "a.txt").write_text(BRAT_TEXT, encoding="utf-8")
    (folder / "a.ann").write_text(ann, encoding="utf-8")
    assert_refused(store, store_path, tmp_path, folder, f"{folder / 'a.ann'}:{line}: ", reason)


def test_garbage_docbin_names_the_file(store, store_path, tmp_path, doc_id):
    target = tmp_path / "x.spacy"
    target.write_bytes(b"\x78\x9cnot really zlib")
    assert_refused(store, store_path, tmp_path, target, f"{target}: ", "not a spaCy DocBin")
