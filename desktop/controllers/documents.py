"""Moving between documents: open one (remembering it as the last document),
reload the list, step to the next/previous (or next unfinished) document and
mark the open one done. Marking done is an edit on the document's undo stack."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QSettings

from annotations import editing, services
from annotations.errors import GlossatorError

from ..widgets.document_list import DocumentList
from .context import Context


class DocumentsController:
    def __init__(self, ctx: Context, documents: DocumentList, settings: QSettings, refresh: Callable[[], None]):
        self.ctx, self.ws = ctx, ctx.ws
        self.documents = documents
        self.settings = settings
        self.refresh = refresh  # the status bar and actions, after the list or document changed

    def open_document(self, document_id: int) -> bool:
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
        self.documents.model.set_documents(services.list_documents(self.ws.store))
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
        if doc.status != "done":
            self.ws.push(editing.SetDocumentStatus(doc.id, "done"))
        self.step_document(+1, unfinished_only=True)
