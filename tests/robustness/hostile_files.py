"""Generators of bad (and tricky-but-valid) import files, per format.

Byte-level cases apply to every format; JSON cases to the JSON-based ones;
span cases need a per-format writer of "this text with these spans", found in
SPAN_WRITERS (a format without one gets the byte-level cases only).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from annotations.formats import get_format

TEXT = "Ana Ruiz said 3,500 jobs were at risk."
JSON_FORMATS = ("jsonl", "doccano", "labelstudio")

# (start, end, label, attributes) tuples; relations as (head index, child index, label)
Spans = list[tuple]
Relations = list[tuple]


def suffix(name: str) -> str:
    return get_format(name).extensions[0]


def byte_cases(name: str) -> dict[str, bytes]:
    """Bad content for any format: raw bytes written with the format's suffix."""
    return {
        "invalid-utf8": b"Ana Ruiz said \xff\xfe jobs\n",
        "binary": bytes(range(256)) * 4,
        "empty": b"",
        "blank-lines": b"\n \n\t\n",
    }


def json_cases(name: str) -> dict[str, bytes]:
    deep = "[" * 10_000 + "]" * 10_000
    good = json.dumps(valid_value(name))
    cases = {
        "nested-10000": deep.encode(),
        "truncated": good[: len(good) // 2].encode(),
        "wrong-top-type": b'"just a string"',
    }
    if name != "labelstudio":
        cases["broken-second-line"] = (good + "\n{\"text\": \"x\", oops}\n").encode()
        cases["nested-object-10000"] = ('{"text": "x", "meta": ' + '{"a": ' * 10_000 + "1" + "}" * 10_001).encode()
    return cases


def valid_value(name: str) -> object:
    if name == "labelstudio":
        return [{"data": {"text": TEXT}, "annotations": [{"result": []}]}]
    if name == "doccano":
        return {"text": TEXT, "label": []}
    return {"text": TEXT, "spans": []}


# ---- span writers: one file (or folder) holding TEXT with the given spans ----


def write_jsonl(folder: Path, text: str, spans: Spans, relations: Relations) -> Path:
    items = [{"start": s, "end": e, "label": lab, **({"attributes": a} if a else {})} for s, e, lab, a in spans]
    rels = [{"head_span": _key(spans[h]), "child_span": _key(spans[c]), "label": lab} for h, c, lab in relations
            if h < len(spans) and c < len(spans)]
    rels += [{"head_span": {"start": 900, "end": 905, "label": "ACTOR"}, "child_span": _key(spans[0]), "label": lab}
             for h, c, lab in relations if h >= len(spans) or c >= len(spans)]
    path = folder / "in.jsonl"
    path.write_text(json.dumps({"text": text, "spans": items, "relations": rels}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path


def _ls_attribute(value: object) -> dict:
    """A Label Studio per-region result for one attribute value, typed as the value looks."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"type": "number", "value": {"number": value}}
    return {"type": "choices", "value": {"choices": [json.dumps(value) if isinstance(value, bool) else value]}}


def _key(span: tuple) -> dict:
    return {"start": span[0], "end": span[1], "label": span[2]}


def write_doccano(folder: Path, text: str, spans: Spans, relations: Relations) -> Path:
    entities = [{"id": i + 1, "start_offset": s, "end_offset": e, "label": lab} for i, (s, e, lab, _) in enumerate(spans)]
    rels = [{"id": k + 1, "from_id": h + 1, "to_id": c + 1, "type": lab} for k, (h, c, lab) in enumerate(relations)]
    path = folder / "in.jsonl"
    path.write_text(json.dumps({"text": text, "entities": entities, "relations": rels}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    return path


def write_labelstudio(folder: Path, text: str, spans: Spans, relations: Relations) -> Path:
    result = []
    for i, (s, e, lab, a) in enumerate(spans):
        quoted = text[s:e] if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text) else "?"
        result.append({"id": f"r{i}", "from_name": "label", "to_name": "text", "type": "labels",
                       "value": {"start": s, "end": e, "text": quoted, "labels": [lab]}})
        result += [{"id": f"r{i}", "from_name": f"{lab}_{name}", "to_name": "text", **_ls_attribute(value)}
                   for name, value in a.items()]
    result += [{"type": "relation", "from_id": f"r{h}", "to_id": f"r{c}", "direction": "right", "labels": [lab]}
               for h, c, lab in relations]
    path = folder / "in.json"
    path.write_text(json.dumps([{"data": {"text": text}, "annotations": [{"result": result}]}], ensure_ascii=False),
                    encoding="utf-8")
    return path


def write_brat(folder: Path, text: str, spans: Spans, relations: Relations) -> Path:
    root = folder / "brat"
    root.mkdir()
    (root / "doc.txt").write_text(text, encoding="utf-8", newline="")
    lines = [f"T{i + 1}\t{lab} {s} {e}\t{text[s:e] if isinstance(s, int) and isinstance(e, int) else ''}"
             for i, (s, e, lab, _) in enumerate(spans)]
    lines += [f"A{k + 1}\t{name} T{i + 1} {json.dumps(value) if isinstance(value, bool) else value}"
              for k, (i, name, value) in enumerate((i, n, v) for i, sp in enumerate(spans) for n, v in sp[3].items())]
    lines += [f"R{k + 1}\t{lab} Arg1:T{h + 1} Arg2:T{c + 1}" for k, (h, c, lab) in enumerate(relations)]
    (root / "doc.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def write_spacy(folder: Path, text: str, spans: Spans, relations: Relations) -> Path:
    from spacy.tokens import DocBin

    from annotations.tokens import blank

    doc = blank("en").make_doc(text)
    doc.user_data["glossator"] = {
        "title": "t", "source": "s", "meta": {}, "status": "new",
        "spans": [[s, e, lab, a, "accepted", None, None, None] for s, e, lab, a in spans],
        "relations": [[h, c, lab, "accepted"] for h, c, lab in relations],
    }
    path = folder / "in.spacy"
    DocBin(docs=[doc], store_user_data=True).to_disk(path)
    return path


SPAN_WRITERS: dict[str, Callable[[Path, str, Spans, Relations], Path]] = {
    "jsonl": write_jsonl, "doccano": write_doccano, "labelstudio": write_labelstudio,
    "brat": write_brat, "spacy": write_spacy,
}

ACTOR = (0, 8, "ACTOR", {"kind": "person"})
FIGURE = (14, 24, "FIGURE", {"value": 3500})
ASSERTION = (0, len(TEXT), "ASSERTION", {})

# name → (spans, relations); each must be refused
SPAN_CASES: dict[str, tuple[Spans, Relations]] = {
    "negative-offset": ([(-3, 8, "ACTOR", {})], []),
    "reversed-offsets": ([(8, 0, "ACTOR", {})], []),
    "empty-span": ([(5, 5, "ACTOR", {})], []),
    "end-past-text": ([(30, 400, "ACTOR", {})], []),
    "start-past-text": ([(500, 504, "ACTOR", {})], []),
    "unknown-label": ([(0, 8, "VILLAIN", {})], []),
    "relation-to-missing-span": ([ASSERTION, ACTOR], [(0, 7, "SOURCE")]),
    "relation-unknown-label": ([ASSERTION, ACTOR], [(0, 1, "FRIEND_OF")]),
}
# attribute cases only for formats that carry attributes
ATTRIBUTE_CASES: dict[str, tuple[Spans, Relations]] = {
    "attribute-wrong-type": ([(14, 24, "FIGURE", {"value": "lots"})], []),
    "attribute-unknown-choice": ([(0, 8, "ACTOR", {"kind": "alien"})], []),
    "attribute-unknown-name": ([(0, 8, "ACTOR", {"mood": "happy"})], []),
}
# doccano has no span attributes at all (annotations/formats/doccano.py), so it gets no attribute cases
ATTRIBUTE_FORMATS = ("jsonl", "spacy", "labelstudio", "brat")

# brat .ann bodies against TEXT, each refused at the given line (a good T line comes first)
BRAT_GOOD_LINE = "T1\tACTOR 0 8\tAna Ruiz"
BRAT_ANN_CASES: dict[str, tuple[str, int]] = {
    "offsets-beyond-text": ("T2\tACTOR 30 400\tx", 2),
    "start-beyond-text": ("T2\tACTOR 500 504\tx", 2),
    "reversed-offsets": ("T2\tACTOR 8 0\t", 2),
    "empty-span": ("T2\tACTOR 5 5\t", 2),
    "negative-offset": ("T2\tACTOR -3 8\tAna Ruiz", 2),
    "non-numeric-offsets": ("T2\tACTOR a b\tAna Ruiz", 2),
    "float-offsets": ("T2\tACTOR 0.0 8.0\tAna Ruiz", 2),
    "text-differs": ("T2\tACTOR 0 8\tBob Lane", 2),
    "discontinuous": ("T2\tACTOR 0 3;4 8\tAna Ruiz", 2),
    "missing-text-field": ("T2\tACTOR 0 8", 2),
    "relation-to-missing": ("R1\tSOURCE Arg1:T9 Arg2:T1", 2),
    "attribute-of-missing": ("A1\tkind T9 person", 2),
}

# texts that are valid and must be stored exactly, with the code-point span given
TRICKY_TEXTS = {
    "emoji": ("Der 👨🏻‍🚒 Tim Cook 😀 führt Apple.", "Tim Cook"),
    "rtl": ("قال أحمد إن 3,500 وظيفة مهددة. שלום Ana Ruiz עולם", "Ana Ruiz"),
    "combining": ("Zoe\u0308 and Jose\u0301 Ruiz met Ana Ruiz.", "Jose\u0301 Ruiz"),
    "crlf": ("Line one.\r\nAna Ruiz said so.\r\n", "Ana Ruiz"),
}


# ---- wrongly typed fields: (format, file builder, line, words the message must hold) ----------
# Each builder writes one file (or brat folder) whose only fault is one field's type or value;
# the refusal must name the file, the line and the field.

HUGE = "1" + "0" * 5000  # a JSON integer past Python's 4,300-digit conversion limit
BIG = 10**25  # fits no 64-bit column


def _jsonl(folder: Path, *lines: str) -> Path:
    path = folder / "in.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _good_jsonl() -> str:
    return json.dumps({"text": "A good first line.", "spans": []})


def _jsonl_span(**fields) -> str:
    span = {"start": 0, "end": 8, "label": "ACTOR", **fields}
    return json.dumps({"text": TEXT, "spans": [span]})


def _jsonl_raw(span_json: str) -> str:
    return '{"text": %s, "spans": [%s]}' % (json.dumps(TEXT), span_json)


def _doccano(folder: Path, record: str) -> Path:
    path = folder / "in.jsonl"
    path.write_text(json.dumps({"text": "A good first line.", "label": []}) + "\n" + record + "\n", encoding="utf-8")
    return path


def _ls(folder: Path, task: dict | str) -> Path:
    path = folder / "in.json"
    body = task if isinstance(task, str) else json.dumps(task)
    path.write_text('[\n{"data": {"text": "A good first task."}},\n' + body + "\n]\n", encoding="utf-8")
    return path


def _ls_region(**extra) -> dict:
    return {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": 0, "end": 8, "text": "Ana Ruiz", "labels": ["ACTOR"]}, **extra}


def _brat(folder: Path, ann: str) -> Path:
    root = folder / "brat"
    root.mkdir()
    (root / "doc.txt").write_text(TEXT, encoding="utf-8")
    (root / "doc.ann").write_text(f"{BRAT_GOOD_LINE}\nT2\tFIGURE 14 24\t3,500 jobs\n{ann}\n", encoding="utf-8")
    return root


def _spacy(folder: Path, **user) -> Path:
    from spacy.tokens import DocBin

    from annotations.tokens import blank

    data = {"title": "t", "source": "s", "meta": {}, "status": "new",
            "spans": [[0, 8, "ACTOR", {}, "accepted", None, None, None]], "relations": []}
    data.update(user)
    good, bad = blank("en").make_doc("A good first document."), blank("en").make_doc(TEXT)
    bad.user_data["glossator"] = data
    path = folder / "in.spacy"
    DocBin(docs=[good, bad], store_user_data=True).to_disk(path)
    return path


_PENDING = {"status": "pending", "suggester": "rules"}
_PENDING_RAW = '"status": "pending", "suggester": "rules"'
_FIGURE_RAW = '"start": 14, "end": 24, "label": "FIGURE"'


def _jsonl_case(*spans_or_lines: str | dict) -> Callable[[Path], Path]:
    """A JSONL file: a good line, then one task (a dict, or raw JSON for NaN and friends)."""
    def build(folder: Path) -> Path:
        lines = [json.dumps(x) if isinstance(x, dict) else x for x in spans_or_lines]
        return _jsonl(folder, _good_jsonl(), *lines)
    return build


def _ls_case(task: dict | str) -> Callable[[Path], Path]:
    return lambda folder: _ls(folder, task)


def _ls_raw(text: str, annotations: str = "", predictions: str = "") -> str:
    parts = [f'"data": {{"text": {json.dumps(text)}}}']
    parts += [f'"annotations": [{{"result": [{annotations}]}}]'] if annotations else []
    parts += [f'"predictions": [{predictions}]'] if predictions else []
    return "{" + ", ".join(parts) + "}"


_LS_REGION = json.dumps(_ls_region())
_LS_FIGURE = json.dumps({**_ls_region(), "value": {"start": 14, "end": 24, "text": "3,500 jobs", "labels": ["FIGURE"]}})
_NOTE = "#1\tAnnotatorNotes T1\tglossator "
_SOURCE = "T3\tASSERTION 0 38\tAna Ruiz said 3,500 jobs were at risk.\nR1\tSOURCE Arg1:T3 Arg2:T1\n"
_SPANS_2 = [[0, 38, "ASSERTION", {}, "accepted", None, None, None], [0, 8, "ACTOR", {}, "accepted", None, None, None]]


def _span_row(**changes) -> list:
    row = {"start": 0, "end": 8, "label": "ACTOR", "attributes": {}, "status": "accepted", "suggester": None,
           "version": None, "score": None, **changes}
    return [list(row.values())]


TYPE_CASES: dict[str, tuple[str, Callable[[Path], Path], int, tuple[str, ...]]] = {
    # JSONL (Prodigy)
    "jsonl-score-text": ("jsonl", _jsonl_case(_jsonl_span(score="high", **_PENDING)), 2, ("score",)),
    "jsonl-score-nan": ("jsonl", _jsonl_case(_jsonl_raw(
        f'{{"start": 0, "end": 8, "label": "ACTOR", {_PENDING_RAW}, "score": NaN}}')), 2, ("score",)),
    "jsonl-score-1e400": ("jsonl", _jsonl_case(_jsonl_raw(
        f'{{"start": 0, "end": 8, "label": "ACTOR", {_PENDING_RAW}, "score": 1e400}}')), 2, ("score",)),
    "jsonl-score-25-digits": ("jsonl", _jsonl_case(_jsonl_span(score=BIG, **_PENDING)), 2, ("score",)),
    "jsonl-score-above-one": ("jsonl", _jsonl_case(_jsonl_span(score=7.5, **_PENDING)), 2, ("score",)),
    "jsonl-attribute-nan": ("jsonl", _jsonl_case(_jsonl_raw(
        f'{{{_FIGURE_RAW}, "attributes": {{"value": NaN}}}}')), 2, ("value",)),
    "jsonl-attribute-infinity": ("jsonl", _jsonl_case(_jsonl_raw(
        f'{{{_FIGURE_RAW}, "attributes": {{"value": -Infinity}}}}')), 2, ("value",)),
    "jsonl-attribute-30-digits": ("jsonl", _jsonl_case(_jsonl_span(
        start=14, end=24, label="FIGURE", attributes={"value": 10**30})), 2, ("value",)),
    "jsonl-integer-5000-digits": ("jsonl", _jsonl_case(_jsonl_raw(
        f'{{{_FIGURE_RAW}, "attributes": {{"value": {HUGE}}}}}')), 2, ("digits",)),
    "jsonl-meta-nan": ("jsonl", _jsonl_case('{"text": "Ana Ruiz.", "meta": {"x": NaN}}'), 2, ("meta",)),
    "jsonl-meta-30-digits": ("jsonl", _jsonl_case({"text": "Ana.", "meta": {"x": 10**30}}), 2, ("meta",)),
    "jsonl-span-status-unknown": ("jsonl", _jsonl_case(_jsonl_span(status="maybe")), 2, ("status",)),
    "jsonl-relation-status-unknown": ("jsonl", _jsonl_case({
        "text": TEXT, "spans": [_key(ASSERTION), _key(ACTOR)],
        "relations": [{"head_span": _key(ASSERTION), "child_span": _key(ACTOR), "label": "SOURCE",
                       "status": "maybe"}]}), 2, ("status", "maybe")),
    "jsonl-suggester-number": ("jsonl", _jsonl_case(_jsonl_span(status="pending", suggester=5)), 2, ("suggester",)),
    # doccano
    "doccano-entity-id-list": ("doccano", lambda f: _doccano(f, json.dumps({
        "text": TEXT, "entities": [{"id": [1], "start_offset": 0, "end_offset": 8, "label": "ACTOR"}]})),
        2, ("id",)),
    "doccano-relation-id-object": ("doccano", lambda f: _doccano(f, json.dumps({
        "text": TEXT, "entities": [{"id": 1, "start_offset": 0, "end_offset": 8, "label": "ACTOR"}],
        "relations": [{"id": 1, "from_id": {"a": 1}, "to_id": 1, "type": "SOURCE"}]})), 2, ("from_id",)),
    "doccano-meta-nan": ("doccano", lambda f: _doccano(f, '{"text": "Ana.", "label": [], "extra": NaN}'),
                         2, ("meta", "extra")),
    "doccano-integer-5000-digits": ("doccano", lambda f: _doccano(
        f, '{"text": "Ana.", "label": [[0, %s, "ACTOR"]]}' % HUGE), 2, ("digits",)),
    "doccano-title-number": ("doccano", lambda f: _doccano(f, json.dumps({"text": "Ana.", "label": [], "title": 5})),
                             2, ("title",)),
    # Label Studio
    "labelstudio-result-id-object": ("labelstudio", _ls_case({"data": {"text": TEXT}, "annotations": [
        {"result": [_ls_region(id={"a": 1})]}]}), 3, ("id",)),
    "labelstudio-relation-id-list": ("labelstudio", _ls_case({"data": {"text": TEXT}, "annotations": [{"result": [
        _ls_region(), {"type": "relation", "from_id": ["r1"], "to_id": "r1", "labels": ["SOURCE"]}]}]}),
        3, ("from_id",)),
    "labelstudio-score-nan": ("labelstudio", _ls_case(_ls_raw(
        TEXT, predictions=f'{{"model_version": "m", "result": [{_LS_REGION[:-1]}, "score": NaN}}]}}')), 3, ("score",)),
    "labelstudio-prediction-score-1e400": ("labelstudio", _ls_case(_ls_raw(
        TEXT, predictions=f'{{"model_version": "m", "score": 1e400, "result": [{_LS_REGION}]}}')), 3, ("score",)),
    "labelstudio-score-25-digits": ("labelstudio", _ls_case({"data": {"text": TEXT}, "predictions": [
        {"model_version": "m", "result": [_ls_region(score=BIG)]}]}), 3, ("score",)),
    "labelstudio-number-nan": ("labelstudio", _ls_case(_ls_raw(TEXT, annotations=_LS_FIGURE + ", " + (
        '{"id": "r1", "from_name": "FIGURE_value", "to_name": "text", "type": "number", "value": {"number": NaN}}'))),
        3, ("value",)),
    "labelstudio-integer-5000-digits": ("labelstudio", _ls_case('{"data": {"text": "Ana."}, "id": %s}' % HUGE),
                                        3, ("digits",)),
    "labelstudio-meta-infinity": ("labelstudio", _ls_case('{"data": {"text": "Ana.", "x": Infinity}}'),
                                  3, ("meta", "x")),
    # brat
    "brat-note-score-text": ("brat", lambda f: _brat(f, _NOTE + '{"status": "pending", "score": "high"}'),
                             3, ("score",)),
    "brat-note-score-nan": ("brat", lambda f: _brat(f, _NOTE + '{"status": "pending", "score": NaN}'), 3, ("score",)),
    "brat-note-status-unknown": ("brat", lambda f: _brat(f, _NOTE + '{"status": "maybe"}'), 3, ("status",)),
    "brat-note-suggester-number": ("brat", lambda f: _brat(f, _NOTE + '{"status": "pending", "suggester": 5}'),
                                   3, ("suggester",)),
    "brat-note-5000-digits": ("brat", lambda f: _brat(f, _NOTE + '{"status": "pending", "score": %s}' % HUGE),
                              3, ("digits",)),
    "brat-relation-note-status-unknown": ("brat", lambda f: _brat(
        f, _SOURCE + _NOTE.replace("T1", "R1") + '{"status": "maybe"}'), 5, ("status",)),
    "brat-attribute-nan": ("brat", lambda f: _brat(f, "A1\tvalue T2 nan"), 3, ("value",)),
    "brat-attribute-1e400": ("brat", lambda f: _brat(f, "A1\tvalue T2 1e400"), 3, ("value",)),
    "brat-attribute-30-digits": ("brat", lambda f: _brat(f, "A1\tvalue T2 " + "9" * 30), 3, ("value",)),
    "brat-attribute-5000-digits": ("brat", lambda f: _brat(f, "A1\tvalue T2 " + "9" * 5000), 3, ("value",)),
    # spaCy DocBin user_data
    "spacy-spans-not-a-list": ("spacy", lambda f: _spacy(f, spans=5), 2, ("spans",)),
    "spacy-span-too-short": ("spacy", lambda f: _spacy(f, spans=[[0, 8]]), 2, ("span",)),
    "spacy-span-not-a-list": ("spacy", lambda f: _spacy(f, spans=[{"start": 0}]), 2, ("span",)),
    "spacy-score-text": ("spacy", lambda f: _spacy(f, spans=_span_row(status="pending", suggester="rules",
                                                                      score="high")), 2, ("score",)),
    "spacy-score-nan": ("spacy", lambda f: _spacy(f, spans=_span_row(status="pending", suggester="rules",
                                                                     score=float("nan"))), 2, ("score",)),
    "spacy-attributes-not-a-dict": ("spacy", lambda f: _spacy(f, spans=_span_row(attributes=[1])), 2, ("attributes",)),
    "spacy-title-list": ("spacy", lambda f: _spacy(f, title=["a"]), 2, ("title",)),
    "spacy-source-number": ("spacy", lambda f: _spacy(f, source=5), 2, ("source",)),
    "spacy-meta-not-a-dict": ("spacy", lambda f: _spacy(f, meta=[1, 2]), 2, ("meta",)),
    "spacy-status-unknown": ("spacy", lambda f: _spacy(f, status="maybe"), 2, ("status",)),
    "spacy-relation-status-unknown": ("spacy", lambda f: _spacy(f, spans=_SPANS_2, relations=[[0, 1, "SOURCE", "maybe"]]),
                                      2, ("status",)),
    "spacy-relation-wrong-shape": ("spacy", lambda f: _spacy(f, relations=[["a"]]), 2, ("relation",)),
    "spacy-user-data-not-a-dict": ("spacy", lambda f: _spacy_raw(f, [1, 2, 3]), 2, ("user_data",)),
}


def _spacy_raw(folder: Path, value: object) -> Path:
    from spacy.tokens import DocBin

    from annotations.tokens import blank

    good, bad = blank("en").make_doc("A good first document."), blank("en").make_doc(TEXT)
    bad.user_data["glossator"] = value
    path = folder / "in.spacy"
    DocBin(docs=[good, bad], store_user_data=True).to_disk(path)
    return path
