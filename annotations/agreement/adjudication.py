"""Adjudicating one document: where the annotators' layers differ, and settling
each place into the gold layer, one transaction per step, each step undoable.

A *unit* is one place where layers marked one label: the spans of that label
of every voting layer (every layer covering the document but gold), grouped
while they overlap. A unit is *agreed* when every voter has the same spans
there (offsets and attributes); every other unit is a disagreement, of kind
"missing" (some voter has nothing there), "boundaries" or "attributes".

A *ruling* says what gold holds in a unit: one layer's spans ("take ana"),
every voter's distinct spans ("take all"), nothing ("reject"), one span with
edges the adjudicator chose ("edit"), or the agreed spans ("agreed"). Voters'
relations between the chosen spans follow into gold when both ends are there.
`settle` applies rulings in one transaction (gold spans of the label in the
unit that the ruling does not keep are removed, missing ones added) and logs
an `adjudicate` event naming each unit and decision, so a "reject" (which
leaves gold empty) is still known as decided when the document is opened
again. `unsettle` is its undo; `Adjudicate` is the `editing.Edit` the desktop
pushes on its undo stack.

Reading is one query over the document's layers (no ORM objects), so a
1 MB article with 3 x 5,000 spans opens about as fast as the normal view.
Nothing here imports Qt or spaCy.
"""
from __future__ import annotations

from bisect import bisect_left
from operator import attrgetter
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from sqlalchemy import text as sql

from ..editing import Edit
from ..errors import EditConflictError, ValidationError
from ..services import events
from ..services.bulk import paused_gc
from ..services.rows import current_annotator, json_value, to_span
from ..services.spans import _delete_spans, _restore_relations, _restore_span, check_bounds
from ..store import Store
from ..tables import RelationRow
from ..types import Change, Relation, Span
from .curation import add_gold_relation, add_gold_span
from .layers import GOLD, DocumentLayers, LayerSpan, attributes_of, read_layers_with

ACTION = "adjudicate"  # the event action recording decisions
TAKE_ALL, REJECT, EDIT, AGREED = "take all", "reject", "edit", "agreed"

Key = tuple[int, int, str]  # (start, end, label) of a span


@dataclass(frozen=True)
class Unit:
    """One place where voters marked `label`: [start, end) is the union of their spans."""

    label: str
    start: int
    end: int
    spans: Mapping[str, tuple[LayerSpan, ...]]  # voter -> its spans of the label in the unit
    kind: str  # "agreed", "missing", "boundaries" or "attributes"

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.label, self.start, self.end)

    @property
    def agreed(self) -> bool:
        return self.kind == "agreed"

    def layers_with_spans(self) -> list[str]:
        return [layer for layer, spans in self.spans.items() if spans]


_OFFSETS = attrgetter("start", "end")


def _kind(spans: Mapping[str, tuple[LayerSpan, ...]]) -> str:
    lists = list(spans.values())
    if not all(lists):
        return "missing"
    first = lists[0]
    if any(len(other) != len(first) for other in lists[1:]):
        return "boundaries"
    for other in lists[1:]:
        for x, y in zip(first, other):
            if x.start != y.start or x.end != y.end:
                return "boundaries"
    for other in lists[1:]:
        for x, y in zip(first, other):  # stored JSON text first; parsed only when the texts differ
            if x.attributes != y.attributes and attributes_of(x.attributes) != attributes_of(y.attributes):
                return "attributes"
    return "agreed"


def find_units(doc: DocumentLayers, voters: Sequence[str]) -> list[Unit]:
    """The units of `doc` among `voters`, in reading order (start, end, label)."""
    units: list[Unit] = []
    labels = sorted({label for layer in voters for label in doc.spans.get(layer, {})})
    with paused_gc():  # thousands of small tuples: the collector would rescan the layers read
        for label in labels:
            # each layer's spans are in (start, end) order already; a stable sort keeps voters' order on ties
            spans = sorted((sp for layer in voters for sp in doc.label_spans(layer, label)), key=_OFFSETS)
            group: list[LayerSpan] = []
            reach = -1
            for sp in spans:
                if sp.start < reach:
                    group.append(sp)
                    if sp.end > reach:
                        reach = sp.end
                    continue
                if group:
                    units.append(_unit(label, group, reach, voters))
                group, reach = [sp], sp.end
            if group:
                units.append(_unit(label, group, reach, voters))
        units.sort(key=lambda u: (u.start, u.end, u.label))
    return units


def _unit(label: str, group: list[LayerSpan], reach: int, voters: Sequence[str]) -> Unit:
    lists: dict[str, list[LayerSpan]] = {layer: [] for layer in voters}
    for sp in group:
        lists[sp.layer].append(sp)
    by_layer = {layer: tuple(spans) for layer, spans in lists.items()}
    return Unit(label, group[0].start, reach, by_layer, _kind(by_layer))


