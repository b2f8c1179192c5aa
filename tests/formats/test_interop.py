"""Format-specific facts: content sniffing of .jsonl (doccano vs Prodigy),
Label Studio's UTF-16 fallback, predictions and labelling config, brat's
A lines and annotation.conf, and the CLI for every format name."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from annotations.formats import detect
from annotations.services import import_files, import_records, load_records
from annotations.store import Store
from annotations.tokens import blank
from annotations.types import DocumentRecord, RelationRecord, SpanRecord

from .strategies import OUT_NAMES, export, stored

TEXT = "👨🏻‍🚒 Ana Ruiz said about 3,500 jobs were at risk.\r\nשלום."


def at(text: str, part: str, label: str, **kw) -> SpanRecord:
    start = text.index(part)
    return SpanRecord(start, start + len(part), label, **kw)


def example() -> DocumentRecord:
    return DocumentRecord(text=TEXT, title="Example", status="done", spans=[
        at(TEXT, "Ana Ruiz", "ACTOR", attributes={"kind": "person"}),
        at(TEXT, "about 3,500", "FIGURE", attributes={"value": 3500, "unit": "people", "approximate": True}),
        at(TEXT, "Ana Ruiz said about 3,500 jobs were at risk.", "ASSERTION", attributes={"stance": "warns"}),
        at(TEXT, "jobs", "FIGURE", status="pending", origin="suggestion", suggester="rules",
           suggester_version="2", score=0.25),
    ], relations=[RelationRecord(2, 0, "SOURCE")])


@pytest.mark.parametrize("line, expected", [
    ({"text": "a", "label": [[0, 1, "ACTOR"]]}, "doccano"),
    ({"text": "a", "labels": []}, "doccano"),
    ({"text": "a", "entities": [], "relations": []}, "doccano"),
    ({"text": "a", "spans": [], "tokens": []}, "jsonl"),
    ({"text": "a", "label": [], "spans": []}, "jsonl"),
    ({"text": "a", "meta": {"source": "x"}}, "jsonl"),
])
def test_jsonl_is_sniffed_by_content(tmp_path, line, expected):
    path = tmp_path / "x.jsonl"
    path.write_text("\n" + json.dumps(line) + "\n", encoding="utf-8")
    assert detect(path).name == expected


def test_detect_other_formats(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "a.ann").write_text("", encoding="utf-8")
    (tmp_path / "t.json").write_text("[]", encoding="utf-8")
    (tmp_path / "c.conll").write_text("a O\n", encoding="utf-8")
    assert [detect(tmp_path / p).name for p in ("b", "t.json", "c.conll")] == ["brat", "labelstudio", "conll"]


def test_labelstudio_export_shape_and_config(store, tmp_path):
    records = stored(store, [example()])
    out, report = export("labelstudio", store, records, tmp_path)
    (task,) = json.loads(out.read_text(encoding="utf-8"))
    results = task["annotations"][0]["result"]
    region = next(r for r in results if r.get("type") == "labels" and r["value"]["labels"] == ["ACTOR"])
    assert region["value"]["text"] == "Ana Ruiz" and region["value"]["start"] == TEXT.index("Ana")
    assert {"id": region["id"], "from_name": "ACTOR_kind", "type": "choices"}.items() <= next(
        r for r in results if r.get("from_name") == "ACTOR_kind").items()
    assert any(r["type"] == "relation" and r["labels"] == ["SOURCE"] for r in results)
    (prediction,) = task["predictions"]
    assert prediction["model_version"] == "rules@2" and prediction["score"] == 0.25
    config = ET.parse(out.with_name("labeling_config.xml")).getroot()
    assert [e.get("value") for e in config.iter("Label")] == ["ACTOR", "FIGURE", "ASSERTION"]
    assert [e.get("value") for e in config.iter("Relation")] == ["SOURCE"]
    names = {e.get("name") for e in config if e.get("perRegion") == "true"}
    assert {"ACTOR_kind", "FIGURE_value", "FIGURE_unit", "FIGURE_approximate", "ASSERTION_stance"} <= names
    assert out.with_name("labeling_config.xml") in report.files


def test_labelstudio_utf16_offsets_are_converted_and_reported(store, tmp_path):
    text = "💩 Tim Cook 😀 leads Apple."
    u16 = lambda cp: cp + sum(1 for ch in text[:cp] if ord(ch) > 0xFFFF)
    start, end = text.index("Apple"), text.index("Apple") + 5
    task = {"data": {"text": text}, "annotations": [{"result": [
        {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels",
         "value": {"start": u16(start), "end": u16(end), "text": "Apple", "labels": ["ACTOR"]}}]}]}
    path = tmp_path / "ls.json"
    path.write_text(json.dumps([task], ensure_ascii=False), encoding="utf-8")
    outcome = import_files(store, [path])
    (record,) = load_records(store, outcome.result.document_ids)
    assert [(record.text[s.start:s.end], s.label) for s in record.spans] == [("Apple", "ACTOR")]
    assert any("UTF-16" in note and note.startswith(f"{path}: ") for note in outcome.notes)  # decided per file


def test_doccano_utf16_offsets_are_converted_when_only_they_fit(store, tmp_path):
    text = "😀😀 Apple"
    path = tmp_path / "d.jsonl"
    path.write_text(json.dumps({"text": text, "label": [[5, 10, "ACTOR"]]}) + "\n", encoding="utf-8")
    outcome = import_files(store, [path])
    (record,) = load_records(store, outcome.result.document_ids)
    assert record.text[record.spans[0].start:record.spans[0].end] == "Apple"
    assert any("UTF-16" in note for note in outcome.notes)


def test_brat_files_use_code_points_and_a_lines(store, tmp_path):
    records = stored(store, [example()])
    out, report = export("brat", store, records, tmp_path)
    stem = f"{records[0].store_id:05d}"
    assert (out / f"{stem}.txt").read_bytes().decode("utf-8") == records[0].text  # CRLF kept
    ann = (out / f"{stem}.ann").read_text(encoding="utf-8").splitlines()
    start = TEXT.index("Ana Ruiz")
    assert f"T1\tACTOR {start} {start + 8}\tAna Ruiz" in ann
    assert "A1\tkind T1 person" in ann
    assert "A4\tunit T3 people" in ann and "A5\tapproximate T3 true" in ann and "A3\tvalue T3 3500" in ann
    assert "R1\tSOURCE Arg1:T2 Arg2:T1" in ann
    assert any(line.startswith("#1\tAnnotatorNotes T4\tglossator ") for line in ann)
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "SOURCE\tArg1:ASSERTION, Arg2:ACTOR" in conf and "kind\tArg:ACTOR, Value:person|" in conf
    assert any("brat keeps no document" in w for w in report.warnings)


def test_brat_reads_foreign_files_with_notes_and_binary_attributes(store, tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    text = "Chile 😀 imposed tariffs of nearly 40 percent."
    (folder / "doc.txt").write_text(text, encoding="utf-8")
    s = text.index("nearly")
    (folder / "doc.ann").write_text(
        f"T1\tACTOR 0 5\tChile\nT2\tFIGURE {s} {s + 17}\tnearly 40 percent\nA1\tapproximate T2\n"
        "N1\tReference T1 Wikidata:Q298\tChile\n#1\tAnnotatorNotes T1\tchecked\n", encoding="utf-8")
    outcome = import_files(store, [folder])
    (record,) = load_records(store, outcome.result.document_ids)
    assert [(s.label, record.text[s.start:s.end], dict(s.attributes)) for s in record.spans] == [
        ("ACTOR", "Chile", {}), ("FIGURE", "nearly 40 percent", {"approximate": True})]
    assert any("2 normalization" in n for n in outcome.notes)


def test_brat_reports_attribute_values_it_cannot_write(store, tmp_path):
    (record,) = stored(store, [DocumentRecord(text="about 12 metric tonnes", spans=[
        SpanRecord(0, 22, "FIGURE", attributes={"unit": "metric tonnes"})])])
    _, report = export("brat", store, [record], tmp_path)
    assert any("unit='metric tonnes' not written" in w for w in report.warnings)


@pytest.mark.parametrize("name", ["spacy", "jsonl", "doccano", "labelstudio", "brat", "conll"])
def test_cli_exports_and_imports_every_format(store, cli, tmp_path, name):
    import_records(store, [example()])
    out = tmp_path / "x" / OUT_NAMES[name]
    code, _, err = cli("export", name, out, "--split", "0")
    assert code == 0, err
    target = out if out.exists() else out.parent
    fresh = tmp_path / "fresh.sqlite"
    with Store.create(fresh) as other:
        outcome = import_files(other, [target])
        (record,) = load_records(other, outcome.result.document_ids, include_suggestions=True)
    if name == "conll":  # CoNLL keeps tokens, not the exact text
        assert record.text.split() == [t.text for t in blank("en").make_doc(TEXT) if t.text.strip()]
    else:
        assert record.text == TEXT
    assert any(s.label == "ACTOR" for s in record.spans)
