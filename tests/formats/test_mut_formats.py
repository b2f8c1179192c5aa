"""Imports and exports whose wrong answers a user would notice: the text kept
from a bottom-posted e-mail reply, bad input named by file and line, and
options and fields the formats promise. (Found by mutation testing:
scripts/mutation.sh formats.)"""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from annotations.formats import ExportOptions
from annotations.formats.doccano import DOCCANO
from annotations.services import get_document, import_records, list_documents, load_records
from annotations.services.exports import export_store
from annotations.store import Store
from annotations.types import DocumentRecord, RelationRecord, SpanRecord

REPLY = """From: Jonas Brandt <jonas.brandt@example.org>
To: Desk Analysts <desk@example.org>
Subject: Re: smelter story
Date: Tue, 10 Mar 2026 09:42:11 +0100
Message-ID: <20260310094211.78@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"

On Mon, 9 Mar 2026 at 18:03, Priya Nair <priya.nair@example.org> wrote:
> Can someone send me the smelter story? I only saw the headline.

Workers at the Kafue copper smelter extended their strike into a second week, the union said.
"""


@pytest.fixture
def initialised(cli, store_path):
    assert cli("init")[0] == 0
    return store_path


def stored(path):
    with Store.open(path) as store:
        return [get_document(store, d.id) for d in list_documents(store)]


def test_a_reply_written_below_the_quote_keeps_only_the_new_text(initialised, cli, tmp_path):
    mail = tmp_path / "reply.eml"
    mail.write_text(REPLY, encoding="utf-8")
    code, _, err = cli("import", mail)
    assert code == 0, err
    [doc] = stored(initialised)
    assert "Workers at the Kafue copper smelter extended their strike into a second week" in doc.text
    assert "Can someone send me" not in doc.text and "wrote:" not in doc.text


def test_a_number_with_too_many_digits_is_named_by_file_and_line(initialised, cli, tmp_path):
    tasks = tmp_path / "tasks.json"
    tasks.write_text('[\n  {"data": {"text": "Ana Ruiz spoke."}},\n  {"data": {"text": "Bo", "n": '
                     + "9" * 5000 + "}}\n]\n", encoding="utf-8")
    code, _, err = cli("import", tasks, "--format", "labelstudio")
    assert code != 0
    assert err.strip().startswith(f"error: {tasks}:3: a number in the JSON has too many digits"), err
    assert stored(initialised) == []


def test_an_unknown_brat_annotation_line_is_named_by_file_and_line(initialised, cli, tmp_path):
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "doc.txt").write_text("Ana Ruiz spoke.\n", encoding="utf-8")
    ann = folder / "doc.ann"
    ann.write_text("T1\tACTOR 0 8\tAna Ruiz\nX2\tsomething else\n", encoding="utf-8")
    code, _, err = cli("import", folder, "--format", "brat")
    assert code != 0
    assert err.strip().startswith(f"error: {ann}:2: unknown annotation line"), err
    assert stored(initialised) == []


def _conll_sentences(store, tmp_path) -> list[list[str]]:
    out = tmp_path / "out.conll"
    export_store(store, "conll", out)
    body = out.read_text(encoding="utf-8").split("\n\n")
    return [[line.split()[0] + " " + line.split()[-1] for line in block.splitlines()]
            for block in body if block.strip() and not block.startswith("-DOCSTART-")]


def test_conll_starts_a_sentence_at_a_line_break_before_an_entity(store, tmp_path):
    text = "Prices rose.\nAna Ruiz said so.\n"
    import_records(store, [DocumentRecord(text=text, spans=[SpanRecord(13, 21, "ACTOR")])])
    assert _conll_sentences(store, tmp_path) == [
        ["Prices O", "rose O", ". O"],
        ["Ana B-ACTOR", "Ruiz I-ACTOR", "said O", "so O", ". O"],
    ]


def test_conll_never_splits_an_entity_that_spans_a_line_break(store, tmp_path):
    text = "Talks stalled, said Ana\nRuiz today.\n"
    import_records(store, [DocumentRecord(text=text, spans=[SpanRecord(20, 28, "ACTOR")])])
    assert _conll_sentences(store, tmp_path) == [
        ["Talks O", "stalled O", ", O", "said O", "Ana B-ACTOR", "Ruiz I-ACTOR", "today O", ". O"],
    ]


