"""Undo commands: thin QUndoCommand wrappers over the reversible services.

Each command holds ids and before/after values (never widgets or rows). Its
first step runs in `first_redo` (called by `Workspace.push` before the command
is pushed, so a refused edit raises and is never recorded); later redo/undo
calls replay the services and hand every Change to the workspace.
"""
from __future__ import annotations

from typing import Any, Mapping

from PySide6.QtGui import QUndoCommand

from annotations import services
from annotations.types import Change, Relation, Span

from .workspace import Workspace

RESIZE_MERGE_ID = 1001


class ServiceCommand(QUndoCommand):
    """Base: `first_redo` runs `_do`, `redo` skips the call QUndoStack.push makes at once."""

    def __init__(self, ws: Workspace, document_id: int, text: str):
        super().__init__(text)
        self.ws = ws
        self.document_id = document_id
        self._pushed = False

    def first_redo(self) -> None:
        self._do()

    def redo(self) -> None:
        if not self._pushed:  # QUndoStack.push calls redo(); the work was done in first_redo
            self._pushed = True
            return
        self._do()

    def undo(self) -> None:
        self._undo()

    def _apply(self, change: Change) -> Change:
        self.ws.apply(change)
        return change

    def _do(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class AddSpanCommand(ServiceCommand):
    def __init__(self, ws: Workspace, document_id: int, start: int, end: int, label: str,
                 attributes: Mapping[str, Any] | None = None):
        super().__init__(ws, document_id, f"Add {label} span")
        self.args = (start, end, label, dict(attributes or {}))
        self.span: Span | None = None

    def _do(self) -> None:
        if self.span is None:
            change = self._apply(services.add_span(self.ws.store, self.document_id, *self.args))
            self.span = services.get_span(self.ws.store, change.span_id)
        else:
            self._apply(services.restore_spans(self.ws.store, [self.span]))
        self.ws.select(self.span.id)

    def _undo(self) -> None:
        self._apply(services.delete_span(self.ws.store, self.span.id))


class DeleteSpanCommand(ServiceCommand):
    def __init__(self, ws: Workspace, document_id: int, span_id: int, label: str):
        super().__init__(ws, document_id, f"Delete {label} span")
        self.span_id = span_id
        self.removed: Change | None = None

    def _do(self) -> None:
        self.removed = self._apply(services.delete_span(self.ws.store, self.span_id))

    def _undo(self) -> None:
        self._apply(services.restore_spans(self.ws.store, self.removed.removed_spans,
                                           self.removed.removed_relations))
        self.ws.select(self.span_id)


class RelabelSpanCommand(ServiceCommand):
    def __init__(self, ws: Workspace, span: Span, label: str):
        super().__init__(ws, span.document_id, f"Relabel {span.label} span as {label}")
        self.span_id, self.before, self.after = span.id, (span.label, dict(span.attributes)), label
        self.removed_relations: tuple[Relation, ...] = ()

    def _do(self) -> None:
        change = self._apply(services.relabel_span(self.ws.store, self.span_id, self.after))
        self.removed_relations = change.removed_relations

    def _undo(self) -> None:
        label, attributes = self.before
        self._apply(services.relabel_span(self.ws.store, self.span_id, label, attributes))
        if self.removed_relations:
            self._apply(services.restore_spans(self.ws.store, [], self.removed_relations))


class ResizeSpanCommand(ServiceCommand):
    """Boundary moves; consecutive moves of one span merge into one undo step."""

    def __init__(self, ws: Workspace, span: Span, start: int, end: int):
        super().__init__(ws, span.document_id, f"Resize {span.label} span")
        self.span_id, self.before, self.after = span.id, (span.start, span.end), (start, end)

    def id(self) -> int:
        return RESIZE_MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ResizeSpanCommand) or other.span_id != self.span_id:
            return False
        self.after = other.after
        return True

    def _do(self) -> None:
        self._apply(services.resize_span(self.ws.store, self.span_id, *self.after))

    def _undo(self) -> None:
        self._apply(services.resize_span(self.ws.store, self.span_id, *self.before))


class SetAttributesCommand(ServiceCommand):
    def __init__(self, ws: Workspace, span: Span, attributes: Mapping[str, Any]):
        super().__init__(ws, span.document_id, f"Set {span.label} attributes")
        self.span_id, self.before, self.after = span.id, dict(span.attributes), dict(attributes)

    def _do(self) -> None:
        self._apply(services.set_span_attributes(self.ws.store, self.span_id, self.after))

    def _undo(self) -> None:
        self._apply(services.set_span_attributes(self.ws.store, self.span_id, self.before))


class AddRelationCommand(ServiceCommand):
    def __init__(self, ws: Workspace, document_id: int, head_id: int, child_id: int, label: str):
        super().__init__(ws, document_id, f"Add {label} relation")
        self.args = (head_id, child_id, label)
        self.relation: Relation | None = None

    def _do(self) -> None:
        if self.relation is None:
            change = self._apply(services.add_relation(self.ws.store, *self.args))
            self.relation = self.ws.relations[change.relation_id]
        else:
            self._apply(services.restore_spans(self.ws.store, [], [self.relation]))

    def _undo(self) -> None:
        self._apply(services.remove_relation(self.ws.store, self.relation.id))


class RemoveRelationCommand(ServiceCommand):
    def __init__(self, ws: Workspace, relation: Relation):
        super().__init__(ws, relation.document_id, f"Remove {relation.label} relation")
        self.relation = relation

    def _do(self) -> None:
        self._apply(services.remove_relation(self.ws.store, self.relation.id))

    def _undo(self) -> None:
        self._apply(services.restore_spans(self.ws.store, [], [self.relation]))


class SetDocumentStatusCommand(ServiceCommand):
    def __init__(self, ws: Workspace, document_id: int, before: str, after: str):
        super().__init__(ws, document_id, f"Mark document {after}")
        self.before, self.after = before, after

    def _do(self) -> None:
        self._apply(services.set_status(self.ws.store, self.document_id, self.after))

    def _undo(self) -> None:
        self._apply(services.set_status(self.ws.store, self.document_id, self.before))
