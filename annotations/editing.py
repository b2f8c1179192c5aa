"""Editing one document without Qt: the editing state and every edit's do/undo/redo.

`EditingState` holds what an editor shows: the open store and document, the
document's visible spans (built lazily, `SpanRows`) and relations, the span
index, the selected span and the visible range. It stays in step with the
store by applying the `Change` records the services return, and tells a
listener (the desktop's Workspace turns these into Qt signals) what happened.

An `Edit` is one user-visible change (add, delete, relabel, resize, set
attributes, add/remove relation, accept, reject, relabel-and-accept,
accept-all, set document status). It holds ids and before/after values, never
ORM rows, and calls only the public services. Before an undo or redo it checks
that the store still holds what the edit left (or found): if another process,
the CLI or an import changed or reused the row meanwhile, it raises
`EditConflictError` and writes nothing. Any failure leaves the edit where it was
(`applied` unchanged), so an undo stack built on top must not move either.

Adding an edit: subclass `SpanEdit` (one span, forward/backward service calls)
or `Edit`, and give it readable `text`; the desktop's `EditCommand` adapts any
Edit to a QUndoCommand. This module must not import Qt.
"""
from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right, insort
from typing import Any, Callable, Hashable, Iterable, Mapping, Protocol

from . import services
from .actors.decisions import link_of, restore_link
from .errors import EditConflictError, GlossatorError, NotFoundError
from .services import review
from .services.rows import SpanRows
from .span_index import SpanIndex
from .store import Store
from .types import Change, Document, Relation, Span

log = logging.getLogger(__name__)

VISIBLE_STATUSES = ("accepted", "pending")  # rejected suggestions are never shown
COMPARED_FIELDS = ("document_id", "start", "end", "label", "attributes", "status")


# ---- checks shared by the edits ---------------------------------------------------


def _differences(found: Span, expected: Span) -> list[str]:
    return [f for f in COMPARED_FIELDS if getattr(found, f) != getattr(expected, f)]


def expect_span(store: Store, expected: Span, doing: str) -> None:
    """The store still holds `expected` (id, document, offsets, label, attributes, status)."""
    try:
        found = services.get_span(store, expected.id)
    except NotFoundError:
        raise EditConflictError(
            f"cannot {doing}: span {expected.id} ({expected.label}) was removed elsewhere; nothing was changed"
        ) from None
    changed = _differences(found, expected)
    if changed:
        where = "in another document" if "document_id" in changed else "elsewhere"
        raise EditConflictError(
            f"cannot {doing}: span {expected.id} was changed {where} ({', '.join(changed)}); nothing was changed"
        )


def expect_no_span(store: Store, span_id: int, doing: str) -> None:
    """No span holds `span_id` (a deleted span can come back with its id)."""
    try:
        found = services.get_span(store, span_id)
    except NotFoundError:
        return
    raise EditConflictError(
        f"cannot {doing}: span id {span_id} is now held by a {found.label} span of document "
        f"{found.document_id}; nothing was changed"
    )


def find_relation(store: Store, document_id: int, relation_id: int) -> Relation | None:
    return next((r for r in services.get_relations(store, document_id) if r.id == relation_id), None)


def expect_relation(store: Store, relation: Relation, doing: str, present: bool) -> None:
    found = find_relation(store, relation.document_id, relation.id)
    same = found is not None and (found.head_id, found.child_id, found.label) == (
        relation.head_id, relation.child_id, relation.label)
    if present and not same:
        raise EditConflictError(f"cannot {doing}: relation {relation.id} was changed or removed elsewhere; "
                                "nothing was changed")
    if not present and found is not None:
        raise EditConflictError(f"cannot {doing}: relation id {relation.id} is in use again; nothing was changed")


# ---- edits ------------------------------------------------------------------------


