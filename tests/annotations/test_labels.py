"""update_label: colour and hotkey changes, validation, persistence."""
import pytest

from annotations.errors import ValidationError
from annotations.services.labels import update_label
from annotations.store import Store


def test_update_label_changes_colour_and_hotkey_persistently(store, store_path):
    update_label(store, "ACTOR", "#112233", "k")
    assert store.schema.label("ACTOR").color == "#112233"
    with Store.open(store_path) as again:
        assert again.schema.label("ACTOR").hotkey == "k"


@pytest.mark.parametrize("color,hotkey,message", [
    ("red", "k", "#RRGGBB"), ("#112233", "ab", "one letter"), ("#112233", "2", "used by both ACTOR and FIGURE"),
])
def test_update_label_refuses_bad_values(store, color, hotkey, message):
    before = store.schema.label("ACTOR")
    with pytest.raises(ValidationError, match=message):
        update_label(store, "ACTOR", color, hotkey)
    store.invalidate_schema()
    assert store.schema.label("ACTOR") == before


def test_update_labels_can_swap_hotkeys_in_one_step(store):
    from annotations.services.labels import update_labels

    update_labels(store, {"ACTOR": ("#4E79A7", "2"), "FIGURE": ("#E15759", "1")})
    assert (store.schema.label("ACTOR").hotkey, store.schema.label("FIGURE").hotkey) == ("2", "1")