@pytest.mark.parametrize("layout", ["label", "relation"])
def test_a_forced_doccano_layout_is_the_one_written(store, tmp_path, layout):
    text = "Ana Ruiz said jobs were at risk."
    import_records(store, [DocumentRecord(text=text, spans=[SpanRecord(0, 8, "ACTOR"), SpanRecord(0, 32, "ASSERTION")],
                                          relations=[RelationRecord(1, 0, "SOURCE")])])
    schema = store.schema if layout == "relation" else replace(store.schema, relations=())
    out = tmp_path / "out.jsonl"
    forced = "relation" if layout == "label" else "label"  # the opposite of what the schema would pick
    DOCCANO.write(load_records(store), out, ExportOptions(schema=schema, extra={"doccano_layout": forced}))
    [line] = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    if forced == "relation":
        assert sorted((e["start_offset"], e["end_offset"], e["label"]) for e in line["entities"]) == \
            [(0, 8, "ACTOR"), (0, 32, "ASSERTION")]
        assert "label" not in line
    else:
        assert sorted(map(tuple, line["label"])) == [(0, 8, "ACTOR"), (0, 32, "ASSERTION")]
        assert "entities" not in line


def test_a_label_studio_task_the_store_refuses_is_named_by_file_and_line(initialised, cli, tmp_path):
    region = {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels",
              "value": {"start": 0, "end": 8, "text": "Ana Ruiz", "labels": ["MINISTER"]}}
    tasks = [{"data": {"text": "Bo spoke."}},
             {"data": {"text": "Ana Ruiz spoke."}, "annotations": [{"result": [region]}]}]
    path = tmp_path / "tasks.json"
    path.write_text("[\n" + ",\n".join(json.dumps(t) for t in tasks) + "\n]\n", encoding="utf-8")
    code, _, err = cli("import", path, "--format", "labelstudio")
    assert code != 0
    assert err.strip().startswith(f"error: {path}:3: ") and "MINISTER" in err, err
    assert stored(initialised) == []


@pytest.mark.parametrize("meta, reason", [
    ('{"figures": {"jobs": NaN}}', "field 'meta' 'figures': nan is not a finite number"),
    ('{"n": ' + "1" * 30 + '}', "field 'meta' 'n': the integer"),
])
def test_metadata_no_export_could_write_is_refused_naming_the_field(initialised, cli, tmp_path, meta, reason):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "Ana Ruiz spoke."}\n{"text": "Bo spoke.", "meta": ' + meta + '}\n', encoding="utf-8")
    code, _, err = cli("import", path, "--format", "jsonl")
    assert code != 0
    assert err.strip().startswith(f"error: {path}:2: {reason}"), err
    assert stored(initialised) == []


def test_a_spacy_file_whose_metadata_is_not_an_object_is_refused(initialised, cli, tmp_path):
    from spacy.tokens import DocBin

    from annotations.tokens import blank

    nlp = blank("en")
    docs = [nlp.make_doc("Ana Ruiz spoke."), nlp.make_doc("Bo spoke.")]
    for doc in docs:
        doc.user_data["glossator"] = {"spans": [], "relations": [], "meta": {}}
    docs[1].user_data["glossator"]["meta"] = [1, 2]
    path = tmp_path / "docs.spacy"
    DocBin(docs=docs, store_user_data=True).to_disk(path)
    code, _, err = cli("import", path, "--format", "spacy")
    assert code != 0
    assert err.strip().startswith(f"error: {path}:2: field 'meta' must be an object"), err
    assert stored(initialised) == []


@pytest.mark.parametrize("body", ["\n\n", "-DOCSTART- -X- O O\n\n"])
def test_an_empty_conll_file_is_refused_saying_it_is_empty(initialised, cli, tmp_path, body):
    path = tmp_path / "empty.conll"
    path.write_text(body, encoding="utf-8")
    code, _, err = cli("import", path, "--format", "conll")
    assert code != 0
    assert err.strip() == f"error: {path}: empty file (no tokens)", err
