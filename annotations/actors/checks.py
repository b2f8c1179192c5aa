"""Consistency review list for ACTOR spans and their links.

- `unlabelled`: a string labelled ACTOR (accepted) somewhere that also occurs,
  at token boundaries, without any ACTOR span over it elsewhere;
- `conflicting_links`: the same (normalised) string linked to different actors;
- `mixed_kinds`: one actor whose linked spans carry different `kind` values;
- `same_name`: actors with different ids sharing a name or alias (candidates
  for `actors merge`).
"""
from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from ..tables import DocumentRow, SpanActorRow, SpanRow
from ..store import Store
from .linking import ACTOR, alias_pattern
from .normalise import normalise
from .registry import same_name_candidates

EXAMPLES = 5


def check(store: Store) -> dict[str, list[dict[str, Any]]]:
    with store.session() as s:
        spans = s.exec(select(SpanRow.id, SpanRow.document_id, SpanRow.start, SpanRow.end, SpanRow.status,
                              SpanRow.attributes, SpanActorRow.actor_id)
                       .outerjoin(SpanActorRow, SpanActorRow.span_id == SpanRow.id)
                       .where(SpanRow.label == ACTOR, col(SpanRow.status).in_(("accepted", "pending")))).all()
        texts = dict(s.exec(select(DocumentRow.id, DocumentRow.text)).all())
    covered: dict[int, list[tuple[int, int]]] = {}
    labelled: dict[str, int] = {}
    by_text: dict[str, dict[str, list[int]]] = {}
    kinds: dict[str, dict[str, list[int]]] = {}
    for sid, doc, start, end, status, attrs, actor_id in spans:
        covered.setdefault(doc, []).append((start, end))
        mention = texts[doc][start:end]
        if status == "accepted":
            labelled[mention] = labelled.get(mention, 0) + 1
        if actor_id is not None:
            by_text.setdefault(normalise(mention), {}).setdefault(actor_id, []).append(sid)
            kind = (attrs or {}).get("kind") or "(none)"
            kinds.setdefault(actor_id, {}).setdefault(kind, []).append(sid)
    return {
        "unlabelled": _unlabelled(texts, covered, labelled),
        "conflicting_links": [{"text": key, "actors": {a: ids[:EXAMPLES] for a, ids in sorted(actors.items())}}
                              for key, actors in sorted(by_text.items()) if len(actors) > 1],
        "mixed_kinds": [{"actor": a, "kinds": {k: ids[:EXAMPLES] for k, ids in sorted(ks.items())}}
                        for a, ks in sorted(kinds.items()) if len(ks) > 1],
        "same_name": same_name_candidates(store),
    }


def _unlabelled(texts: dict[int, str], covered: dict[int, list[tuple[int, int]]],
                labelled: dict[str, int]) -> list[dict[str, Any]]:
    pattern = alias_pattern(labelled)
    if pattern is None:
        return []
    missing: dict[str, list[dict[str, int]]] = {}
    for doc, text in texts.items():
        there = covered.get(doc, ())
        for m in pattern.finditer(text):
            start, end = m.span()
            if m.group() in labelled and not any(a < end and start < b for a, b in there):
                missing.setdefault(m.group(), []).append({"document_id": doc, "start": start, "end": end})
    return [{"text": t, "labelled": labelled[t], "unlabelled": len(places), "examples": places[:EXAMPLES]}
            for t, places in sorted(missing.items())]
