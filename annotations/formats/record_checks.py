"""Type checks for every field of a record a reader built from a file, before
anything reaches the store: text fields are text, statuses are known, offsets
and indices are integers, scores are finite numbers from 0 to 1, and every
number in metadata and attributes is finite and fits 64 bits (so no export
later writes a bare NaN or crashes on an integer msgpack cannot hold).

Each refusal is an InputError naming the file, the line and the field.
Readers call `checked(record)` on what they yield; this runs on import only,
never on export.
"""
from __future__ import annotations

import math
from typing import Any

from ..errors import InputError
from ..types import DOCUMENT_STATUSES, ORIGINS, SPAN_STATUSES, DocumentRecord, SpanRecord

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
RELATION_STATUSES = SPAN_STATUSES
MAX_DEPTH = 32  # metadata nesting; JSON readers already refuse deeper input


def number_problem(value: Any) -> str | None:
    """Why a JSON number cannot be stored and exported (None if it can)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX:
        return f"the integer {str(value)[:20]}… does not fit in 64 bits"
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value!r} is not a finite number"
    return None


def value_problem(value: Any, depth: int = 0) -> str | None:
    """Why a JSON-like value (metadata, an attribute) cannot be stored, or None."""
    if value is None or isinstance(value, (str, bool)):
        return None
    if isinstance(value, (int, float)):
        return number_problem(value)
    if depth > MAX_DEPTH:
        return "is nested too deeply"
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"has a key that is not text ({key!r})"[:80]
            problem = value_problem(item, depth + 1)
            if problem:
                return f"{key!r}: {problem}" if depth == 0 else problem
        return None
    if isinstance(value, (list, tuple)):
        for item in value:
            problem = value_problem(item, depth + 1)
            if problem:
                return problem
        return None
    return f"holds a {type(value).__name__}, which is not a JSON value"


class _Checker:
    def __init__(self, record: DocumentRecord):
        self.record = record

    def fail(self, where: str, reason: str) -> InputError:
        return InputError(self.record.path or "<input>", self.record.line, f"{where}{reason}"[:300])

    def text(self, where: str, name: str, value: Any, optional: bool = False) -> None:
        if value is None and optional:
            return
        if not isinstance(value, str):
            raise self.fail(where, f"field {name!r} must be text, not {value!r}"[:200])

    def integer(self, where: str, name: str, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, f"field {name!r} must be an integer, not {value!r}"[:200])
        problem = number_problem(value)
        if problem:
            raise self.fail(where, f"field {name!r}: {problem}")

    def choice(self, where: str, name: str, value: Any, allowed: tuple[str, ...]) -> None:
        if not isinstance(value, str) or value not in allowed:
            raise self.fail(where, f"field {name!r} is {value!r}, not one of {', '.join(allowed)}"[:200])

    def span(self, i: int, span: SpanRecord) -> None:
        where = f"span {i + 1}: "
        self.integer(where, "start", span.start)
        self.integer(where, "end", span.end)
        self.text(where, "label", span.label)
        where = f"span {i + 1} ({span.label} {span.start}–{span.end}): "
        if not isinstance(span.attributes, dict):
            raise self.fail(where, f"field 'attributes' must be an object, not {span.attributes!r}"[:200])
        problem = value_problem(span.attributes)
        if problem:
            raise self.fail(where, f"attribute {problem}")
        self.choice(where, "status", span.status, SPAN_STATUSES)
        self.choice(where, "origin", span.origin, ORIGINS)
        self.text(where, "suggester", span.suggester, optional=True)
        self.text(where, "suggester_version", span.suggester_version, optional=True)
        self.text(where, "annotator", span.annotator, optional=True)
        self.text(where, "actor", span.actor, optional=True)
        score = span.score
        if score is not None and (isinstance(score, bool) or not isinstance(score, (int, float))
                                  or number_problem(score) or not 0 <= score <= 1):
            raise self.fail(where, f"field 'score' must be a number from 0 to 1, not {score!r}"[:200])

    def run(self) -> None:
        r = self.record
        self.text("", "text", r.text)
        self.text("", "title", r.title)
        self.text("", "source", r.source, optional=True)
        if not isinstance(r.meta, dict):
            raise self.fail("", f"field 'meta' must be an object, not {r.meta!r}"[:200])
        problem = value_problem(r.meta)
        if problem:
            raise self.fail("", f"field 'meta' {problem}")
        self.choice("", "status", r.status, DOCUMENT_STATUSES)
        for i, span in enumerate(r.spans):
            self.span(i, span)
        for i, rel in enumerate(r.relations):
            where = f"relation {i + 1}: "
            self.integer(where, "head", rel.head)
            self.integer(where, "child", rel.child)
            self.text(where, "label", rel.label)
            self.choice(f"relation {i + 1} ({rel.label}): ", "status", rel.status, RELATION_STATUSES)


def check_span(span: SpanRecord, path: str, line: int | None, index: int) -> None:
    """Check one span where a format knows its line better than its record's (brat)."""
    _Checker(DocumentRecord(text="", path=path, line=line)).span(index, span)


def check_relation_status(status: Any, label: str, path: str, line: int | None, index: int) -> None:
    _Checker(DocumentRecord(text="", path=path, line=line)).choice(
        f"relation {index + 1} ({label}): ", "status", status, RELATION_STATUSES)


def checked(record: DocumentRecord) -> DocumentRecord:
    """The record itself, once every field has the type and range the store needs."""
    _Checker(record).run()
    return record
