"""Registry edits as undo steps: `RegistryStep` adapts one or more registry use
cases (each returning a `RegistryEdit`) to `annotations.editing.Edit`, so the
desktop's `EditCommand` puts them on the undo stack like span edits.

Doing runs the use cases in order (a failure takes back the ones already done);
undoing hands each RegistryEdit to `registry.undo`, last first (a refusal puts
back the ones already undone, so the step is all or nothing); redoing runs the
use cases again (ids fixed up front, e.g. a new actor's, stay the same). The
Changes returned cover the spans of the open document the step touched, so the
article and the span panel redraw. Qt-free: it only calls `annotations`.
"""
from __future__ import annotations

import logging
from typing import Callable

from annotations import services
from annotations.actors import registry
from annotations.actors.decisions import documents_of
from annotations.actors.registry import RegistryEdit
from annotations.editing import Edit
from annotations.errors import GlossatorError, NotFoundError
from annotations.store import Store
from annotations.types import Change, Span

log = logging.getLogger(__name__)

UseCase = Callable[[Store], RegistryEdit]


def touched_spans(edit: RegistryEdit) -> set[int]:
    return {*edit.added_spans, *edit.added_links, *(m[0] for m in edit.moved_links),
            *(r[0] for r in edit.replaced_links)}


class RegistryStep(Edit):
    def __init__(self, document_id: int, text: str, *use_cases: UseCase,
                 notify: Callable[[], None] | None = None):
        super().__init__(document_id, text)
        self.use_cases = use_cases
        self.done: list[RegistryEdit] = []
        self.notify = notify or (lambda: None)
        self._added: dict[int, Span] = {}  # spans it added to the open document, for undo's Change

    @property
    def result(self) -> RegistryEdit | None:
        return self.done[-1] if self.done else None

    def _do(self, store: Store) -> list[Change]:
        done: list[RegistryEdit] = []
        try:
            for use_case in self.use_cases:
                done.append(use_case(store))
        except GlossatorError:
            for edit in reversed(done):
                registry.undo(store, edit)
            raise
        self.done = done
        self.notify()
        return self._changes(store, added=True)

    def _undo(self, store: Store) -> list[Change]:
        undone = 0
        try:
            for edit in reversed(self.done):
                registry.undo(store, edit)
                undone += 1
        except GlossatorError:
            # all or nothing: redo what was already taken back, so the step stays applied
            first = len(self.done) - undone
            for i in range(first, len(self.done)):
                self.done[i] = self.use_cases[i](store)
            raise
        self.notify()
        return self._changes(store, added=False)

    def _changes(self, store: Store, added: bool) -> list[Change]:
        ids: set[int] = set()
        new: set[int] = set()
        for edit in self.done:
            ids |= touched_spans(edit)
            new |= set(edit.added_spans)
        if not ids:
            return []
        here = {sid for sid, doc in documents_of(store, ids).items() if doc == self.document_id}
        if added:
            self._added = {}
            for sid in here & new:
                try:
                    self._added[sid] = services.get_span(store, sid)
                except NotFoundError:
                    continue
            return [Change(self.document_id, added_spans=tuple(sorted(here & new)),
                           changed_spans=tuple(sorted(here - new)))]
        gone = tuple(span for sid, span in sorted(self._added.items()) if sid not in here)
        kept = tuple(sorted((here - new) | (here & new)))  # accepted meanwhile: stays, link undone
        return [Change(self.document_id, removed_spans=gone, changed_spans=kept)]