class Edit:
    """One reversible change. `do` runs it the first time, `undo`/`redo` replay it.

    Each returns the Changes the services made, in order. A call that raises
    changed nothing it checked for, and `applied` keeps its value.
    """

    text = "Edit"
    merge_key: Hashable | None = None  # edits with equal keys merge into one undo step

    def __init__(self, document_id: int, text: str):
        self.document_id = document_id
        self.text = text
        self.applied = False
        self.done_once = False
        self.select_after: int | None = None  # the span to select after do/redo
        self.select_after_undo: int | None = None

    def do(self, store: Store) -> list[Change]:
        if self.applied:
            raise EditConflictError(f"{self.text} is already applied")
        changes = self._redo(store) if self.done_once else self._do(store)
        self.applied = self.done_once = True
        return changes

    redo = do

    def undo(self, store: Store) -> list[Change]:
        if not self.applied:
            raise EditConflictError(f"{self.text} is not applied; nothing to undo")
        changes = self._undo(store)
        self.applied = False
        return changes

    def merge(self, other: "Edit") -> bool:
        """Absorb a later edit of the same continuous gesture; True if merged."""
        return False

    def _do(self, store: Store) -> list[Change]:
        raise NotImplementedError

    def _redo(self, store: Store) -> list[Change]:
        return self._do(store)

    def _undo(self, store: Store) -> list[Change]:
        raise NotImplementedError


class AddSpan(Edit):
    def __init__(self, document_id: int, start: int, end: int, label: str,
                 attributes: Mapping[str, Any] | None = None):
        super().__init__(document_id, f"Add {label} span")
        self.args = (start, end, label, dict(attributes or {}))
        self.span: Span | None = None
        self.relations: tuple[Relation, ...] = ()  # relations its removal took along (none normally)

    def _do(self, store: Store) -> list[Change]:
        change = services.add_span(store, self.document_id, *self.args)
        self.span = services.get_span(store, change.span_id)
        self.select_after = self.span.id
        return [change]

    def _redo(self, store: Store) -> list[Change]:
        expect_no_span(store, self.span.id, f"redo “{self.text}”")
        return [services.restore_spans(store, [self.span], self.relations)]

    def _undo(self, store: Store) -> list[Change]:
        expect_span(store, self.span, f"undo “{self.text}”")
        change = services.delete_span(store, self.span.id)
        self.relations = change.removed_relations
        return [change]


class DeleteSpan(Edit):
    def __init__(self, span: Span):
        super().__init__(span.document_id, f"Delete {span.label} span")
        self.span = span
        self.relations: tuple[Relation, ...] = ()
        self.link: tuple[str, str] | None = None  # its actor link (deleted with it), put back by undo

    def _do(self, store: Store) -> list[Change]:
        if self.done_once:
            expect_span(store, self.span, f"redo “{self.text}”")
        self.link = link_of(store, self.span.id)
        change = services.delete_span(store, self.span.id)
        self.span = change.removed_spans[0]
        self.relations = change.removed_relations
        return [change]

    def _redo(self, store: Store) -> list[Change]:
        return self._do(store)

    def _undo(self, store: Store) -> list[Change]:
        expect_no_span(store, self.span.id, f"undo “{self.text}”")
        for rel in self.relations:
            expect_relation(store, rel, f"undo “{self.text}”", present=False)
        self.select_after_undo = self.span.id
        change = services.restore_spans(store, [self.span], self.relations)
        restore_link(store, self.span.id, self.link)
        return [change]


