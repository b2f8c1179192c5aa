"""Actor links in files, shared by the formats that hold them.

Where each format keeps a link of an ACTOR span to a registry actor (only
accepted links are exported; README "Actor registry"):

- spaCy DocBin: `Span.kb_id_` in `doc.spans["sc"]` and `doc.ents`, and in
  `user_data["glossator"]`: `links` ([span index, actor id]) and `actors`
  (the registry entries used);
- Prodigy JSONL: `"actor": {"id", "name"}` on the span, the entries in the
  task's `"actors"` list;
- brat: `N1<TAB>Reference T3 glossator:<actor id><TAB><name>` lines, the
  entries in `actors.jsonl` beside `annotation.conf`;
- Label Studio: a per-region `TextArea` named `actor` (in the generated
  labeling config, shown for ACTOR regions) holding the actor id; the entries
  in each task's `data.actors`;
- doccano and CoNLL cannot hold them: the export report says how many were
  left out, in one line.

A registry entry is the `actors export` JSONL shape: id, name, kind,
aliases, external_ids (and notes). Readers check each with the registry
file's own checks and name file, line and field when one is wrong.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError, ValidationError
from ..types import DocumentRecord
from .base import ExportReport

ENTRIES_NAME = "actors.jsonl"  # brat: the registry entries beside annotation.conf
BRAT_PREFIX = "glossator:"  # brat N lines: `Reference T3 glossator:<actor id>`


def actor_id(value: Any, path: str | Path, line: int | None, what: str = "span field 'actor'") -> str:
    """A link's actor id: non-empty text without line breaks or tabs."""
    if not isinstance(value, str) or not value.strip() or any(c in value for c in "\t\r\n"):
        raise InputError(path, line, f"{what} must be an actor id (text), not {value!r}"[:200])
    return value


def read_entries(raw: Any, path: str | Path, line: int | None, what: str = "'actors'") -> dict[str, dict[str, Any]]:
    """{actor id: entry} from a file's list of registry entries, each checked."""
    from ..actors.files import check_entry

    if raw is None:
        return {}
    if not isinstance(raw, (list, tuple)):  # msgpack (spaCy's user_data) gives tuples
        raise InputError(path, line, f"{what} must be a list of actors, not {raw!r}"[:200])
    found: dict[str, dict[str, Any]] = {}
    for k, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            raise InputError(path, line, f"{what} item {k} must be an object, not {item!r}"[:200])
        item = {k: list(v) if isinstance(v, tuple) else v for k, v in item.items()}
        try:
            spec = check_entry(Path(path), line or 0, item)
        except ValidationError as exc:
            reason = str(exc).split(": ", 1)[-1].removesuffix("; nothing was imported")
            raise InputError(path, line, f"{what} item {k}: {reason}") from None
        found[actor_id(spec["id"], path, line, f"{what} item {k} field 'id'")] = spec
    return found


def entry_list(record: DocumentRecord) -> list[dict[str, Any]]:
    """The record's registry entries (the actors its spans link to) as a file writes them."""
    return [record.actors[a] for a in dict.fromkeys(s.actor for s in record.spans if s.actor) if a in record.actors]


def actor_name(record: DocumentRecord, actor: str) -> str:
    found = record.actors.get(actor)
    return found["name"] if found else actor


def keep_used(record: DocumentRecord, entries: dict[str, dict[str, Any]]) -> DocumentRecord:
    """Give the record the entries its spans link to (a file's entries may serve several documents)."""
    record.actors = {s.actor: entries[s.actor] for s in record.spans if s.actor in entries}
    return record


def report_not_written(report: ExportReport, links: int, format_title: str) -> None:
    """One line, first in the report, for the links a format cannot hold."""
    if links:
        report.warnings.insert(0, f"{links} actor link(s) not representable in {format_title}; not written")


def count_links(spans: Iterable) -> int:
    return sum(1 for s in spans if s.actor is not None)


def entries_jsonl(entries: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(e, ensure_ascii=False, allow_nan=False) + "\n" for e in entries)


def read_entries_file(path: Path) -> dict[str, dict[str, Any]]:
    """The entries of an `actors.jsonl` side file (none when it is not there)."""
    from ..text import read_text

    if not path.is_file() or path.is_symlink():
        return {}
    found: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(read_text(path).split("\n"), start=1):
        if line.strip():
            from .records import parse_json

            found.update(read_entries([parse_json(line, path, number)], path, number, "actor"))
    return found
