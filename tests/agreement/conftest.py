"""Stores with several layers: the sample gold as `ana`, the second sample
layer (resources/samples/second_layer.jsonl) as `ben`."""
from __future__ import annotations

from pathlib import Path

import pytest

from annotations.agreement import add_layer
from annotations.formats import get_format
from annotations.formats.base import ImportNotes
from annotations.services import import_records

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def read_jsonl(store, path: Path):
    return list(get_format("jsonl").read(path, store.schema, ImportNotes()))


@pytest.fixture
def layered(store):
    """The store with 14 documents by ana and 5 of them also by ben."""
    import_records(store, read_jsonl(store, SAMPLES / "gold.jsonl"), annotator="ana")
    add_layer(store, read_jsonl(store, SAMPLES / "second_layer.jsonl"), "ben", by="ben")
    return store
