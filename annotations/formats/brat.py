"""brat standoff: a folder of `NAME.txt` + `NAME.ann` pairs and a generated
`annotation.conf`. T lines are spans (code-point offsets), A lines attributes
(`A1 kind T1 person`; booleans as `true`/`false`), R lines relations,
`#` AnnotatorNotes carry Glossator's suggestion status as
`glossator {json}`, N lines the actor links of ACTOR spans
(`N1<TAB>Reference T3 glossator:<actor id><TAB><name>`) with the registry
entries in `actors.jsonl` beside `annotation.conf` (actor_links.py).
Discontinuous spans and events are refused with the file and line; N lines
of other databases and foreign notes are reported, not kept.
See shared/FORMATS.md §5.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..attributes import TEXT
from ..errors import InputError, ValidationError
from ..schema import AttributeDef, LabelSchema
from ..text import read_text
from ..types import DocumentRecord, RelationRecord, SpanRecord
from .actor_links import (BRAT_PREFIX, ENTRIES_NAME, actor_id, actor_name, entries_jsonl, entry_list, keep_used,
                          read_entries_file)
from .base import ExportOptions, ExportReport, FormatBase, ImportNotes
from .output import count, document_name, write_folder
from .plaintext import title_of
from .record_checks import check_relation_status, check_span, checked

CONF_NAME = "annotation.conf"
NOTE_PREFIX = "glossator "
_T = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$", re.S)
_A = re.compile(r"^([AM]\d+)\t(\S+) (\S+)(?: (\S+))?$")
_R = re.compile(r"^(R\d+)\t(\S+) Arg1:(\S+) Arg2:(\S+)$")
_N = re.compile(r"^(N\d+)\tReference (\S+) ([^\s:]+):(\S+)\t?(.*)$", re.S)
_NOTE = re.compile(r"^(#\d*)\t(\S+) (\S+)\t?(.*)$", re.S)
_WS = re.compile(r"\s")


# ---- writing ----------------------------------------------------------------


def format_value(value: Any) -> str | None:
    """An attribute value as one brat token, or None if it cannot be one."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return text if text and not _WS.search(text) else None


def status_note(status: str, suggester: str | None = None, version: str | None = None,
                score: float | None = None) -> str | None:
    if status == "accepted":
        return None
    data = {"status": status, "suggester": suggester, "suggester_version": version, "score": score}
    return NOTE_PREFIX + json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False)


def ann_text(record: DocumentRecord, report: ExportReport) -> str:
    lines, attr_n, note_n, norm_n = [], 0, 0, 0
    for k, s in enumerate(record.spans, start=1):
        shown = _WS.sub(" ", record.text[s.start : s.end])
        lines.append(f"T{k}\t{s.label} {s.start} {s.end}\t{shown}")
        for name, value in s.attributes.items():
            token = format_value(value)
            if token is None:
                report.warn(f"{document_name(record)}: brat attribute values are single tokens; "
                            f"{s.label} {s.start}–{s.end} {name}={value!r} not written")
                continue
            attr_n += 1
            lines.append(f"A{attr_n}\t{name} T{k} {token}")
        note = status_note(s.status, s.suggester, s.suggester_version, s.score)
        if note:
            note_n += 1
            lines.append(f"#{note_n}\tAnnotatorNotes T{k}\t{note}")
        if s.actor is not None:
            norm_n += 1
            name = _WS.sub(" ", actor_name(record, s.actor))
            lines.append(f"N{norm_n}\tReference T{k} {BRAT_PREFIX}{s.actor}\t{name}")
    for k, r in enumerate(record.relations, start=1):
        lines.append(f"R{k}\t{r.label} Arg1:T{r.head + 1} Arg2:T{r.child + 1}")
        note = status_note(r.status)
        if note:
            note_n += 1
            lines.append(f"#{note_n}\tAnnotatorNotes R{k}\t{note}")
    return "".join(line + "\n" for line in lines)


def annotation_conf(schema: LabelSchema) -> str:
    lines = ["[entities]", *schema.label_names, "", "[relations]"]
    lines += [f"{r.name}\tArg1:{'|'.join(r.head)}, Arg2:{'|'.join(r.child)}" for r in schema.relations]
    lines += ["<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>", "", "[events]", "", "[attributes]"]
    for name in sorted({a.name for lab in schema.labels for a in lab.attributes}):
        owners = [lab for lab in schema.labels if lab.attribute(name)]
        spec = owners[0].attribute(name)
        values = spec.choices()
        line = f"{name}\tArg:{'|'.join(lab.name for lab in owners)}"
        lines.append(line + (f", Value:{'|'.join(values)}" if values else ""))
    return "\n".join(lines) + "\n"


