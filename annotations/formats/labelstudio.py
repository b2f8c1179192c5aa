"""Label Studio JSON tasks: accepted spans as `annotations`, pending
suggestions as `predictions` (one per suggester, with `model_version` and
`score`), span attributes as per-region results sharing the region's id,
relations as `relation` results; and the matching `labeling_config.xml`
beside the JSON. An ACTOR region's link is one more per-region result from
the `actor` TextArea (its text: the actor id), the registry entries ride in
the task's `data.actors` (actor_links.py).

Offsets are code points, and every region carries `value.text`. On import,
how the file counts offsets (code points, or UTF-16 units from older Label
Studio front ends) is decided once per file from its regions (offsets.py),
then `text[start:end] == value.text` is checked for each. See
shared/FORMATS.md, pitfalls 1, 9 and 14.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable, Iterator
from xml.sax.saxutils import quoteattr

from ..schema import AttributeDef, LabelSchema
from ..text import Utf16Offsets
from ..types import DOCUMENT_STATUSES, DocumentRecord, RelationRecord, SpanRecord
from .actor_links import actor_id, entry_list, keep_used, read_entries
from .base import ExportOptions, ExportReport, FormatBase, ImportNotes
from .offsets import CODEPOINTS, UTF16, RawSpan, as_codepoints, decide
from .output import FolderWriter, count, document_name, write_atomically
from .plaintext import title_of
from .record_checks import checked
from .records import Fields, iter_json_array

LABELS = "label"
TEXT = "text"
CONFIG_NAME = "labeling_config.xml"
CONTROLS = {"choices": "choices", "number": "number", "text": "textarea"}  # attribute editor -> control
TASKS_NAME = "tasks.json"
ACTOR_LABEL = "ACTOR"
ACTOR_CONTROL = "actor"  # the per-region TextArea holding an ACTOR region's actor id
ACTORS_KEY = "actors"  # task data: the registry entries the task's links use


def control_name(label: str, attribute: str) -> str:
    return f"{label}_{attribute}"


def model_version(span: SpanRecord) -> str:
    return f"{span.suggester}@{span.suggester_version}" if span.suggester_version else (span.suggester or "")


# ---- writing ----------------------------------------------------------------


def region_results(record: DocumentRecord, i: int, schema: LabelSchema) -> list[dict]:
    span = record.spans[i]
    where = {"start": span.start, "end": span.end, "text": record.text[span.start : span.end]}
    rid = f"s{i}"
    region: dict[str, Any] = {"id": rid, "from_name": LABELS, "to_name": TEXT, "type": "labels",
                              "value": {**where, "labels": [span.label]}}
    if span.score is not None:
        region["score"] = span.score
    out = [region]
    label = schema.label(span.label)
    for name, value in span.attributes.items():
        spec = label.attribute(name)
        kind = CONTROLS[spec.kind.editor] if spec else "textarea"
        payload = {"choices": [spec.format(value) if spec else value],
                   "number": value, "textarea": [value]}[kind]
        key = {"choices": "choices", "number": "number", "textarea": "text"}[kind]
        out.append({"id": rid, "from_name": control_name(span.label, name), "to_name": TEXT, "type": kind,
                    "value": {**where, key: payload}})
    if span.actor is not None:
        out.append({"id": rid, "from_name": ACTOR_CONTROL, "to_name": TEXT, "type": "textarea",
                    "value": {**where, "text": [span.actor]}})
    return out


def relation_result(rel: RelationRecord) -> dict:
    return {"type": "relation", "from_id": f"s{rel.head}", "to_id": f"s{rel.child}", "direction": "right",
            "labels": [rel.label]}


def task_dict(record: DocumentRecord, number: int, schema: LabelSchema, report: ExportReport) -> dict:
    accepted = [i for i, s in enumerate(record.spans) if s.status == "accepted"]
    groups: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(record.spans):
        if s.status != "accepted":
            groups[model_version(s)].append(i)
    home = {i: "annotation" for i in accepted}
    home.update({i: version for version, ids in groups.items() for i in ids})
    annotation = [r for i in accepted for r in region_results(record, i, schema)]
    predictions = {v: [r for i in ids for r in region_results(record, i, schema)] for v, ids in groups.items()}
    skipped = 0
    for rel in record.relations:
        place = home[rel.head] if home[rel.head] == home[rel.child] else None
        if place == "annotation" and rel.status == "accepted":
            annotation.append(relation_result(rel))
        elif place not in (None, "annotation"):
            predictions[place].append(relation_result(rel))
        else:
            skipped += 1
    if skipped:
        report.warn(f"{document_name(record)}: {skipped} relation(s) joining an accepted and a pending span "
                    "(or pending between accepted spans) cannot be a Label Studio result; not written")
    task: dict[str, Any] = {
        "id": number,
        "data": {TEXT: record.text, "title": record.title, "source": record.source,
                 "document_status": record.status, "meta": record.meta},
        "annotations": [{"result": annotation, "was_cancelled": False}] if annotation else [],
        "predictions": [],
    }
    if record.actors:
        task["data"][ACTORS_KEY] = entry_list(record)
    for version, results in predictions.items():
        # stores written before scores were checked on import may hold text: leave those out
        scores = [record.spans[i].score for i in groups[version] if isinstance(record.spans[i].score, (int, float))]
        pred: dict[str, Any] = {"model_version": version, "result": results}
        if scores:
            pred["score"] = sum(scores) / len(scores)
        task["predictions"].append(pred)
    count(report, record, relations=len(record.relations) - skipped)
    return task


def labeling_config(schema: LabelSchema) -> str:
    """The Label Studio labelling interface for the schema: labels, relations
    and one per-region control per attribute."""
    lines = ["<View>", f'  <Labels name="{LABELS}" toName="{TEXT}">']
    lines += [f"    <Label value={quoteattr(lab.name)} background={quoteattr(lab.color)}/>" for lab in schema.labels]
    lines += ["  </Labels>", f'  <Text name="{TEXT}" value="${TEXT}"/>']
    if schema.relations:
        lines.append("  <Relations>")
        lines += [f"    <Relation value={quoteattr(r.name)}/>" for r in schema.relations]
        lines.append("  </Relations>")
    for lab in schema.labels:
        for attr in lab.attributes:
            common = (f'name={quoteattr(control_name(lab.name, attr.name))} toName="{TEXT}" perRegion="true" '
                      f'visibleWhen="region-selected" whenLabelValue={quoteattr(lab.name)}')
            kind = CONTROLS[attr.kind.editor]
            if kind == "choices":
                values = attr.choices()
                lines.append(f"  <Choices {common}>")
                lines += [f"    <Choice value={quoteattr(v)}/>" for v in values]
                lines.append("  </Choices>")
            elif kind == "number":
                lines.append(f"  <Number {common}/>")
            else:
                lines.append(f"  <TextArea {common}/>")
    if ACTOR_LABEL in schema.label_names:
        lines.append(f'  <TextArea name="{ACTOR_CONTROL}" toName="{TEXT}" perRegion="true" '
                     f'visibleWhen="region-selected" whenLabelValue="{ACTOR_LABEL}" maxSubmissions="1" '
                     f'placeholder="actor id (glossator actors list)"/>')
    lines.append("</View>")
    return "\n".join(lines) + "\n"


# ---- reading ----------------------------------------------------------------


class TaskReader:
    """Turns one task's results into spans and relations, checking offsets."""

    def __init__(self, f: Fields, text: str, schema: LabelSchema, unit: str):
        self.f, self.text, self.schema, self.unit = f, text, schema, unit
        self.spans: list[SpanRecord] = []
        self.relations: list[RelationRecord] = []
        self.regions: dict[Any, list[int]] = {}
        self._u16: Utf16Offsets | None = None

    def offsets(self, v: Fields) -> tuple[int, int]:
        start, end = v.int("start"), v.int("end")
        quoted = v.str("text", required=False)
        if self.unit == UTF16:
            self._u16 = self._u16 or Utf16Offsets(self.text)
            converted = as_codepoints(self._u16, start, end)
            if converted is None:
                raise self.f.fail(f"region {start}–{end}: as UTF-16 code units these offsets split an emoji "
                                  "or leave the text")
            start, end = converted
        if quoted is None or self.text[start:end] == quoted and 0 <= start < end:
            return start, end
        raise self.f.fail(f"region {start}–{end}: text[start:end] is {self.text[start:end]!r}, "
                          f"but value.text is {quoted!r}"[:300])

    def results(self, results: list, pending: dict | None) -> None:
        items = [self.f.sub(r, "result") for r in results]
        local: dict[Any, list[int]] = {}
        for r in items:
            if r.value.get("type") == "labels":
                v = r.sub(r.value.get("value"), "result value")
                start, end = self.offsets(v)
                rid = r.key("id", "")
                for label in v.list("labels"):
                    local.setdefault(rid, []).append(len(self.spans))
                    self.spans.append(self.span(start, end, label, r, pending))
        for r in items:
            kind = r.value.get("type")
            if kind == "relation":
                self.relation(r, local, pending)
            elif kind != "labels" and r.value.get("from_name") == ACTOR_CONTROL:
                self.link(r, local)
            elif kind != "labels":
                self.attribute(r, local)

    def span(self, start: int, end: int, label: str, r: Fields, pending: dict | None) -> SpanRecord:
        if pending is None:
            return SpanRecord(start=start, end=end, label=label)
        suggester, _, version = pending["model_version"].rpartition("@") if "@" in pending["model_version"] \
            else (pending["model_version"], "", "")
        score = r.get("score", (int, float), default=pending.get("score"))
        return SpanRecord(start=start, end=end, label=label, status="pending", origin="suggestion",
                          suggester=suggester or None, suggester_version=version or None, score=score)

    def relation(self, r: Fields, local: dict, pending: dict | None) -> None:
        ends = []
        for side in ("from_id", "to_id"):
            if r.key(side) not in local:
                raise r.fail(f"relation {side} {r.value.get(side)!r} is not a labelled region of this result")
            ends.append(local[r.value.get(side)][0])
        if r.value.get("direction") == "left":
            ends.reverse()
        for label in r.list("labels") or [""]:
            self.relations.append(RelationRecord(head=ends[0], child=ends[1], label=label,
                                                 status="accepted" if pending is None else "pending"))

    def link(self, r: Fields, local: dict) -> None:
        """The `actor` TextArea of an ACTOR region: its one text is the actor id."""
        if r.key("id", "") not in local:
            raise r.fail(f"actor result {r.value.get('id')!r} belongs to no labelled region")
        texts = r.dict("value").get("text")
        if not isinstance(texts, list) or len(texts) != 1:
            raise r.fail(f"actor result {r.value.get('id')!r} needs one text (the actor id), not {texts!r}"[:200])
        for i in local[r.value["id"]]:
            span = self.spans[i]
            if span.label != ACTOR_LABEL:
                raise r.fail(f"region {r.value.get('id')!r} is {span.label}; only ACTOR regions link to actors")
            span.actor = actor_id(texts[0], r.path, r.line, "actor result text")

    def attribute(self, r: Fields, local: dict) -> None:
        if r.key("id", "") not in local:
            raise r.fail(f"{r.value.get('type')} result {r.value.get('id')!r} belongs to no labelled region")
        v = r.dict("value")
        for i in local[r.value["id"]]:
            span = self.spans[i]
            name = r.str("from_name")
            name = name[len(span.label) + 1:] if name.startswith(f"{span.label}_") else name
            spec = self.schema.label(span.label).attribute(name) if span.label in self.schema.label_names else None
            span.attributes[name] = attribute_value(r, v, spec)


