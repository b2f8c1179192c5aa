"""Counts over the whole store for `glossator stats`: spans per label,
documents per status, spans per annotator, suggestion decisions per suggester."""
from __future__ import annotations

from typing import Any

from sqlalchemy import text as sql

from ..store import Store


def store_stats(store: Store) -> dict[str, Any]:
    with store.session() as s:
        con = s.connection()
        documents = dict(con.execute(sql("SELECT status, COUNT(*) FROM document GROUP BY status")).all())
        labels = dict(
            con.execute(sql("SELECT label, COUNT(*) FROM span WHERE status='accepted' GROUP BY label")).all()
        )
        annotators = dict(
            con.execute(
                sql("SELECT COALESCE(annotator, '?'), COUNT(*) FROM span WHERE status='accepted' GROUP BY 1")
            ).all()
        )
        relations = dict(
            con.execute(sql("SELECT label, COUNT(*) FROM relation WHERE status='accepted' GROUP BY label")).all()
        )
        suggestions: dict[str, dict[str, dict[str, int]]] = {}
        for suggester, label, status, n in con.execute(
            sql(
                "SELECT suggester, label, status, COUNT(*) FROM span WHERE suggester IS NOT NULL "
                "GROUP BY suggester, label, status"
            )
        ):
            suggestions.setdefault(suggester, {}).setdefault(label, {})[status] = n
    return {
        "documents": {status: documents.get(status, 0) for status in ("new", "in-progress", "done")},
        "labels": {name: labels.get(name, 0) for name in store.schema.label_names}
        | {k: v for k, v in labels.items() if k not in store.schema.label_names},
        "relations": relations,
        "annotators": annotators,
        "suggestions": suggestions,
    }
