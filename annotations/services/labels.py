"""Label use cases: change labels' colours and hotkeys (validated like a schema
file: #RRGGBB colours, one letter or digit, no hotkey used twice)."""
from __future__ import annotations

from typing import Mapping

from ..errors import ValidationError
from ..tables import LabelRow
from ..schema import _COLOUR, REVIEW_KEYS
from ..store import Store
from . import events
from .rows import current_annotator


def update_labels(store: Store, changes: Mapping[str, tuple[str, str]], *, annotator: str | None = None) -> None:
    """Set (colour, hotkey) of several labels at once; the final set of hotkeys must
    be unique (so two labels can swap keys). All or nothing."""
    schema = store.schema
    final = {lab.name: (lab.color, lab.hotkey) for lab in schema.labels}
    for name, (color, hotkey) in changes.items():
        schema.label(name)
        if not _COLOUR.fullmatch(color or ""):
            raise ValidationError(f"colour {color!r} of {name} must look like #RRGGBB")
        if len(hotkey) != 1 or not hotkey.isalnum():
            raise ValidationError(f"hotkey {hotkey!r} of {name} must be one letter or digit")
        if hotkey.lower() in REVIEW_KEYS:
            raise ValidationError(f"hotkey {hotkey!r} of {name} is a review key (A accept, N next, X reject, "
                                  "R relabel); choose another letter or a digit")
        final[name] = (color.upper(), hotkey)
    owners: dict[str, str] = {}
    for name, (_color, hotkey) in final.items():
        if hotkey.lower() in owners:
            raise ValidationError(f"hotkey {hotkey!r} would be used by both {owners[hotkey.lower()]} and {name}")
        owners[hotkey.lower()] = name
    annotator = annotator or current_annotator()
    with store.session() as s:
        for name in changes:
            row = s.get(LabelRow, name)
            before = {"color": row.color, "hotkey": row.hotkey}
            row.color, row.hotkey = final[name]
            s.add(row)
            events.record(s, "update_label", target=f"label:{name}", before=before,
                          after={"color": row.color, "hotkey": row.hotkey}, annotator=annotator)
    store.invalidate_schema()


def update_label(store: Store, name: str, color: str, hotkey: str, *, annotator: str | None = None) -> None:
    """Set one label's colour and hotkey; raises ValidationError and writes nothing on bad input."""
    update_labels(store, {name: (color, hotkey)}, annotator=annotator)
