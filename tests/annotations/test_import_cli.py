"""`glossator import/export/docs/stats` on real files: exact text, duplicates,
all-or-nothing files, and one-line errors that leave the store unchanged."""
import json

import pytest

from annotations.services import get_document, get_relations, get_spans, list_documents
from annotations.store import Store
from tests.conftest import table_dump


@pytest.fixture
def initialised(cli, store_path):
    assert cli("init")[0] == 0
    return store_path


def test_text_is_stored_exactly(initialised, cli, tmp_path):
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(b"Headline\r\n\r\nChile  imposed tariffs.\r\n")
    bom = tmp_path / "bom.md"
    bom.write_bytes(b"\xef\xbb\xbf# Title\n\nZ\xc3\xbcrich \xf0\x9f\x98\x80 said.\n")
    code, _, err = cli("import", crlf, bom)
    assert code == 0, err
    with Store.open(initialised) as store:
        docs = {d.source: d for d in list_documents(store)}
        assert get_document(store, docs["crlf.txt"].id).text == "Headline\r\n\r\nChile  imposed tariffs.\r\n"
        assert get_document(store, docs["bom.md"].id).text == "# Title\n\nZürich 😀 said.\n"
        assert docs["bom.md"].title == "Title" and docs["crlf.txt"].title == "Headline"


def test_folder_import_and_duplicates_are_skipped_and_reported(initialised, cli, tmp_path):
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("Peru replied.\n")
    (folder / "sub" / "b.md").write_text("Chile imposed tariffs.\n")
    (folder / "notes.csv").write_text("ignored,file\n")
    code, _, err = cli("import", folder)
    assert code == 0 and "Imported 2 document(s)" in err
    code, _, err = cli("import", folder / "a.txt")
    assert code == 0 and "skipped duplicate" in err and "Imported 0 document(s)" in err


def test_jsonl_with_spans_relations_and_meta(initialised, cli, tmp_path):
    text = "Ruiz said 40 percent."
    record = {
        "text": text, "meta": {"title": "T", "source": "wire", "desk": "econ"},
        "spans": [
            {"start": 0, "end": 21, "label": "ASSERTION", "attributes": {"stance": "states"}},
            {"start": 0, "end": 4, "label": "ACTOR", "attributes": {"kind": "person"}},
            {"start": 10, "end": 20, "label": "FIGURE", "attributes": {"value": 40, "unit": "percent", "approximate": False}},
        ],
        "relations": [{"label": "SOURCE", "head_span": {"start": 0, "end": 21, "label": "ASSERTION"},
                       "child_span": {"start": 0, "end": 4, "label": "ACTOR"}}],
    }
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(record) + "\n")
    code, _, err = cli("import", path)
    assert code == 0, err
    with Store.open(initialised) as store:
        doc = get_document(store, 1)
        assert (doc.title, doc.source, doc.meta) == ("T", "wire", {"desk": "econ"})
        spans = get_spans(store, 1)
        assert [(s.start, s.end, s.label) for s in spans] == [(0, 4, "ACTOR"), (0, 21, "ASSERTION"), (10, 20, "FIGURE")]
        rel = get_relations(store, 1)[0]
        by_id = {s.id: s for s in spans}
        assert (by_id[rel.head_id].label, by_id[rel.child_id].label) == ("ASSERTION", "ACTOR")


GOOD = json.dumps({"text": "Chile imposed tariffs.", "spans": [{"start": 0, "end": 5, "label": "ACTOR"}]})