@dataclass
class AdjudicationDocument:
    """One document as the adjudicator sees it: voters' units, gold and the decisions taken."""

    document_id: int
    title: str
    voters: list[str]
    units: list[Unit]
    spans_by_id: dict[int, LayerSpan]  # every voter span, for relations
    relations: dict[str, list[tuple[int, int, str]]]  # voter -> (head id, child id, label)
    decisions: dict[tuple[str, int, int], str] = field(default_factory=dict)  # unit key -> decision
    gold: dict[str, list[LayerSpan]] = field(default_factory=dict)  # label -> gold spans by (start, end)
    _starts: dict[str, list[int]] = field(default_factory=dict, repr=False)
    _longest: dict[str, int] = field(default_factory=dict, repr=False)

    def set_gold(self, by_label: Mapping[str, list[LayerSpan]]) -> None:
        self.gold = {label: sorted(spans, key=lambda sp: (sp.start, sp.end)) for label, spans in by_label.items()}
        self._starts = {label: [sp.start for sp in spans] for label, spans in self.gold.items()}
        self._longest = {label: max((sp.end - sp.start for sp in spans), default=0)
                         for label, spans in self.gold.items()}

    @property
    def disagreements(self) -> list[Unit]:
        return [u for u in self.units if not u.agreed]

    def gold_in(self, unit: Unit) -> list[LayerSpan]:
        """Gold spans of the unit's label overlapping it."""
        spans = self.gold.get(unit.label)
        if not spans:
            return []
        lo = bisect_left(self._starts[unit.label], unit.start - self._longest[unit.label])
        hi = bisect_left(self._starts[unit.label], unit.end)
        return [sp for sp in spans[lo:hi] if sp.end > unit.start]

    def decision(self, unit: Unit) -> str | None:
        """What was decided for the unit; "gold" when gold has spans there without a logged decision
        (from `glossator curate`, or written by hand); None while undecided."""
        found = self.decisions.get(unit.key)
        if found is not None:
            return found
        return "gold" if self.gold_in(unit) else None


def read_adjudication(store: Store, document_id: int, layers: Iterable[str] | None = None) -> AdjudicationDocument:
    """The document's voters (`layers`, default every layer covering it but gold), units, gold and decisions."""
    wanted = None if layers is None else [name for name in layers if name != GOLD] + [GOLD]
    with store.session() as s, paused_gc():
        con = s.connection()
        doc = read_layers_with(con, wanted, None, [document_id]).get(document_id)
        decisions = _read_decisions(con, document_id)
    if doc is None:
        from ..services import get_document

        title = get_document(store, document_id).title or ""  # raises NotFoundError for a wrong id
        return AdjudicationDocument(document_id, title, [], [], {}, {}, decisions)
    voters = [name for name in (wanted or doc.layers) if name != GOLD and name in doc.spans]
    spans_by_id = {sp.id: sp for layer in voters for sp in doc.all_spans(layer)}
    result = AdjudicationDocument(document_id, doc.title, voters, find_units(doc, voters), spans_by_id,
                                  {layer: doc.relations.get(layer, []) for layer in voters})
    result.set_gold(doc.spans.get(GOLD, {}))
    result.decisions = decisions
    return result


def refresh_gold(store: Store, adjudication: AdjudicationDocument) -> None:
    """Read gold and the decisions again (after a step or its undo): voters' layers are unchanged."""
    with store.session() as s:
        con = s.connection()
        doc = read_layers_with(con, [GOLD], None, [adjudication.document_id]).get(adjudication.document_id)
        adjudication.decisions = _read_decisions(con, adjudication.document_id)
    adjudication.set_gold(doc.spans.get(GOLD, {}) if doc else {})


def _read_decisions(con, document_id: int) -> dict[tuple[str, int, int], str]:
    decisions: dict[tuple[str, int, int], str] = {}
    rows = con.execute(sql("SELECT after FROM event WHERE document_id = :d AND action = :a ORDER BY id"),
                       {"d": document_id, "a": ACTION})
    for (after,) in rows:
        for unit in (json_value(after) or {}).get("units", []):
            key = (unit["label"], unit["start"], unit["end"])
            if unit.get("decision"):
                decisions[key] = unit["decision"]
            else:
                decisions.pop(key, None)
    return decisions


# ---- rulings -------------------------------------------------------------------------


@dataclass(frozen=True)
class Ruling:
    """What gold holds in one unit after a decision."""

    label: str
    start: int  # the region whose gold spans of `label` the ruling replaces
    end: int
    spans: tuple[tuple[int, int, Mapping], ...]  # (start, end, attributes)
    relations: tuple[tuple[Key, Key, str], ...]  # (head key, child key, relation label)
    decision: str
    unit: tuple[str, int, int]  # the unit's key, as the decision is logged

    def as_dict(self, decided: bool = True) -> dict:
        label, start, end = self.unit
        return {"label": label, "start": start, "end": end, "decision": self.decision if decided else None}