# ---- reading ----------------------------------------------------------------


def parse_value(raw: str | None, spec: AttributeDef | None) -> Any:
    """A brat attribute value typed by its definition (plain text for an unknown attribute)."""
    kind = spec.kind if spec else TEXT
    if raw is None:
        if kind.present_value is None:
            raise ValueError("has no value")
        return kind.present_value
    return kind.parse(raw, spec.values if spec else ())


class AnnReader:
    """Parses one .ann file against its text; every error names the line."""

    def __init__(self, ann: Path, text: str, schema: LabelSchema, notes: ImportNotes):
        self.ann, self.text, self.schema, self.notes = ann, text, schema, notes
        self.spans: list[SpanRecord] = []
        self.relations: list[RelationRecord] = []
        self.ids: dict[str, tuple[str, int]] = {}  # brat id -> ("T"|"R", index)
        self.later: list[tuple[int, re.Match]] = []
        self.ignored = 0
        self.names: dict[str, str] = {}  # actor id -> the name its N lines give

    def fail(self, line: int, reason: str) -> InputError:
        return InputError(self.ann, line, reason)

    def read(self) -> None:
        for number, line in enumerate(read_text(self.ann).split("\n"), start=1):
            line = line.rstrip("\r")
            if not line.strip():
                continue
            kind = line[0]
            if kind == "T":
                self.span(number, line)
            elif kind in "AMR#":
                match = {"A": _A, "M": _A, "R": _R, "#": _NOTE}[kind].match(line)
                if not match:
                    raise self.fail(number, f"malformed {kind} line: {line[:80]!r}")
                self.later.append((number, match))
            elif kind == "N" and (found := _N.match(line)) and found.group(3) + ":" == BRAT_PREFIX:
                self.later.append((number, found))
            elif kind in "N*":
                self.ignored += 1
            elif kind == "E":
                raise self.fail(number, "brat events (E lines) are not supported; convert them to relations")
            else:
                raise self.fail(number, f"unknown annotation line: {line[:80]!r}")
        for number, match in sorted(self.later, key=lambda t: t[1].group(1)[0] != "R"):
            {"A": self.attribute, "M": self.attribute, "R": self.relation, "#": self.note,
             "N": self.normalization}[match.group(1)[0]](number, match)
        if self.ignored:
            self.notes.messages.append(f"{self.ann}: {self.ignored} normalization/equivalence/note line(s) "
                                       "have no place in the store and were not imported")

    def define(self, number: int, key: str, kind: str, index: int) -> None:
        if key in self.ids:
            raise self.fail(number, f"id {key} is defined twice")
        self.ids[key] = (kind, index)

    def target(self, number: int, key: str, kinds: str = "T") -> int:
        kind, index = self.ids.get(key, ("", -1))
        if kind not in kinds or not kind:
            raise self.fail(number, f"{key} is not a {'span' if kinds == 'T' else 'span or relation'} in this file")
        return index

    def span(self, number: int, line: str) -> None:
        match = _T.match(line)
        if not match:
            raise self.fail(number, f"malformed T line: {line[:80]!r}")
        key, label, frags, quoted = match.groups()
        if ";" in frags:
            raise self.fail(number, f"{key} is discontinuous ({frags}); Glossator spans are continuous — "
                                    "split it into separate spans in brat first")
        start, end = map(int, frags.split())
        if not 0 <= start < end <= len(self.text):
            raise self.fail(number, f"{key} offsets {start}–{end} are outside the text (0–{len(self.text)})")
        if _WS.sub(" ", self.text[start:end]) != _WS.sub(" ", quoted):
            raise self.fail(number, f"{key} text {quoted[:40]!r} differs from the .txt at {start}–{end} "
                                    f"({self.text[start:end][:40]!r})")
        try:
            self.schema.label(label)
        except ValidationError as exc:
            raise self.fail(number, str(exc)) from None
        self.define(number, key, "T", len(self.spans))
        self.spans.append(SpanRecord(start=start, end=end, label=label))

    def attribute(self, number: int, match: re.Match) -> None:
        key, name, ref, raw = match.groups()
        span = self.spans[self.target(number, ref)]
        spec = self.schema.label(span.label).attribute(name)
        if spec is None:
            raise self.fail(number, f"{span.label} has no attribute {name!r}")
        try:
            span.attributes[name] = parse_value(raw, spec)
        except ValueError as exc:
            raise self.fail(number, f"attribute {name} of {ref} {exc}") from None

    def relation(self, number: int, match: re.Match) -> None:
        key, label, head, child = match.groups()
        self.define(number, key, "R", len(self.relations))
        self.relations.append(RelationRecord(head=self.target(number, head), child=self.target(number, child),
                                             label=label))

    def normalization(self, number: int, match: re.Match) -> None:
        """`N1 Reference T3 glossator:<actor id> name`: the span's actor link (other databases ignored)."""
        _, ref, _db, value, name = match.groups()
        span = self.spans[self.target(number, ref)]
        if span.label != "ACTOR":
            raise self.fail(number, f"{ref} is {span.label}; only ACTOR spans link to actors")
        span.actor = actor_id(value, self.ann, number, "actor id")
        if name.strip():
            self.names.setdefault(span.actor, name.strip())

    def note(self, number: int, match: re.Match) -> None:
        _, kind, ref, body = match.groups()
        if kind != "AnnotatorNotes" or not body.startswith(NOTE_PREFIX):
            self.ignored += 1
            return
        index = self.target(number, ref, "TR")
        try:
            data = json.loads(body[len(NOTE_PREFIX):])
        except json.JSONDecodeError as exc:
            raise self.fail(number, f"glossator note is not valid JSON ({exc.msg})") from None
        except ValueError as exc:  # an integer of more than 4,300 digits
            raise self.fail(number, f"glossator note has a number with too many digits ({exc})"[:200]) from None
        except RecursionError:
            raise self.fail(number, "glossator note is nested too deeply") from None
        if not isinstance(data, dict) or not isinstance(data.get("status"), str):
            raise self.fail(number, "glossator note needs a status")
        if self.ids[ref][0] == "R":
            relation = self.relations[index]
            check_relation_status(data["status"], relation.label, str(self.ann), number, index)
            relation.status = data["status"]
            return
        span = self.spans[index]
        span.status = data["status"]
        span.suggester, span.suggester_version = data.get("suggester"), data.get("suggester_version")
        span.score = data.get("score")
        if span.suggester:
            span.origin = "suggestion"
        check_span(span, str(self.ann), number, index)