def attribute_value(r: Fields, v: dict, spec: AttributeDef | None) -> Any:
    if "choices" in v:
        choices = v["choices"]
        if not isinstance(choices, list) or len(choices) != 1:
            raise r.fail(f"attribute {r.value.get('from_name')!r} needs exactly one choice, not {choices!r}")
        value = choices[0]
        if spec is None or not isinstance(value, str):
            return value  # the schema check names what is wrong
        try:
            return spec.parse(value)
        except ValueError:
            return value
    if "number" in v:
        return v["number"]
    if "text" in v and isinstance(v["text"], list) and len(v["text"]) == 1:
        return v["text"][0]
    raise r.fail(f"cannot read attribute {r.value.get('from_name')!r} from {json.dumps(v)[:80]}")


def _annotations(task: dict) -> list:
    found = task.get("annotations")
    return [a for a in found if not (isinstance(a, dict) and a.get("was_cancelled"))] if isinstance(found, list) else []


def raw_regions(value: Any, line: int) -> Iterator[RawSpan]:
    """The labelled regions of one task as the file gives them (skipping anything malformed:
    read_task refuses that with its own message)."""
    if not isinstance(value, dict) or not isinstance(value.get("data"), dict):
        return
    text = value["data"].get(TEXT)
    if not isinstance(text, str):
        return
    predictions = value.get("predictions")
    groups = _annotations(value)[:1] + (predictions if isinstance(predictions, list) else [])
    for group in groups:
        results = group.get("result") if isinstance(group, dict) else None
        for r in results if isinstance(results, list) else []:
            v = r.get("value") if isinstance(r, dict) and r.get("type") == "labels" else None
            if isinstance(v, dict) and isinstance(v.get("start"), int) and isinstance(v.get("end"), int):
                quoted = v.get("text") if isinstance(v.get("text"), str) else None
                yield RawSpan(text, v["start"], v["end"], line, quoted)


