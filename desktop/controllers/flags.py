"""Flag, note and skip: flag the selected span (or the document) with a kind and a
note, edit or remove a flag, and skip to the next unfinished document without
marking this one done. Flag edits are undoable edits (`annotations.flag_edits`)
on the document's stack; the list of flagged items is `widgets/flag_list.py`.
The article view marks flagged spans from `flagged_spans`, kept here."""
from __future__ import annotations

from typing import Callable

from annotations.flag_edits import AddFlag, EditFlag, RemoveFlag
from annotations.errors import GlossatorError
from annotations.services import flags as service

from ..dialogs.flag_dialog import FlagDialog
from .context import Context


class FlagsController:
    def __init__(self, ctx: Context, step_document: Callable[..., None]):
        self.ctx, self.ws = ctx, ctx.ws
        self.step_document = step_document
        self.dialog: FlagDialog | None = None
        self.ws.changed.connect(self._changed)
        self.ws.document_opened.connect(lambda _doc: self.refresh_marks())

    # ---- marks in the article ------------------------------------------------

    def _changed(self, change) -> None:
        if flag_change(change):  # span edits leave flags alone: no query on every review key
            self.refresh_marks()

    def refresh_marks(self) -> None:
        """Tell the article which of the open document's spans are flagged (it draws a mark)."""
        doc = self.ws.document
        flagged = set()
        if doc is not None and self.ws.store is not None:
            try:
                flagged = {f.span_id for f in service.list_flags(self.ws.store, doc.id) if f.span_id is not None}
            except GlossatorError as exc:
                self.ctx.say(str(exc))
        self.ctx.article.set_flagged(flagged)

    # ---- gestures --------------------------------------------------------------

    def flag(self, whole_document: bool = False) -> FlagDialog | None:
        """Ask for a kind and note, then flag the selected span (else the document)."""
        doc = self.ws.document
        if doc is None:
            return None
        span = None if whole_document else self.ws.selected_span
        what = (f"{span.label}: “{_short(self.ws.span_text(span))}”" if span is not None
                else f"Document “{_short(doc.title or str(doc.id))}”")
        self.dialog = FlagDialog(what, parent=self.ctx.parent)
        self.dialog.accepted.connect(
            lambda: self.ws.push(AddFlag(doc.id, *self.dialog.choice(), span.id if span is not None else None)))
        self.dialog.open()
        return self.dialog

    def edit(self, flag: service.Flag) -> FlagDialog:
        self.dialog = FlagDialog(f"Flag on {flag.target}", flag.kind, flag.note, parent=self.ctx.parent)
        self.dialog.accepted.connect(lambda: self.ws.push(EditFlag(flag, *self.dialog.choice())))
        self.dialog.open()
        return self.dialog

    def remove(self, flag: service.Flag) -> bool:
        return self.ws.push(RemoveFlag(flag))

    def skip(self) -> None:
        """Move to the next unfinished document; this one keeps its status."""
        doc = self.ws.document
        if doc is None:
            return
        self.step_document(+1, unfinished_only=True)
        if self.ws.document is not None and self.ws.document.id != doc.id:
            self.ctx.say(f"Skipped “{_short(doc.title or str(doc.id))}” (still {doc.status}).")


def flag_change(change) -> bool:
    """Whether a Change may concern flags (a flag edit names no span or relation)."""
    return not (change.added_spans or change.changed_spans or change.removed_spans or change.added_relations
                or change.removed_relations or getattr(change, "changed_relations", ()))


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
