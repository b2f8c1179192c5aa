"""Fixtures for training tests: stores filled from the sample gold."""
from __future__ import annotations

import pytest

from annotations.services import import_records

from .samples import gold_records


@pytest.fixture
def gold_store(store):
    """A temp store with 5 sample articles and their gold spans (accepted)."""
    import_records(store, gold_records(5))
    return store