def take_layer(layer: str) -> str:
    return f"take {layer}"


def rule(adjudication: AdjudicationDocument, unit: Unit, decision: str,
         extent: tuple[int, int] | None = None) -> Ruling:
    """The ruling for `decision` on `unit`: `take LAYER`, TAKE_ALL, REJECT, AGREED, or EDIT with `extent`."""
    if decision in (TAKE_ALL, AGREED):
        chosen, seen = [], set()
        for spans in unit.spans.values():
            for sp in spans:
                if (sp.start, sp.end) not in seen:  # gold holds one span per offsets and label
                    seen.add((sp.start, sp.end))
                    chosen.append(sp)
    elif decision.startswith("take "):
        layer = decision[len("take "):]
        if layer not in unit.spans:
            raise ValidationError(f"{layer} is not one of this document's layers ({', '.join(unit.spans)})")
        chosen = list(unit.spans[layer])
    elif decision == REJECT:
        chosen = []
    elif decision == EDIT:
        if extent is None:
            raise ValidationError("an edit needs the span's start and end")
        start, end = extent
        if not start < end:
            raise ValidationError(f"an edited span needs characters ({start}–{end} is empty)")
        model = max((sp for spans in unit.spans.values() for sp in spans),
                    key=lambda sp: min(sp.end, end) - max(sp.start, start))
        spans = ((start, end, dict(attributes_of(model.attributes))),)
        return Ruling(unit.label, min(unit.start, start), max(unit.end, end), spans, (), EDIT, unit.key)
    else:
        raise ValidationError(f"unknown decision {decision!r}")
    chosen.sort(key=lambda sp: (sp.start, sp.end))
    spans = tuple((sp.start, sp.end, dict(attributes_of(sp.attributes))) for sp in chosen)
    return Ruling(unit.label, unit.start, unit.end, spans, _relations_of(adjudication, chosen), decision, unit.key)


def _relations_of(adjudication: AdjudicationDocument, chosen: list[LayerSpan]) -> tuple:
    """The voters' relations touching the chosen spans, by span keys (gold gets those whose both ends it has)."""
    ids = {sp.id for sp in chosen}
    by_id = adjudication.spans_by_id
    found = []
    for relations in adjudication.relations.values():
        for head, child, label in relations:
            if (head in ids or child in ids) and head in by_id and child in by_id:
                h, c = by_id[head], by_id[child]
                found.append(((h.start, h.end, h.label), (c.start, c.end, c.label), label))
    return tuple(dict.fromkeys(found))


# ---- settling: one transaction per step ----------------------------------------------


@dataclass(frozen=True)
class Settlement:
    """What `settle` wrote, enough for `unsettle` to put gold back."""

    document_id: int
    rulings: tuple[Ruling, ...]
    added: tuple[Span, ...]
    removed: tuple[Span, ...]
    removed_relations: tuple[Relation, ...]
    added_relations: tuple[int, ...]
    previous: tuple[str | None, ...]  # each unit's decision before

    def change(self) -> Change:
        return Change(self.document_id, added_spans=tuple(sp.id for sp in self.added), removed_spans=self.removed,
                      removed_relations=self.removed_relations, added_relations=self.added_relations)


def _gold_rows(s, document_id: int, label: str, start: int, end: int) -> list[tuple[int, int, int, str]]:
    return list(s.connection().execute(
        sql('SELECT id, start, "end", attributes FROM span WHERE document_id = :d AND annotator = :g '
            "AND label = :l AND status = 'accepted' AND start < :e AND \"end\" > :s ORDER BY start, \"end\""),
        {"d": document_id, "g": GOLD, "l": label, "s": start, "e": end}))


