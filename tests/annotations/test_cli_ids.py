"""Ids no store can hold (past 64 bits, zero, negative) given to the review
commands are refused with one line before the store is touched (they were an
OverflowError traceback), and a label cannot take a review key as its hotkey
when changed later either (the schema file refuses it already)."""
import pytest

from annotations.errors import ValidationError
from annotations.services.labels import update_labels
from tests.conftest import table_dump


@pytest.mark.parametrize("args", [
    ("accept", "123456789012345678901234567890"),
    ("reject", "99999999999999999999"),
    ("accept-all", "123456789012345678901234567890"),
    ("accept", "0"),
])
def test_ids_out_of_range_are_one_line(store, store_path, cli, args):
    store.close()
    before = table_dump(store_path)
    code, _, err = cli(*args)
    assert code == 1 and err.count("\n") == 1 and "is not a valid id" in err and "Traceback" not in err
    assert table_dump(store_path) == before


@pytest.mark.parametrize("key", ["a", "N", "x", "r"])
def test_a_label_cannot_take_a_review_key_later(store, store_path, key):
    before = table_dump(store_path)
    with pytest.raises(ValidationError, match="review key"):
        update_labels(store, {"ACTOR": ("#4E79A7", key)})
    assert table_dump(store_path) == before