def read_task(value: Any, path: Path, line: int, schema: LabelSchema, notes: ImportNotes,
              unit: str = CODEPOINTS) -> DocumentRecord:
    f = Fields(value, path, line, "task")
    data = f.sub(f.value.get("data"), "task data")
    text = data.str(TEXT)
    reader = TaskReader(f, text, schema, unit)
    f.list("annotations")
    annotations = _annotations(f.value)
    if len(annotations) > 1:
        notes.messages.append(f"{path}:{line}: {len(annotations)} annotations; the first was imported")
    for ann in annotations[:1]:
        reader.results(f.sub(ann, "annotation").list("result"), None)
    for pred in f.list("predictions"):
        p = f.sub(pred, "prediction")
        results = p.list("result")
        # The prediction's score stands in for results only when none has its own.
        own = any(isinstance(r, dict) and "score" in r for r in results)
        info = {"model_version": str(p.value.get("model_version") or "labelstudio"),
                "score": None if own else p.get("score", (int, float))}
        reader.results(results, info)
    status = data.str("document_status", required=False, default="new")
    if status not in DOCUMENT_STATUSES:
        raise f.fail(f"unknown document status {status!r}")
    meta = dict(data.dict("meta"))
    meta.update({k: v for k, v in data.value.items()
                 if k not in (TEXT, "title", "source", "document_status", "meta", ACTORS_KEY)})
    return keep_used(DocumentRecord(
        text=text, title=data.str("title", required=False) or title_of(text, path),
        source=data.str("source", required=False) or path.name, meta=meta, status=status,
        spans=reader.spans, relations=reader.relations, path=str(path), line=line,
    ), read_entries(data.value.get(ACTORS_KEY), path, line, f"task data {ACTORS_KEY!r}"))