def bad_inputs():
    yield "invalid-utf8.txt", b"Caf\xe9 au lait\n", r"invalid-utf8.txt:1: invalid UTF-8"
    yield "binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", r"binary.txt: binary file"
    yield "empty.txt", b"", r"empty.txt: empty file"
    yield "broken.jsonl", (GOOD + "\n{\"text\": \"Peru\n").encode(), r"broken.jsonl:2: not valid JSON"
    yield "range.jsonl", (GOOD + "\n" + json.dumps({"text": "Peru.", "spans": [{"start": 0, "end": 50, "label": "ACTOR"}]})).encode(), r"range.jsonl:2: .*outside the text"
    yield "label.jsonl", json.dumps({"text": "Peru.", "spans": [{"start": 0, "end": 4, "label": "PERSON"}]}).encode(), r"label.jsonl:1: unknown label 'PERSON'"
    yield "attr.jsonl", json.dumps({"text": "Peru.", "spans": [{"start": 0, "end": 4, "label": "ACTOR", "attributes": {"kind": 3}}]}).encode(), r"attr.jsonl:1: attribute 'kind' of ACTOR"
    yield "notext.jsonl", json.dumps({"meta": {}}).encode(), r"notext.jsonl:1: task has no 'text'"


@pytest.mark.parametrize("name, content, message", list(bad_inputs()), ids=[b[0] for b in bad_inputs()])
def test_bad_input_one_line_error_and_store_unchanged(initialised, cli, tmp_path, name, content, message):
    import re

    good = tmp_path / "good.txt"
    good.write_text("Kenya raised rates.\n")
    assert cli("import", good)[0] == 0
    before = table_dump(initialised)
    bad = tmp_path / name
    bad.write_bytes(content)
    other = tmp_path / "other.txt"
    other.write_text("Another valid article.\n")
    code, out, err = cli("import", other, bad)
    assert code == 1
    assert len(err.strip().splitlines()) == 1, err
    assert re.search(message, err), err
    assert table_dump(initialised) == before


def test_export_jsonl_and_spacy(initialised, cli, tmp_path):
    from spacy.tokens import DocBin
    from annotations.tokens import blank

    path = tmp_path / "in.jsonl"
    lines = [
        {"text": f"Chile and Peru signed deal number {i}.", "spans": [
            {"start": 0, "end": 5, "label": "ACTOR"}, {"start": 0, "end": 14, "label": "ACTOR"}]}
        for i in range(5)
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines))
    assert cli("import", path)[0] == 0
    code, _, err = cli("export", "jsonl", tmp_path / "out.jsonl")
    assert code == 0, err
    tasks = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert len(tasks) == 5
    span = tasks[0]["spans"][1]
    assert (span["token_start"], span["token_end"], span["text"]) == (0, 2, "Chile and Peru")
    assert len({t["_input_hash"] for t in tasks}) == 5
    code, _, err = cli("export", "spacy", tmp_path / "sp", "--split", "0.4", "--seed", "1")
    assert code == 0, err
    assert "overlapping span(s) left out of doc.ents" in err
    train = list(DocBin().from_disk(tmp_path / "sp" / "train.spacy").get_docs(blank("en").vocab))
    dev = list(DocBin().from_disk(tmp_path / "sp" / "dev.spacy").get_docs(blank("en").vocab))
    assert (len(train), len(dev)) == (3, 2)
    assert len(train[0].spans["sc"]) == 2 and len(train[0].ents) == 1


def test_misaligned_span_is_reported_not_dropped(initialised, cli, tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": "Chileans voted.", "spans": [{"start": 0, "end": 5, "label": "ACTOR"}]}))
    assert cli("import", path)[0] == 0
    code, _, err = cli("export", "spacy", tmp_path / "sp")
    assert code == 0 and "does not align to spaCy tokens" in err
    code, _, err = cli("export", "jsonl", tmp_path / "o.jsonl")
    assert "does not align to tokens" in err
    assert json.loads((tmp_path / "o.jsonl").read_text())["spans"][0]["text"] == "Chile"


def test_docs_and_stats(initialised, cli, tmp_path):
    (tmp_path / "a.txt").write_text("Peru replied.\n")
    cli("import", tmp_path / "a.txt")
    code, out, _ = cli("docs", "--json")
    assert code == 0 and [d["title"] for d in json.loads(out)] == ["Peru replied."]
    code, out, _ = cli("stats", "--json")
    assert json.loads(out)["documents"]["new"] == 1
