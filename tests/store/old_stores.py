"""Stores as earlier releases wrote them (revisions 0001 and 0002), filled with
data an upgrade must keep: documents, spans, relations, the event log,
duplicates the new unique indexes refuse, and ids deleted before the upgrade."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from annotations.store import migrate

TS = "2025-01-01 00:00:00.000000"


def _base(path: Path, revision: str) -> sqlite3.Connection:
    sqlite3.connect(path).close()
    migrate(path, revision)
    con = sqlite3.connect(path)
    con.executescript(
        """
        INSERT INTO glossator_info VALUES ('app', 'glossator'), ('schema_name', 'news-default'),
            ('language', 'en'), ('relations', '[{"name": "SOURCE", "head": ["ASSERTION"], "child": ["ACTOR"]}]');
        INSERT INTO label VALUES ('ACTOR', 0, '#4E79A7', '1', 'who acts', '[{"name": "kind", "type": "text"}]');
        INSERT INTO label VALUES ('ASSERTION', 1, '#F28E2B', '3', 'a claim', '[]');
        """
    )
    return con


def make_0001_store(path: Path, documents: int = 3, spans_per_document: int = 0, repeat: int = 3) -> None:
    """Revision 0001: no span status yet. Span 4 was deleted (the log names it)."""
    con = _base(path, "0001")
    for d in range(1, documents + 1):
        text = f"Ana Ruiz said {d} things. " * repeat
        con.execute("INSERT INTO document VALUES (?, ?, ?, NULL, '{}', ?, 'new', ?, ?)",
                    (d, f"sha{d}", f"Doc {d}", text, TS, TS))
    spans = [(1, 1, 0, 8, "ACTOR", '{"kind": "person"}', "manual", "ana"),
             (2, 1, 0, 8, "ACTOR", '{"kind": "state"}', "manual", "ana"),   # duplicate of 1
             (3, 1, 9, 25, "ASSERTION", "{}", "manual", "ana"),
             (5, 2, 0, 8, "ACTOR", "{}", "manual", None),
             (6, 2, 0, 8, "ACTOR", "{}", "manual", None)]                   # duplicate of 5 (NULL annotator)
    for row in spans:
        con.execute("INSERT INTO span VALUES (?,?,?,?,?,?,?,?,?,?)", (*row, TS, TS))
    con.execute("INSERT INTO relation VALUES (1, 1, 3, 2, 'SOURCE', 'manual', 'ana', ?)", (TS,))
    next_id = 100
    for d in range(1, documents + 1):
        for k in range(spans_per_document):
            con.execute("INSERT INTO span VALUES (?,?,?,?,?,?,?,?,?,?)",
                        (next_id, d, k, k + 1, "ACTOR", "{}", "manual", "ana", TS, TS))
            next_id += 1
    for action, doc, target in [("add_span", 1, "span:4"), ("delete_span", 1, "span:4"),
                                ("add_relation", 1, "relation:7"), ("remove_relation", 1, "relation:7")]:
        con.execute("INSERT INTO event (at, annotator, action, document_id, target, before, after) "
                    "VALUES (?, 'ana', ?, ?, ?, NULL, ?)", (TS, action, doc, target, json.dumps({"x": 1})))
    con.commit()
    con.close()


def make_0002_store(path: Path, documents: int = 3, spans_per_document: int = 0, repeat: int = 3) -> None:
    """Revision 0002: statuses and suggestions, with duplicates of each kind."""
    con = _base(path, "0002")
    for d in range(1, documents + 1):
        text = f"Ana Ruiz said {d} things. " * repeat
        con.execute("INSERT INTO document VALUES (?, ?, ?, NULL, '{}', ?, 'new', ?, ?)",
                    (d, f"sha{d}", f"Doc {d}", text, TS, TS))
    cols = ("id, document_id, start, \"end\", label, attributes, origin, annotator, created_at, updated_at, "
            "status, suggester, suggester_version, score")
    rows = [(1, 1, 0, 8, "ACTOR", "{}", "manual", "ana", "accepted", None, None, None),
            (2, 1, 0, 8, "ACTOR", "{}", "suggestion", "ana", "pending", "rules", "1.0", 0.5),
            (3, 1, 0, 8, "ACTOR", "{}", "suggestion", "ana", "pending", "rules", "1.0", 0.7),  # dup of 2
            (4, 1, 0, 8, "ACTOR", "{}", "suggestion", "bo", "pending", "pipeline:x", "1", 0.9),
            (5, 1, 9, 25, "ASSERTION", "{}", "suggestion", "ana", "rejected", "rules", "1.0", 0.2),
            (6, 1, 9, 25, "ASSERTION", "{}", "suggestion", "ana", "rejected", "rules", "1.0", 0.3),  # dup of 5
            (7, 1, 9, 25, "ASSERTION", "{}", "manual", "bo", "accepted", None, None, None),
            (9, 2, 0, 8, "ACTOR", '{"kind": "x"}', "manual", "ana", "accepted", None, None, None)]
    for sid, doc, start, end, label, attrs, origin, who, status, sugg, ver, score in rows:
        con.execute(f"INSERT INTO span ({cols}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (sid, doc, start, end, label, attrs, origin, who, TS, TS, status, sugg, ver, score))
    con.execute("INSERT INTO relation VALUES (1, 1, 7, 3, 'SOURCE', 'suggestion', 'ana', ?, 'pending')", (TS,))
    con.execute("INSERT INTO relation VALUES (2, 1, 7, 2, 'SOURCE', 'suggestion', 'ana', ?, 'pending')", (TS,))
    next_id = 100
    for d in range(1, documents + 1):
        for k in range(spans_per_document):
            con.execute(f"INSERT INTO span ({cols}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (next_id, d, k, k + 1, "ACTOR", "{}", "manual", "ana", TS, TS, "accepted", None, None, None))
            next_id += 1
    con.execute("INSERT INTO event (at, annotator, action, document_id, target, before, after) "
                "VALUES (?, 'ana', 'delete_span', 1, 'span:9999', NULL, NULL)", (TS,))
    con.commit()
    con.close()


def dump(path: Path, table: str, columns: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(f"SELECT {columns} FROM {table} ORDER BY id").fetchall()
    finally:
        con.close()


def query(path: Path, sql: str, *args) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()