class LabelStudio(FormatBase):
    name = "labelstudio"
    description = "Label Studio JSON tasks (annotations, predictions, relations) + labeling_config.xml"
    extensions = (".json",)

    def sniff(self, path: Path) -> bool:
        return path.is_file() and path.suffix.lower() == ".json"

    def writes_folder(self, out: Path) -> bool:
        return out.suffix.lower() != ".json"

    def companions(self, out: Path, options: ExportOptions) -> list[Path]:
        return [] if self.writes_folder(out) else [out.with_name(CONFIG_NAME)]

    def read(self, path: Path, schema: LabelSchema, notes: ImportNotes) -> Iterator[DocumentRecord]:
        tasks = list(iter_json_array(path))
        unit = decide(path, [raw for line, value in tasks for raw in raw_regions(value, line)], notes)
        for line, value in tasks:
            yield checked(read_task(value, path, line, schema, notes, unit))

    def write(self, records: Iterable[DocumentRecord], out: Path, options: ExportOptions) -> ExportReport:
        report = ExportReport()
        tasks = [task_dict(r, n, options.schema, report) for n, r in enumerate(records, start=1)]
        body = "[\n" + ",\n".join(json.dumps(t, ensure_ascii=False, allow_nan=False) for t in tasks) + "\n]\n"
        if self.writes_folder(out):
            with FolderWriter(out, self.name, options.replace_folder) as folder:
                report.files = [folder.write(TASKS_NAME, body), folder.write(CONFIG_NAME, labeling_config(options.schema))]
            return report
        config = out.with_name(CONFIG_NAME)
        write_atomically(out, [body])
        write_atomically(config, [labeling_config(options.schema)])
        report.files = [out, config]
        return report


LABELSTUDIO = LabelStudio()
