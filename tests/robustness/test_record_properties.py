"""Hypothesis properties of import_records: any valid record is stored and
read back exactly (emoji, combining marks, RTL, CRLF included); any invalid
one is refused with file and line, leaving every table unchanged."""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.errors import InputError
from annotations.services import import_records, load_records
from annotations.store import Store
from annotations.types import DocumentRecord, SpanRecord

from tests.conftest import table_dump

EXAMPLES = int(os.environ.get("GLOSSATOR_HYPOTHESIS_EXAMPLES", "40"))
ALPHABET = st.sampled_from(list("abc XYZ.,\r\n\t") + ["😀", "👨", "🏻", "\u200d", "🚒", "\u0301", "ש", "ع", "€", "\u200f"])
texts = st.text(ALPHABET, min_size=1, max_size=80).filter(lambda t: t.strip())
ATTRS = {"ACTOR": st.fixed_dictionaries({}, optional={"kind": st.sampled_from(["person", "state"])}),
         "FIGURE": st.fixed_dictionaries({}, optional={"value": st.integers(-10**6, 10**6), "approximate": st.booleans()}),
         "ASSERTION": st.just({})}


@st.composite
def valid_records(draw) -> DocumentRecord:
    text = draw(texts)
    spans = []
    for _ in range(draw(st.integers(0, 5))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        label = draw(st.sampled_from(sorted(ATTRS)))
        if all((s.start, s.end, s.label) != (start, end, label) for s in spans):  # a span is held once
            spans.append(SpanRecord(start=start, end=end, label=label, attributes=draw(ATTRS[label])))
    return DocumentRecord(text=text, title="t", spans=spans, path="prop.jsonl", line=7)


BREAKERS = {
    "offset": lambda r, d: SpanRecord(start=d(st.integers(-5, -1)) if d(st.booleans()) else len(r.text),
                                      end=len(r.text) + d(st.integers(0, 5)), label="ACTOR"),
    "label": lambda r, d: SpanRecord(start=0, end=1, label=d(st.text("QWERTY_", min_size=1, max_size=8))),
    "attribute": lambda r, d: SpanRecord(start=0, end=1, label="FIGURE",
                                         attributes={"value": d(st.text(max_size=5) | st.lists(st.integers()))}),
}


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory):
    with Store.create(tmp_path_factory.mktemp("prop") / "store.sqlite") as store:
        yield store


def key(spans) -> list[tuple]:
    return sorted((s.start, s.end, s.label, tuple(sorted(s.attributes.items()))) for s in spans)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=valid_records())
def test_valid_records_round_trip(shared_store, record):
    first = {}  # a span repeated at the same place with the same label is stored once (the first)
    for s in record.spans:
        first.setdefault((s.start, s.end, s.label), s)
    expected = key(first.values())
    result = import_records(shared_store, [record])
    if result.duplicates:
        return  # the same text was drawn before
    (back,) = list(load_records(shared_store, result.document_ids))
    assert back.text == record.text
    assert key(back.spans) == expected
    assert len(result.duplicate_spans) == len(record.spans) - len(first)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=valid_records(), breaker=st.sampled_from(sorted(BREAKERS)), data=st.data())
def test_invalid_records_change_nothing(shared_store, record, breaker, data):
    bad = BREAKERS[breaker](record, data.draw)
    if breaker == "label" and bad.label in ATTRS:
        return
    record.spans.insert(data.draw(st.integers(0, len(record.spans))), bad)
    before = table_dump(shared_store.path)
    with pytest.raises(InputError) as refused:
        import_records(shared_store, [DocumentRecord(text="fine text", path="prop.jsonl", line=3), record])
    assert str(refused.value).startswith("prop.jsonl:7: ")
    assert table_dump(shared_store.path) == before
