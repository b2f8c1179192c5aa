"""Curation: copy what annotators agree on into the gold layer, leaving the
rest for a person.

A span (start, end, label) is agreed in a document when, among the layers
that cover it (gold aside), all of them (`unanimous`) or more than half
(`majority`) have exactly that span. Documents covered by fewer than
`min_annotators` layers are skipped. An agreed span goes to gold with the
attribute values its voters agree on by the same rule (others are left
empty for a person to set); a relation goes to gold when both its spans are
in gold and the same rule holds for it.

The whole run is one transaction (read, decide, write, log). Spans and
relations gold already has are not added again, so re-running adds nothing.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from ..errors import ValidationError
from ..tables import RelationRow, SpanRow
from ..services import events
from ..services.rows import current_annotator, span_snapshot
from ..store import Store
from .layers import GOLD, DocumentLayers, attributes_of, read_layers_with

STRATEGIES = ("unanimous", "majority")
ORIGIN = "curation"


@dataclass
class CurationResult:
    strategy: str
    documents: list[int] = field(default_factory=list)  # documents curated
    skipped: list[int] = field(default_factory=list)  # covered by fewer than min_annotators layers
    spans_added: int = 0
    relations_added: int = 0
    already_in_gold: int = 0
    left_for_review: int = 0  # distinct spans some layer has that were not agreed

    def as_dict(self) -> dict:
        return {"strategy": self.strategy, "documents": self.documents, "skipped": self.skipped,
                "spans_added": self.spans_added, "relations_added": self.relations_added,
                "already_in_gold": self.already_in_gold, "left_for_review": self.left_for_review}


def _agreed(votes: int, voters: int, strategy: str) -> bool:
    return votes == voters if strategy == "unanimous" else votes * 2 > voters


def curate(
    store: Store,
    strategy: str = "unanimous",
    min_annotators: int = 2,
    *,
    layers: Iterable[str] | None = None,
    documents: Iterable[int] | None = None,
    by: str | None = None,
) -> CurationResult:
    """Copy agreed spans, attributes and relations of `layers` (all but gold) into gold."""
    if strategy not in STRATEGIES:
        raise ValidationError(f"unknown strategy {strategy!r} (use {' or '.join(STRATEGIES)})")
    if min_annotators < 1:
        raise ValidationError("--min-annotators must be at least 1")
    layers = None if layers is None else [name for name in layers if name != GOLD]
    by = by or current_annotator()
    result = CurationResult(strategy)
    with store.session() as s:
        wanted = None if layers is None else layers + [GOLD]
        corpus = read_layers_with(s.connection(), wanted, None, documents)
        for doc_id in sorted(corpus):
            doc = corpus[doc_id]
            voters = [name for name in doc.spans if name != GOLD]
            if not voters:
                continue
            if len(voters) < min_annotators:
                result.skipped.append(doc_id)
                continue
            result.documents.append(doc_id)
            _curate_document(s, store, doc, voters, strategy, result, by)
    return result


def _curate_document(s, store: Store, doc: DocumentLayers, voters: list[str], strategy: str,
                     result: CurationResult, by: str) -> None:
    ballots: dict[tuple[int, int, str], dict[str, int]] = defaultdict(dict)  # span key -> layer -> span id
    attrs: dict[int, dict] = {}
    for layer in voters:
        for sp in doc.all_spans(layer):
            ballots[(sp.start, sp.end, sp.label)][layer] = sp.id
            attrs[sp.id] = attributes_of(sp.attributes)
    gold = {(sp.start, sp.end, sp.label): sp.id for sp in doc.all_spans(GOLD)}
    key_of = {span_id: key for key, by_layer in ballots.items() for span_id in by_layer.values()}
    key_of.update({span_id: key for key, span_id in gold.items()})
    for key in sorted(ballots):
        by_layer = ballots[key]
        if not _agreed(len(by_layer), len(voters), strategy):
            result.left_for_review += 1
            continue
        if key in gold:
            result.already_in_gold += 1
            continue
        values = [attrs[i] for i in by_layer.values()]
        chosen = {}
        for name in sorted({k for v in values for k in v}):
            value, votes = Counter(repr(v.get(name)) for v in values).most_common(1)[0]
            picked = next(v.get(name) for v in values if repr(v.get(name)) == value)
            if picked is not None and _agreed(votes, len(values), strategy):
                chosen[name] = picked
        gold[key] = add_gold_span(s, store, doc.id, key, chosen, by).id
        result.spans_added += 1
    relation_votes: Counter = Counter()
    for layer in voters:
        for head, child, label in doc.relations.get(layer, ()):
            if head in key_of and child in key_of:
                relation_votes[(key_of[head], key_of[child], label)] += 1
    existing = {(key_of.get(h), key_of.get(c), label) for h, c, label in doc.relations.get(GOLD, ())}
    for (head, child, label), votes in sorted(relation_votes.items()):
        if head not in gold or child not in gold or not _agreed(votes, len(voters), strategy):
            continue
        if (head, child, label) in existing:
            continue
        existing.add((head, child, label))
        add_gold_relation(s, doc.id, gold[head], gold[child], label, by)
        result.relations_added += 1


def add_gold_span(s, store: Store, document_id: int, key: tuple[int, int, str], attributes: dict, by: str) -> SpanRow:
    """Insert one gold span inside the caller's transaction (curation and adjudication), logged as `by`'s."""
    row = SpanRow(document_id=document_id, start=key[0], end=key[1], label=key[2],
                  attributes=store.schema.check_attributes(key[2], attributes),
                  origin=ORIGIN, status="accepted", annotator=GOLD)
    s.add(row)
    s.flush()
    events.record(s, "add_span", document_id=document_id, target=f"span:{row.id}",
                  after=span_snapshot(row) | {"annotator": GOLD}, annotator=by)
    return row


def add_gold_relation(s, document_id: int, head_id: int, child_id: int, label: str, by: str) -> RelationRow:
    """Insert one gold relation inside the caller's transaction, logged as `by`'s."""
    row = RelationRow(document_id=document_id, head_id=head_id, child_id=child_id, label=label,
                      origin=ORIGIN, status="accepted", annotator=GOLD)
    s.add(row)
    s.flush()
    events.record(s, "add_relation", document_id=document_id, target=f"relation:{row.id}",
                  after={"head": head_id, "child": child_id, "label": label}, annotator=by)
    return row