class SpanEdit(Edit):
    """An edit of one existing span: `_forward` changes it, `_backward` puts `before` back.

    `before` is read from the store at the first do; `after` after every do/redo.
    Relations the forward step removed are restored before the backward step.
    """

    def __init__(self, span: Span, text: str):
        super().__init__(span.document_id, text)
        self.span_id = span.id
        self.before: Span | None = None
        self.after: Span | None = None
        self.removed_relations: tuple[Relation, ...] = ()
        self.select_after = self.select_after_undo = span.id

    def _do(self, store: Store) -> list[Change]:
        if self.before is None:
            self.before = services.get_span(store, self.span_id)
        else:
            expect_span(store, self.before, f"redo “{self.text}”")
        changes = _as_list(self._forward(store))
        self.removed_relations = tuple(r for c in changes for r in c.removed_relations)
        self.after = services.get_span(store, self.span_id)
        return changes

    def _undo(self, store: Store) -> list[Change]:
        doing = f"undo “{self.text}”"
        expect_span(store, self.after, doing)
        for rel in self.removed_relations:
            expect_relation(store, rel, doing, present=False)
        changes = []
        if self.removed_relations:  # first, so a failure here leaves the span untouched
            changes.append(services.restore_spans(store, [], self.removed_relations))
        changes.extend(_as_list(self._backward(store, self.before)))
        return changes

    def _forward(self, store: Store) -> Change | list[Change]:
        raise NotImplementedError

    def _backward(self, store: Store, before: Span) -> Change | list[Change]:
        raise NotImplementedError


def _as_list(result: Change | list[Change]) -> list[Change]:
    return list(result) if isinstance(result, list) else [result]


class RelabelSpan(SpanEdit):
    def __init__(self, span: Span, label: str):
        super().__init__(span, f"Relabel {span.label} span as {label}")
        self.label = label

    def _forward(self, store: Store) -> Change:
        return services.relabel_span(store, self.span_id, self.label)

    def _backward(self, store: Store, before: Span) -> Change:
        return services.relabel_span(store, self.span_id, before.label, before.attributes)


class ResizeSpan(SpanEdit):
    """A boundary move; consecutive moves of the same span merge into one step.

    Attributes a suggester filled (and no person changed) are derived again
    for the new text, by asking that suggester (see `rederived_attributes`)."""

    def __init__(self, span: Span, start: int, end: int):
        super().__init__(span, f"Resize {span.label} span")
        self.offsets = (start, end)
        self.merge_key = ("resize", span.id)
        self.derived: dict | None = None  # attributes re-derived at the first do, replayed by redo

    def _forward(self, store: Store) -> list[Change]:
        current = services.get_span(store, self.span_id)
        if not self.done_once:
            self.derived = rederived_attributes(store, current, *self.offsets)
        changes = [services.resize_span(store, self.span_id, *self.offsets)]
        if self.derived is not None and self.derived != dict(current.attributes):
            changes.append(services.set_span_attributes(store, self.span_id, self.derived))
        return changes

    def _backward(self, store: Store, before: Span) -> list[Change]:
        changes = [services.resize_span(store, self.span_id, before.start, before.end)]
        if dict(self.after.attributes) != dict(before.attributes):
            changes.append(services.set_span_attributes(store, self.span_id, before.attributes))
        return changes

    def merge(self, other: Edit) -> bool:
        if not isinstance(other, ResizeSpan) or other.span_id != self.span_id or not (self.applied and other.applied):
            return False
        self.offsets, self.after = other.offsets, other.after
        after = dict(other.after.attributes)
        self.derived = after if after != dict(self.before.attributes) else None
        return True


CONTEXT = 400  # characters either side of a resized span shown to its suggester


def rederived_attributes(store: Store, span: Span, start: int, end: int) -> dict | None:
    """The attributes the suggester that made `span` gives the same label at [start, end),
    or None when there is nothing to re-derive: the span was not suggested, a person set its
    attributes (they differ from what the suggester gives its current extent, or, where the
    suggester says nothing about that extent, the event log shows an attribute edit), or
    the suggester says nothing about the new extent."""
    if span.origin != "suggestion" or not span.suggester:
        return None
    text = services.get_document(store, span.document_id).text
    lo, hi = _context(text, min(start, span.start), max(end, span.end))
    try:
        suggestions = list(_suggester(span.suggester, store).suggest([text[lo:hi]]))
    except GlossatorError as exc:  # e.g. a pipeline no longer installed: keep what is there
        log.info("cannot re-derive attributes of span %s: %s", span.id, exc)
        return None
    found = {(f.start + lo, f.end + lo): dict(f.attributes)
             for suggestion in suggestions for f in suggestion.spans if f.label == span.label}
    now = found.get((span.start, span.end))
    if (now is not None and now != dict(span.attributes)) or (now is None and _set_by_hand(store, span)):
        return None
    return found.get((start, end))


