"""Undoable flag edits (Qt-free, like `editing`): add, edit and remove a flag.

Each holds the flag it made or found and calls only the public services in
`services.flags`. Before an undo or redo it checks the store still holds what
the edit left; if another process changed or removed the flag meanwhile it
raises `EditConflictError` and writes nothing. The desktop pushes them on the
document's undo stack like any other `Edit`.
"""
from __future__ import annotations

from .editing import Edit
from .errors import EditConflictError, NotFoundError
from .services import flags as service
from .store import Store
from .types import Change


def _expect(store: Store, flag: service.Flag, doing: str) -> None:
    """The store holds `flag` as it was (kind and note included)."""
    try:
        found = service.get_flag(store, flag.id)
    except NotFoundError:
        raise EditConflictError(f"cannot {doing}: flag {flag.id} was removed elsewhere; nothing was changed") from None
    if (found.uid, found.kind, found.note) != (flag.uid, flag.kind, flag.note):
        raise EditConflictError(f"cannot {doing}: flag {flag.id} was changed elsewhere; nothing was changed")


def _expect_gone(store: Store, flag: service.Flag, doing: str) -> None:
    try:
        service.get_flag(store, flag.id)
    except NotFoundError:
        return
    raise EditConflictError(f"cannot {doing}: flag {flag.id} is in the store again; nothing was changed")


class AddFlag(Edit):
    def __init__(self, document_id: int, kind: str, note: str = "", span_id: int | None = None):
        super().__init__(document_id, "Flag span" if span_id is not None else "Flag document")
        self.args = (kind, note, span_id)
        self.flag: service.Flag | None = None

    def _do(self, store: Store) -> list[Change]:
        kind, note, span_id = self.args
        self.flag, change = service.add_flag(store, self.document_id, kind, note, span_id=span_id)
        return [change]

    def _redo(self, store: Store) -> list[Change]:
        _expect_gone(store, self.flag, f"redo “{self.text}”")
        return [service.restore_flag(store, self.flag)]

    def _undo(self, store: Store) -> list[Change]:
        _expect(store, self.flag, f"undo “{self.text}”")
        return [service.remove_flag(store, self.flag.id)[1]]


class EditFlag(Edit):
    def __init__(self, flag: service.Flag, kind: str, note: str):
        super().__init__(flag.document_id, "Edit flag")
        self.before = flag
        self.after: service.Flag | None = None
        self.args = (kind, note)

    def _do(self, store: Store) -> list[Change]:
        _expect(store, self.before, self.text.lower())
        self.after, change = service.edit_flag(store, self.before.id, *self.args)
        return [change]

    def _redo(self, store: Store) -> list[Change]:
        _expect(store, self.before, f"redo “{self.text}”")
        return [service.edit_flag(store, self.before.id, *self.args)[1]]

    def _undo(self, store: Store) -> list[Change]:
        _expect(store, self.after, f"undo “{self.text}”")
        return [service.edit_flag(store, self.before.id, self.before.kind, self.before.note)[1]]


class RemoveFlag(Edit):
    def __init__(self, flag: service.Flag):
        super().__init__(flag.document_id, "Remove flag")
        self.flag = flag

    def _do(self, store: Store) -> list[Change]:
        _expect(store, self.flag, self.text.lower())
        return [service.remove_flag(store, self.flag.id)[1]]

    def _undo(self, store: Store) -> list[Change]:
        _expect_gone(store, self.flag, f"undo “{self.text}”")
        return [service.restore_flag(store, self.flag)]
