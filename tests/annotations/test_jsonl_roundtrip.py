"""Round trip through a real store: JSONL with spans → import → export JSONL →
identical text, offsets, labels, attributes and relations (emoji, combining
marks, CRLF and RTL included)."""
import json
import os

from hypothesis import HealthCheck, given, settings, strategies as st

from annotations.services import import_files
from annotations.store import Store

ALPHABET = st.sampled_from(list("abc XYZ,.\n") + ["\r\n", "😀", "👨🏻‍🚒", "é", "e\u0301", "ש", "م", "€", "\t"])
texts = st.lists(ALPHABET, min_size=1, max_size=40).map("".join).filter(lambda t: t.strip())
ATTRS = {
    "ACTOR": st.fixed_dictionaries({}, optional={"kind": st.sampled_from(["person", "state"])}),
    "FIGURE": st.fixed_dictionaries({}, optional={
        "value": st.integers(-10**12, 10**12) | st.floats(allow_nan=False, allow_infinity=False, width=32),
        "unit": st.text(max_size=5), "approximate": st.booleans()}),
    "ASSERTION": st.fixed_dictionaries({}, optional={"stance": st.sampled_from(["states", "warns"])}),
}


@st.composite
def tasks(draw):
    text = draw(texts)
    n = len(text)
    spans = {}
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, n - 1))
        end = draw(st.integers(start + 1, n))
        label = draw(st.sampled_from(sorted(ATTRS)))
        spans[(start, end, label)] = {"start": start, "end": end, "label": label, "attributes": draw(ATTRS[label])}
    spans = sorted(spans.values(), key=lambda s: (s["start"], s["end"], s["label"]))
    heads = [s for s in spans if s["label"] == "ASSERTION"]
    children = [s for s in spans if s["label"] == "ACTOR"]
    relations = []
    if heads and children and draw(st.booleans()):
        h, c = draw(st.sampled_from(heads)), draw(st.sampled_from(children))
        relations.append({"label": "SOURCE",
                          "head_span": {k: h[k] for k in ("start", "end", "label")},
                          "child_span": {k: c[k] for k in ("start", "end", "label")}})
    status = draw(st.sampled_from(["new", "in-progress", "done"]))
    return {"text": text, "meta": {"title": "t", "source": "s"}, "spans": spans, "relations": relations,
            "status": status}


def essence(task):
    spans = sorted(((s["start"], s["end"], s["label"], json.dumps(s.get("attributes", {}), sort_keys=True))
                    for s in task["spans"]))
    rels = sorted((r["label"], r["head_span"]["start"], r["head_span"]["end"], r["child_span"]["start"],
                   r["child_span"]["end"]) for r in task["relations"])
    return task["text"], spans, rels, task["status"]


@settings(max_examples=int(os.environ.get("GLOSSATOR_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(batch=st.lists(tasks(), min_size=1, max_size=3, unique_by=lambda t: t["text"]))
def test_jsonl_round_trip_is_exact(tmp_path_factory, batch):
    folder = tmp_path_factory.mktemp("rt")
    source = folder / "in.jsonl"
    source.write_text("".join(json.dumps(t, ensure_ascii=False) + "\n" for t in batch), encoding="utf-8")
    store = Store.create(folder / "s.sqlite")
    try:
        import_files(store, [source])
        from annotations.formats import ExportOptions, get_format
        from annotations.services import load_records

        out = folder / "out.jsonl"
        get_format("jsonl").write(load_records(store), out, ExportOptions(schema=store.schema))
    finally:
        store.close()
    # split on "\n" only: JSON keeps U+2028 and friends raw, which str.splitlines would break on
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line]
    assert [essence(t) for t in exported] == [essence(t) for t in batch]
    for task in exported:
        for span in task["spans"]:
            assert span["text"] == task["text"][span["start"]:span["end"]]