def _set_by_hand(store: Store, span: Span) -> bool:
    """The event log shows the span's attributes changed by an attribute edit or a relabel."""
    target = f"span:{span.id}"
    return any(e["target"] == target and e["action"] in ("set_attributes", "relabel_span")
               and (e["before"] or {}).get("attributes") != (e["after"] or {}).get("attributes")
               for e in services.list_events(store, span.document_id))


def _context(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph around [start, end), cut at whitespace at most CONTEXT characters away."""
    lo = max(text.rfind("\n", 0, start) + 1, start - CONTEXT)
    if lo > 0 and not text[lo - 1].isspace():
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else start
    newline = text.find("\n", end)
    hi = min(len(text) if newline == -1 else newline, end + CONTEXT)
    if hi < len(text) and not text[hi].isspace():
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else end
    return lo, hi


_SUGGESTERS: dict[tuple[str, str], Any] = {}


def _suggester(name: str, store: Store):
    """A suggester by name, built once per store (building loads spaCy pipelines)."""
    key = (store.location, name)
    if key not in _SUGGESTERS:
        from .suggesters import get_suggester

        _SUGGESTERS[key] = get_suggester(name, store)
    return _SUGGESTERS[key]


class SetAttributes(SpanEdit):
    """Consecutive changes of the same attributes of one span (arrow presses in a
    drop-down, say) merge into one step."""

    def __init__(self, span: Span, attributes: Mapping[str, Any]):
        super().__init__(span, f"Set {span.label} attributes")
        self.attributes = dict(attributes)
        self.merge_key = ("attributes", span.id)

    def _forward(self, store: Store) -> Change:
        return services.set_span_attributes(store, self.span_id, self.attributes)

    def changed_names(self) -> frozenset[str]:
        before, after = dict(self.before.attributes), dict(self.after.attributes)
        return frozenset(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))

    def merge(self, other: Edit) -> bool:
        if (not isinstance(other, SetAttributes) or other.span_id != self.span_id
                or not (self.applied and other.applied) or other.changed_names() != self.changed_names()):
            return False
        self.attributes, self.after = other.attributes, other.after
        return True

    def _backward(self, store: Store, before: Span) -> Change:
        return services.set_span_attributes(store, self.span_id, before.attributes)


class ReviewEdit(SpanEdit):
    """A decision on a pending suggestion; its undo reopens it with its old label and attributes."""

    def _backward(self, store: Store, before: Span) -> Change:
        return review.reopen(store, self.span_id, before.label, before.attributes)


class Accept(ReviewEdit):
    def __init__(self, span: Span):
        super().__init__(span, f"Accept {span.label} suggestion")

    def _forward(self, store: Store) -> Change:
        return review.accept(store, self.span_id)


class Reject(ReviewEdit):
    def __init__(self, span: Span):
        super().__init__(span, f"Reject {span.label} suggestion")

    def _forward(self, store: Store) -> Change:
        return review.reject(store, self.span_id)


class RelabelAccept(ReviewEdit):
    def __init__(self, span: Span, label: str, attributes: Mapping[str, Any] | None = None):
        super().__init__(span, f"Accept {span.label} suggestion as {label}")
        self.label, self.attributes = label, attributes

    def _forward(self, store: Store) -> Change:
        return review.relabel_and_accept(store, self.span_id, self.label, self.attributes)


class AcceptAll(Edit):
    """Every pending suggestion of the document, as one step."""

    def __init__(self, document_id: int, count: int | None = None):
        super().__init__(document_id, f"Accept all {count} suggestions" if count else "Accept all suggestions")
        self.before: dict[int, Span] = {}
        self.after: dict[int, Span] = {}

    def _do(self, store: Store) -> list[Change]:
        pending = {s.id: s for s in services.get_spans(store, self.document_id, ["pending"])}
        change = review.accept_all(store, self.document_id)
        self._record(store, {i: pending[i] for i in change.changed_spans if i in pending})
        return [change]

    def _redo(self, store: Store) -> list[Change]:
        for span in self.before.values():
            expect_span(store, span, f"redo “{self.text}”")
        changes = [review.accept(store, span_id) for span_id in self.before]
        self._record(store, self.before)
        return changes

    def _undo(self, store: Store) -> list[Change]:
        for span in self.after.values():
            expect_span(store, span, f"undo “{self.text}”")
        return [review.reopen(store, i, s.label, s.attributes) for i, s in self.before.items()]

    def _record(self, store: Store, before: dict[int, Span]) -> None:
        self.before = before
        self.after = {s.id: s for s in services.get_spans(store, self.document_id) if s.id in before}


class AddRelation(Edit):
    def __init__(self, document_id: int, head_id: int, child_id: int, label: str):
        super().__init__(document_id, f"Add {label} relation")
        self.args = (head_id, child_id, label)
        self.relation: Relation | None = None

    def _do(self, store: Store) -> list[Change]:
        change = services.add_relation(store, *self.args)
        self.relation = find_relation(store, self.document_id, change.relation_id)
        return [change]

    def _redo(self, store: Store) -> list[Change]:
        expect_relation(store, self.relation, f"redo “{self.text}”", present=False)
        return [services.restore_spans(store, [], [self.relation])]

    def _undo(self, store: Store) -> list[Change]:
        expect_relation(store, self.relation, f"undo “{self.text}”", present=True)
        return [services.remove_relation(store, self.relation.id)]


class RemoveRelation(Edit):
    def __init__(self, relation: Relation):
        super().__init__(relation.document_id, f"Remove {relation.label} relation")
        self.relation = relation

    def _do(self, store: Store) -> list[Change]:
        expect_relation(store, self.relation, self.text.lower(), present=True)
        return [services.remove_relation(store, self.relation.id)]

    def _undo(self, store: Store) -> list[Change]:
        expect_relation(store, self.relation, f"undo “{self.text}”", present=False)
        return [services.restore_spans(store, [], [self.relation])]


class SetDocumentStatus(Edit):
    def __init__(self, document_id: int, status: str):
        super().__init__(document_id, f"Mark document {status}")
        self.status = status
        self.before: str | None = None

    def _expect(self, store: Store, status: str, doing: str) -> None:
        found = services.get_document(store, self.document_id).status
        if found != status:
            raise EditConflictError(f"cannot {doing}: the document was marked {found} elsewhere; "
                                    "nothing was changed")

    def _do(self, store: Store) -> list[Change]:
        if self.before is None:
            self.before = services.get_document(store, self.document_id).status
        else:
            self._expect(store, self.before, f"redo “{self.text}”")
        return [services.set_status(store, self.document_id, self.status)]

    def _undo(self, store: Store) -> list[Change]:
        self._expect(store, self.status, f"undo “{self.text}”")
        return [services.set_status(store, self.document_id, self.before)]


def label_edit(spans: Iterable[Span], document_id: int, start: int, end: int, label: str) -> Edit:
    """What tagging [start, end) with `label` means: a pending suggestion at exactly those
    offsets is accepted (same label, keeping its attributes) or relabelled and accepted;
    otherwise a new span."""
    for span in spans:
        if span.status == "pending" and (span.start, span.end) == (start, end):
            if span.label == label:
                return Accept(span)
            return RelabelAccept(span, label)
    return AddSpan(document_id, start, end, label)


# ---- the editing state ------------------------------------------------------------


class Listener(Protocol):
    def store_opened(self, path: str) -> None: ...
    def document_opened(self, document_id: int) -> None: ...
    def changed(self, change: Change) -> None: ...
    def selection_changed(self, span_id: int | None) -> None: ...


class _Quiet:
    def __getattr__(self, _name: str) -> Callable[..., None]:
        return lambda *_args: None


class EditingState:
    """The open store and document as an editor sees them, kept in step with Changes."""

    def __init__(self, listener: Listener | None = None):
        self.listener = listener or _Quiet()
        self.store: Store | None = None
        self.document: Document | None = None
        self.spans = SpanRows()  # Spans are built when a view asks for one (5,000-span documents)
        self.relations: dict[int, Relation] = {}
        self.index = SpanIndex()
        self.selected: int | None = None
        self.visible: tuple[int, int] = (0, 0)  # code points shown by the view
        # (start, id) of the pending spans in reading order, kept in step by `apply`; None = rebuild
        # (review steps on 5,000-span documents must not scan every span per key press)
        self._pending_keys: list[tuple[int, int]] | None = None
        #: Which annotators' layers are shown and writable (an `annotations.layer_view.LayerView`);
        #: None shows every layer and lets every span be edited.
        self.layer_view = None

    # ---- store and document -------------------------------------------------

    def open_store(self, path, create: bool = False) -> Store:
        store = Store.open(path, create=create)
        self.close()
        self.store = store
        self.document = None
        self.spans, self.relations, self.index, self.selected = SpanRows(), {}, SpanIndex(), None
        self._pending_keys = None
        self.listener.store_opened(str(store.path))
        return store

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None

    @property
    def language(self) -> str:
        return self.store.schema.language if self.store else "en"

    def open_document(self, document_id: int) -> None:
        document = services.get_document(self.store, document_id)
        spans = services.get_span_rows(self.store, document_id, VISIBLE_STATUSES)
        if self.layer_view is not None:
            for span_id in self.layer_view.hidden_span_ids(self.store, document_id):
                del spans[span_id]
        self.document = document
        self.spans = spans
        self.index = SpanIndex(spans.positions())
        self._load_relations()
        self.selected = None
        self._pending_keys = None
        self.visible = (0, 0)
        self.listener.document_opened(document_id)
        self.listener.selection_changed(None)

    # ---- edits -----------------------------------------------------------------

    def do(self, edit: Edit) -> list[Change]:
        """Run an edit's first step (or redo it) and apply what it changed."""
        if self.layer_view is not None:
            self.layer_view.check(edit, self.spans)  # another's layer is read-only: refused, nothing written
        return self._run(edit.do, edit, "select_after", forward=True)

    def undo(self, edit: Edit) -> list[Change]:
        return self._run(edit.undo, edit, "select_after_undo")

    def _run(self, step: Callable[[Store], list[Change]], edit: Edit, select_attr: str,
             forward: bool = False) -> list[Change]:
        changes = step(self.store)  # raises (changing nothing it checked) if the store moved on
        # A one-change span edit has just read its span as the change left it: no second read.
        after = getattr(edit, "after", None) if forward and len(changes) == 1 else None
        known = {after.id: after} if isinstance(after, Span) else None
        for change in changes:
            self.apply(change, known)
        target = getattr(edit, select_attr)
        if target is not None and edit.document_id == getattr(self.document, "id", None):
            self.select(target)
        return changes

    # ---- selection -------------------------------------------------------------

    def select(self, span_id: int | None) -> None:
        if span_id is not None and span_id not in self.spans:
            span_id = None
        if span_id != self.selected:
            self.selected = span_id
            self.listener.selection_changed(span_id)

    @property
    def selected_span(self) -> Span | None:
        return self.spans.get(self.selected) if self.selected is not None else None

    # ---- applying changes ------------------------------------------------------

    def apply(self, change: Change, known: Mapping[int, Span] | None = None) -> None:
        """Bring the in-memory copy in line with what a service just did, then tell the listener.

        `known`: spans as the change left them, already read from the store (not read again)."""
        if self.document is None or change.document_id != self.document.id:
            self.listener.changed(change)
            return
        for span in change.removed_spans:
            self._drop_span(span.id)
        for rel in change.removed_relations:
            self.relations.pop(rel.id, None)
        shown = False  # a span became visible: relations to it may show again
        for span_id in (*change.added_spans, *change.changed_spans):
            span = known.get(span_id) if known else None
            span = span if span is not None else services.get_span(self.store, span_id)
            if span.status in VISIBLE_STATUSES and (self.layer_view is None or self.layer_view.shows(span)):
                shown = shown or span_id not in self.spans
                self._unmark_pending(span_id)
                self.spans[span_id] = span
                if span_id not in self.index or self.index.offsets(span_id) != (span.start, span.end):
                    self.index.add(span_id, span.start, span.end)
                if span.status == "pending" and self._pending_keys is not None:
                    insort(self._pending_keys, (span.start, span_id))
            else:
                self._drop_span(span_id)
        if change.added_relations or change.changed_relations or shown:
            # suggested relations' statuses follow their spans (the services name them in
            # changed_relations); a span shown again brings its relations back
            self._load_relations()
        if change.document_changed:
            self.document = services.get_document(self.store, change.document_id)
        self.listener.changed(change)
        if self.selected is not None and self.selected not in self.spans:
            self.select(None)

    def _load_relations(self) -> None:
        self.relations = {r.id: r for r in services.get_relations(self.store, self.document.id)
                          if r.head_id in self.spans and r.child_id in self.spans}

    def _unmark_pending(self, span_id: int) -> None:
        """Take `span_id` out of the pending keys (where the index says it starts), if it is there."""
        keys = self._pending_keys
        if keys is None or span_id not in self.index:
            return
        key = (self.index.offsets(span_id)[0], span_id)
        at = bisect_left(keys, key)
        if at < len(keys) and keys[at] == key:
            del keys[at]

    def _drop_span(self, span_id: int) -> None:
        self._unmark_pending(span_id)
        if self.spans.pop(span_id, None) is not None:
            self.index.remove(span_id)
        for rel_id in [r.id for r in self.relations.values() if span_id in (r.head_id, r.child_id)]:
            del self.relations[rel_id]

    # ---- queries ---------------------------------------------------------------

    def _pending_index(self) -> list[tuple[int, int]]:
        if self._pending_keys is None:
            # statuses from the key rows: no Span is built for this
            self._pending_keys = sorted(self.spans.with_status("pending"))
        return self._pending_keys

    @property
    def pending_count(self) -> int:
        """Pending suggestions in the open document (actions' enabled-when asks often)."""
        return len(self._pending_index())

    def pending(self) -> list[Span]:
        """The pending suggestions in reading order (only these Spans are built)."""
        return [self.spans[i] for _start, i in self._pending_index()]

    def next_pending(self, after: int = -1, after_id: int | None = None) -> Span | None:
        """The first pending suggestion after offset `after` (at `after`, with an id above
        `after_id`), wrapping to the first; None if there is none. O(log n)."""
        keys = self._pending_index()
        if not keys:
            return None
        at = bisect_right(keys, (after, after_id if after_id is not None else float("inf")))
        return self.spans[keys[at if at < len(keys) else 0][1]]

    def relations_of(self, span_id: int) -> list[Relation]:
        return [r for r in self.relations.values() if span_id in (r.head_id, r.child_id)]

    def span_text(self, span: Span) -> str:
        return self.document.text[span.start : span.end] if self.document else ""
