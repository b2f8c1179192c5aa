"""Undo commands: one thin QUndoCommand adapting any `annotations.editing.Edit`.

The edit holds ids and before/after values and does the work (Qt-free, tested
without Qt); the command only forwards QUndoStack's redo/undo to it through
the workspace and merges continuous gestures (consecutive resizes of the same
span) via `id()`/`mergeWith()`.

The stack must hold only applied edits and must not move when an undo or redo
fails. `Workspace.undo`/`redo` run the edit first and move the stack only on
success (`skip_next`). When the stack itself drives a step (the History view's
clicks call `setIndex`) and the edit fails, the command marks itself to skip
the next step and puts the stack index back once the stack is done.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QTimer
from PySide6.QtGui import QUndoCommand

from annotations.editing import Edit
from annotations.errors import GlossatorError

log = logging.getLogger(__name__)

MERGE_ID = 1001  # commands whose edits have a merge_key; mergeWith compares the keys


class EditCommand(QUndoCommand):
    def __init__(self, ws, edit: Edit):  # ws: the Workspace that pushed it
        super().__init__(edit.text)
        self.ws, self.edit = ws, edit
        self.skip_next = True  # QUndoStack.push calls redo(); Workspace.push already did the edit

    @property
    def document_id(self) -> int:
        return self.edit.document_id

    def id(self) -> int:
        return MERGE_ID if self.edit.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        return (isinstance(other, EditCommand) and other.edit.merge_key == self.edit.merge_key
                and self.edit.merge(other.edit))

    def run(self, undo: bool) -> bool:
        """Undo or redo the edit now; False (reported, nothing changed) if it no longer fits."""
        try:
            self.ws.state.undo(self.edit) if undo else self.ws.state.do(self.edit)
        except GlossatorError as exc:
            log.info("%s refused: %s", "undo" if undo else "redo", exc)
            self.ws.report(str(exc))
            return False
        return True

    def redo(self) -> None:
        self._stack_step(undo=False)

    def undo(self) -> None:
        self._stack_step(undo=True)

    def _stack_step(self, undo: bool) -> None:
        if self.skip_next:
            self.skip_next = False
            return
        if not self.run(undo):
            self._put_index_back(undo)

    def _put_index_back(self, undo: bool) -> None:
        stack = self.ws.stack_for(self.document_id)
        position = next((i for i in range(stack.count()) if stack.command(i) is self), None)
        if position is None:
            return
        self.skip_next = True  # the step that puts the index back must not run the edit
        QTimer.singleShot(0, lambda: stack.setIndex(position + 1 if undo else position))
