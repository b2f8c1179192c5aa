"""The JSONL writer's direct token serialisation is byte-identical to
`json.dumps(task_dict(...), ensure_ascii=False)` for any text and spans."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from annotations.formats.base import ExportReport
from annotations.formats.jsonl import task_dict, task_line
from annotations.tokens import blank
from annotations.types import DocumentRecord, RelationRecord, SpanRecord

TRICKY = 'He said "no" \\ back\tslash\n\n  😀 e\u0301 \u2028 \x07 end.'


def line_and_dump(record: DocumentRecord) -> tuple[str, str]:
    doc = blank("en").tokenizer(record.text)
    return (task_line(record, doc, ExportReport()),
            json.dumps(task_dict(record, doc, ExportReport()), ensure_ascii=False))


def test_escapes_control_characters_and_quotes_like_json_dumps():
    spans = [SpanRecord(start=0, end=2, label="ACTOR", attributes={"kind": "person"}),
             SpanRecord(start=3, end=7, label="ASSERTION", status="pending", suggester="rules", score=0.5)]
    record = DocumentRecord(text=TRICKY, title="t", meta={"tokens": None}, spans=spans,
                            relations=[RelationRecord(head=1, child=0, label="SOURCE")])
    line, dumped = line_and_dump(record)
    assert line == dumped
    assert json.loads(line)["tokens"][1]["text"] == "said"


def test_text_without_tokens():
    line, dumped = line_and_dump(DocumentRecord(text="", title="empty"))
    assert line == dumped and '"tokens": []' in line


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=80), st.data())
def test_any_text_and_span_serialises_identically(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    record = DocumentRecord(text=text, title="x", spans=[SpanRecord(start=start, end=end, label="ACTOR")])
    line, dumped = line_and_dump(record)
    assert line == dumped
