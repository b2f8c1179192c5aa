"""Moving between documents: open one (remembering it as the last document),
reload the list, step to the next/previous (or next unfinished) document and
mark the open one done. Marking done is an edit on the document's undo stack;
with suggestions still pending it first says how many and waits for a second
press, never marking silently."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QSettings

from annotations import editing
from annotations.errors import GlossatorError

from ..widgets.document_list import DocumentList
from .context import Context
from .team import my_documents


class DocumentsController:
    def __init__(self, ctx: Context, documents: DocumentList, settings: QSettings, refresh: Callable[[], None]):
        self.ctx, self.ws = ctx, ctx.ws
        self.documents = documents
        self.settings = settings
        self.refresh = refresh  # the status bar and actions, after the list or document changed
        self._confirm_done: int | None = None  # document whose pending suggestions were announced

    def open_document(self, document_id: int) -> bool:
        self._confirm_done = None
        try:
            self.ws.open_document(document_id)
        except GlossatorError as exc:
            self.ctx.say(str(exc))
            return False
        self.settings.setValue("lastDocument", document_id)
        self.documents.show_current(document_id)
        self.refresh()
        return True

    def reload_documents(self) -> None:
        self.documents.model.set_documents(my_documents(self.ws.store))
        if self.ws.document is not None:
            self.documents.show_current(self.ws.document.id)
        self.refresh()

    def step_document(self, step: int, unfinished_only: bool = False) -> None:
        ids = self.documents.visible_ids() or self.documents.model.ids()
        if not ids:
            return
        current = self.ws.document.id if self.ws.document else None
        start = ids.index(current) if current in ids else (-1 if step > 0 else len(ids))
        for k in range(1, len(ids) + 1):
            i = start + step * k
            if not unfinished_only and not 0 <= i < len(ids):
                return
            candidate = ids[i % len(ids)]
            row = self.documents.model.row_of(candidate)
            if not unfinished_only or self.documents.model.summary(row).status != "done":
                self.open_document(candidate)
                return
        self.ctx.say("Every document is done.")

    def mark_done_and_next(self) -> None:
        doc = self.ws.document
        if doc is None:
            return
        pending = self.ws.pending_count
        if doc.status != "done" and pending and self._confirm_done != doc.id:
            self._confirm_done = doc.id
            self.ctx.say(f"{pending} suggestion{'s are' if pending != 1 else ' is'} still pending here: "
                         "press Mark done again to mark the document done anyway.")
            return
        self._confirm_done = None
        if doc.status != "done":
            self.ws.push(editing.SetDocumentStatus(doc.id, "done"))
        self.step_document(+1, unfinished_only=True)
