"""The adjudication window's actions as data (the main window's `ActionSpec`),
so its menus, toolbar and key legend come from one list; the take-a-layer
keys 1–9 follow the document's voters."""
from __future__ import annotations

from PySide6.QtGui import QKeySequence

from annotations.agreement.adjudication import REJECT, TAKE_ALL

from ..actions import ActionSpec


def _has_unit(w) -> bool:
    return w.current_unit() is not None


def _editing(w) -> bool:
    return w.editing is not None


ACTIONS: list[ActionSpec] = [
    ActionSpec("adjudicate.next", "&Next undecided", "Go", lambda w: w.step(+1), "N", toolbar=True),
    ActionSpec("adjudicate.prev", "&Previous undecided", "Go", lambda w: w.step(-1), "P", toolbar=True),
    ActionSpec("adjudicate.take_all", "Take &all layers' spans (both)", "Decide", lambda w: w.decide(TAKE_ALL), "B",
               _has_unit, toolbar=True, separator_before=True),
    ActionSpec("adjudicate.reject", "&Reject (nothing in gold)", "Decide", lambda w: w.decide(REJECT), "X",
               _has_unit, toolbar=True),
    ActionSpec("adjudicate.edit", "&Edit the edges…", "Decide", lambda w: w.begin_edit(), "E", _has_unit,
               toolbar=True, tip="Adjust the selection (Shift+arrows or the mouse), then Enter"),
    ActionSpec("adjudicate.confirm", "&Confirm the edited span", "Decide", lambda w: w.confirm_edit(), "Return",
               _editing),
    ActionSpec("adjudicate.cancel", "Cancel the edit", "Decide", lambda w: w.cancel_edit(), "Esc", _editing),
    ActionSpec("adjudicate.agreed", "Copy every &agreed span to gold", "Decide", lambda w: w.accept_agreed(),
               "Ctrl+Shift+A", separator_before=True),
    ActionSpec("adjudicate.undo", "&Undo", "Edit", lambda w: w.ws.undo(), QKeySequence.StandardKey.Undo,
               lambda w: w.ws.undo_group.canUndo(), toolbar=True, separator_before=True),
    ActionSpec("adjudicate.redo", "&Redo", "Edit", lambda w: w.ws.redo(), "Ctrl+Shift+Z",
               lambda w: w.ws.undo_group.canRedo(), toolbar=True),
    ActionSpec("adjudicate.close", "&Close", "Edit", lambda w: w.close(), QKeySequence.StandardKey.Close),
]


def layer_specs(voters: list[str]) -> list[ActionSpec]:
    """Take voter k's spans with the key k (1–9)."""
    return [ActionSpec(f"adjudicate.take.{k}", f"Take {name}'s", "Decide",
                       lambda w, name=name: w.take(name), str(k), _has_unit, toolbar=True)
            for k, name in enumerate(voters[:9], 1)]
