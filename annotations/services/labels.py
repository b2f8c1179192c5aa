"""Label use cases: change a label's colour and hotkey (validated like a schema
file: #RRGGBB colours, one letter or digit, no hotkey used twice)."""
from __future__ import annotations

from ..errors import ValidationError
from ..models import LabelRow
from ..schema import _COLOUR
from ..store import Store
from . import events
from .rows import current_annotator


def update_label(store: Store, name: str, color: str, hotkey: str, *, annotator: str | None = None) -> None:
    """Set a label's colour and hotkey; raises ValidationError and writes nothing on bad input."""
    schema = store.schema
    schema.label(name)
    if not _COLOUR.match(color or ""):
        raise ValidationError(f"colour {color!r} of {name} must look like #RRGGBB")
    if len(hotkey) != 1 or not hotkey.isalnum():
        raise ValidationError(f"hotkey {hotkey!r} of {name} must be one letter or digit")
    for other in schema.labels:
        if other.name != name and other.hotkey.lower() == hotkey.lower():
            raise ValidationError(f"hotkey {hotkey!r} is already used by {other.name}")
    annotator = annotator or current_annotator()
    with store.session() as s:
        row = s.get(LabelRow, name)
        before = {"color": row.color, "hotkey": row.hotkey}
        row.color, row.hotkey = color.upper(), hotkey
        s.add(row)
        events.record(s, "update_label", target=f"label:{name}", before=before,
                      after={"color": row.color, "hotkey": hotkey}, annotator=annotator)
    store.invalidate_schema()
