"""Versions of a span: the content two copies are compared on, the one-per keys
of the database's uniqueness rules, the snapshot the event log records, and
how a report line names a version. Which version is later is clock.py's."""
from __future__ import annotations

import json

from .values import when

CONTENT = ("start", "end", "label", "attributes", "origin", "status", "suggester", "suggester_version", "score",
           "annotator")


def content(span: dict) -> tuple:
    return tuple(json.dumps(span[k], sort_keys=True) if k == "attributes" else span[k] for k in CONTENT)


def one_per_key(sp: dict) -> tuple | None:
    """The key of the database's one-per rules (ux_span_accepted/pending/rejected), or None."""
    if sp["status"] not in ("accepted", "pending", "rejected"):
        return None
    who = sp["suggester"] if sp["status"] == "pending" else sp["annotator"]
    return sp["document_id"], sp["start"], sp["end"], sp["label"], sp["status"], who or ""


def snapshot(sp: dict, source: str | None, stamp: tuple | None = None) -> dict:
    """What the event log records of a span; a merged version also names its source and stamp."""
    snap = {"start": sp["start"], "end": sp["end"], "label": sp["label"], "attributes": sp["attributes"],
            "status": sp["status"], "origin": sp["origin"], "uid": sp["uid"]}
    if source:
        snap["from"] = source
    if stamp is not None:
        snap["stamp"] = list(stamp)
    return snap


def describe(sp: dict) -> str:
    return f"{sp['label']} {sp['status']} ({when(sp['updated_at'])})"