class Brat(FormatBase):
    name = "brat"
    description = "brat standoff: folder of .txt + .ann pairs with annotation.conf"
    extensions = (".ann",)
    folder = True

    def sniff(self, path: Path) -> bool:
        if path.is_dir():
            return any(path.glob("*.ann"))
        return path.suffix.lower() == ".ann"

    def pairs(self, path: Path) -> list[tuple[Path, Path]]:
        anns = sorted(path.glob("*.ann")) if path.is_dir() else [path]
        found = []
        for ann in anns:
            txt = ann.with_suffix(".txt")
            if not txt.is_file():
                raise InputError(ann, None, f"no text file {txt.name} beside it")
            for file in (ann, txt) if path.is_dir() else ():
                if file.is_symlink():  # may point out of the folder (a key, /dev/zero)
                    raise InputError(file, None, "is a link; brat folders are read without following links")
            found.append((txt, ann))
        if not found:
            raise InputError(path, None, "no .ann files")
        return found

    def read(self, path: Path, schema: LabelSchema, notes: ImportNotes) -> Iterator[DocumentRecord]:
        records = []
        entries = read_entries_file((path if path.is_dir() else path.parent) / ENTRIES_NAME)
        for txt, ann in self.pairs(path):
            text = read_text(txt)
            reader = AnnReader(ann, text, schema, notes)
            reader.read()
            # an actor only named by N lines gets that name (its kind comes from the span on import)
            known = {**{a: {"id": a, "name": n} for a, n in reader.names.items()}, **entries}
            records.append(checked(keep_used(DocumentRecord(
                text=text, title=title_of(text, txt), source=txt.name, spans=reader.spans,
                relations=reader.relations, path=str(ann)), known)))
        yield from records

    def write(self, records: Iterable[DocumentRecord], out: Path, options: ExportOptions) -> ExportReport:
        report = ExportReport()
        files: list[tuple[str, str]] = [(CONF_NAME, annotation_conf(options.schema))]
        kept_no_meta = 0
        entries: dict[str, dict] = {}
        for n, record in enumerate(records, start=1):
            stem = f"{record.store_id if record.store_id is not None else n:05d}"
            files += [(f"{stem}.txt", record.text), (f"{stem}.ann", ann_text(record, report))]
            entries.update((e["id"], e) for e in entry_list(record))
            kept_no_meta += bool(record.meta or record.status != "new")
            count(report, record)
        if kept_no_meta:
            report.warn(f"brat keeps no document title, status or metadata ({kept_no_meta} document(s) had some)")
        if entries:
            files.append((ENTRIES_NAME, entries_jsonl(entries.values())))
        report.files = write_folder(out, self.name, files, options.replace_folder)
        return report


BRAT = Brat()