def settle(store: Store, document_id: int, rulings: Sequence[Ruling], *, by: str | None = None) -> Settlement:
    """Make gold hold what each ruling says in its region, in one transaction, logged as `by`'s."""
    by = by or current_annotator()
    rulings = tuple(rulings)
    if not rulings:
        raise ValidationError("nothing to settle")
    with store.session() as s:
        con = s.connection()
        length = con.execute(sql("SELECT length(text) FROM document WHERE id = :d"), {"d": document_id}).scalar()
        if length is None:
            raise EditConflictError(f"document {document_id} was deleted meanwhile; nothing was written")
        previous = _read_decisions(con, document_id)
        drop, add = [], []
        for ruling in rulings:
            store.schema.label(ruling.label)
            wanted = {(a, b): attrs for a, b, attrs in ruling.spans}
            for a, b, _attrs in ruling.spans:
                check_bounds(a, b, length, ruling.label)
            for span_id, a, b, raw in _gold_rows(s, document_id, ruling.label, ruling.start, ruling.end):
                if (a, b) in wanted and json_value(raw) == dict(wanted[(a, b)]):
                    del wanted[(a, b)]  # already as ruled: keep it (and its id)
                else:
                    drop.append(span_id)
            add += [((a, b, ruling.label), attrs) for (a, b), attrs in wanted.items()]
        removed = _delete_spans(s, drop, by) if drop else Change(document_id)
        added = [to_span(add_gold_span(s, store, document_id, key, dict(attrs), by)) for key, attrs in add]
        added_relations = _add_relations(s, document_id, rulings, by)
        events.record(s, ACTION, document_id=document_id, target=f"document:{document_id}",
                      after={"units": [r.as_dict() for r in rulings]}, annotator=by)
        return Settlement(document_id, rulings, tuple(added), removed.removed_spans, removed.removed_relations,
                          added_relations, tuple(previous.get(r.unit) for r in rulings))


def _add_relations(s, document_id: int, rulings: Sequence[Ruling], by: str) -> tuple[int, ...]:
    wanted = [rel for ruling in rulings for rel in ruling.relations]
    if not wanted:
        return ()
    con = s.connection()
    gold = {(a, b, label): i for i, a, b, label in con.execute(
        sql('SELECT id, start, "end", label FROM span WHERE document_id = :d AND annotator = :g '
            "AND status = 'accepted'"), {"d": document_id, "g": GOLD})}
    existing = set(con.execute(
        sql("SELECT head_id, child_id, label FROM relation WHERE document_id = :d AND annotator = :g"),
        {"d": document_id, "g": GOLD}).fetchall())
    added = []
    for head, child, label in dict.fromkeys(wanted):
        ids = (gold.get(head), gold.get(child), label)
        if ids[0] is None or ids[1] is None or ids in existing:
            continue
        existing.add(ids)
        added.append(add_gold_relation(s, document_id, ids[0], ids[1], label, by).id)
    return tuple(added)


def unsettle(store: Store, settlement: Settlement, *, by: str | None = None) -> Change:
    """Undo `settle`: remove what it added (refused if changed meanwhile), put back what it removed."""
    by = by or current_annotator()
    doc_id = settlement.document_id
    with store.session() as s:
        for rel_id in settlement.added_relations:
            row = s.get(RelationRow, rel_id)
            if row is None:
                raise EditConflictError(f"gold relation {rel_id} was removed meanwhile; nothing was written")
        removed = (_delete_spans(s, [sp.id for sp in settlement.added], by, settlement.added)
                   if settlement.added else Change(doc_id))
        gone = {r.id for r in removed.removed_relations}
        for rel_id in settlement.added_relations:  # relations between spans the step kept
            if rel_id not in gone:
                s.delete(s.get(RelationRow, rel_id))
        new_ids = {sp.id: _restore_span(s, sp, by) for sp in settlement.removed}
        restored = _restore_relations(s, settlement.removed_relations, new_ids, by)
        units = [dict(r.as_dict(), decision=prev) for r, prev in zip(settlement.rulings, settlement.previous)]
        events.record(s, ACTION, document_id=doc_id, target=f"document:{doc_id}", after={"units": units},
                      annotator=by)
        return Change(doc_id, added_spans=tuple(new_ids.values()), removed_spans=removed.removed_spans,
                      removed_relations=removed.removed_relations, added_relations=restored)


class Adjudicate(Edit):
    """One adjudication step (one or more rulings) as an undoable edit."""

    def __init__(self, document_id: int, rulings: Sequence[Ruling], text: str):
        super().__init__(document_id, text)
        self.rulings = tuple(rulings)
        self.settlement: Settlement | None = None

    def _do(self, store: Store) -> list[Change]:
        self.settlement = settle(store, self.document_id, self.rulings)
        return [self.settlement.change()]

    def _undo(self, store: Store) -> list[Change]:
        return [unsettle(store, self.settlement)]


def describe(decision: str, unit: Unit) -> str:
    """The undo text of a step ("Gold: take ana's ACTOR")."""
    if decision.startswith("take ") and decision != TAKE_ALL:
        return f"Gold: take {decision[5:]}'s {unit.label}"
    return {TAKE_ALL: f"Gold: take every {unit.label}", REJECT: f"Gold: reject {unit.label}",
            EDIT: f"Gold: edit {unit.label}", AGREED: f"Gold: agreed {unit.label}"}.get(decision, decision)


__all__ = ["AGREED", "EDIT", "REJECT", "TAKE_ALL", "AdjudicationDocument", "Adjudicate", "Ruling", "Settlement",
           "Unit", "describe", "find_units", "read_adjudication", "refresh_gold", "rule", "settle", "take_layer",
           "unsettle"]
